package calc

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/calc/catalog"
	"github.com/rtcprice/rtcprice/calc/civil"
	"github.com/rtcprice/rtcprice/calc/fault"
	"github.com/rtcprice/rtcprice/calc/jsonin"
	"github.com/rtcprice/rtcprice/calc/ledger"
	"github.com/rtcprice/rtcprice/calc/usage"
)

// simulationInput checks a simulate request and turns it into the
// ledger's input, section by section: the catalog and the simulated
// months, the trial, the purchases, the usage.
func simulationInput(req *SimulateRequest) (*ledger.Input, *fault.Error) {
	c, err := req.Catalog.resolve()
	if err != nil {
		return nil, err
	}
	start, end, err := monthRange(req.Start, req.End)
	if err != nil {
		return nil, err
	}
	span := simulated{start: start, end: end}
	in := &ledger.Input{Catalog: c, Start: start}
	if in.Lots, err = trialLot(c, req.Trial, span); err != nil {
		return nil, err
	}
	if in.Lots, err = purchaseLots(c, req.Purchases, span, in.Lots); err != nil {
		return nil, err
	}
	if in.Billed, err = billedUsage(c, req.Usage, span); err != nil {
		return nil, err
	}
	return in, nil
}

// simulated is the months a simulate request bills, start to end.
type simulated struct {
	start, end civil.Month
}

// months is how many months are simulated.
func (s simulated) months() int { return s.end.Index() - s.start.Index() + 1 }

// date reads a required date that must fall in the simulated months.
func (s simulated) date(field, text string) (civil.Date, *fault.Error) {
	d, err := readDate(field, text)
	if err != nil {
		return civil.Date{}, err
	}
	if d.Before(s.start.First()) || s.end.Last().Before(d) {
		return civil.Date{}, outsideRange(field, text, s.start, s.end)
	}
	return d, nil
}

// month reads a required month that must be one of the simulated months.
func (s simulated) month(field, text string) (civil.Month, *fault.Error) {
	mo, err := readMonth(field, text)
	if err != nil {
		return civil.Month{}, err
	}
	if mo.Index() < s.start.Index() || mo.Index() > s.end.Index() {
		return civil.Month{}, outsideRange(field, text, s.start, s.end)
	}
	return mo, nil
}

// trialLot reads "trial", the date the catalog's trial package was
// granted (SPEC §3): no lot when it is empty.
func trialLot(c *catalog.Catalog, date string, span simulated) ([]ledger.Lot, *fault.Error) {
	if date == "" {
		return nil, nil
	}
	if c.Trial == "" {
		return nil, trialNotGranted(c)
	}
	d, err := span.date("trial", date)
	if err != nil {
		return nil, err
	}
	p, _ := c.Package(c.Trial)
	return []ledger.Lot{ledger.NewLot(c, "trial", p, d, -1, -1)}, nil
}

// purchaseLots reads "purchases" and appends their lots to lots: one lot
// per package bought, counts expanded, within the catalog's limit per
// account and MaxLots in all.
func purchaseLots(c *catalog.Catalog, purchases []Purchase, span simulated, lots []ledger.Lot) ([]ledger.Lot, *fault.Error) {
	bought := map[string]int64{}
	total := int64(0)
	for i, pr := range purchases {
		f := fault.Index("purchases", i)
		p, err := purchasable(c, pr.Package, fault.Join(f, "package"))
		if err != nil {
			return nil, err
		}
		d, err := span.date(fault.Join(f, "date"), pr.Date)
		if err != nil {
			return nil, err
		}
		if err := purchaseCount(pr.Count, fault.Join(f, "count")); err != nil {
			return nil, err
		}
		if p.MaxPerAccount > 0 && bought[p.ID]+pr.Count > int64(p.MaxPerAccount) {
			field := fault.Join(f, "package")
			if pr.Count > int64(p.MaxPerAccount) {
				field = fault.Join(f, "count")
			}
			return nil, fault.New(field, fault.MaxPerAccount, fault.Params{"package": p.ID, "max": p.MaxPerAccount},
				"package %q can be bought at most %d time(s) per account", p.ID, p.MaxPerAccount)
		}
		bought[p.ID] += pr.Count
		total += pr.Count
		if total > MaxLots {
			return nil, fault.New(fault.Join(f, "count"), fault.TooManyLots, fault.Params{"limit": MaxLots},
				"the purchases make more than %d lots", MaxLots)
		}
		for k := int64(1); k <= pr.Count; k++ {
			id := fmt.Sprintf("P%d", i+1)
			if pr.Count > 1 {
				id = fmt.Sprintf("P%d.%d", i+1, k)
			}
			lots = append(lots, ledger.NewLot(c, id, p, d, i, len(lots)))
		}
	}
	return lots, nil
}

