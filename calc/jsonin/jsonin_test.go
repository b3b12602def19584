package jsonin

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/calc/fault"
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
	bad := map[string]fault.Reason{
		"": fault.NotADecimal, "NaN": fault.NotFinite, "Infinity": fault.NotFinite, "-Infinity": fault.NotFinite,
		"inf": fault.NotFinite, "1e": fault.NotADecimal, "1e+": fault.NotADecimal, "e5": fault.NotADecimal,
		".": fault.NotADecimal, "-": fault.NotADecimal, "1.2.3": fault.NotADecimal, "0x10": fault.NotADecimal,
		"1_000": fault.NotADecimal, "1,000": fault.NotADecimal, "1e41": fault.TooPrecise, "1e-999": fault.TooPrecise,
		"12345678901234567890123456789012345678901": fault.TooPrecise,
	}
	for in, reason := range bad {
		_, err := Decimal(in, "usage[0].minutes")
		require.NotNil(t, err, "%q accepted", in)
		assert.Equal(t, "invalid", err.Code)
		assert.Equal(t, "usage[0].minutes", err.Field)
		assert.Equal(t, reason, err.Reason, in)
		assert.Equal(t, in, err.Params["value"])
		require.NoError(t, err.Validate())
	}
	_, err := Decimal(true, "f")
	require.NotNil(t, err)
	assert.Contains(t, err.Message, "boolean")
	assert.Equal(t, fault.NotANumber, err.Reason)
	assert.Equal(t, fault.Params{"type": "boolean"}, err.Params)
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
	assert.Equal(t, fault.TooManyItems, r.Err().Reason)
	assert.Equal(t, fault.Params{"count": 2, "limit": 1}, r.Err().Params)

	r = &Reader{}
	o = r.Object(v, "")
	o.String("a")
	o.Array("b", 10)
	o.Close()
	require.NotNil(t, r.Err())
	assert.Equal(t, "typo", r.Err().Field)
	assert.Contains(t, r.Err().Message, "not a field")
	assert.Equal(t, fault.UnknownField, r.Err().Reason)
	assert.Equal(t, fault.Params{"name": "typo"}, r.Err().Params)

	r = &Reader{}
	o = r.Object(v, "")
	o.Bool("a")
	require.NotNil(t, r.Err())
	assert.Equal(t, "a", r.Err().Field)
	assert.Equal(t, fault.NotABoolean, r.Err().Reason)
	assert.Equal(t, fault.Params{"type": "string"}, r.Err().Params)
}

func TestParseRefusesTrailingData(t *testing.T) {
	for in, reason := range map[string]fault.Reason{
		`{} []`: fault.TrailingData, ``: fault.RequestEmpty, "  \n\t": fault.RequestEmpty,
		`{"a":`: fault.NotJSON, `{"a" 1}`: fault.NotJSON, "\xff": fault.NotJSON,
	} {
		_, err := Parse([]byte(in))
		require.NotNil(t, err, "%q", in)
		assert.Equal(t, reason, err.Reason, "%q", in)
		require.NoError(t, err.Validate())
	}
	_, err := Parse([]byte(`{"a":`))
	assert.Equal(t, fault.Params{"offset": int64(5)}, err.Params, "cut short: the end of the text")
}

// SortStrings sorts as sort.Strings does, for lists of every length up
// to 40 with repeated keys, and for a long random list.
func TestSortStrings(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n <= 40; n++ {
		for range 20 {
			list := make([]string, n)
			for i := range list {
				list[i] = strconv.Itoa(rng.IntN(n + 1))
			}
			want := slices.Clone(list)
			sort.Strings(want)
			SortStrings(list)
			require.Equal(t, want, list)
		}
	}
	list := make([]string, 100_000)
	for i := range list {
		list[i] = strconv.FormatUint(rng.Uint64(), 36)
	}
	want := slices.Clone(list)
	sort.Strings(want)
	SortStrings(list)
	require.Equal(t, want, list)
}
