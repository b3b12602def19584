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

// SimulateRequest asks for the monthly statements of real purchases and
// usage from Start to End (months, "YYYY-MM", inclusive).
type SimulateRequest struct {
	Catalog CatalogRef
	Start   string
	End     string
	// Trial is the date ("YYYY-MM-DD") the catalog's trial was granted;
	// empty for none.
	Trial     string
	Purchases []Purchase
	Usage     []UsageRow
}

// Purchase is Count packages bought on Date ("YYYY-MM-DD"). Count must be
// at least 1; the JSON form defaults it to 1.
type Purchase struct {
	Package string
	Date    string
	Count   int64
}

// UsageRow is usage of one meter in one month, in minutes or in seconds
// (exactly one of them).
type UsageRow struct {
	Month   string
	Meter   string
	Minutes *decimal.Decimal
	Seconds *decimal.Decimal
}

// SimulateJSON decodes a JSON simulate request and runs it.
func SimulateJSON(data []byte) (*Simulation, error) {
	v, err := jsonin.Parse(data)
	if err != nil {
		return nil, err
	}
	req, err := DecodeSimulateRequest(v)
	if err != nil {
		return nil, err
	}
	return Simulate(req)
}

// DecodeSimulateRequest reads a simulate request from decoded JSON (as
// jsonin.Parse returns it), refusing fields the API does not define.
func DecodeSimulateRequest(v any) (*SimulateRequest, *Error) {
	r := &jsonin.Reader{}
	o := r.Object(v, "")
	req := &SimulateRequest{Catalog: readCatalogRef(o)}
	req.Start, _ = o.String("start")
	req.End, _ = o.String("end")
	req.Trial, _ = o.String("trial")
	if a, ok := o.Array("purchases", MaxPurchases); ok {
		for i, pv := range a {
			po := r.Object(pv, fault.Index("purchases", i))
			p := Purchase{Count: 1}
			p.Package, _ = po.String("package")
			p.Date, _ = po.String("date")
			if d, ok := po.Decimal("count"); ok {
				n, err := jsonin.Int(d, po.Field("count"), 1, MaxCount)
				if err != nil {
					r.Fail(err)
				}
				p.Count = n
			}
			po.Close()
			req.Purchases = append(req.Purchases, p)
		}
	}
	if a, ok := o.Array("usage", MaxUsageRows); ok {
		req.Usage = make([]UsageRow, 0, len(a))
		for i, uv := range a {
			uo := r.Object(uv, fault.Index("usage", i))
			var u UsageRow
			u.Month, _ = uo.String("month")
			u.Meter, _ = uo.String("meter")
			if d, ok := uo.Decimal("minutes"); ok {
				u.Minutes = &d
			}
			if d, ok := uo.Decimal("seconds"); ok {
				u.Seconds = &d
			}
			uo.Close()
			if r.Failed() {
				break
			}
			req.Usage = append(req.Usage, u)
		}
	}
	o.Close()
	if r.Failed() {
		return nil, r.Err()
	}
	return req, nil
}

// Simulate computes the monthly statements of a customer's purchases and
// usage (SPEC sections 2 and 3).
func Simulate(req *SimulateRequest) (*Simulation, error) {
	in, err := simulationInput(req)
	if err != nil {
		return nil, err
	}
	return ledger.Run(*in), nil
}

func simulationInput(req *SimulateRequest) (*ledger.Input, *fault.Error) {
	c, err := req.Catalog.resolve()
	if err != nil {
		return nil, err
	}
	start, end, err := monthRange(req.Start, req.End)
	if err != nil {
		return nil, err
	}
	months := end.Index() - start.Index() + 1
	in := &ledger.Input{Catalog: c, Start: start}

	inRange := func(field, s string) (civil.Date, *fault.Error) {
		d, err := readDate(field, s)
		if err != nil {
			return civil.Date{}, err
		}
		if d.Before(start.First()) || end.Last().Before(d) {
			return civil.Date{}, outsideRange(field, s, start, end)
		}
		return d, nil
	}

	if req.Trial != "" {
		if c.Trial == "" {
			return nil, trialNotGranted(c)
		}
		d, err := inRange("trial", req.Trial)
		if err != nil {
			return nil, err
		}
		p, _ := c.Package(c.Trial)
		in.Lots = append(in.Lots, ledger.NewLot(c, "trial", p, d, -1, -1))
	}

	bought := map[string]int64{}
	total := int64(0)
	for i, pr := range req.Purchases {
		f := fault.Index("purchases", i)
		p, err := purchasable(c, pr.Package, fault.Join(f, "package"))
		if err != nil {
			return nil, err
		}
		d, err := inRange(fault.Join(f, "date"), pr.Date)
		if err != nil {
			return nil, err
		}
		if pr.Count < 1 {
			return nil, jsonin.BelowMinimum(fault.Join(f, "count"), decimal.NewFromInt(pr.Count), 1)
		}
		if pr.Count > MaxCount {
			return nil, jsonin.AboveMaximum(fault.Join(f, "count"), strconv.FormatInt(pr.Count, 10), MaxCount)
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
			in.Lots = append(in.Lots, ledger.NewLot(c, id, p, d, i, len(in.Lots)))
		}
	}

	totals := usage.NewTotals(months, len(c.Meters))
	const maxSeconds = MaxMinutesAmount * 60
	for i, u := range req.Usage {
		f := fault.Index("usage", i)
		mo, err := readMonth(fault.Join(f, "month"), u.Month)
		if err != nil {
			return nil, err
		}
		if mo.Index() < start.Index() || mo.Index() > end.Index() {
			return nil, outsideRange(fault.Join(f, "month"), u.Month, start, end)
		}
		m, err := meterOf(c, u.Meter, fault.Join(f, "meter"))
		if err != nil {
			return nil, err
		}
		var secs decimal.Decimal
		switch {
		case u.Minutes != nil && u.Seconds != nil:
			return nil, fault.New(f, fault.MinutesAndSeconds, nil, "gives both minutes and seconds; give one")
		case u.Minutes != nil:
			if err := amount(*u.Minutes, fault.Join(f, "minutes"), MaxMinutesAmount); err != nil {
				return nil, err
			}
			secs = usage.Seconds(*u.Minutes)
		case u.Seconds != nil:
			if err := amount(*u.Seconds, fault.Join(f, "seconds"), maxSeconds); err != nil {
				return nil, err
			}
			secs = *u.Seconds
		default:
			return nil, fault.New(f, fault.NoMinutesOrSeconds, nil, "needs minutes or seconds")
		}
		totals.Add(mo.Index()-start.Index(), m, secs)
	}
	in.Billed = totals.Billed()
	return in, nil
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
