package optimize

import (
	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/calc/catalog"
)

// The tie rule of docs/billing.md §4.4: among plans of least cost, best buys as late
// as it can; no lot of it can be bought one horizon month later without
// raising the cost or leaving a minute unserved. The search returns some
// least-cost plan; postpone moves its lots later, one month at a time,
// while the cost stays the same and every minute is served, until no lot
// can move. Every move makes the sum of the lots' purchase months larger,
// so this ends; the order of the moves is fixed (months in order, so
// that a lot can travel several months in one pass), so the plan is
// deterministic. Counts move in bulk (all of a purchase line, then half,
// and so on down to one lot), so a line of a million packages takes
// about twenty tries, not a million.

// postponer evaluates plans exactly with the walk of the package doc.
type postponer struct {
	c      *catalog.Catalog
	H      int
	meters []*meterData
	// pkgMeter, pkgPos: the meter of a catalog package and its index in
	// that meter's pkgs (-1: not purchasable).
	pkgMeter, pkgPos []int
	// minutes[m][k]: the minutes the plan buys on meter m in month k (the
	// trial in month 0).
	minutes [][]int64
	price   []int64 // per meter, scaled: what the plan pays for packages
	cost    []int64 // per meter, scaled: price + overage, at tau
	tau     int     // the month postpaid turns on (0: always; H: never)
	// counts[k*len(Packages)+i]: packages i bought in month k.
	counts []int64
}

func (pp *postponer) at(k, pkg int) *int64 { return &pp.counts[k*len(pp.c.Packages)+pkg] }

// postpone returns plan's purchases moved as late as the tie rule asks,
// and reports false (purchases unchanged) for a meter whose prices cannot
// be scaled to integers (not searched, see fallback).
func postpone(c *catalog.Catalog, meters []*meterData, purchases []Purchase) ([]Purchase, bool) {
	pp := newPostponer(c, meters, purchases)
	if pp == nil {
		return purchases, false
	}
	pp.moveLater()
	return pp.purchases(), true
}

// newPostponer indexes the plan: its counts per month and package, and
// per meter its minutes per month, what it pays for packages and its
// cost. nil when a meter was not searched or the plan is not feasible.
func newPostponer(c *catalog.Catalog, meters []*meterData, purchases []Purchase) *postponer {
	H := meters[0].H
	pp := &postponer{c: c, H: H, meters: meters, counts: make([]int64, H*len(c.Packages))}
	if !pp.indexPackages() {
		return nil
	}
	for _, p := range purchases {
		if pp.pkgMeter[p.Package] < 0 {
			return nil
		}
		*pp.at(p.Month, p.Package) += p.Count
	}
	pp.minutes = make([][]int64, len(meters))
	pp.price = make([]int64, len(meters))
	pp.cost = make([]int64, len(meters))
	for m, md := range meters {
		pp.minutes[m] = make([]int64, H)
		pp.minutes[m][0] = md.trial
	}
	for _, pu := range purchases {
		m := pp.pkgMeter[pu.Package]
		p := &meters[m].pkgs[pp.pkgPos[pu.Package]]
		pp.minutes[m][pu.Month] += pu.Count * p.size
		pp.price[m] += pu.Count * p.price
	}
	pp.tau = pp.activation()
	for m := range meters {
		var ok bool
		if pp.cost[m], ok = pp.meterCost(m, pp.tau); !ok {
			return nil // not a feasible plan: leave it
		}
	}
	return pp
}

// indexPackages fills pkgMeter and pkgPos; false when a meter's prices
// could not be scaled (it was not searched).
func (pp *postponer) indexPackages() bool {
	pp.pkgMeter = make([]int, len(pp.c.Packages))
	pp.pkgPos = make([]int, len(pp.c.Packages))
	for i := range pp.pkgMeter {
		pp.pkgMeter[i], pp.pkgPos[i] = -1, -1
	}
	for m, md := range pp.meters {
		if md.scaleErr {
			return false
		}
		for i, p := range md.pkgs {
			pp.pkgMeter[p.idx], pp.pkgPos[p.idx] = m, i
		}
	}
	return true
}

