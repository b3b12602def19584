// Package usage turns usage amounts into billed minutes: amounts of a
// (month, meter) are summed exactly in seconds and rounded up to whole
// minutes once, never per row (docs/billing.md §2.3).
package usage

import (
	"github.com/shopspring/decimal"
)

var sixty = decimal.NewFromInt(60)

// Seconds converts an amount of minutes to seconds, exactly.
func Seconds(minutes decimal.Decimal) decimal.Decimal { return minutes.Mul(sixty) }

// BilledMinutes is the smallest whole m with 60·m ≥ seconds (0 for 0).
// seconds must not be negative.
func BilledMinutes(seconds decimal.Decimal) int64 {
	q, r := seconds.QuoRem(sixty, 0)
	m := q.IntPart()
	if r.Sign() > 0 {
		m++
	}
	return m
}

// Totals sums seconds per (month, meter) cell of a grid.
type Totals struct {
	meters int
	cells  []decimal.Decimal
}

// NewTotals makes a grid of months × meters cells, all zero.
func NewTotals(months, meters int) *Totals {
	return &Totals{meters: meters, cells: make([]decimal.Decimal, months*meters)}
}

// Add adds seconds to a cell.
func (t *Totals) Add(month, meter int, seconds decimal.Decimal) {
	i := month*t.meters + meter
	t.cells[i] = t.cells[i].Add(seconds)
}

// Seconds returns a cell's total.
func (t *Totals) Seconds(month, meter int) decimal.Decimal {
	return t.cells[month*t.meters+meter]
}

// Billed returns the billed minutes of every cell: [month][meter].
func (t *Totals) Billed() [][]int64 {
	months := len(t.cells) / max(t.meters, 1)
	out := make([][]int64, months)
	for m := range out {
		row := make([]int64, t.meters)
		for k := range row {
			row[k] = BilledMinutes(t.cells[m*t.meters+k])
		}
		out[m] = row
	}
	return out
}
