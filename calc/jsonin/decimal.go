package jsonin

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/calc/fault"
)

// MaxDigits bounds the significant digits and MaxExponent the exponent of a
// decimal read from input, so that no amount can make arithmetic slow.
const (
	MaxDigits   = 40
	MaxExponent = 40
)

// Decimal converts a JSON number or decimal string to a decimal. It
// refuses anything else, including "NaN" and "Infinity", and amounts with
// more than MaxDigits digits or an exponent past MaxExponent.
func Decimal(v any, field string) (decimal.Decimal, *fault.Error) {
	var s string
	switch x := v.(type) {
	case Number:
		s = string(x)
	case string:
		s = strings.TrimSpace(x)
	default:
		return decimal.Decimal{}, fault.New(field, fault.NotANumber, typeParam(v),
			"must be a number or a decimal string, not %s", kind(v))
	}
	if !isDecimal(s) {
		return decimal.Decimal{}, notDecimal(field, s)
	}
	return fromValidated(s), nil
}

// chunkDigits is how many decimal digits always fit an int64.
const chunkDigits = 18

// fromValidated is the decimal of s, which isDecimal accepted, with the
// coefficient and exponent decimal.NewFromString gives it: the digits of
// s without its point, and the exponent less the digits after the point
// (TestFromValidatedIsNewFromString). It is built from int64 chunks of at
// most chunkDigits digits, so that NewFromString's parser and math/big's
// string scanner stay out of calc.wasm (make size: about 7 KiB brotli).
func fromValidated(s string) decimal.Decimal {
	var buf [MaxDigits]byte
	digits, point, i := buf[:0], -1, 0
	for ; i < len(s) && s[i] != 'e' && s[i] != 'E'; i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = append(digits, c-'0')
		case c == '.':
			point = len(digits)
		}
	}
	var exp int32
	if point >= 0 {
		exp = -int32(len(digits) - point)
	}
	if i < len(s) {
		exp += exponent(s[i+1:])
	}
	var d decimal.Decimal
	for first := true; len(digits) > 0; first = false {
		n := min(len(digits), chunkDigits)
		var chunk int64
		for _, v := range digits[:n] {
			chunk = chunk*10 + int64(v)
		}
		if s[0] == '-' {
			chunk = -chunk
		}
		digits = digits[n:]
		// The chunk is worth chunk·10^(exp+digits left); the sum takes
		// the last, smallest exponent, exp.
		part := decimal.New(chunk, exp+int32(len(digits)))
		if first {
			d = part
		} else {
			d = d.Add(part)
		}
	}
	return d
}

// exponent reads the exponent after the 'e' of a numeral isDecimal
// accepted: an optional sign, then digits worth at most MaxExponent.
func exponent(s string) int32 {
	neg := s[0] == '-'
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	var e int32
	for i := 0; i < len(s); i++ {
		e = e*10 + int32(s[i]-'0')
	}
	if neg {
		return -e
	}
	return e
}

// Int checks that d is a whole number within [min, max].
func Int(d decimal.Decimal, field string, min, max int64) (int64, *fault.Error) {
	if !d.IsInteger() {
		return 0, fault.New(field, fault.NotWhole, fault.Params{"value": d.String()}, "must be a whole number, not %s", d.String())
	}
	if d.LessThan(decimal.NewFromInt(min)) {
		return 0, BelowMinimum(field, d, min)
	}
	if d.GreaterThan(decimal.NewFromInt(max)) {
		return 0, AboveMaximum(field, d.String(), max)
	}
	return d.IntPart(), nil
}

// BelowMinimum is the error of a number d less than min.
func BelowMinimum(field string, d decimal.Decimal, min int64) *fault.Error {
	return fault.New(field, fault.BelowMinimum, fault.Params{"value": d.String(), "min": min},
		"must be at least %d, not %s", min, d.String())
}

// AboveMaximum is the error of a number, written value, more than max.
func AboveMaximum(field, value string, max int64) *fault.Error {
	return fault.New(field, fault.AboveMaximum, fault.Params{"value": value, "max": max},
		"must be at most %d, not %s", max, value)
}

// Negative is the error of an amount d below zero.
func Negative(field string, d decimal.Decimal) *fault.Error {
	return fault.New(field, fault.Negative, fault.Params{"value": d.String()}, "must not be negative, not %s", d.String())
}

// notDecimal is the error of a string s that is not a decimal amount:
// not finite (NaN, Infinity), too precise, or no number at all.
func notDecimal(field, s string) *fault.Error {
	p := fault.Params{"value": s}
	switch strings.TrimLeft(strings.ToLower(s), "+-") {
	case "nan", "inf", "infinity":
		return fault.New(field, fault.NotFinite, p, "%q is not a finite decimal number", s)
	}
	if isDecimalShape(s) {
		p["maxDigits"], p["maxExponent"] = MaxDigits, MaxExponent
		return fault.New(field, fault.TooPrecise, p,
			"%q has more than %d digits or an exponent past %d", s, MaxDigits, MaxExponent)
	}
	return fault.New(field, fault.NotADecimal, p, "%q is not a finite decimal number", s)
}

// isDecimalShape reports whether s is a decimal numeral whatever its
// number of digits and exponent.
// It accepts exactly `^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$`
// (TestDecimalShapeIsTheRegexp), without package regexp, which would
// add about 300 KiB to calc.wasm.
func isDecimalShape(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	intDigits := skipDigits(s, &i)
	fracDigits := 0
	if i < len(s) && s[i] == '.' {
		i++
		fracDigits = skipDigits(s, &i)
	}
	if intDigits == 0 && fracDigits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		if skipDigits(s, &i) == 0 {
			return false
		}
	}
	return i == len(s)
}

// skipDigits advances *i past the ASCII digits of s at *i and returns
// how many there were.
func skipDigits(s string, i *int) int {
	start := *i
	for *i < len(s) && s[*i] >= '0' && s[*i] <= '9' {
		*i++
	}
	return *i - start
}

// isDecimal accepts -?digits(.digits)?([eE][+-]?digits)? with a bounded
// number of digits and a bounded exponent.
func isDecimal(s string) bool {
	i, n := 0, len(s)
	if i < n && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := 0
	start := i
	for i < n && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	intDigits := i - start
	if i < n && s[i] == '.' {
		i++
		fs := i
		for i < n && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
		if i == fs && intDigits == 0 {
			return false
		}
	}
	if digits == 0 || digits > MaxDigits {
		return false
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < n && (s[i] == '-' || s[i] == '+') {
			i++
		}
		es, exp := i, 0
		for i < n && s[i] >= '0' && s[i] <= '9' {
			exp = exp*10 + int(s[i]-'0')
			if exp > MaxExponent {
				return false
			}
			i++
		}
		if i == es {
			return false
		}
	}
	return i == n
}
