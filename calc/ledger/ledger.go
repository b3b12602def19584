// Package ledger computes monthly bills: given a catalog, the lots a
// customer holds and billed minutes per month and meter, it applies the
// free allowance, deducts lots in the catalog's order, bills or refuses
// the rest, forfeits what expires and reports balances (docs/billing.md
// §3).
//
// Run trusts its input: the calc facade validates requests first.
package ledger

import (
	"sort"

	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/calc/catalog"
	"github.com/rtcprice/rtcprice/calc/civil"
)

// Lot is one package bought or granted, with its own balance.
type Lot struct {
	ID        string
	Package   *catalog.Package
	Meter     int // index of the package's meter in the catalog
	Purchased civil.Date
	Expires   civil.Date
	// Purchase is the index of the purchase in the request, -1 for a trial.
	Purchase int
	// Order is the lot's position in input order; a trial has -1 so that
	// it comes before purchases on the same date.
	Order int
}

// Input is what Run bills.
type Input struct {
	Catalog *catalog.Catalog
	Start   civil.Month
	// Billed holds billed minutes per month (from Start) and meter index.
	// Its length is the number of months simulated.
	Billed [][]int64
	Lots   []Lot
}

// NewLot makes a lot of package p bought (or granted) on date d.
func NewLot(c *catalog.Catalog, id string, p *catalog.Package, d civil.Date, purchase, order int) Lot {
	m, _ := c.MeterIndex(p.Meter)
	return Lot{ID: id, Package: p, Meter: m, Purchased: d, Expires: c.Expiry(d), Purchase: purchase, Order: order}
}

// Less reports whether lot a is deducted before lot b under the
// catalog's tie-break order.
func Less(c *catalog.Catalog, a, b *Lot) bool {
	for _, key := range c.TieBreak {
		switch key {
		case catalog.TieExpiry:
			if x := a.Expires.Compare(b.Expires); x != 0 {
				return x < 0
			}
		case catalog.TieSize:
			if a.Package.Minutes != b.Package.Minutes {
				return a.Package.Minutes < b.Package.Minutes
			}
		case catalog.TiePurchase:
			if x := a.Purchased.Compare(b.Purchased); x != 0 {
				return x < 0
			}
		case catalog.TieInput:
			if a.Order != b.Order {
				return a.Order < b.Order
			}
		}
	}
	return false
}

// Run simulates the months of in and returns their statements. Each
// month is billed in the steps of docs/billing.md §3.3, one function
// each: free allowance (§3.4), deduction (§3.5), overage or unserved
// (§3.6), forfeiture (§3.7), prepaid spend and balances (§3.8).
func Run(in Input) *Simulation {
	b := newBook(in)
	months := len(in.Billed)
	sim := &Simulation{
		Catalog:  in.Catalog.ID,
		Currency: in.Catalog.Currency,
		Custom:   in.Catalog.Custom,
		Start:    in.Start.String(),
		End:      in.Start.AddMonths(months - 1).String(),
		Months:   make([]Statement, 0, months),
	}
	for k := 0; k < months; k++ {
		st := b.month(in.Start.AddMonths(k), in.Billed[k])
		b.tot.add(&st)
		sim.Months = append(sim.Months, st)
	}
	b.tot.Total = b.tot.Prepaid.Add(b.tot.Postpaid)
	sim.Totals = b.tot.Totals
	sim.Lots = b.lotInfo()
	return sim
}

// book is the state of a simulation between months: the lots' balances
// and what became of their minutes, and the orders the rules use.
type book struct {
	c    *catalog.Catalog
	lots []Lot
	// byMeter holds each meter's lots in deduction order (§3.5).
	byMeter [][]int
	// listing holds all lots in balance order: purchase date, then input.
	listing  []int
	postpaid postpaidRule
	free     freeRule

	balance, deducted, forfeited []int64
	tot                          totals
}

func newBook(in Input) *book {
	c := in.Catalog
	b := &book{
		c:         c,
		lots:      in.Lots,
		byMeter:   deductionOrder(c, in.Lots),
		listing:   balanceOrder(in.Lots),
		postpaid:  postpaidStart(c, in.Lots),
		free:      freeAllowanceOf(c),
		balance:   make([]int64, len(in.Lots)),
		deducted:  make([]int64, len(in.Lots)),
		forfeited: make([]int64, len(in.Lots)),
	}
	for i := range in.Lots {
		b.balance[i] = in.Lots[i].Package.Minutes
	}
	return b
}

