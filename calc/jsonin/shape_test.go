package jsonin

import (
	"regexp"
	"testing"
)

// decimalShapeRegexp is the language isDecimalShape accepts, as the
// regular expression it replaced.
var decimalShapeRegexp = regexp.MustCompile(`^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$`)

// Every string of up to 7 bytes over the characters that matter (and two
// that never do) is accepted by isDecimalShape exactly when the regexp
// matches it.
func TestDecimalShapeIsTheRegexp(t *testing.T) {
	alphabet := []byte("09.eE+- x\n")
	buf := make([]byte, 0, 7)
	var walk func(n int)
	checked := 0
	walk = func(n int) {
		s := string(buf)
		checked++
		if got, want := isDecimalShape(s), decimalShapeRegexp.MatchString(s); got != want {
			t.Fatalf("isDecimalShape(%q) = %v, the regexp says %v", s, got, want)
		}
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			buf = append(buf, c)
			walk(n - 1)
			buf = buf[:len(buf)-1]
		}
	}
	walk(7)
	if checked < 1_000_000 {
		t.Fatalf("checked only %d strings", checked)
	}
}

func FuzzDecimalShapeIsTheRegexp(f *testing.F) {
	for _, s := range []string{"", "1", "-1.5e+3", ".5", "5.", "1e", "+.e1", "1\n", "١"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isDecimalShape(s), decimalShapeRegexp.MatchString(s); got != want {
			t.Fatalf("isDecimalShape(%q) = %v, the regexp says %v", s, got, want)
		}
	})
}
