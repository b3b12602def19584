package optimize

import (
	"fmt"
	"math"
	"sort"

	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/calc/catalog"
	"github.com/rtcprice/rtcprice/calc/civil"
)

// Problem is what Best searches: a catalog, the horizon's first month and
// billed minutes per month and meter.
type Problem struct {
	Catalog *catalog.Catalog
	Start   civil.Month
	// Billed holds billed minutes per horizon month and meter index
	// ([month][meter]); its length is the horizon.
	Billed [][]int64
	// Trial grants the catalog's trial on the horizon's first day.
	Trial  bool
	Budget Budget
}

// Budget bounds the search. Zero fields take the defaults.
type Budget struct {
	// MaxStates caps the states kept per month and search run.
	MaxStates int
	// MaxWork caps the work of the whole search, in units of about one
	// state made, sorted, merged or pruned (the 36-month, ten-meter agora
	// benchmark needs about 500,000; see the package doc).
	MaxWork int64
}

// Default budget: far above what the embedded catalogs need at 36 months
// (see the benchmarks), small enough to answer within a keystroke.
const (
	DefaultMaxStates = 4_096
	DefaultMaxWork   = 700_000
)

// maxBilled bounds the billed minutes of one month and meter, so that
// positions (sums over 36 months) and sizes stay far inside int64.
const maxBilled = 1 << 50

// Purchase is Count packages Package (an index in Catalog.Packages)
// bought on the first day of horizon month Month (0-based).
type Purchase struct {
	Month   int
	Package int
	Count   int64
}

// Plan is the result of Best.
type Plan struct {
	// Purchases, by month, then by the catalog's package order.
	Purchases []Purchase
	// Cost is the plan's prepaid + postpaid spend inside the horizon as the
	// search computed it (the caller re-runs the ledger to report it).
	Cost decimal.Decimal
	// Feasible: the plan leaves no minute unserved.
	Feasible bool
	// Optimal: the search proved that no plan costs less.
	Optimal bool
}

// Best returns a cheapest feasible plan of p (see the package doc).
func Best(p *Problem) (*Plan, error) {
	c := p.Catalog
	H := len(p.Billed)
	if c == nil || H == 0 {
		return nil, fmt.Errorf("optimize: empty problem")
	}
	for _, row := range p.Billed {
		if len(row) != len(c.Meters) {
			return nil, fmt.Errorf("optimize: a month has %d meters, the catalog %d", len(row), len(c.Meters))
		}
		for _, v := range row {
			if v < 0 || v > maxBilled {
				return nil, fmt.Errorf("optimize: usage %d outside 0..%d", v, int64(maxBilled))
			}
		}
	}
	win, err := windows(c, p.Start, H)
	if err != nil {
		return nil, err
	}
	b := newBudget(p.Budget)
	net := netDemand(c, p.Billed)

	trialMeter, trialSize := -1, int64(0)
	if p.Trial {
		tp, ok := c.Package(c.Trial)
		if !ok {
			return nil, fmt.Errorf("optimize: catalog %s grants no trial", c.ID)
		}
		trialMeter, _ = c.MeterIndex(tp.Meter)
		trialSize = tp.Minutes
	}

	meters := make([]*meterData, len(c.Meters))
	for m := range c.Meters {
		var ts int64
		if m == trialMeter {
			ts = trialSize
		}
		meters[m] = newMeterData(c, m, net[m], win, ts)
	}

	s := &search{c: c, H: H, meters: meters, budget: b, cache: map[runKey]*runResult{}, spread: 1}
	var best *combo
	if c.Postpaid == catalog.PostpaidAlways {
		best = s.combine(0, nil)
	} else {
		best = s.afterPaid()
	}
	if best == nil {
		return &Plan{Feasible: false, Optimal: !b.inexact}, nil
	}
	plan := &Plan{Cost: best.cost, Feasible: true, Optimal: !b.inexact && best.exact}
	agg := map[[2]int]int64{}
	for _, r := range best.runs {
		for _, pu := range r.purchases {
			agg[[2]int{pu.Month, pu.Package}] += pu.Count
		}
	}
	for k, n := range agg {
		if n > 0 {
			plan.Purchases = append(plan.Purchases, Purchase{Month: k[0], Package: k[1], Count: n})
		}
	}
	// Keys are unique, so the stable sort is the sort; sort.SliceStable
	// is the one sort code of package sort that calc.wasm links.
	sort.SliceStable(plan.Purchases, func(i, j int) bool {
		a, b := plan.Purchases[i], plan.Purchases[j]
		if a.Month != b.Month {
			return a.Month < b.Month
		}
		return a.Package < b.Package
	})
	// docs/billing.md §4.4, the tie rule: as late as the same cost allows.
	plan.Purchases, _ = postpone(c, meters, plan.Purchases)
	return plan, nil
}

