package calc

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/calc/fault"
)

// moduleReasons are given by the wasm module before calc reads a request
// (its node tests reach them), and "internal" only by a bug.
var moduleReasons = map[fault.Reason]bool{
	fault.RequestNotText: true, fault.RequestTooLarge: true, fault.InternalError: true,
}

// rawText is a request given as text, not as a value to marshal.
type rawText string

// refusal runs a quote or simulate request that must fail and returns its
// error, checked against the contract of fault.Table.
func refusal(t *testing.T, export string, req any) *Error {
	t.Helper()
	data, ok := req.(rawText)
	if !ok {
		b, err := json.Marshal(req)
		require.NoError(t, err)
		data = rawText(b)
	}
	var err error
	switch export {
	case "quote":
		_, err = QuoteJSON([]byte(data))
	case "simulate":
		_, err = SimulateJSON([]byte(data))
	}
	require.Error(t, err, "%s accepted %s", export, data)
	var e *Error
	require.True(t, errors.As(err, &e), "%T", err)
	require.NoError(t, e.Validate())
	sameJSON(t, e)
	return e
}

// docs/billing.md §6.1 and docs/api.md "Error reasons": every rule an input can break
// has its reason, with the params a translated message needs. One
// request per reason of fault.Table, and each reason of the table is
// reached.
func TestEveryReasonHasItsRequest(t *testing.T) {
	simulate := func(f func(r row)) row {
		r := cloneReq(seedExample)
		f(r)
		return r
	}
	purchase := func(r row) row { return r["purchases"].([]any)[0].(row) }
	usageRow := func(r row, i int) row { return r["usage"].([]any)[i].(row) }
	quote := func(f func(r row)) row {
		r := row{"catalog": "trtc-2019-cny", "start": "2026-01", "months": 12, "usage": row{"call": 1000}}
		f(r)
		return r
	}
	custom := func(id string, f func(c row)) row {
		c := inlineCopy(t, id)
		f(c)
		return row{"catalog": c, "start": "2026-01", "months": 1, "usage": row{}}
	}
	pkg := func(c row, i int) row { return c["packages"].([]any)[i].(row) }
	tier := func(c row, i int) row { return c["calls"].(row)["tiers"].([]any)[i].(row) }
	calls := func(p row) func(r row) {
		return func(r row) {
			delete(r, "usage")
			r["calls"] = []any{p}
		}
	}
	manyPurchases := func(n int, count int) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = row{"package": "standard", "date": "2019-07-01", "count": count}
		}
		return out
	}

	cases := []struct {
		reason fault.Reason
		export string
		req    any
		field  string
		params string
	}{
		{fault.RequestEmpty, "simulate", rawText(" \n"), "", `{}`},
		{fault.NotJSON, "simulate", rawText(`{"catalog": trtc}`), "", `{"offset": 15}`},
		{fault.TrailingData, "quote", rawText(`{} []`), "", `{}`},

		{fault.Required, "simulate", simulate(func(r row) { delete(r, "start") }), "start", `{}`},
		{fault.UnknownField, "simulate", simulate(func(r row) { purchase(r)["cnt"] = 2 }), "purchases[0].cnt", `{"name": "cnt"}`},
		{fault.NotAnObject, "simulate", []int{1, 2}, "", `{"type": "array"}`},
		{fault.NotAnArray, "simulate", simulate(func(r row) { r["purchases"] = "entry" }), "purchases", `{"type": "string"}`},
		{fault.NotAString, "simulate", simulate(func(r row) { r["start"] = 201907 }), "start", `{"type": "number"}`},
		{fault.NotABoolean, "quote", quote(func(r row) { r["trial"] = "yes" }), "trial", `{"type": "string"}`},
		{fault.NotANumber, "simulate", simulate(func(r row) { usageRow(r, 0)["minutes"] = true }), "usage[0].minutes", `{"type": "boolean"}`},
		{fault.NotADecimal, "quote", quote(func(r row) { r["usage"] = row{"call": "30,000"} }), "usage.call", `{"value": "30,000"}`},
		{fault.NotFinite, "simulate", simulate(func(r row) { usageRow(r, 1)["seconds"] = "-Infinity" }), "usage[1].seconds", `{"value": "-Infinity"}`},
		{fault.TooPrecise, "simulate", simulate(func(r row) { usageRow(r, 1)["seconds"] = "1e999" }), "usage[1].seconds",
			`{"value": "1e999", "maxDigits": 40, "maxExponent": 40}`},
		{fault.NotWhole, "simulate", simulate(func(r row) { purchase(r)["count"] = 1.5 }), "purchases[0].count", `{"value": "1.5"}`},
		{fault.BelowMinimum, "quote", quote(func(r row) { r["months"] = 0 }), "months", `{"value": "0", "min": 1}`},
		{fault.AboveMaximum, "quote", quote(func(r row) { r["months"] = 99 }), "months", `{"value": "99", "max": 36}`},
		{fault.Negative, "simulate", simulate(func(r row) { usageRow(r, 0)["minutes"] = "-0.5" }), "usage[0].minutes", `{"value": "-0.5"}`},
		{fault.TooManyItems, "simulate", simulate(func(r row) { r["purchases"] = manyPurchases(MaxPurchases+1, 1) }), "purchases",
			`{"count": 1001, "limit": 1000}`},
		{fault.Empty, "quote", custom("trtc-2019-cny", func(c row) { c["name"] = "" }), "catalog.name", `{}`},
		{fault.TextTooLong, "quote", custom("trtc-2019-cny", func(c row) { c["name"] = strings.Repeat("x", 501) }), "catalog.name",
			`{"length": 501, "limit": 500}`},
		{fault.NotAllowed, "quote", custom("trtc-2019-cny", func(c row) { c["validity"] = "forever" }), "catalog.validity",
			`{"value": "forever", "allowed": "one_year, end_of_month_next_year"}`},
		{fault.Duplicate, "quote", custom("trtc-2019-cny", func(c row) { pkg(c, 3)["id"] = "entry" }), "catalog.packages[3].id", `{"value": "entry"}`},
		{fault.NotACatalog, "simulate", simulate(func(r row) { r["catalog"] = 7 }), "catalog", `{"type": "number"}`},

		{fault.MonthFormat, "quote", quote(func(r row) { r["start"] = "2026-13" }), "start", `{"value": "2026-13"}`},
		{fault.DateFormat, "simulate", simulate(func(r row) { purchase(r)["date"] = "2019/08/01" }), "purchases[0].date", `{"value": "2019/08/01"}`},
		{fault.DateNotInCalendar, "simulate", simulate(func(r row) { r["trial"] = "2019-02-29" }), "trial", `{"value": "2019-02-29", "days": 28}`},
		{fault.OutsideRange, "simulate", simulate(func(r row) { usageRow(r, 0)["month"] = "2019-09" }), "usage[0].month",
			`{"value": "2019-09", "start": "2019-07", "end": "2019-08"}`},
		{fault.EndBeforeStart, "simulate", simulate(func(r row) { r["end"] = "2019-06" }), "end", `{"start": "2019-07", "end": "2019-06"}`},
		{fault.TooManyMonths, "simulate", simulate(func(r row) { r["start"] = "1990-01"; r["end"] = "2030-01" }), "end", `{"months": 481, "limit": 240}`},
		{fault.PastLastMonth, "quote", quote(func(r row) { r["start"] = "9999-06" }), "months", `{"start": "9999-06", "months": 12, "last": "9999-12"}`},

		{fault.CatalogNotFound, "quote", quote(func(r row) { r["catalog"] = "zoom-2020" }), "catalog",
			`{"value": "zoom-2020", "allowed": "agora-2021-cny, trtc-2019-cny"}`},
		{fault.MeterNotFound, "simulate", simulate(func(r row) { usageRow(r, 0)["meter"] = "video" }), "usage[0].meter",
			`{"value": "video", "catalog": "trtc-2019-cny"}`},
		{fault.PackageNotFound, "simulate", simulate(func(r row) { purchase(r)["package"] = "gold" }), "purchases[0].package",
			`{"value": "gold", "catalog": "trtc-2019-cny"}`},
		{fault.PackageNotPurchasable, "simulate", simulate(func(r row) { purchase(r)["package"] = "trial" }), "purchases[0].package", `{"package": "trial"}`},
		{fault.TrialNotGranted, "quote", quote(func(r row) { r["catalog"] = "agora-2021-cny"; r["usage"] = row{}; r["trial"] = true }), "trial",
			`{"catalog": "agora-2021-cny"}`},
		{fault.MaxPerAccount, "simulate", simulate(func(r row) {
			r["purchases"] = []row{{"package": "experience", "date": "2019-07-01"}, {"package": "experience", "date": "2019-08-01"}}
		}), "purchases[1].package", `{"package": "experience", "max": 1}`},
		{fault.TooManyLots, "simulate", simulate(func(r row) { r["purchases"] = manyPurchases(11, MaxCount) }), "purchases[10].count", `{"limit": 10000}`},
		{fault.RecordingNotSold, "quote", quote(calls(row{"perMonth": 1, "participants": 2, "minutes": 3, "record": true})), "calls[0].record",
			`{"catalog": "trtc-2019-cny"}`},
		{fault.RecordingTierNotSold, "quote", func() row {
			r := custom("agora-2021-cny", func(c row) { delete(tier(c, 0), "recording") })
			delete(r, "usage")
			r["calls"] = []any{row{"perMonth": 1, "participants": 2, "minutes": 3, "width": 640, "height": 360, "record": true}}
			return r
		}(), "calls[0].record", `{"catalog": "agora-2021-cny", "tier": "hd"}`},

		{fault.MinutesAndSeconds, "simulate", simulate(func(r row) { usageRow(r, 0)["seconds"] = 5 }), "usage[0]", `{}`},
		{fault.NoMinutesOrSeconds, "simulate", simulate(func(r row) { delete(usageRow(r, 0), "minutes") }), "usage[0]", `{}`},
		{fault.UsageRequired, "quote", quote(func(r row) { delete(r, "usage") }), "usage", `{}`},
		{fault.UsageConflict, "quote", quote(func(r row) { r["monthly"] = []any{} }), "monthly", `{"other": "usage"}`},
		{fault.MonthlyLength, "quote", quote(func(r row) { delete(r, "usage"); r["monthly"] = []any{row{"call": 1}} }), "monthly",
			`{"count": 1, "months": 12}`},
		{fault.RequiredWith, "quote", quote(calls(row{"perMonth": 1, "participants": 2, "minutes": 3, "width": 640})), "calls[0].height",
			`{"other": "width"}`},
		{fault.TooManyMinutes, "quote", quote(calls(row{"perMonth": "1e12", "participants": 1000, "minutes": 3})), "calls[0]",
			`{"meter": "call", "max": 1000000000000}`},

		{fault.TieBreakStart, "quote", custom("trtc-2019-cny", func(c row) { c["tieBreak"] = []any{"purchase", "expiry", "input"} }), "catalog.tieBreak",
			`{"first": "expiry"}`},
		{fault.TieBreakEnd, "quote", custom("trtc-2019-cny", func(c row) { c["tieBreak"] = []any{"expiry", "size"} }), "catalog.tieBreak",
			`{"last": "input"}`},
		{fault.PriceMismatch, "quote", custom("trtc-2019-cny", func(c row) { pkg(c, 2)["unitPer1000"] = "73" }), "catalog.packages[2].price",
			`{"value": "3688", "minutes": 50000, "unitPer1000": "73", "expected": "3650"}`},
		{fault.PostpaidRuleUnused, "quote", custom("agora-2021-cny", func(c row) { pkg(c, 0)["activatesPostpaid"] = true }),
			"catalog.packages[0].activatesPostpaid", `{"postpaid": "after_paid_package"}`},
		{fault.PostpaidNeverActivated, "quote", custom("trtc-2019-cny", func(c row) {
			for _, p := range c["packages"].([]any) {
				delete(p.(row), "activatesPostpaid")
			}
		}), "catalog.packages", `{"postpaid": "after_paid_package"}`},
		{fault.TrialPurchasable, "quote", custom("trtc-2019-cny", func(c row) { pkg(c, 0)["purchasable"] = true }), "catalog.trial", `{"package": "trial"}`},
		{fault.LastTierBounded, "quote", custom("agora-2021-cny", func(c row) { tier(c, 3)["maxPixels"] = 1 << 30 }), "catalog.calls.tiers[3].maxPixels", `{}`},
		{fault.TiersNotIncreasing, "quote", custom("agora-2021-cny", func(c row) { tier(c, 1)["maxPixels"] = 921600 }), "catalog.calls.tiers[1].maxPixels",
			`{"value": 921600, "previous": 921600}`},
	}
	reached := map[fault.Reason]bool{}
	for _, tc := range cases {
		t.Run(string(tc.reason), func(t *testing.T) {
			e := refusal(t, tc.export, tc.req)
			assert.Equal(t, tc.reason, e.Reason, e.Error())
			assert.Equal(t, tc.field, e.Field, e.Error())
			params, err := json.Marshal(e.Params)
			require.NoError(t, err)
			assert.JSONEq(t, tc.params, string(params), e.Error())
			reached[e.Reason] = true
		})
	}
	for _, rule := range fault.Table {
		if !moduleReasons[rule.Reason] {
			assert.True(t, reached[rule.Reason], "no request here reaches reason %q", rule.Reason)
		}
	}
}