// month bills one month from its billed minutes per meter (§2.3).
func (b *book) month(month civil.Month, billed []int64) Statement {
	c := b.c
	first, last := month.First(), month.Last()
	st := Statement{
		Month:      month.String(),
		Meters:     make([]MeterBill, 0, len(c.Meters)),
		PostpaidOn: b.postpaid.on(last),
	}
	free := b.free.apply(billed)
	st.Postpaid = decimal.Zero
	for m := range c.Meters {
		mb := MeterBill{Meter: c.Meters[m].ID, BilledMinutes: billed[m], FreeMinutes: free[m]}
		need := b.deduct(&mb, m, last, billed[m]-free[m])
		overageOrUnserved(&mb, need, st.PostpaidOn, c.Meters[m].OveragePer1000)
		st.Postpaid = st.Postpaid.Add(mb.OverageCost)
		if mb.UnservedMinutes > 0 {
			st.ServiceStopped = true
		}
		st.Meters = append(st.Meters, mb)
	}
	st.Forfeited = b.forfeitExpiring(month)
	st.Prepaid = b.prepaidSpend(first, last)
	st.Balances = b.balances(first, last)
	st.Payable = st.Postpaid.Round(2)
	return st
}

// deductionOrder groups lots by meter, each meter's in the catalog's
// deduction order (docs/billing.md §1.8, §1.13, §3.5). The order never
// changes over a simulation, so it is sorted once.
func deductionOrder(c *catalog.Catalog, lots []Lot) [][]int {
	order := make([]int, len(lots))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return Less(c, &lots[order[i]], &lots[order[j]]) })
	byMeter := make([][]int, len(c.Meters))
	for _, i := range order {
		m := lots[i].Meter
		byMeter[m] = append(byMeter[m], i)
	}
	return byMeter
}

// balanceOrder lists lots as statements show them: by purchase date, then
// input order (docs/billing.md §3.8).
func balanceOrder(lots []Lot) []int {
	listing := make([]int, len(lots))
	for i := range listing {
		listing[i] = i
	}
	sort.SliceStable(listing, func(i, j int) bool {
		a, b := &lots[listing[i]], &lots[listing[j]]
		if x := a.Purchased.Compare(b.Purchased); x != 0 {
			return x < 0
		}
		return a.Order < b.Order
	})
	return listing
}

// postpaidRule says from when uncovered usage is billed rather than
// refused (docs/billing.md §1.9, §1.14).
type postpaidRule struct {
	ever bool       // postpaid is on in some month
	from civil.Date // from the month of this date (zero: always)
}

// postpaidStart is the catalog's postpaid rule for these lots: always
// on, or on from the first purchase of a package that activates it.
func postpaidStart(c *catalog.Catalog, lots []Lot) postpaidRule {
	r := postpaidRule{ever: c.Postpaid == catalog.PostpaidAlways}
	if c.Postpaid == catalog.PostpaidAfterPaidPackage {
		for i := range lots {
			l := &lots[i]
			if l.Package.ActivatesPostpaid && (!r.ever || l.Purchased.Before(r.from)) {
				r.from, r.ever = l.Purchased, true
			}
		}
	}
	return r
}

// on reports whether postpaid is on in the month ending on last.
func (r postpaidRule) on(last civil.Date) bool {
	return r.ever && !last.Before(r.from)
}

// freeRule is a catalog's monthly free allowance (docs/billing.md §1.6).
type freeRule struct {
	perMonth int64
	order    []int // meter indexes, in the order the minutes go to them
	meters   int
}

func freeAllowanceOf(c *catalog.Catalog) freeRule {
	r := freeRule{meters: len(c.Meters)}
	if f := c.FreeAllowance; f != nil {
		r.perMonth = f.MinutesPerMonth
		for _, id := range f.Order {
			m, _ := c.MeterIndex(id)
			r.order = append(r.order, m)
		}
	}
	return r
}

// apply gives the month's free minutes to the meters in order, each
// taking up to its billed minutes, and returns the free minutes per
// meter (docs/billing.md §3.4). Unused minutes lapse.
func (r freeRule) apply(billed []int64) []int64 {
	free := make([]int64, r.meters)
	left := r.perMonth
	for _, m := range r.order {
		f := min(left, billed[m])
		free[m] = f
		left -= f
	}
	return free
}