// windows returns, for each horizon month k, the end (exclusive, capped
// at H) of the months a lot bought on k's first day pays for. It checks
// the model's assumption that expiry grows with the purchase month.
func windows(c *catalog.Catalog, start civil.Month, H int) ([]int, error) {
	win := make([]int, H)
	var prev civil.Date
	for k := 0; k < H; k++ {
		exp := c.Expiry(start.AddMonths(k).First())
		if k > 0 && !prev.Before(exp) {
			return nil, fmt.Errorf("optimize: catalog %s: expiry does not grow with the purchase month", c.ID)
		}
		prev = exp
		e := k
		for e < H && !exp.Before(start.AddMonths(e).Last()) {
			e++
		}
		win[k] = e
	}
	return win, nil
}

// netDemand is billed minutes less the free allowance, per meter and
// month ([meter][month]): the ledger's step 2, which no purchase changes.
func netDemand(c *catalog.Catalog, billed [][]int64) [][]int64 {
	out := make([][]int64, len(c.Meters))
	for m := range out {
		out[m] = make([]int64, len(billed))
	}
	for t, row := range billed {
		for m, v := range row {
			out[m][t] = v
		}
		if f := c.FreeAllowance; f != nil {
			left := f.MinutesPerMonth
			for _, id := range f.Order {
				m, _ := c.MeterIndex(id)
				x := min(left, out[m][t])
				out[m][t] -= x
				left -= x
			}
		}
	}
	return out
}

// search runs and combines per-meter searches.
type search struct {
	c      *catalog.Catalog
	H      int
	meters []*meterData
	budget *budget
	cache  map[runKey]*runResult
	// spread divides a run's share of the budget left (see run).
	spread int
}

type runKey struct{ meter, tau, pin int }

// combo is a plan over all meters.
type combo struct {
	cost  decimal.Decimal
	runs  []*runResult
	exact bool
}

// run returns the (cached) result of one meter's search; left is the
// number of meters (this one included) still to run in this combination.
func (s *search) run(m, tau, pin, left int) *runResult {
	k := runKey{m, tau, pin}
	if r, ok := s.cache[k]; ok {
		return r
	}
	// A run may use four times its even share of the budget left, so
	// that one hard meter does not leave the others only their floors.
	b := s.budget
	b.runShare = max(b.maxWork-b.work, 0) * 4 / int64(max(left, 1)*s.spread)
	b.runEnd = b.work + b.runShare
	r := s.meters[m].run(tau, pin, b)
	b.runEnd, b.runShare = math.MaxInt64/4, 0
	s.cache[k] = r
	return r
}

// combine optimizes every meter with postpaid on from month tau, pin
// (meter, package) bought in month tau; nil when some meter is
// infeasible.
func (s *search) combine(tau int, pin *[2]int) *combo {
	cb := &combo{exact: true}
	left := 0
	for _, md := range s.meters {
		if !md.idle() {
			left++
		}
	}
	for m, md := range s.meters {
		p := -1
		if pin != nil && pin[0] == m {
			p = pin[1]
		}
		if p < 0 && md.idle() {
			continue
		}
		r := s.run(m, tau, p, left)
		left--
		if !r.feasible {
			return nil
		}
		cb.cost = cb.cost.Add(r.cost)
		cb.runs = append(cb.runs, r)
		cb.exact = cb.exact && r.exact
	}
	return cb
}

