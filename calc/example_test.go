package calc_test

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/calc"
	"github.com/rtcprice/rtcprice/internal/seedreq"
)

// The TRTC documentation's worked example (docs/billing.md §7.1): a new
// account gets the 1,000-minute trial on 2019-07-01 and buys an entry
// package on 2019-08-01. The trial pays July's 200 billed minutes; in
// August the trial's last 800 minutes and the entry package's 50,000 pay
// 51,801, and the other 1,001 are overage at 25 per 1,000.
func ExampleSimulate() {
	minutes := func(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }
	sim, err := calc.Simulate(&calc.SimulateRequest{
		Catalog:   calc.CatalogRef{ID: "trtc-2019-cny"},
		Start:     "2019-07",
		End:       "2019-08",
		Trial:     "2019-07-01",
		Purchases: []calc.Purchase{{Package: "entry", Date: "2019-08-01", Count: 1}},
		Usage: []calc.UsageRow{
			{Month: "2019-07", Meter: "call", Minutes: minutes("199.5")},
			{Month: "2019-08", Meter: "call", Minutes: minutes("51800.5")},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range sim.Months {
		call := m.Meters[0]
		fmt.Printf("%s: billed %d, deducted", m.Month, call.BilledMinutes)
		for _, d := range call.Deductions {
			fmt.Printf(" %s %d", d.Lot, d.Minutes)
		}
		fmt.Printf(", overage %d costs %s, payable %s\n", call.OverageMinutes, call.OverageCost, m.Payable)
	}
	t := sim.Totals
	fmt.Printf("prepaid %s + postpaid %s = %s\n", t.Prepaid, t.Postpaid, t.Total)
	// Output:
	// 2019-07: billed 200, deducted trial 200, overage 0 costs 0, payable 0
	// 2019-08: billed 51801, deducted trial 800 P1 50000, overage 1001 costs 25.025, payable 25.03
	// prepaid 3688 + postpaid 25.025 = 3713.025
}

// The worked example as the JSON request the page sends (it is defined
// once, in internal/seedreq, for the Go tests).
func ExampleSimulateJSON() {
	sim, err := calc.SimulateJSON([]byte(seedreq.Simulate))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sim.Totals.Prepaid, sim.Totals.Postpaid, sim.Totals.Total)
	// Output: 3688 25.025 3713.025
}

// Quoted instead, the worked example's usage has a cheaper plan than the
// customer's: with the experience package's 300 minutes beside the entry
// package, 300 fewer minutes are overage. Pay-as-you-go is not feasible:
// without a paid package TRTC stops the service once the trial is used
// (docs/billing.md §1.14).
func ExampleQuote() {
	q, err := calc.Quote(&calc.QuoteRequest{
		Catalog: calc.CatalogRef{ID: "trtc-2019-cny"},
		Start:   "2019-07",
		Months:  2,
		Trial:   true,
		Monthly: [][]calc.MeterAmount{
			{{Meter: "call", Minutes: decimal.RequireFromString("199.5")}},
			{{Meter: "call", Minutes: decimal.RequireFromString("51800.5")}},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Which packages, not when: among plans of equal cost the months are
	// the tie rule's choice (§4.4 of docs/billing.md, not tested here).
	var buys []string
	for _, p := range q.Best.Purchases {
		buys = append(buys, fmt.Sprintf("buy %d %s for %s", p.Count, p.Package, p.Cost))
	}
	sort.Strings(buys)
	fmt.Println(strings.Join(buys, "\n"))
	fmt.Printf("prepaid %s + postpaid %s = %s, optimal %v\n", q.Best.Prepaid, q.Best.Postpaid, q.Best.Total, q.Best.Optimal)
	fmt.Printf("pay as you go: feasible %v, %d minutes unserved\n", q.Payg.Feasible, q.Payg.UnservedMinutes)
	// Output:
	// buy 1 entry for 3688
	// buy 1 experience for 6.6
	// prepaid 3694.6 + postpaid 17.525 = 3712.125, optimal true
	// pay as you go: feasible false, 51001 minutes unserved
}

// The quote as the JSON request the page sends (internal/seedreq).
func ExampleQuoteJSON() {
	q, err := calc.QuoteJSON([]byte(seedreq.Quote))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q.Best.Total, q.Best.Optimal, q.Payg.Feasible)
	// Output: 3712.125 true false
}