// moveLater is the tie rule's fixed order of moves: months in order, then
// the catalog's package order; a whole purchase line, then half of it,
// down to one lot; again until no lot moves.
func (pp *postponer) moveLater() {
	for moved := true; moved; {
		moved = false
		for k := 0; k+1 < pp.H; k++ {
			for pkg := range pp.c.Packages {
				moved = pp.moveLine(k, pkg) || moved
			}
		}
	}
}

// moveLine moves what it can of package pkg's lots of month k to month
// k+1: all of them, else half, and so on down to one.
func (pp *postponer) moveLine(k, pkg int) bool {
	moved := false
	for n := *pp.at(k, pkg); n > 0; {
		if pp.try(k, pkg, n) {
			moved = true
			n = *pp.at(k, pkg)
		} else {
			n /= 2
		}
	}
	return moved
}

// purchases is the plan, by month then the catalog's package order.
func (pp *postponer) purchases() []Purchase {
	var out []Purchase
	for k := 0; k < pp.H; k++ {
		for pkg := range pp.c.Packages {
			if n := *pp.at(k, pkg); n > 0 {
				out = append(out, Purchase{Month: k, Package: pkg, Count: n})
			}
		}
	}
	return out
}

// activation is the month postpaid turns on: 0 for a catalog whose
// postpaid is always on, else the month of the first activating purchase
// (H: never).
func (pp *postponer) activation() int {
	if pp.c.Postpaid == catalog.PostpaidAlways {
		return 0
	}
	for k := 0; k < pp.H; k++ {
		for i := range pp.c.Packages {
			if *pp.at(k, i) > 0 && pp.c.Packages[i].ActivatesPostpaid {
				return k
			}
		}
	}
	return pp.H
}

// meterCost is meter m's cost (scaled) with postpaid on from tau: the
// plan's packages and the overage of the walk; false when a minute of a
// month before tau is left uncovered.
func (pp *postponer) meterCost(m, tau int) (int64, bool) {
	md := pp.meters[m]
	A, S := md.A, pp.minutes[m]
	var P, over int64
	uncovered := func(to int64) bool {
		if P < to {
			over += to - P
			if P < A[tau] {
				return false // a minute of a month before tau
			}
		}
		return true
	}
	for k := 0; k < pp.H; k++ {
		if S[k] == 0 {
			continue
		}
		if !uncovered(A[k]) {
			return 0, false
		}
		start := max(P, A[k])
		P = max(start, min(start+S[k], A[md.win[k]]))
	}
	if !uncovered(A[pp.H]) {
		return 0, false
	}
	return pp.price[m] + md.r*over, true
}

// try moves n lots of package pkg from month k to k+1 if the plan's cost
// stays the same and every minute is still served.
func (pp *postponer) try(k, pkg int, n int64) bool {
	m := pp.pkgMeter[pkg]
	size := pp.meters[m].pkgs[pp.pkgPos[pkg]].size
	apply := func(n int64) {
		*pp.at(k, pkg) -= n
		*pp.at(k+1, pkg) += n
		pp.minutes[m][k] -= n * size
		pp.minutes[m][k+1] += n * size
	}
	apply(n)
	tau := pp.tau
	if pp.c.Packages[pkg].ActivatesPostpaid && k == pp.tau {
		tau = pp.activation()
	}
	if tau == pp.tau {
		if c, ok := pp.meterCost(m, tau); ok && c == pp.cost[m] {
			return true
		}
		apply(-n)
		return false
	}
	// Postpaid turns on later: every meter's bill may change.
	costs := make([]int64, len(pp.meters))
	before, after := decimal.Zero, decimal.Zero
	for m2, md := range pp.meters {
		c, ok := pp.meterCost(m2, tau)
		if !ok {
			apply(-n)
			return false
		}
		costs[m2] = c
		before = before.Add(decimal.New(pp.cost[m2], -md.scale))
		after = after.Add(decimal.New(c, -md.scale))
	}
	if !after.Equal(before) {
		apply(-n)
		return false
	}
	pp.tau, pp.cost = tau, costs
	return true
}
