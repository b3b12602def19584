package optimize

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/calc/catalog"
	"github.com/rtcprice/rtcprice/calc/civil"
)

// randomPackage is a package for meter of doc: a size from tens to
// thousands of minutes, priced from half to 1.3 times the meter's rate,
// limited per account (1 to 300) one time in two, and turning postpaid on
// when the catalog has such packages, one time in three.
func randomPackage(rng *rand.Rand, doc map[string]any, id string) map[string]any {
	meters := doc["meters"].([]any)
	m := meters[rng.IntN(len(meters))].(map[string]any)
	rate := decimal.RequireFromString(m["overagePer1000"].(string))
	size := []int64{15, 20, 35, 50, 100, 150, 400, 1000, 5000}[rng.IntN(9)]
	disc := decimal.RequireFromString([]string{"0.5", "0.6", "0.75", "0.9", "0.97", "1", "1.3"}[rng.IntN(7)])
	p := map[string]any{
		"id": id, "meter": m["id"], "name": "p", "minutes": size,
		"price": rate.Mul(disc).Mul(decimal.NewFromInt(size)).Shift(-3).String(), "purchasable": true,
	}
	if rng.IntN(2) == 0 {
		p["maxPerAccount"] = []int{1, 1, 2, 3, 300}[rng.IntN(5)]
	}
	if doc["postpaid"] == catalog.PostpaidAfterPaidPackage && rng.IntN(3) == 0 {
		p["activatesPostpaid"] = true
	}
	return p
}

// withPackages returns a copy of doc with more packages.
func withPackages(doc map[string]any, more ...map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range doc {
		out[k] = v
	}
	pk := append([]any(nil), doc["packages"].([]any)...)
	for _, p := range more {
		pk = append(pk, p)
	}
	out["packages"] = pk
	return out
}

// Issue 15, docs/billing.md §4.3: adding a purchasable package to a price list
// (limited per account or not) never makes the best plan dearer, nor
// infeasible, on random custom lists, including lists with so many
// limited packages that the search cannot count their combinations; the
// plan is what the ledger bills. Where neither search is proven (out of
// budget) this is not guaranteed, only that the plan is no dearer than
// its floor: such cases are counted and must stay rare.
func TestBestAddingAPackageNeverCostsMore(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 1))
	cases, cheaper, unproven, dearer := 0, 0, 0, 0
	for n := instances(60, 10); cases < n; cases++ {
		doc := randomCatalogDoc(rng)
		if rng.IntN(3) == 0 {
			// Limited packages whose combinations are about a state's
			// limit: adding one more may cross it.
			for i := 0; i < 7+rng.IntN(3); i++ {
				p := randomPackage(rng, doc, fmt.Sprintf("l%d", i))
				p["maxPerAccount"] = 1
				doc = withPackages(doc, p)
			}
		}
		c := parseCatalog(t, doc)
		start := civil.Month{Year: 2020 + rng.IntN(4), Month: 1 + rng.IntN(12)}
		H := []int{1, 3, 12, 24, 36}[rng.IntN(5)]
		billed := make([][]int64, H)
		for k := range billed {
			billed[k] = make([]int64, len(c.Meters))
			for m := range billed[k] {
				if rng.IntN(3) > 0 {
					billed[k][m] = int64(rng.IntN([]int{300, 3000, 30000}[rng.IntN(3)]))
				}
			}
		}
		trial := c.Trial != "" && rng.IntN(2) == 0
		before, err := Best(&Problem{Catalog: c, Start: start, Billed: billed, Trial: trial})
		require.NoError(t, err)
		bigger := parseCatalog(t, withPackages(doc, randomPackage(rng, doc, "new")))
		after, err := Best(&Problem{Catalog: bigger, Start: start, Billed: billed, Trial: trial})
		require.NoError(t, err)
		name := fmt.Sprintf("case %d: %s H%d trial=%v\n%v", cases, start, H, trial, doc["packages"])
		if !before.Feasible {
			continue
		}
		require.True(t, after.Feasible, name)
		if !after.Cost.LessThanOrEqual(before.Cost) {
			// Only when neither search finished: an unproven plan is at
			// worst its floor (package doc), not the smaller list's plan.
			require.False(t, before.Optimal || after.Optimal, "%s\nbefore %s (optimal %v), after adding %v: %s (optimal %v)",
				name, before.Cost, before.Optimal, bigger.Packages[len(bigger.Packages)-1], after.Cost, after.Optimal)
			dearer++
		}
		sim := simulate(bigger, start, billed, trial, after.Purchases)
		require.Zero(t, sim.Totals.UnservedMinutes, name)
		require.True(t, sim.Totals.Total.Equal(after.Cost), "%s: ledger %s, search %s", name, sim.Totals.Total, after.Cost)
		if after.Cost.LessThan(before.Cost) {
			cheaper++
		}
		if !after.Optimal {
			unproven++
		}
	}
	t.Logf("%d lists, %d cheaper with the new package, %d unproven, %d dearer (both unproven)", cases, cheaper, unproven, dearer)
	require.LessOrEqual(t, dearer*50, cases, "at most one list in 50 dearer even when neither search finishes")
}
