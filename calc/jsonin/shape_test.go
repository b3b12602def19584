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
// eachString calls fn with every string of up to n bytes over alphabet,
// the empty one first (fn must not keep the slice).
func eachString(alphabet []byte, n int, fn func([]byte)) {
	buf := make([]byte, 0, n)
	var walk func(n int)
	walk = func(n int) {
		fn(buf)
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			buf = append(buf, c)
			walk(n - 1)
			buf = buf[:len(buf)-1]
		}
	}
	walk(n)
}

func TestDecimalShapeIsTheRegexp(t *testing.T) {
	checked := 0
	eachString([]byte("09.eE+- x\n"), 7, func(b []byte) {
		s := string(b)
		checked++
		if got, want := isDecimalShape(s), decimalShapeRegexp.MatchString(s); got != want {
			t.Fatalf("isDecimalShape(%q) = %v, the regexp says %v", s, got, want)
		}
	})
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