// purchaseCount checks the count of one purchase: 1 to MaxCount.
func purchaseCount(n int64, field string) *fault.Error {
	if n < 1 {
		return jsonin.BelowMinimum(field, decimal.NewFromInt(n), 1)
	}
	if n > MaxCount {
		return jsonin.AboveMaximum(field, strconv.FormatInt(n, 10), MaxCount)
	}
	return nil
}

// billedUsage reads "usage" into billed minutes per month and meter:
// rows of a month and meter summed, then rounded once (SPEC §2).
func billedUsage(c *catalog.Catalog, rows []UsageRow, span simulated) ([][]int64, *fault.Error) {
	totals := usage.NewTotals(span.months(), len(c.Meters))
	for i, u := range rows {
		f := fault.Index("usage", i)
		mo, err := span.month(fault.Join(f, "month"), u.Month)
		if err != nil {
			return nil, err
		}
		m, err := meterOf(c, u.Meter, fault.Join(f, "meter"))
		if err != nil {
			return nil, err
		}
		secs, err := usageSeconds(u, f)
		if err != nil {
			return nil, err
		}
		totals.Add(mo.Index()-span.start.Index(), m, secs)
	}
	return totals.Billed(), nil
}

// usageSeconds is a usage row's amount in seconds: its minutes or its
// seconds, exactly one of them, within MaxMinutesAmount minutes.
func usageSeconds(u UsageRow, field string) (decimal.Decimal, *fault.Error) {
	const maxSeconds = MaxMinutesAmount * 60
	switch {
	case u.Minutes != nil && u.Seconds != nil:
		return decimal.Decimal{}, fault.New(field, fault.MinutesAndSeconds, nil, "gives both minutes and seconds; give one")
	case u.Minutes != nil:
		if err := amount(*u.Minutes, fault.Join(field, "minutes"), MaxMinutesAmount); err != nil {
			return decimal.Decimal{}, err
		}
		return usage.Seconds(*u.Minutes), nil
	case u.Seconds != nil:
		if err := amount(*u.Seconds, fault.Join(field, "seconds"), maxSeconds); err != nil {
			return decimal.Decimal{}, err
		}
		return *u.Seconds, nil
	default:
		return decimal.Decimal{}, fault.New(field, fault.NoMinutesOrSeconds, nil, "needs minutes or seconds")
	}
}

// monthRange parses and checks start and end.
func monthRange(s, e string) (civil.Month, civil.Month, *fault.Error) {
	var start, end civil.Month
	for _, x := range []struct {
		field, s string
		to       *civil.Month
	}{{"start", s, &start}, {"end", e, &end}} {
		m, err := readMonth(x.field, x.s)
		if err != nil {
			return start, end, err
		}
		*x.to = m
	}
	n := end.Index() - start.Index() + 1
	if n < 1 {
		return start, end, fault.New("end", fault.EndBeforeStart, fault.Params{"start": start.String(), "end": end.String()},
			"%s is before start %s", end, start)
	}
	if n > MaxSimulateMonths {
		return start, end, fault.New("end", fault.TooManyMonths, fault.Params{"months": n, "limit": MaxSimulateMonths},
			"%d months from start; at most %d can be simulated", n, MaxSimulateMonths)
	}
	return start, end, nil
}

// purchasable looks up a package a request buys.
func purchasable(c *catalog.Catalog, id, field string) (*catalog.Package, *fault.Error) {
	if id == "" {
		return nil, fault.New(field, fault.Required, nil, "is required")
	}
	p, ok := c.Package(id)
	if !ok {
		return nil, fault.New(field, fault.PackageNotFound, fault.Params{"value": id, "catalog": c.ID},
			"%q is not a package of %s", id, c.ID)
	}
	if !p.Purchasable {
		return nil, fault.New(field, fault.PackageNotPurchasable, fault.Params{"package": id},
			"package %q cannot be bought: it is granted", id)
	}
	return p, nil
}

// meterOf looks up a meter a request names.
func meterOf(c *catalog.Catalog, id, field string) (int, *fault.Error) {
	if id == "" {
		return 0, fault.New(field, fault.Required, nil, "is required")
	}
	m, ok := c.MeterIndex(id)
	if !ok {
		return 0, fault.New(field, fault.MeterNotFound, fault.Params{"value": id, "catalog": c.ID},
			"%q is not a meter of %s", id, c.ID)
	}
	return m, nil
}

// amount checks a usage amount: not negative, not past max.
func amount(d decimal.Decimal, field string, max int64) *fault.Error {
	if d.IsNegative() {
		return jsonin.Negative(field, d)
	}
	if d.GreaterThan(decimal.NewFromInt(max)) {
		return jsonin.AboveMaximum(field, d.String(), max)
	}
	return nil
}

// trialNotGranted is the error of a trial asked of a catalog that grants
// none.
func trialNotGranted(c *catalog.Catalog) *fault.Error {
	return fault.New("trial", fault.TrialNotGranted, fault.Params{"catalog": c.ID}, "catalog %s grants no trial", c.ID)
}
