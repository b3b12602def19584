// Package ledger computes monthly bills: given a catalog, the lots a
// customer holds and billed minutes per month and meter, it applies the
// free allowance, deducts lots in the catalog's order, bills or refuses
// the rest, forfeits what expires and reports balances (SPEC section 3).
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

// Run simulates the months of in and returns their statements.
func Run(in Input) *Simulation {
	c := in.Catalog
	nMeters := len(c.Meters)
	months := len(in.Billed)

	// The deduction order never changes: sort once, then group by meter.
	order := make([]int, len(in.Lots))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return Less(c, &in.Lots[order[i]], &in.Lots[order[j]]) })
	byMeter := make([][]int, nMeters)
	for _, i := range order {
		m := in.Lots[i].Meter
		byMeter[m] = append(byMeter[m], i)
	}
	// Lots in balance order: by purchase date, then input order.
	listing := make([]int, len(in.Lots))
	for i := range listing {
		listing[i] = i
	}
	sort.SliceStable(listing, func(i, j int) bool {
		a, b := &in.Lots[listing[i]], &in.Lots[listing[j]]
		if x := a.Purchased.Compare(b.Purchased); x != 0 {
			return x < 0
		}
		return a.Order < b.Order
	})

	// The first date postpaid is on, if the catalog switches it on.
	postpaidFrom := civil.Date{}
	postpaidEver := c.Postpaid == catalog.PostpaidAlways
	if c.Postpaid == catalog.PostpaidAfterPaidPackage {
		for i := range in.Lots {
			l := &in.Lots[i]
			if l.Package.ActivatesPostpaid && (!postpaidEver || l.Purchased.Before(postpaidFrom)) {
				postpaidFrom, postpaidEver = l.Purchased, true
			}
		}
	}

	var freeOrder []int
	var freePerMonth int64
	if f := c.FreeAllowance; f != nil {
		freePerMonth = f.MinutesPerMonth
		for _, id := range f.Order {
			m, _ := c.MeterIndex(id)
			freeOrder = append(freeOrder, m)
		}
	}

	balance := make([]int64, len(in.Lots))
	deducted := make([]int64, len(in.Lots))
	forfeited := make([]int64, len(in.Lots))
	for i := range in.Lots {
		balance[i] = in.Lots[i].Package.Minutes
	}

	sim := &Simulation{
		Catalog:  c.ID,
		Currency: c.Currency,
		Custom:   c.Custom,
		Start:    in.Start.String(),
		End:      in.Start.AddMonths(months - 1).String(),
		Months:   make([]Statement, 0, months),
	}
	var tot Totals
	free := make([]int64, nMeters)
	for k := 0; k < months; k++ {
		month := in.Start.AddMonths(k)
		first, last := month.First(), month.Last()
		billed := in.Billed[k]
		st := Statement{
			Month:     month.String(),
			Meters:    make([]MeterBill, 0, nMeters),
			Forfeited: []Forfeit{},
			Balances:  []Balance{},
		}
		st.PostpaidOn = postpaidEver && !last.Before(postpaidFrom)

		// Free allowance, in the catalog's meter order.
		clear(free)
		left := freePerMonth
		for _, m := range freeOrder {
			f := min(left, billed[m])
			free[m] = f
			left -= f
		}

		postpaid := decimal.Zero
		for m := 0; m < nMeters; m++ {
			mb := MeterBill{
				Meter:         c.Meters[m].ID,
				BilledMinutes: billed[m],
				FreeMinutes:   free[m],
				Deductions:    []Deduction{},
			}
			need := billed[m] - free[m]
			for _, i := range byMeter[m] {
				if need == 0 {
					break
				}
				l := &in.Lots[i]
				if balance[i] == 0 || last.Before(l.Purchased) || l.Expires.Before(last) {
					continue
				}
				take := min(need, balance[i])
				balance[i] -= take
				deducted[i] += take
				need -= take
				mb.Deductions = append(mb.Deductions, Deduction{Lot: l.ID, Package: l.Package.ID, Minutes: take})
			}
			if st.PostpaidOn {
				mb.OverageMinutes = need
			} else {
				mb.UnservedMinutes = need
			}
			mb.OverageCost = decimal.NewFromInt(mb.OverageMinutes).Mul(c.Meters[m].OveragePer1000).Shift(-3)
			postpaid = postpaid.Add(mb.OverageCost)
			if mb.UnservedMinutes > 0 {
				st.ServiceStopped = true
				tot.UnservedMinutes += mb.UnservedMinutes
			}
			st.Meters = append(st.Meters, mb)
		}

		prepaid := decimal.Zero
		for _, i := range listing {
			l := &in.Lots[i]
			if last.Before(l.Purchased) {
				continue
			}
			if !l.Purchased.Before(first) {
				prepaid = prepaid.Add(l.Package.Price)
			}
			if l.Expires.Before(first) {
				continue // expired in an earlier month
			}
			if l.Expires.MonthOf() == month && balance[i] > 0 {
				st.Forfeited = append(st.Forfeited, Forfeit{Lot: l.ID, Package: l.Package.ID, Minutes: balance[i]})
				forfeited[i] += balance[i]
				tot.ForfeitedMinutes += balance[i]
				balance[i] = 0
			}
			st.Balances = append(st.Balances, Balance{Lot: l.ID, Package: l.Package.ID, Remaining: balance[i], Expires: l.Expires.String()})
		}
		st.Prepaid = prepaid
		st.Postpaid = postpaid
		st.Payable = postpaid.Round(2)
		tot.Prepaid = tot.Prepaid.Add(prepaid)
		tot.Postpaid = tot.Postpaid.Add(postpaid)
		tot.Payable = tot.Payable.Add(st.Payable)
		if st.ServiceStopped {
			tot.ServiceStopped++
		}
		sim.Months = append(sim.Months, st)
	}
	tot.Total = tot.Prepaid.Add(tot.Postpaid)
	sim.Totals = tot

	sim.Lots = make([]LotInfo, len(in.Lots))
	for i := range in.Lots {
		l := &in.Lots[i]
		sim.Lots[i] = LotInfo{
			Lot: l.ID, Package: l.Package.ID, Meter: l.Package.Meter, Purchase: l.Purchase,
			Purchased: l.Purchased.String(), Expires: l.Expires.String(),
			Minutes: l.Package.Minutes, Price: l.Package.Price,
			Deducted: deducted[i], Forfeited: forfeited[i], Remaining: balance[i],
		}
	}
	return sim
}
