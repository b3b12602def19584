// Package jsonin reads JSON input strictly and names the field of every
// problem: unknown fields, wrong types, non-numeric or non-finite amounts
// are all reported as a fault.Error whose Field is the path of the value
// ("purchases[2].date").
//
// A Reader keeps the first error; every accessor after it is a no-op that
// returns zero values, so decoders read straight through and check Err
// once at the end.
package jsonin

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"sort"
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

// Parse decodes a JSON document into plain values: map[string]any,
// []any, string, bool, nil and json.Number. A document that is not one
// JSON value is refused.
func Parse(data []byte) (any, *fault.Error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fault.New("", fault.RequestEmpty, nil, "the request is empty")
		}
		// Where reading stopped: the syntax error's offset, or the end
		// of a document cut short.
		offset := int64(len(data))
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			offset = syntax.Offset
		}
		return nil, fault.New("", fault.NotJSON, fault.Params{"offset": offset},
			"the request is not valid JSON at byte %d: %v", offset, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fault.New("", fault.TrailingData, nil, "the request has data after its JSON value")
	}
	return v, nil
}

// Reader collects the first error of a decode.
type Reader struct {
	err *fault.Error
}

// Fail records e unless an error was recorded already.
func (r *Reader) Fail(e *fault.Error) {
	if r.err == nil {
		r.err = e
	}
}

// Failed reports whether an error was recorded.
func (r *Reader) Failed() bool { return r.err != nil }

// Err returns the first error, or nil.
func (r *Reader) Err() *fault.Error { return r.err }

// Object is a JSON object being read; it remembers which keys were read
// so that Close can refuse the ones the API does not define.
type Object struct {
	r    *Reader
	path string
	m    map[string]any
	seen map[string]bool
}

// Object reads v at path as an object. On error it returns an empty
// object whose accessors find nothing.
func (r *Reader) Object(v any, path string) *Object {
	o := &Object{r: r, path: path, seen: map[string]bool{}}
	m, ok := v.(map[string]any)
	if !ok {
		r.Fail(fault.New(path, fault.NotAnObject, typeParam(v), "must be an object, not %s", kind(v)))
		return o
	}
	o.m = m
	return o
}

// Path is the object's own path.
func (o *Object) Path() string { return o.path }

// Field is the path of key inside the object.
func (o *Object) Field(key string) string { return fault.Join(o.path, key) }

// Has reports whether key is present (null counts as present).
func (o *Object) Has(key string) bool {
	_, ok := o.m[key]
	return ok
}

// Raw returns the value of key and whether it is present and not null.
func (o *Object) Raw(key string) (any, bool) {
	o.seen[key] = true
	v, ok := o.m[key]
	if !ok || v == nil {
		return nil, false
	}
	return v, true
}

// Require records a "required" error when key is absent or null.
func (o *Object) Require(key string) {
	if v, ok := o.m[key]; !ok || v == nil {
		o.r.Fail(fault.New(o.Field(key), fault.Required, nil, "is required"))
	}
}

// String reads an optional string.
func (o *Object) String(key string) (string, bool) {
	v, ok := o.Raw(key)
	if !ok || o.r.Failed() {
		return "", false
	}
	s, isStr := v.(string)
	if !isStr {
		o.r.Fail(fault.New(o.Field(key), fault.NotAString, typeParam(v), "must be a string, not %s", kind(v)))
		return "", false
	}
	return s, true
}

// Bool reads an optional boolean.
func (o *Object) Bool(key string) (bool, bool) {
	v, ok := o.Raw(key)
	if !ok || o.r.Failed() {
		return false, false
	}
	b, isBool := v.(bool)
	if !isBool {
		o.r.Fail(fault.New(o.Field(key), fault.NotABoolean, typeParam(v), "must be true or false, not %s", kind(v)))
		return false, false
	}
	return b, true
}

// Decimal reads an optional amount given as a JSON number or a decimal
// string.
func (o *Object) Decimal(key string) (decimal.Decimal, bool) {
	v, ok := o.Raw(key)
	if !ok || o.r.Failed() {
		return decimal.Decimal{}, false
	}
	d, err := Decimal(v, o.Field(key))
	if err != nil {
		o.r.Fail(err)
		return decimal.Decimal{}, false
	}
	return d, true
}

