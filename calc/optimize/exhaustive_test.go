package optimize

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/calc/catalog"
	"github.com/rtcprice/rtcprice/calc/civil"
	"github.com/rtcprice/rtcprice/calc/ledger"
	"github.com/rtcprice/rtcprice/internal/bruteforce"
)

// long runs the exhaustive comparisons on many more instances:
// go test ./calc/optimize -run Exhaustive -long
var long = flag.Bool("long", false, "run the exhaustive searches on many more instances")

// instances is n, or scale × n with -long.
func instances(n, scale int) int {
	if *long {
		return n * scale
	}
	return n
}

func mustCatalog(t testing.TB, id string) *catalog.Catalog {
	t.Helper()
	c, ok, err := catalog.Lookup(id)
	require.Nil(t, err)
	require.True(t, ok, id)
	return c
}

// simulate runs the real ledger on a plan, one lot per package bought.
func simulate(c *catalog.Catalog, start civil.Month, billed [][]int64, trial bool, ps []Purchase) *ledger.Simulation {
	in := ledger.Input{Catalog: c, Start: start, Billed: billed}
	if trial {
		tp, _ := c.Package(c.Trial)
		in.Lots = append(in.Lots, ledger.NewLot(c, "trial", tp, start.First(), -1, -1))
	}
	for i, p := range ps {
		pk := &c.Packages[p.Package]
		for n := int64(0); n < p.Count; n++ {
			in.Lots = append(in.Lots, ledger.NewLot(c, fmt.Sprintf("P%d.%d", i+1, n+1), pk, start.AddMonths(p.Month).First(), i, len(in.Lots)))
		}
	}
	return ledger.Run(in)
}

// bruteForce returns the least total over every plan of a complete space
// (internal/bruteforce, which argues it), each plan run through the
// real ledger, and how many plans it ran (-1: more than limit).
func bruteForce(t *testing.T, c *catalog.Catalog, start civil.Month, billed [][]int64, trial bool, limit int) (decimal.Decimal, bool, int) {
	t.Helper()
	_, err := windows(c, start, len(billed)) // the model's assumption holds
	require.NoError(t, err)
	var plan []Purchase
	best, found, runs, ok := bruteforce.Least(c, start, billed, limit, func(ps []bruteforce.Purchase) (decimal.Decimal, bool) {
		plan = plan[:0]
		for _, p := range ps {
			plan = append(plan, Purchase(p))
		}
		sim := simulate(c, start, billed, trial, plan)
		return sim.Totals.Total, sim.Totals.UnservedMinutes == 0
	})
	if !ok {
		return decimal.Zero, false, -1
	}
	return best, found, runs
}

