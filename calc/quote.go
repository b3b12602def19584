package calc

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/calc/calls"
	"github.com/rtcprice/rtcprice/calc/catalog"
	"github.com/rtcprice/rtcprice/calc/fault"
	"github.com/rtcprice/rtcprice/calc/jsonin"
	"github.com/rtcprice/rtcprice/calc/ledger"
	"github.com/rtcprice/rtcprice/calc/optimize"
)

// MaxQuoteMonths is the longest quote horizon.
const MaxQuoteMonths = 36

// QuoteRequest asks for the cheapest purchase plan over Months months
// from Start ("YYYY-MM") for expected usage given in exactly one of three
// ways: Usage (the same every month), Monthly (one entry per month) or
// Calls (call profiles, SPEC section 5).
type QuoteRequest struct {
	Catalog CatalogRef
	Start   string
	Months  int
	// Usage is minutes per month per meter; nil when not given.
	Usage []MeterAmount
	// Monthly is minutes per meter for each month; nil when not given.
	Monthly [][]MeterAmount
	// Calls are call profiles; nil when not given.
	Calls []calls.Profile
	// Trial: a new account's trial is granted on the horizon's first day.
	Trial bool
}

// MeterAmount is minutes of one meter.
type MeterAmount struct {
	Meter   string
	Minutes decimal.Decimal
}

// QuoteResult is the result of Quote (docs/api.md, "quote").
type QuoteResult struct {
	Catalog  string `json:"catalog"`
	Currency string `json:"currency"`
	Custom   bool   `json:"custom"`
	Start    string `json:"start"`
	End      string `json:"end"`
	// Horizon is the number of months quoted (the request's months; the
	// result's months field holds the statements, as in simulate).
	Horizon  int            `json:"horizon"`
	Usage    []QuoteUsage   `json:"usage"`
	Calls    []calls.Row    `json:"calls,omitempty"`
	Packages []QuotePackage `json:"packages"`
	Payg     QuotePayg      `json:"payg"`
	Best     QuoteBest      `json:"best"`
	// Months are the best plan's monthly statements.
	Months []Statement `json:"months"`
	// Lots are the best plan's lots: one per purchase line, a line of
	// count packages being one lot of count × the package's minutes and
	// price (they share purchase and expiry dates, so the bill is the same
	// as with one lot per package).
	Lots []LotInfo `json:"lots"`
}

// QuoteUsage is billed minutes per month of one meter: in every month
// (usage, calls) or in Month (monthly). Tier is the call tier the meter
// bills (calls only).
type QuoteUsage struct {
	Month   string `json:"month,omitempty"`
	Meter   string `json:"meter"`
	Minutes int64  `json:"minutes"`
	Tier    string `json:"tier,omitempty"`
}

// QuotePackage is a purchasable package with its price per 1,000 minutes
// and that price over the meter's overage rate (null when overage is
// free).
type QuotePackage struct {
	Package   string `json:"package"`
	Meter     string `json:"meter"`
	Name      string `json:"name"`
	NameZh    string `json:"nameZh"`
	Minutes   int64  `json:"minutes"`
	Price     Money  `json:"price"`
	Per1000   Money  `json:"per1000"`
	VsOverage *Money `json:"vsOverage"`
}

// QuotePayg is the plan with no purchases (the trial still granted when
// asked for). Total is null when it leaves minutes unserved.
type QuotePayg struct {
	Feasible        bool   `json:"feasible"`
	Total           *Money `json:"total"`
	Prepaid         Money  `json:"prepaid"`
	Postpaid        Money  `json:"postpaid"`
	UnservedMinutes int64  `json:"unservedMinutes"`
}

// QuoteBest is the cheapest plan, with the ledger's totals for it.
type QuoteBest struct {
	Purchases        []QuotePurchase `json:"purchases"`
	Prepaid          Money           `json:"prepaid"`
	Postpaid         Money           `json:"postpaid"`
	Total            Money           `json:"total"`
	Payable          Money           `json:"payable"`
	ForfeitedMinutes int64           `json:"forfeitedMinutes"`
	// Optimal: proven cheapest among all plans buying on the first day of
	// horizon months.
	Optimal bool `json:"optimal"`
	// Savings is payg's total less this one; null when payg is not
	// feasible.
	Savings  *Money `json:"savings"`
	Feasible bool   `json:"feasible"`
}