// Int reads an optional whole number within [min, max].
func (o *Object) Int(key string, min, max int64) (int64, bool) {
	d, ok := o.Decimal(key)
	if !ok {
		return 0, false
	}
	n, err := Int(d, o.Field(key), min, max)
	if err != nil {
		o.r.Fail(err)
		return 0, false
	}
	return n, true
}

// Array reads an optional array of at most max elements; more is a
// "limit" error.
func (o *Object) Array(key string, max int) ([]any, bool) {
	v, ok := o.Raw(key)
	if !ok || o.r.Failed() {
		return nil, false
	}
	a, isArr := v.([]any)
	if !isArr {
		o.r.Fail(fault.New(o.Field(key), fault.NotAnArray, typeParam(v), "must be an array, not %s", kind(v)))
		return nil, false
	}
	if len(a) > max {
		o.r.Fail(fault.New(o.Field(key), fault.TooManyItems, fault.Params{"count": len(a), "limit": max},
			"has %d elements; at most %d are allowed", len(a), max))
		return nil, false
	}
	return a, true
}

// Object reads an optional nested object.
func (o *Object) Object(key string) (*Object, bool) {
	v, ok := o.Raw(key)
	if !ok || o.r.Failed() {
		return nil, false
	}
	return o.r.Object(v, o.Field(key)), !o.r.Failed()
}

// Keys returns the object's keys, sorted, and marks them all read.
func (o *Object) Keys() []string {
	keys := make([]string, 0, len(o.m))
	for k := range o.m {
		keys = append(keys, k)
		o.seen[k] = true
	}
	sort.Strings(keys)
	return keys
}

// Close refuses the first (in sorted order) key that was never read: a
// field the API does not define.
func (o *Object) Close() {
	if o.r.Failed() {
		return
	}
	var unknown []string
	for k := range o.m {
		if !o.seen[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return
	}
	sort.Strings(unknown)
	o.r.Fail(fault.New(o.Field(unknown[0]), fault.UnknownField, fault.Params{"name": unknown[0]},
		"is not a field the API defines"))
}

// Decimal converts a JSON number or decimal string to a decimal. It
// refuses anything else, including "NaN" and "Infinity", and amounts with
// more than MaxDigits digits or an exponent past MaxExponent.
func Decimal(v any, field string) (decimal.Decimal, *fault.Error) {
	var s string
	switch x := v.(type) {
	case json.Number:
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
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, notDecimal(field, s)
	}
	return d, nil
}

// Int checks that d is a whole number within [min, max].
func Int(d decimal.Decimal, field string, min, max int64) (int64, *fault.Error) {
	if !d.IsInteger() {
		return 0, fault.New(field, fault.NotWhole, fault.Params{"value": d.String()}, "must be a whole number, not %s", d)
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
		"must be at least %d, not %s", min, d)
}

// AboveMaximum is the error of a number, written value, more than max.
func AboveMaximum(field, value string, max int64) *fault.Error {
	return fault.New(field, fault.AboveMaximum, fault.Params{"value": value, "max": max},
		"must be at most %d, not %s", max, value)
}

// Negative is the error of an amount d below zero.
func Negative(field string, d decimal.Decimal) *fault.Error {
	return fault.New(field, fault.Negative, fault.Params{"value": d.String()}, "must not be negative, not %s", d)
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

// typeParam is the params {"type": the JSON type of v}.
func typeParam(v any) fault.Params { return fault.Params{"type": TypeName(v)} }

// TypeName is the JSON type of a decoded value: null, boolean, string,
// number, array or object.
func TypeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number, float64:
		return "number"
	case []any:
		return "array"
	default:
		return "object"
	}
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

func kind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	default:
		_ = x
		return "an unsupported value"
	}
}

// Fail records e on the object's reader.
func (o *Object) Fail(e *fault.Error) { o.r.Fail(e) }

// Failed reports whether the object's reader has an error.
func (o *Object) Failed() bool { return o.r.Failed() }

// Reader is the object's reader, for reading nested values.
func (o *Object) Reader() *Reader { return o.r }