// docs/billing.md §4.3 best: on many small random instances of both catalogs, the
// search's plan costs exactly the least of every plan an exhaustive
// enumerator runs through the real ledger, and is proven optimal; and,
// docs/billing.md §4.4, the tie rule, no lot of it can be bought a month later at that
// cost (the ledger again).
func TestBestMatchesExhaustiveSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	agora := mustCatalog(t, "agora-2021-cny")
	trtc := mustCatalog(t, "trtc-2019-cny")
	agoraAmounts := []int64{0, 3000, 10000, 12000, 20000, 30000, 33749, 33750, 35000, 45000, 60000, 120000, 260000}
	trtcAmounts := []int64{0, 150, 300, 700, 1000, 1300, 5000, 30000, 49000, 50500, 120000, 250000, 1100000}
	starts := []civil.Month{{Year: 2026, Month: 1}, {Year: 2020, Month: 2}, {Year: 2023, Month: 11}}
	cases, plans := 0, 0
	for target := instances(400, 10); cases < target; {
		isAgora := rng.IntN(2) == 0
		c := trtc
		if isAgora {
			c = agora
		}
		start := starts[rng.IntN(len(starts))]
		H := 1 + rng.IntN(3)
		if rng.IntN(4) == 0 {
			H = 10 + rng.IntN(6) // long enough for lots to expire
		}
		billed := make([][]int64, H)
		for k := range billed {
			billed[k] = make([]int64, len(c.Meters))
		}
		var meters []int
		if isAgora {
			for n := 1 + rng.IntN(2); len(meters) < n; {
				meters = append(meters, rng.IntN(len(c.Meters)))
			}
		} else {
			meters = []int{0}
		}
		busy := H
		if H > 3 {
			busy = 1 + rng.IntN(3)
		}
		for i := 0; i < busy; i++ {
			k := i
			if H > 3 {
				k = rng.IntN(H)
			}
			for _, m := range meters {
				if isAgora {
					billed[k][m] = agoraAmounts[rng.IntN(len(agoraAmounts))]
				} else {
					billed[k][m] = trtcAmounts[rng.IntN(len(trtcAmounts))]
				}
			}
		}
		trial := !isAgora && rng.IntN(2) == 0
		want, ok, runs := bruteForce(t, c, start, billed, trial, 3000)
		if runs < 0 {
			continue // too big to enumerate: draw another
		}
		cases++
		plans += runs
		name := fmt.Sprintf("%s/%s/H%d/%v/trial=%v", c.ID, start, H, billed, trial)
		plan, err := Best(&Problem{Catalog: c, Start: start, Billed: billed, Trial: trial})
		require.NoError(t, err, name)
		require.Equal(t, ok, plan.Feasible, name)
		if !ok {
			continue
		}
		require.True(t, plan.Optimal, name)
		sim := simulate(c, start, billed, trial, plan.Purchases)
		require.Zero(t, sim.Totals.UnservedMinutes, name)
		require.True(t, sim.Totals.Total.Equal(plan.Cost), "%s: ledger %s, search %s", name, sim.Totals.Total, plan.Cost)
		require.True(t, want.Equal(plan.Cost), "%s: brute force %s, search %s (%v)", name, want, plan.Cost, plan.Purchases)
		require.Empty(t, postponable(c, start, billed, trial, plan.Purchases, plan.Cost), "%s: docs/billing.md §4.4 tie rule (%v)", name, plan.Purchases)
	}
	t.Logf("%d instances, %d plans simulated", cases, plans)
}

// randomCatalog makes a small custom catalog: package sizes of tens of
// minutes, so that counts of several packages a month, forfeiture and
// every rule of the search matter on usage a brute force can enumerate.
func randomCatalog(t *testing.T, rng *rand.Rand) *catalog.Catalog {
	return parseCatalog(t, randomCatalogDoc(rng))
}

