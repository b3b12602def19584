package jsonin

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// docs/billing.md §2.2, §6.2: amounts are numbers or decimal strings; anything else,
// NaN and Infinity included, is refused, and so are absurd magnitudes.
func TestDecimalAcceptsOnlyFiniteDecimals(t *testing.T) {
	good := map[string]string{"0": "0", "199.5": "199.5", "-3": "-3", "1e5": "100000", "2.5E-3": "0.0025", ".5": "0.5", "5.": "5", " 7 ": "7", "+4": "4"}
	for in, want := range good {
		d, err := Decimal(in, "f")
		require.Nil(t, err, in)
		assert.Equal(t, want, d.String(), in)
	}
	bad := []string{"", "NaN", "Infinity", "-Infinity", "inf", "1e", "1e+", "e5", ".", "-", "1.2.3", "0x10", "1_000", "1,000", "1e41", "1e-999", "12345678901234567890123456789012345678901"}
	for _, in := range bad {
		_, err := Decimal(in, "usage[0].minutes")
		require.NotNil(t, err, "%q accepted", in)
		assert.Equal(t, "invalid", err.Code)
		assert.Equal(t, "usage[0].minutes", err.Field)
	}
	_, err := Decimal(true, "f")
	require.NotNil(t, err)
	assert.Contains(t, err.Message, "boolean")
}

func TestObjectRefusesUnknownFieldsAndWrongTypes(t *testing.T) {
	v, perr := Parse([]byte(`{"a": "x", "b": [1, 2], "typo": 1}`))
	require.Nil(t, perr)
	r := &Reader{}
	o := r.Object(v, "req")
	s, ok := o.String("a")
	assert.True(t, ok)
	assert.Equal(t, "x", s)
	_, ok = o.Array("b", 1)
	assert.False(t, ok)
	require.NotNil(t, r.Err())
	assert.Equal(t, "limit", r.Err().Code)
	assert.Equal(t, "req.b", r.Err().Field)

	r = &Reader{}
	o = r.Object(v, "")
	o.String("a")
	o.Array("b", 10)
	o.Close()
	require.NotNil(t, r.Err())
	assert.Equal(t, "typo", r.Err().Field)
	assert.Contains(t, r.Err().Message, "not a field")

	r = &Reader{}
	o = r.Object(v, "")
	o.Bool("a")
	require.NotNil(t, r.Err())
	assert.Equal(t, "a", r.Err().Field)
}

func TestParseRefusesTrailingData(t *testing.T) {
	_, err := Parse([]byte(`{} []`))
	require.NotNil(t, err)
	_, err = Parse([]byte(``))
	require.NotNil(t, err)
	_, err = Parse([]byte(`{"a":`))
	require.NotNil(t, err)
}