// afterPaid searches a catalog whose postpaid starts with the first paid
// package: every month tau and activating package q of that first
// purchase, and never activating. Pins are tried cheapest first, and a
// pin is skipped when a lower bound on its plans (its price and the
// least cost per minute of the demand it leaves) is no less than the best
// plan found, or when an unlimited package of its meter is as large and
// no dearer (pinning that one instead covers at least as much for no
// more).
func (s *search) afterPaid() *combo {
	s.spread = 4                // leave most of the budget to the activating purchases
	best := s.combine(s.H, nil) // never: postpaid stays off
	s.spread = 1
	pins := s.pinsByBound()
	for tau := 0; tau < s.H; tau++ {
		if !s.coverableBefore(tau) {
			break // and so for every later month
		}
		var done bool
		if best, done = s.activateIn(tau, pins, best); done {
			return best
		}
	}
	return best
}

// pin is an activating package (meter m, index i in its pkgs) to buy
// first, with a lower bound on the plans that do.
type pin struct {
	m, i int
	lb   decimal.Decimal
}

// pinsByBound lists the activating packages worth pinning, by their
// lower bound: the package's price and the demand it leaves at the least
// cost per minute. A package that an unlimited activating package as
// large and no dearer replaces is left out (rule 3).
func (s *search) pinsByBound() []pin {
	var pins []pin
	for m, md := range s.meters {
		for i := range md.pkgs {
			p := &md.pkgs[i]
			if !p.activates || md.pinDominated(i) {
				continue
			}
			lb := s.c.Packages[p.idx].Price
			for m2, md2 := range s.meters {
				left := md2.A[md2.H] - md2.trial
				if m2 == m {
					left -= p.size
				}
				lb = lb.Add(md2.leastCost(left))
			}
			pins = append(pins, pin{m, i, lb})
		}
	}
	// Their order is sorted, not the pins themselves: a []pin in an
	// interface (sort.SliceStable) or a generic dictionary
	// (slices.SortStableFunc) would keep the Format methods of decimal
	// and math/big in calc.wasm, as the linker keeps them for any type
	// an interface value could reach.
	order := make([]int, len(pins))
	for k := range order {
		order[k] = k
	}
	sort.SliceStable(order, func(a, b int) bool { return pins[order[a]].lb.LessThan(pins[order[b]].lb) })
	sorted := make([]pin, len(pins))
	for k, o := range order {
		sorted[k] = pins[o]
	}
	return sorted
}

// activateIn tries postpaid turning on in month tau with each pin, in
// order of bound, until the bound reaches best; it returns the best plan
// and true when the search is far past its budget (stop trying).
func (s *search) activateIn(tau int, pins []pin, best *combo) (*combo, bool) {
	for _, p := range pins {
		if best != nil && !p.lb.LessThan(best.cost) {
			break // sorted: no later pin can do better
		}
		// Past the budget, runs return their floors (cheap searches),
		// so that every activation is tried at least that way, up to
		// the hard limit.
		if s.budget.work > 3*s.budget.maxWork && best != nil {
			s.budget.inexact = true
			return best, true
		}
		cb := s.combine(tau, &[2]int{p.m, p.i})
		if cb != nil && (best == nil || cb.cost.LessThan(best.cost)) {
			best = cb
		}
	}
	return best, false
}

// coverableBefore reports whether the demand of the months before tau
// may be covered with postpaid off: by the trial and the packages that
// do not turn postpaid on, within their per-account limits.
func (s *search) coverableBefore(tau int) bool {
	for _, md := range s.meters {
		room := md.trial
		for _, p := range md.pkgs {
			if p.activates {
				continue
			}
			if p.limit == 0 {
				room = math.MaxInt64
				break
			}
			room += p.size * int64(p.limit)
		}
		if md.A[tau] > room {
			return false
		}
	}
	return true
}
