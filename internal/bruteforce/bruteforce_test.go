package bruteforce

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/calc/catalog"
	"github.com/rtcprice/rtcprice/calc/civil"
)

// list is one meter "a" with a 100-minute package (limit: maxPer, 0 for
// none) and a 250-minute one.
func list(t *testing.T, maxPer string) *catalog.Catalog {
	t.Helper()
	limit := ""
	if maxPer != "" {
		limit = `, "maxPerAccount": ` + maxPer
	}
	c, err := catalog.ParseJSON([]byte(`{"format": 1, "id": "bf", "vendor": "v", "name": "n", "currency": "CNY",
	 "source": {"document": "test"}, "validity": "one_year", "postpaid": "always",
	 "tieBreak": ["expiry", "input"], "calls": {"model": "participant_minutes", "meter": "a"},
	 "meters": [{"id": "a", "name": "a", "overagePer1000": "10"}],
	 "packages": [{"id": "s", "meter": "a", "name": "s", "minutes": 100, "price": "0.5", "purchasable": true`+limit+`},
	              {"id": "l", "meter": "a", "name": "l", "minutes": 250, "price": "1", "purchasable": true}]}`), "catalog")
	require.Nil(t, err)
	return c
}

// Worked by hand for W = 300: a multiset of a 100s and b 250s is kept
// unless dropping one of its packages still leaves 300 minutes.
func TestCohortsDropNothingCoverable(t *testing.T) {
	got := Cohorts(list(t, ""), "a", 300)
	want := [][]int64{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {2, 0}, {3, 0}}
	assert.ElementsMatch(t, want, got)
	// A limit of one 100-minute package leaves (0|1, 0..2) less the
	// droppable (1, 2).
	got = Cohorts(list(t, "1"), "a", 300)
	assert.ElementsMatch(t, [][]int64{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}}, got)
}

// Plans is the product of the months' choices within the per-account
// limits across months, and refuses a space over its limit.
func TestPlansSpaceAndLimits(t *testing.T) {
	start := civil.Month{Year: 2026, Month: 1}
	c := list(t, "")
	n, ok := Plans(c, start, [][]int64{{300}}, 7, func([]Purchase) {})
	assert.True(t, ok)
	assert.Equal(t, 7, n)
	_, ok = Plans(c, start, [][]int64{{300}}, 6, func([]Purchase) { t.Fatal("visited past the limit") })
	assert.False(t, ok)
	// Two months, one package of 100 allowed per account: month 0 (W =
	// 400: 5 choices) and month 1 (W = 100: 3) may each buy it, never
	// both (2 × 1 of the 15 plans).
	c = list(t, "1")
	var both int
	n, ok = Plans(c, start, [][]int64{{300}, {100}}, 1000, func(ps []Purchase) {
		var s int64
		for _, p := range ps {
			if p.Package == 0 {
				s += p.Count
			}
		}
		if s > 1 {
			both++
		}
	})
	require.True(t, ok)
	assert.Zero(t, both)
	assert.Equal(t, 13, n)
	// A month without usage buys nothing.
	n, _ = Plans(c, start, [][]int64{{0}, {300}, {100}}, 1000, func(ps []Purchase) {
		for _, p := range ps {
			assert.NotZero(t, p.Month)
		}
	})
	assert.Equal(t, 13, n)
}