// randomCatalogDoc is randomCatalog's JSON document.
func randomCatalogDoc(rng *rand.Rand) map[string]any {
	validity := []string{catalog.OneYear, catalog.EndOfMonthNextYear}[rng.IntN(2)]
	postpaid := []string{catalog.PostpaidAlways, catalog.PostpaidAfterPaidPackage}[rng.IntN(2)]
	tie := [][]string{{"expiry", "size", "purchase", "input"}, {"expiry", "purchase", "input"}, {"expiry", "input"}}[rng.IntN(3)]
	rates := []string{"10", "25", "7.5", "100", "3"}
	sizes := []int64{20, 30, 40, 50, 60, 100, 150, 250}
	discounts := []string{"0.5", "0.6", "0.75", "0.85", "0.9", "0.95", "1", "1.1", "1.3"}
	nMeters := 1 + rng.IntN(2)
	var meters, packages []any
	for m := 0; m < nMeters; m++ {
		id := string(rune('a' + m))
		rate := decimal.RequireFromString(rates[rng.IntN(len(rates))])
		meters = append(meters, map[string]any{"id": id, "name": id, "overagePer1000": rate.String()})
		n := 1 + rng.IntN(3)
		activators := 0
		for i := 0; i < n; i++ {
			size := sizes[rng.IntN(len(sizes))]
			disc := decimal.RequireFromString(discounts[rng.IntN(len(discounts))])
			p := map[string]any{
				"id": fmt.Sprintf("%s%d", id, i), "meter": id, "name": "p", "minutes": size,
				"price": rate.Mul(disc).Mul(decimal.NewFromInt(size)).Shift(-3).String(), "purchasable": true,
			}
			if postpaid == catalog.PostpaidAfterPaidPackage && (rng.IntN(2) == 0 || (i == n-1 && activators == 0 && m == 0)) {
				p["activatesPostpaid"] = true
				activators++
			}
			if rng.IntN(5) == 0 {
				p["maxPerAccount"] = 1 + rng.IntN(2)
			}
			packages = append(packages, p)
		}
	}
	doc := map[string]any{
		"format": 1, "id": "custom", "vendor": "v", "name": "n", "currency": "CNY",
		"source": map[string]any{"document": "test"}, "validity": validity, "postpaid": postpaid,
		"tieBreak": tie, "meters": meters, "calls": map[string]any{"model": "participant_minutes", "meter": "a"},
	}
	if rng.IntN(2) == 0 {
		packages = append(packages, map[string]any{"id": "trial", "meter": "a", "name": "t", "minutes": 10 + rng.IntN(90), "price": "0", "purchasable": false})
		doc["trial"] = "trial"
	}
	doc["packages"] = packages
	if rng.IntN(3) == 0 {
		order := []any{"a"}
		if nMeters > 1 {
			order = []any{"b", "a"}
		}
		doc["freeAllowance"] = map[string]any{"minutesPerMonth": 10 + rng.IntN(60), "order": order}
	}
	return doc
}

// parseCatalog parses a catalog document.
func parseCatalog(t *testing.T, doc map[string]any) *catalog.Catalog {
	t.Helper()
	data, err := json.Marshal(doc)
	require.NoError(t, err)
	c, ferr := catalog.ParseJSON(data, "catalog")
	require.Nil(t, ferr, string(data))
	return c
}

// docs/billing.md §4.3 best: the same on random custom catalogs with small packages
// (several of a package a month, lots expiring inside the horizon, limited
// packages, postpaid after a paid package on several meters).
func TestBestMatchesExhaustiveSearchCustom(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	cases, plans, bought := 0, 0, 0
	for target := instances(150, 20); cases < target; {
		c := randomCatalog(t, rng)
		start := civil.Month{Year: 2020 + rng.IntN(4), Month: 1 + rng.IntN(12)}
		H := 1 + rng.IntN(3)
		if rng.IntN(3) == 0 {
			H = 10 + rng.IntN(6)
		}
		billed := make([][]int64, H)
		for k := range billed {
			billed[k] = make([]int64, len(c.Meters))
		}
		busy := H
		if H > 3 {
			busy = 1 + rng.IntN(4)
		}
		for i := 0; i < busy; i++ {
			k := i
			if H > 3 {
				k = rng.IntN(H)
			}
			for m := range c.Meters {
				if rng.IntN(4) > 0 {
					billed[k][m] = int64(rng.IntN(320))
				}
			}
		}
		trial := c.Trial != "" && rng.IntN(2) == 0
		want, ok, runs := bruteForce(t, c, start, billed, trial, 20000)
		if runs < 0 {
			continue
		}
		cases++
		plans += runs
		name := fmt.Sprintf("case %d: %s H%d %v trial=%v", cases, start, H, billed, trial)
		plan, err := Best(&Problem{Catalog: c, Start: start, Billed: billed, Trial: trial})
		require.NoError(t, err, name)
		require.Equal(t, ok, plan.Feasible, name)
		if !ok {
			continue
		}
		if len(plan.Purchases) > 0 {
			bought++
		}
		require.True(t, plan.Optimal, name)
		sim := simulate(c, start, billed, trial, plan.Purchases)
		require.Zero(t, sim.Totals.UnservedMinutes, name)
		require.True(t, sim.Totals.Total.Equal(plan.Cost), "%s: ledger %s, search %s", name, sim.Totals.Total, plan.Cost)
		if !want.Equal(plan.Cost) {
			js, _ := json.Marshal(c)
			t.Fatalf("%s: brute force %s, search %s (%v)\n%s", name, want, plan.Cost, plan.Purchases, js)
		}
		if lot := postponable(c, start, billed, trial, plan.Purchases, plan.Cost); lot != "" {
			js, _ := json.Marshal(c)
			t.Fatalf("%s: docs/billing.md §4.4 tie rule: %s (%v)\n%s", name, lot, plan.Purchases, js)
		}
	}
	t.Logf("%d instances (%d buy packages), %d plans simulated", cases, bought, plans)
}

