package calc

import (
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/calc/calls"
	"github.com/rtcprice/rtcprice/calc/catalog"
	"github.com/rtcprice/rtcprice/calc/civil"
	"github.com/rtcprice/rtcprice/calc/fault"
	"github.com/rtcprice/rtcprice/calc/jsonin"
	"github.com/rtcprice/rtcprice/calc/usage"
)

// quoteIn is a checked quote request.
type quoteIn struct {
	catalog *catalog.Catalog
	start   civil.Month
	months  int
	billed  [][]int64
	usage   []QuoteUsage
	calls   []calls.Row
}

// quoteInput checks a request and computes billed minutes per month,
// section by section: the catalog, the horizon, the trial, then the one
// form of usage given (usage, monthly or calls).
func quoteInput(req *QuoteRequest) (*quoteIn, *fault.Error) {
	c, err := req.Catalog.resolve()
	if err != nil {
		return nil, err
	}
	start, err := quoteHorizon(req.Start, req.Months)
	if err != nil {
		return nil, err
	}
	if req.Trial && c.Trial == "" {
		return nil, trialNotGranted(c)
	}
	form, err := usageForm(req)
	if err != nil {
		return nil, err
	}
	q := &quoteIn{catalog: c, start: start, months: req.Months, billed: make([][]int64, req.Months)}
	switch form {
	case "usage":
		err = q.readUsage(req.Usage)
	case "monthly":
		err = q.readMonthly(req.Monthly)
	case "calls":
		err = q.readCalls(req.Calls)
	}
	if err != nil {
		return nil, err
	}
	return q, nil
}

// quoteHorizon reads "start" and "months": 1 to MaxQuoteMonths months
// from start, ending by 9999-12.
func quoteHorizon(startText string, months int) (civil.Month, *fault.Error) {
	start, err := readMonth("start", startText)
	if err != nil {
		return civil.Month{}, err
	}
	switch {
	case months < 1:
		return civil.Month{}, jsonin.BelowMinimum("months", decimal.NewFromInt(int64(months)), 1)
	case months > MaxQuoteMonths:
		return civil.Month{}, jsonin.AboveMaximum("months", strconv.Itoa(months), MaxQuoteMonths)
	}
	if end := start.AddMonths(months - 1); end.Year > 9999 {
		return civil.Month{}, fault.New("months", fault.PastLastMonth, fault.Params{"start": start.String(), "months": months, "last": "9999-12"},
			"%d months from %s end after 9999-12", months, start)
	}
	return start, nil
}

// usageForm names the one form of usage a request gives: "usage",
// "monthly" or "calls".
func usageForm(req *QuoteRequest) (string, *fault.Error) {
	given := []string{}
	if req.Usage != nil {
		given = append(given, "usage")
	}
	if req.Monthly != nil {
		given = append(given, "monthly")
	}
	if req.Calls != nil {
		given = append(given, "calls")
	}
	switch len(given) {
	case 0:
		return "", fault.New("usage", fault.UsageRequired, nil, "is required: give one of usage, monthly or calls")
	case 1:
		return given[0], nil
	default:
		return "", fault.New(given[1], fault.UsageConflict, fault.Params{"other": given[0]},
			"cannot be given with %s: give one of usage, monthly or calls", given[0])
	}
}

// readUsage reads "usage": the same minutes per meter every month.
func (q *quoteIn) readUsage(amounts []MeterAmount) *fault.Error {
	b, order, err := billedRow(q.catalog, "usage", amounts)
	if err != nil {
		return err
	}
	for k := range q.billed {
		q.billed[k] = b
	}
	q.usage = usageRows(q.catalog, b, order, "", nil)
	return nil
}

// readMonthly reads "monthly": minutes per meter for each month of the
// horizon, one entry per month.
func (q *quoteIn) readMonthly(monthly [][]MeterAmount) *fault.Error {
	if len(monthly) != q.months {
		return fault.New("monthly", fault.MonthlyLength, fault.Params{"count": len(monthly), "months": q.months},
			"has %d months; months is %d", len(monthly), q.months)
	}
	q.usage = []QuoteUsage{}
	for k, amounts := range monthly {
		b, order, err := billedRow(q.catalog, fault.Index("monthly", k), amounts)
		if err != nil {
			return err
		}
		q.billed[k] = b
		q.usage = append(q.usage, usageRows(q.catalog, b, order, q.start.AddMonths(k).String(), nil)...)
	}
	return nil
}

// readCalls reads "calls": call profiles, the same every month, derived
// into meter minutes by the catalog's call model (docs/billing.md §5).
func (q *quoteIn) readCalls(profiles []calls.Profile) *fault.Error {
	c := q.catalog
	rows, err := calls.Derive(c, profiles, "calls")
	if err != nil {
		return err
	}
	q.calls = rows
	// The profile that takes a meter past the limit is the one named.
	sums := map[string]decimal.Decimal{}
	maxMinutes := decimal.NewFromInt(MaxMinutesAmount)
	for _, r := range rows {
		sums[r.Meter] = sums[r.Meter].Add(r.Minutes)
		if sums[r.Meter].GreaterThan(maxMinutes) {
			return fault.New(fault.Index("calls", r.Profile), fault.TooManyMinutes,
				fault.Params{"meter": r.Meter, "max": int64(MaxMinutesAmount)},
				"the profiles make more than %s minutes a month of %s", maxMinutes.String(), r.Meter)
		}
	}
	b := make([]int64, len(c.Meters))
	var order []int
	tiers := map[int]string{}
	for _, mt := range calls.Billed(rows) {
		m, ok := c.MeterIndex(mt.Meter)
		if !ok {
			return fault.Internal("call model names unknown meter %q", mt.Meter)
		}
		b[m] = mt.Billed
		order = append(order, m)
		tiers[m] = mt.Tier
	}
	for k := range q.billed {
		q.billed[k] = b
	}
	q.usage = usageRows(c, b, order, "", tiers)
	return nil
}

// billedRow turns one month's {meter: minutes} into billed minutes per
// meter, and the meters given in their order.
func billedRow(c *catalog.Catalog, field string, amounts []MeterAmount) ([]int64, []int, *fault.Error) {
	t := usage.NewTotals(1, len(c.Meters))
	var order []int
	seen := map[int]bool{}
	for _, a := range amounts {
		f := fault.Join(field, a.Meter)
		m, err := meterOf(c, a.Meter, f)
		if err != nil {
			return nil, nil, err
		}
		if err := amount(a.Minutes, f, MaxMinutesAmount); err != nil {
			return nil, nil, err
		}
		if seen[m] {
			return nil, nil, fault.New(f, fault.Duplicate, fault.Params{"value": a.Meter}, "meter %q is given twice", a.Meter)
		}
		seen[m] = true
		order = append(order, m)
		t.Add(0, m, usage.Seconds(a.Minutes))
	}
	return t.Billed()[0], order, nil
}

// usageRows lists billed minutes of the meters given, in catalog order.
func usageRows(c *catalog.Catalog, b []int64, given []int, month string, tiers map[int]string) []QuoteUsage {
	in := make([]bool, len(c.Meters))
	for _, m := range given {
		in[m] = true
	}
	out := []QuoteUsage{}
	for m := range c.Meters {
		if in[m] {
			out = append(out, QuoteUsage{Month: month, Meter: c.Meters[m].ID, Minutes: b[m], Tier: tiers[m]})
		}
	}
	return out
}
