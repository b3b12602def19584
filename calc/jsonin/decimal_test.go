package jsonin

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// sameAsNewFromString fails unless fromValidated(s) has the coefficient
// and exponent decimal.NewFromString gives s, for every s isDecimal
// accepts. It reports whether s was accepted.
func sameAsNewFromString(t *testing.T, s string) bool {
	t.Helper()
	if !isDecimal(s) {
		return false
	}
	want, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatalf("isDecimal accepts %q, NewFromString refuses it: %v", s, err)
	}
	got := fromValidated(s)
	if got.Exponent() != want.Exponent() || got.Coefficient().Cmp(want.Coefficient()) != 0 {
		t.Fatalf("fromValidated(%q) = %s·10^%d, NewFromString gives %s·10^%d",
			s, got.Coefficient(), got.Exponent(), want.Coefficient(), want.Exponent())
	}
	return true
}

var fromValidatedSeeds = []string{
	"0", "-0", "+0", "0.000", "-0.00", "1", "-1", "+7", "1.", ".5", "-.5", "1.50", "12.3400",
	"1e3", "1E-3", "-1.5e+3", "2.5e-40", "9e40", "1e0000000000000000000000040", "0.1e-40",
	"123456789012345678", "1234567890123456789", "-1234567890123456789.5",
	"999999999999999999", "9999999999999999999", "000000000000000000000000",
	"1000000000000000000000", "0.0000000000000000000001", "1234567890123456789012345678901234567890",
	"-1234567890123456789012345678901234567890e-40", ".1234567890123456789012345678901234567890e40",
	"12345678901234567890123456789012345678901", // 41 digits: refused
}

// Every seed, every string of up to 5 bytes over the characters of a
// numeral, and random numerals of up to MaxDigits digits, with a point
// and an exponent anywhere, are read as NewFromString reads them.
func TestFromValidatedIsNewFromString(t *testing.T) {
	accepted := 0
	for _, s := range fromValidatedSeeds {
		if sameAsNewFromString(t, s) {
			accepted++
		}
	}
	eachString([]byte("019.e-+"), 5, func(b []byte) {
		if sameAsNewFromString(t, string(b)) {
			accepted++
		}
	})
	rng := rand.New(rand.NewPCG(12, 40))
	for range 20000 {
		if sameAsNewFromString(t, randomNumeral(rng)) {
			accepted++
		}
	}
	if accepted < 20000 {
		t.Fatalf("only %d strings were decimals", accepted)
	}
}

// randomNumeral is a sign, 1 to MaxDigits digits (often zeros and nines)
// with a point anywhere or none, and an exponent or none.
func randomNumeral(rng *rand.Rand) string {
	var b strings.Builder
	b.WriteString([]string{"", "-", "+"}[rng.IntN(3)])
	n := 1 + rng.IntN(MaxDigits)
	point := rng.IntN(n + 2)
	for i := range n {
		if i == point {
			b.WriteByte('.')
		}
		b.WriteByte("0123456789000999"[rng.IntN(16)])
	}
	if point == n {
		b.WriteByte('.')
	}
	if rng.IntN(2) == 0 {
		b.WriteString([]string{"e", "E", "e+", "e-", "E-0"}[rng.IntN(5)])
		b.WriteString(strconv.Itoa(rng.IntN(50)))
	}
	return b.String()
}

func FuzzFromValidatedIsNewFromString(f *testing.F) {
	for _, s := range fromValidatedSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sameAsNewFromString(t, s)
	})
}

// fromValidated against decimal.NewFromString on typical amounts and on
// the longest numerals (go test -bench FromValidated ./calc/jsonin).
func BenchmarkFromValidated(b *testing.B) {
	for _, s := range []string{"12", "0.0035", "-1234567.89", "1234567890123456789012345678901234567890e-20"} {
		b.Run(s+"/fromValidated", func(b *testing.B) {
			for range b.N {
				fromValidated(s)
			}
		})
		b.Run(s+"/NewFromString", func(b *testing.B) {
			for range b.N {
				if _, err := decimal.NewFromString(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
