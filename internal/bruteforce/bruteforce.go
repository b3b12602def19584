// Package bruteforce enumerates every purchase plan of a space complete
// enough to hold a cheapest plan, for the tests that compare the
// optimizer with the least total of all plans: calc/optimize's
// exhaustive tests (plans priced by the ledger) and calc's end-to-end
// quote tests (priced by Simulate). It is written once so that both
// tests enumerate the same space, argued once here.
//
// The space: packages are bought only on the first day of a horizon
// month with usage on some meter (a purchase in a month with no usage at
// all moves to the next month without covering less or turning postpaid
// on too late), and a month's purchase for one meter is a multiset of
// that meter's purchasable packages from which no package p can be
// dropped, except the one package turning postpaid on: with W the
// meter's demand in the months the purchase pays for (an upper bound on
// what it can cover), a multiset of S minutes with S − size(p) ≥ W
// covers exactly as much without p, and dropping p never costs more.
// Per-account limits (maxPerAccount) hold across the whole plan.
package bruteforce

import (
	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/calc/catalog"
	"github.com/rtcprice/rtcprice/calc/civil"
)

// Purchase is Count packages Package (an index in the catalog's
// Packages) bought on the first day of horizon month Month (0-based).
type Purchase struct {
	Month   int
	Package int
	Count   int64
}

// slot is one month's purchase for one meter: its choices, as counts
// per package index.
type slot struct {
	month   int
	choices [][]int64
}

// Least returns the least total over the plans that price reports
// feasible (found false when none is), and how many plans it priced; ok
// is false, and nothing is priced, when the space holds more than limit
// plans.
func Least(c *catalog.Catalog, start civil.Month, billed [][]int64, limit int,
	price func([]Purchase) (total decimal.Decimal, feasible bool)) (best decimal.Decimal, found bool, runs int, ok bool) {
	runs, ok = Plans(c, start, billed, limit, func(ps []Purchase) {
		if total, feasible := price(ps); feasible && (!found || total.LessThan(best)) {
			best, found = total, true
		}
	})
	return best, found, runs, ok
}

// Plans calls visit with every plan of the space (see the package doc;
// the slice is reused between calls) and returns how many; ok is false,
// and visit is not called, when the space holds more than limit plans.
func Plans(c *catalog.Catalog, start civil.Month, billed [][]int64, limit int, visit func([]Purchase)) (runs int, ok bool) {
	slots, ok := space(c, start, billed, limit)
	if !ok {
		return 0, false
	}
	e := &enum{c: c, slots: slots, bought: make([]int64, len(c.Packages)), visit: visit}
	e.rec(0)
	return e.runs, true
}

// space lists the slots with more than one choice; false past limit
// plans.
func space(c *catalog.Catalog, start civil.Month, billed [][]int64, limit int) ([]slot, bool) {
	H := len(billed)
	var slots []slot
	size := 1
	for k := 0; k < H; k++ {
		used := false
		for _, v := range billed[k] {
			used = used || v > 0
		}
		if !used {
			continue
		}
		end := WindowEnd(c, start, H, k)
		for mi, m := range c.Meters {
			var W int64
			for t := k; t < end; t++ {
				W += billed[t][mi]
			}
			ch := Cohorts(c, m.ID, W)
			if len(ch) <= 1 {
				continue
			}
			slots = append(slots, slot{k, ch})
			if size *= len(ch); size > limit {
				return nil, false
			}
		}
	}
	return slots, true
}

// WindowEnd is the first horizon month (at most H) that a lot bought on
// the first day of month k no longer pays for.
func WindowEnd(c *catalog.Catalog, start civil.Month, H, k int) int {
	exp := c.Expiry(start.AddMonths(k).First())
	e := k
	for e < H && !exp.Before(start.AddMonths(e).Last()) {
		e++
	}
	return e
}

// Cohorts lists the multisets of meter's purchasable packages one month
// may buy (counts per package index) when W is the meter's demand in the
// months they pay for: none from which a package can be dropped (see the
// package doc), none past a package's per-account limit.
func Cohorts(c *catalog.Catalog, meter string, W int64) [][]int64 {
	var pk []int
	for i, p := range c.Packages {
		if p.Purchasable && p.Meter == meter {
			pk = append(pk, i)
		}
	}
	co := &cohorts{c: c, pk: pk, W: W, cur: make([]int64, len(c.Packages))}
	co.rec(0, 0)
	return co.out
}

type cohorts struct {
	c   *catalog.Catalog
	pk  []int
	W   int64
	cur []int64
	out [][]int64
}

// rec chooses the count of pk[i] and on; total is the minutes so far.
// W/size + 1 copies of a package already reach W with one to spare, so
// no more are tried.
func (co *cohorts) rec(i int, total int64) {
	if i == len(co.pk) {
		if !co.droppable(total) {
			co.out = append(co.out, append([]int64(nil), co.cur...))
		}
		return
	}
	p := &co.c.Packages[co.pk[i]]
	top := co.W/p.Minutes + 1
	if p.MaxPerAccount > 0 {
		top = min(top, int64(p.MaxPerAccount))
	}
	for n := int64(0); n <= top; n++ {
		co.cur[co.pk[i]] = n
		co.rec(i+1, total+n*p.Minutes)
	}
	co.cur[co.pk[i]] = 0
}

// droppable reports a package of the current multiset (of total
// minutes) that the rest covers W without, other than its only package
// turning postpaid on.
func (co *cohorts) droppable(total int64) bool {
	acts := int64(0)
	for _, j := range co.pk {
		if co.c.Packages[j].ActivatesPostpaid {
			acts += co.cur[j]
		}
	}
	for _, j := range co.pk {
		p := &co.c.Packages[j]
		if co.cur[j] > 0 && !(p.ActivatesPostpaid && acts == 1) && total-p.Minutes >= co.W {
			return true
		}
	}
	return false
}

// enum walks the product of the slots' choices.
type enum struct {
	c      *catalog.Catalog
	slots  []slot
	bought []int64 // per package index, over the plan so far
	ps     []Purchase
	runs   int
	visit  func([]Purchase)
}

func (e *enum) rec(i int) {
	if i == len(e.slots) {
		if e.withinLimits() {
			e.runs++
			e.visit(e.ps)
		}
		return
	}
	for _, ch := range e.slots[i].choices {
		n := len(e.ps)
		for j, cnt := range ch {
			if cnt > 0 {
				e.ps = append(e.ps, Purchase{Month: e.slots[i].month, Package: j, Count: cnt})
				e.bought[j] += cnt
			}
		}
		e.rec(i + 1)
		for _, p := range e.ps[n:] {
			e.bought[p.Package] -= p.Count
		}
		e.ps = e.ps[:n]
	}
}

// withinLimits reports the plan within every per-account limit.
func (e *enum) withinLimits() bool {
	for j, p := range e.c.Packages {
		if p.MaxPerAccount > 0 && e.bought[j] > int64(p.MaxPerAccount) {
			return false
		}
	}
	return true
}