// QuotePurchase is Count packages bought on Date, the first day of Month.
type QuotePurchase struct {
	Package string `json:"package"`
	Month   string `json:"month"`
	Date    string `json:"date"`
	Count   int64  `json:"count"`
	Price   Money  `json:"price"`
	Cost    Money  `json:"cost"`
}

// QuoteJSON decodes a JSON quote request and prices it.
func QuoteJSON(data []byte) (*QuoteResult, error) {
	v, err := jsonin.Parse(data)
	if err != nil {
		return nil, err
	}
	req, err := DecodeQuoteRequest(v)
	if err != nil {
		return nil, err
	}
	return Quote(req)
}

// DecodeQuoteRequest reads a quote request from decoded JSON (as
// jsonin.Parse returns it), refusing fields the API does not define.
func DecodeQuoteRequest(v any) (*QuoteRequest, *Error) {
	r := &jsonin.Reader{}
	o := r.Object(v, "")
	req := &QuoteRequest{Catalog: readCatalogRef(o)}
	req.Start, _ = o.String("start")
	if n, ok := o.Int("months", 1, MaxQuoteMonths); ok {
		req.Months = int(n)
	} else if !r.Failed() {
		o.Require("months")
	}
	if uo, ok := o.Object("usage"); ok {
		req.Usage = readMeterAmounts(uo)
		uo.Close()
	}
	if a, ok := o.Array("monthly", MaxQuoteMonths); ok {
		req.Monthly = make([][]MeterAmount, 0, len(a))
		for i, mv := range a {
			mo := r.Object(mv, fault.Index("monthly", i))
			req.Monthly = append(req.Monthly, readMeterAmounts(mo))
			mo.Close()
		}
	}
	if a, ok := o.Array("calls", calls.MaxProfiles); ok {
		req.Calls = make([]calls.Profile, 0, len(a))
		for i, cv := range a {
			req.Calls = append(req.Calls, readCallProfile(r.Object(cv, fault.Index("calls", i))))
		}
	}
	req.Trial, _ = o.Bool("trial")
	o.Close()
	if r.Failed() {
		return nil, r.Err()
	}
	return req, nil
}

// readCallProfile reads one entry of "calls"; perMonth, participants
// and minutes are required.
func readCallProfile(co *jsonin.Object) calls.Profile {
	var p calls.Profile
	if d, ok := co.Decimal("perMonth"); ok {
		p.PerMonth = d
	} else if !co.Failed() {
		co.Require("perMonth")
	}
	if n, ok := co.Int("participants", 1, calls.MaxParticipants); ok {
		p.Participants = n
	} else if !co.Failed() {
		co.Require("participants")
	}
	if d, ok := co.Decimal("minutes"); ok {
		p.Minutes = d
	} else if !co.Failed() {
		co.Require("minutes")
	}
	p.Width, _ = co.Int("width", 1, calls.MaxDimension)
	p.Height, _ = co.Int("height", 1, calls.MaxDimension)
	p.Record, _ = co.Bool("record")
	co.Close()
	return p
}

// readMeterAmounts reads {meter: amount, ...} in sorted key order, so that
// the first bad entry reported is always the same.
func readMeterAmounts(o *jsonin.Object) []MeterAmount {
	out := []MeterAmount{}
	for _, k := range o.Keys() {
		if o.Failed() {
			break
		}
		v, _ := o.Raw(k)
		d, err := jsonin.Decimal(v, o.Field(k))
		if err != nil {
			o.Fail(err)
			break
		}
		out = append(out, MeterAmount{Meter: k, Minutes: d})
	}
	return out
}

