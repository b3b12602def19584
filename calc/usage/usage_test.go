package usage

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
)

// docs/billing.md §2.3: billed minutes are the smallest whole m with 60·m ≥ seconds:
// 199.5 → 200, 51,800.5 → 51,801; exact minutes stay.
func TestBilledMinutesRoundsUp(t *testing.T) {
	cases := map[string]int64{"0": 0, "199.5": 200, "51800.5": 51801, "200": 200, "0.0001": 1, "59.99999": 60}
	for minutes, want := range cases {
		assert.Equal(t, want, BilledMinutes(Seconds(decimal.RequireFromString(minutes))), minutes)
	}
	assert.Equal(t, int64(51801), BilledMinutes(decimal.NewFromInt(3108030)))
	assert.Equal(t, int64(1), BilledMinutes(decimal.RequireFromString("0.5")))
	assert.Equal(t, int64(1), BilledMinutes(decimal.NewFromInt(60)))
	assert.Equal(t, int64(2), BilledMinutes(decimal.NewFromInt(61)))
}

// docs/billing.md §2.3: rounding happens once per month and meter, never per row:
// three rows of 0.5 minutes are 1.5 minutes, billed as 2, not 3.
func TestRoundingOncePerMonthAndMeter(t *testing.T) {
	tot := NewTotals(2, 2)
	half := Seconds(decimal.RequireFromString("0.5"))
	for i := 0; i < 3; i++ {
		tot.Add(0, 1, half)
	}
	tot.Add(1, 0, decimal.NewFromInt(30))
	b := tot.Billed()
	assert.Equal(t, [][]int64{{0, 2}, {1, 0}}, b)
}
