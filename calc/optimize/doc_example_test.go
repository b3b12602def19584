package optimize

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The worked example of the package doc, run through one meter's search
// with the doc's two-month windows: one S in month 0, one in month 1,
// total 2.00 (pay-as-you-go 2.40).
func TestDocWorkedExample(t *testing.T) {
	c := parseCatalog(t, map[string]any{
		"format": 1, "id": "doc", "vendor": "v", "name": "doc", "currency": "CNY",
		"source": map[string]any{"document": "doc.go"}, "validity": "one_year", "postpaid": "always",
		"tieBreak": []string{"expiry", "input"},
		"meters":   []any{map[string]any{"id": "a", "name": "a", "overagePer1000": "10"}},
		"packages": []any{map[string]any{"id": "S", "meter": "a", "name": "S", "minutes": 100, "price": "0.80", "purchasable": true}},
		"calls":    map[string]any{"model": "participant_minutes", "meter": "a"},
	})
	md := newMeterData(c, 0, []int64{60, 150, 30}, []int{2, 3, 3}, 0)
	assert.Equal(t, []int64{0, 60, 210, 240}, md.A)
	r := md.run(0, -1, newBudget(Budget{}))
	require.True(t, r.feasible && r.exact)
	assert.Equal(t, "2", r.cost.String())
	assert.ElementsMatch(t, []Purchase{{Month: 0, Package: 0, Count: 1}, {Month: 1, Package: 0, Count: 1}}, r.purchases)
}