// docs/billing.md §4.3 best: a search that runs out of its budget says so
// (Optimal false) and still returns a feasible plan, priced as the ledger
// prices it, no cheaper than the proven optimum.
func TestBestOutOfBudget(t *testing.T) {
	for _, id := range []string{"agora-2021-cny", "trtc-2019-cny"} {
		c := mustCatalog(t, id)
		H := 36
		billed := make([][]int64, H)
		for k := range billed {
			billed[k] = make([]int64, len(c.Meters))
			for j := range c.Meters {
				billed[k][j] = int64(40_000 + ((j+1)*(k+3)*104_729)%3_000_000)
			}
		}
		start := civil.Month{Year: 2026, Month: 1}
		exact, err := Best(&Problem{Catalog: c, Start: start, Billed: billed})
		require.NoError(t, err)
		require.True(t, exact.Optimal, id)
		unproven := 0
		for _, budget := range []Budget{{MaxWork: 1}, {MaxWork: 5000}, {MaxStates: 1}} {
			p, err := Best(&Problem{Catalog: c, Start: start, Billed: billed, Budget: budget})
			require.NoError(t, err)
			require.True(t, p.Feasible, "%s %+v", id, budget)
			if p.Cost.Equal(exact.Cost) && p.Optimal {
				continue // the budget sufficed after all
			}
			assert.False(t, p.Optimal, "%s %+v", id, budget)
			unproven++
			assert.True(t, p.Cost.GreaterThanOrEqual(exact.Cost), "%s %+v: %s < optimum %s", id, budget, p.Cost, exact.Cost)
			sim := simulate(c, start, billed, false, p.Purchases)
			assert.Zero(t, sim.Totals.UnservedMinutes)
			assert.True(t, sim.Totals.Total.Equal(p.Cost), "%s %+v: ledger %s, search %s", id, budget, sim.Totals.Total, p.Cost)
		}
		assert.Positive(t, unproven, "%s: a tiny budget must show", id)
	}
}

// postponable returns a lot of ps (of cost cost) that can be bought one
// horizon month later at no more cost with every minute served, as the
// real ledger bills it (docs/billing.md §4.4, the tie rule: none can); "" when none.
func postponable(c *catalog.Catalog, start civil.Month, billed [][]int64, trial bool, ps []Purchase, cost decimal.Decimal) string {
	for i, p := range ps {
		if p.Month+1 >= len(billed) {
			continue
		}
		moved := append([]Purchase(nil), ps...)
		moved[i].Count--
		moved = append(moved, Purchase{Month: p.Month + 1, Package: p.Package, Count: 1})
		sim := simulate(c, start, billed, trial, moved)
		if sim.Totals.UnservedMinutes == 0 && sim.Totals.Total.LessThanOrEqual(cost) {
			return fmt.Sprintf("a %s of month %d can wait a month: %s, not more than %s", c.Packages[p.Package].ID, p.Month, sim.Totals.Total, cost)
		}
	}
	return ""
}