// eligible reports whether lot l pays for the month ending on last:
// bought by then and not expiring before then (docs/billing.md §3.2).
func eligible(l *Lot, last civil.Date) bool {
	return !last.Before(l.Purchased) && !l.Expires.Before(last)
}

// deduct takes need minutes of meter m from its eligible lots in
// deduction order, each until it is empty, recording the deductions on
// mb, and returns what the lots could not cover (docs/billing.md §3.5).
func (b *book) deduct(mb *MeterBill, m int, last civil.Date, need int64) int64 {
	mb.Deductions = []Deduction{}
	for _, i := range b.byMeter[m] {
		if need == 0 {
			break
		}
		l := &b.lots[i]
		if b.balance[i] == 0 || !eligible(l, last) {
			continue
		}
		take := min(need, b.balance[i])
		b.balance[i] -= take
		b.deducted[i] += take
		need -= take
		mb.Deductions = append(mb.Deductions, Deduction{Lot: l.ID, Package: l.Package.ID, Minutes: take})
	}
	return need
}

// overageOrUnserved books the minutes the lots did not cover: overage at
// the meter's rate per 1,000 minutes, exact, when postpaid is on, else
// unserved at no cost (docs/billing.md §3.6, §3.9).
func overageOrUnserved(mb *MeterBill, uncovered int64, postpaidOn bool, ratePer1000 decimal.Decimal) {
	if postpaidOn {
		mb.OverageMinutes = uncovered
	} else {
		mb.UnservedMinutes = uncovered
	}
	mb.OverageCost = decimal.NewFromInt(mb.OverageMinutes).Mul(ratePer1000).Shift(-3)
}

// forfeitExpiring empties the lots whose expiry falls in month, after the
// month's deductions, and reports what they lose (docs/billing.md §3.7).
func (b *book) forfeitExpiring(month civil.Month) []Forfeit {
	out := []Forfeit{}
	for _, i := range b.listing {
		l := &b.lots[i]
		if l.Expires.MonthOf() != month || b.balance[i] == 0 || month.Last().Before(l.Purchased) {
			continue
		}
		out = append(out, Forfeit{Lot: l.ID, Package: l.Package.ID, Minutes: b.balance[i]})
		b.forfeited[i] += b.balance[i]
		b.balance[i] = 0
	}
	return out
}

// prepaidSpend is the price of the lots bought from first to last
// (docs/billing.md §3.8).
func (b *book) prepaidSpend(first, last civil.Date) decimal.Decimal {
	spend := decimal.Zero
	for _, i := range b.listing {
		l := &b.lots[i]
		if !l.Purchased.Before(first) && !last.Before(l.Purchased) {
			spend = spend.Add(l.Package.Price)
		}
	}
	return spend
}

// balances lists, at the end of the month from first to last, the lots
// bought by then and not expired before it began (docs/billing.md §3.8).
func (b *book) balances(first, last civil.Date) []Balance {
	out := []Balance{}
	for _, i := range b.listing {
		l := &b.lots[i]
		if last.Before(l.Purchased) || l.Expires.Before(first) {
			continue
		}
		out = append(out, Balance{Lot: l.ID, Package: l.Package.ID, Remaining: b.balance[i], Expires: l.Expires.String()})
	}
	return out
}

// totals sums the months of a simulation.
type totals struct{ Totals }

func (t *totals) add(st *Statement) {
	t.Prepaid = t.Prepaid.Add(st.Prepaid)
	t.Postpaid = t.Postpaid.Add(st.Postpaid)
	t.Payable = t.Payable.Add(st.Payable)
	for _, f := range st.Forfeited {
		t.ForfeitedMinutes += f.Minutes
	}
	for i := range st.Meters {
		t.UnservedMinutes += st.Meters[i].UnservedMinutes
	}
	if st.ServiceStopped {
		t.ServiceStopped++
	}
}

// lotInfo reports what became of each lot, in input order: its minutes
// are deducted + forfeited + remaining (docs/billing.md §3.10).
func (b *book) lotInfo() []LotInfo {
	out := make([]LotInfo, len(b.lots))
	for i := range b.lots {
		l := &b.lots[i]
		out[i] = LotInfo{
			Lot: l.ID, Package: l.Package.ID, Meter: l.Package.Meter, Purchase: l.Purchase,
			Purchased: l.Purchased.String(), Expires: l.Expires.String(),
			Minutes: l.Package.Minutes, Price: l.Package.Price,
			Deducted: b.deducted[i], Forfeited: b.forfeited[i], Remaining: b.balance[i],
		}
	}
	return out
}