// Quote finds the cheapest purchase plan for expected usage (SPEC
// sections 4 and 5) and reports it with the ledger's monthly statements,
// beside pay-as-you-go and every package's price per 1,000 minutes.
func Quote(req *QuoteRequest) (*QuoteResult, error) {
	q, err := quoteInput(req)
	if err != nil {
		return nil, asError(err)
	}
	c := q.catalog
	res := &QuoteResult{
		Catalog: c.ID, Currency: c.Currency, Custom: c.Custom,
		Start: q.start.String(), End: q.start.AddMonths(q.months - 1).String(), Horizon: q.months,
		Usage: q.usage, Calls: q.calls, Packages: packageList(c),
	}

	base := ledger.Input{Catalog: c, Start: q.start, Billed: q.billed}
	if req.Trial {
		tp, _ := c.Package(c.Trial)
		base.Lots = []ledger.Lot{ledger.NewLot(c, "trial", tp, q.start.First(), -1, -1)}
	}
	payg := ledger.Run(base).Totals
	res.Payg = QuotePayg{Feasible: payg.UnservedMinutes == 0, Prepaid: payg.Prepaid, Postpaid: payg.Postpaid, UnservedMinutes: payg.UnservedMinutes}
	if res.Payg.Feasible {
		t := payg.Total
		res.Payg.Total = &t
	}

	plan, perr := optimize.Best(&optimize.Problem{Catalog: c, Start: q.start, Billed: q.billed, Trial: req.Trial})
	if perr != nil {
		return nil, fault.Internal("quote: %v", perr)
	}
	in := base
	in.Lots = append([]ledger.Lot(nil), base.Lots...)
	res.Best.Purchases = []QuotePurchase{}
	for i, pu := range plan.Purchases {
		p := &c.Packages[pu.Package]
		n := decimal.NewFromInt(pu.Count)
		d := q.start.AddMonths(pu.Month).First()
		res.Best.Purchases = append(res.Best.Purchases, QuotePurchase{
			Package: p.ID, Month: d.MonthOf().String(), Date: d.String(), Count: pu.Count,
			Price: p.Price, Cost: p.Price.Mul(n),
		})
		line := *p
		line.Minutes = p.Minutes * pu.Count
		line.Price = p.Price.Mul(n)
		in.Lots = append(in.Lots, ledger.NewLot(c, fmt.Sprintf("P%d", i+1), &line, d, i, len(in.Lots)))
	}
	sim := ledger.Run(in)
	tot := sim.Totals
	res.Months, res.Lots = sim.Months, sim.Lots
	res.Best.Prepaid, res.Best.Postpaid, res.Best.Total, res.Best.Payable = tot.Prepaid, tot.Postpaid, tot.Total, tot.Payable
	res.Best.ForfeitedMinutes = tot.ForfeitedMinutes
	res.Best.Feasible = plan.Feasible && tot.UnservedMinutes == 0
	// The search's own cost must be the ledger's: otherwise its proof is
	// about another bill, and it is not claimed.
	res.Best.Optimal = plan.Optimal && res.Best.Feasible && plan.Cost.Equal(tot.Total)
	if res.Payg.Feasible && res.Best.Feasible {
		s := payg.Total.Sub(tot.Total)
		res.Best.Savings = &s
	}
	return res, nil
}

// packageList describes every purchasable package against its meter's
// overage rate.
func packageList(c *catalog.Catalog) []QuotePackage {
	out := []QuotePackage{}
	for i := range c.Packages {
		p := &c.Packages[i]
		if !p.Purchasable {
			continue
		}
		qp := QuotePackage{Package: p.ID, Meter: p.Meter, Name: p.Name, NameZh: p.NameZh, Minutes: p.Minutes, Price: p.Price, Per1000: p.Per1000()}
		if m, ok := c.MeterIndex(p.Meter); ok {
			if rate := c.Meters[m].OveragePer1000; rate.Sign() > 0 {
				v := catalog.Ratio(p.Price.Mul(decimal.NewFromInt(1000)), decimal.NewFromInt(p.Minutes).Mul(rate))
				qp.VsOverage = &v
			}
		}
		out = append(out, qp)
	}
	return out
}