// TestParamsAreInTheMessage: what params say, the English message says
// too (a translation loses nothing): every string param but the lists of
// allowed values, and every integer, appear in the message.
func TestParamsAreInTheMessage(t *testing.T) {
	for _, req := range []struct {
		export string
		req    any
	}{
		{"simulate", row{"catalog": "trtc-2019-cny", "start": "2019-07", "end": "2019-08", "trial": "2019-02-29"}},
		{"simulate", row{"catalog": "trtc-2019-cny", "start": "1990-01", "end": "2030-01"}},
		{"quote", row{"catalog": "trtc-2019-cny", "start": "2026-01", "months": 99, "usage": row{}}},
		{"quote", row{"catalog": "trtc-2019-cny", "start": "2026-01", "months": 2, "monthly": []any{row{}}}},
	} {
		e := refusal(t, req.export, req.req)
		for k, v := range e.Params {
			if k == "allowed" || k == "days" {
				continue
			}
			switch x := v.(type) {
			case string:
				assert.Contains(t, e.Message, x, "%s: param %s", e.Reason, k)
			default:
				b, _ := json.Marshal(x)
				assert.Contains(t, e.Message, string(b), "%s: param %s", e.Reason, k)
			}
		}
	}
}

// reasonsTable renders fault.Table as the table of docs/api.md's "Error
// reasons" section.
func reasonsTable() string {
	var b strings.Builder
	b.WriteString("| reason | code | when | params |\n|---|---|---|---|\n")
	for _, r := range fault.Table {
		params := "none"
		if len(r.Params) > 0 {
			params = "`" + strings.Join(r.Params, "`, `") + "`"
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s |\n", r.Reason, r.Code, r.When, params)
	}
	return b.String()
}

// docs/api.md documents every reason with its code and params, as
// fault.Table has them. After a change to the table:
// go test ./calc -run TestReasonsDocumented -update.
func TestReasonsDocumented(t *testing.T) {
	const path = "../docs/api.md"
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	doc := string(data)
	const begin, end = "<!-- reasons: begin (go test ./calc -run TestReasonsDocumented -update) -->\n", "<!-- reasons: end -->"
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	require.True(t, i >= 0 && j > i, "%s has no reasons table between %q and %q", path, begin, end)
	want := reasonsTable()
	if *update {
		doc = doc[:i+len(begin)] + want + doc[j:]
		require.NoError(t, os.WriteFile(path, []byte(doc), 0o644))
		return
	}
	assert.Equal(t, want, doc[i+len(begin):j], "run go test ./calc -run TestReasonsDocumented -update")
	seen := map[fault.Reason]bool{}
	for _, r := range fault.Table {
		assert.False(t, seen[r.Reason], "reason %q listed twice", r.Reason)
		seen[r.Reason] = true
		assert.Regexp(t, `^[a-z][a-z0-9_]*$`, string(r.Reason))
		assert.Contains(t, []string{CodeInvalid, CodeNotFound, CodeLimit, CodeInternal}, r.Code, r.Reason)
	}
}
