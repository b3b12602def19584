// Package limitreq is the one list of docs/api.md's documented limits
// ("Limits"), each as a request right at the limit and one just past it,
// with what each must answer: the request at the limit is accepted with
// the right answer (or, for the client's own limits, passes the client
// and gets the module's own answer), the one past it is refused with the
// documented code, reason, field and params.
//
// Every layer tests the same list: calc natively (calc/limits_test.go),
// calc.wasm under node (wasm/limits_test.go), the client rtcprice.js in
// Chromium (e2e/limits_test.go); `make bench` times each request
// (cmd/bench). A test (calc) checks the list against the Limits table of
// docs/api.md: every number the table gives is one case's.
package limitreq

import (
	"fmt"
	"strconv"
	"strings"
)

// Layer is the first layer that enforces a limit: a case runs at that
// layer and every one built on it.
type Layer int

const (
	Engine Layer = iota // calc: natively, in calc.wasm, through the client
	Module              // calc.wasm (the request's text): in calc.wasm, through the client
	Client              // rtcprice.js's walker (a request given as data)
)

func (l Layer) String() string {
	return [...]string{"engine", "module", "client"}[l]
}

// Refusal is an error envelope's code, field, reason and params.
type Refusal struct {
	Code, Field, Reason string
	Params              map[string]any
}

// Case is one documented limit.
type Case struct {
	Name string // short, for test and bench names
	// Row is the "what" cell of the Limits table's row, Says the part of
	// its limit cell this case tests (verbatim), Value the limit's number.
	Row, Says string
	Value     int64
	Layer     Layer
	Export    string // "quote" or "simulate"
	At        string // the request at the limit (JSON text)
	// AtCheck checks the result of At: the right answer.
	AtCheck func(r Result) error
	// AtModule, for a limit of the client, is what the module answers At
	// once the client has passed it (no request that deep or with that
	// many values is a valid one).
	AtModule *Refusal
	Past     string  // the request just past the limit
	Want     Refusal // what Past gets
}

// Cases returns every documented limit, in the order of docs/api.md's
// Limits table.
func Cases() []Case {
	const mib8 = 8 << 20
	sizedAt, sizedRows := sizedRequest(mib8)
	sizedPast, _ := sizedRequest(mib8 + 1)
	const request = "a request"
	const months240, purchases, count, lots = "simulated months (`start`..`end`)", "`purchases` entries", "`count` of one purchase", "lots in all (counts summed)"
	const rows, amount, decimals, horizon = "`usage` rows", "one usage amount", "decimal input", "quote horizon `months`"
	const custom, profs, end = "a custom catalog", "quote `calls` profiles", "quote horizon end"
	name500 := strings.Repeat("价", 166) + "ab" // 500 bytes of UTF-8
	return []Case{
		{
			Name: "request 8 MiB", Row: request, Says: "8 MiB of JSON text (UTF-8)", Value: mib8, Layer: Module, Export: "simulate",
			At: sizedAt, AtCheck: all(length("months", 1), equal("totals.postpaid", agoraAudio(int64(sizedRows))),
				equal("months.0.meters.0.billedMinutes", strconv.Itoa(sizedRows))),
			Past: sizedPast, Want: Refusal{"limit", "", "request_too_large", obj{"limit": mib8}},
		},
		{
			Name: "nesting 64 levels", Row: request, Says: "64 levels of nesting", Value: 64, Layer: Client, Export: "simulate",
			At:       nested(64),
			AtModule: &Refusal{"invalid", "usage[0]", "not_an_object", obj{"type": "array"}},
			Past:     nested(65), Want: Refusal{"limit", "usage" + strings.Repeat("[0]", 63), "too_deep", obj{"limit": 64}},
		},
		{
			Name: "1,048,576 values", Row: request, Says: "1,048,576 values", Value: 1 << 20, Layer: Client, Export: "simulate",
			At:       valued(1 << 20),
			AtModule: &Refusal{"limit", "usage", "too_many_items", obj{"count": 1<<20 - 5, "limit": 100_000}},
			Past:     valued(1<<20 + 1), Want: Refusal{"limit", fmt.Sprintf("usage[%d]", 1<<20-5), "too_many_values", obj{"limit": 1 << 20}},
		},
		{
			Name: "240 simulated months", Row: months240, Says: "240", Value: 240, Export: "simulate",
			At: encode(agoraSim("2001-01", "2020-12", monthlyAudio("2001-01", 240, 11_000), nil)),
			AtCheck: all(length("months", 240), equal("months.239.month", "2020-12"),
				equal("totals.postpaid", decString(240*7, 0))),
			Past: encode(agoraSim("2001-01", "2021-01", nil, nil)),
			Want: Refusal{"limit", "end", "too_many_months", obj{"months": 241, "limit": 240}},
		},
		{
			Name: "1,000 purchases", Row: purchases, Says: "1,000", Value: 1000, Export: "simulate",
			At:      encode(agoraSim("2019-07", "2019-07", nil, buys(1000, 1))),
			AtCheck: all(length("lots", 1000), equal("lots.999.lot", "P1000"), equal("totals.prepaid", "166250")),
			Past:    encode(agoraSim("2019-07", "2019-07", nil, buys(1001, 1))),
			Want:    Refusal{"limit", "purchases", "too_many_items", obj{"count": 1001, "limit": 1000}},
		},
		{
			Name: "count 1,000", Row: count, Says: "1,000", Value: 1000, Export: "simulate",
			At:      encode(agoraSim("2019-07", "2019-07", nil, buys(1, 1000))),
			AtCheck: all(length("lots", 1000), equal("lots.999.lot", "P1.1000"), equal("totals.prepaid", "166250")),
			Past:    encode(agoraSim("2019-07", "2019-07", nil, buys(1, 1001))),
			Want:    Refusal{"limit", "purchases[0].count", "above_maximum", obj{"value": "1001", "max": 1000}},
		},
		{
			Name: "10,000 lots", Row: lots, Says: "10,000", Value: 10_000, Export: "simulate",
			At:      encode(agoraSim("2019-07", "2019-07", nil, buys(10, 1000))),
			AtCheck: all(length("lots", 10_000), equal("lots.9999.lot", "P10.1000"), equal("totals.prepaid", "1662500")),
			Past:    encode(agoraSim("2019-07", "2019-07", nil, append(buys(10, 1000), buys(1, 1)...))),
			Want:    Refusal{"limit", "purchases[10].count", "too_many_lots", obj{"limit": 10_000}},
		},
		{
			Name: "100,000 usage rows", Row: rows, Says: "100,000", Value: 100_000, Export: "simulate",
			At: encode(agoraSim("2019-07", "2019-07", usageRows(100_000, "2019-07", "rtc.audio", 1), nil)),
			AtCheck: all(equal("months.0.meters.0.billedMinutes", "100000"),
				equal("totals.postpaid", agoraAudio(100_000))),
			Past: encode(agoraSim("2019-07", "2019-07", usageRows(100_001, "2019-07", "rtc.audio", 1), nil)),
			Want: Refusal{"limit", "usage", "too_many_items", obj{"count": 100_001, "limit": 100_000}},
		},
		{
			Name: "10^12 minutes", Row: amount, Says: "10¹² minutes", Value: 1e12, Export: "simulate",
			At:      encode(agoraSim("2019-07", "2019-07", usageRows(1, "2019-07", "rtc.audio", "1000000000000"), nil)),
			AtCheck: all(equal("months.0.meters.0.billedMinutes", "1000000000000"), equal("totals.postpaid", agoraAudio(1e12))),
			Past:    encode(agoraSim("2019-07", "2019-07", usageRows(1, "2019-07", "rtc.audio", "1000000000001"), nil)),
			Want:    Refusal{"limit", "usage[0].minutes", "above_maximum", obj{"value": "1000000000001", "max": 1e12}},
		},
		{
			Name: "6x10^13 seconds", Row: amount, Says: "6 × 10¹³ seconds", Value: 6e13, Export: "simulate",
			At:      encode(agoraSim("2019-07", "2019-07", []obj{{"month": "2019-07", "meter": "rtc.audio", "seconds": 60_000_000_000_000}}, nil)),
			AtCheck: all(equal("months.0.meters.0.billedMinutes", "1000000000000"), equal("totals.postpaid", agoraAudio(1e12))),
			Past:    encode(agoraSim("2019-07", "2019-07", []obj{{"month": "2019-07", "meter": "rtc.audio", "seconds": 60_000_000_000_001}}, nil)),
			Want:    Refusal{"limit", "usage[0].seconds", "above_maximum", obj{"value": "60000000000001", "max": 6e13}},
		},
		{
			// 11,000 and 35 zeros: 40 digits; 1,000 minutes past the free ones.
			Name: "40 digits", Row: decimals, Says: "40 significant digits", Value: 40, Export: "simulate",
			At:      encode(agoraSim("2019-07", "2019-07", usageRows(1, "2019-07", "rtc.audio", "11000."+strings.Repeat("0", 35)), nil)),
			AtCheck: all(equal("months.0.meters.0.billedMinutes", "11000"), equal("totals.postpaid", "7")),
			Past:    encode(agoraSim("2019-07", "2019-07", usageRows(1, "2019-07", "rtc.audio", "11000."+strings.Repeat("0", 36)), nil)),
			Want: Refusal{"invalid", "usage[0].minutes", "too_precise",
				obj{"value": "11000." + strings.Repeat("0", 36), "maxDigits": 40, "maxExponent": 40}},
		},
		{
			// 11,000 minutes and 10^-40 of one: billed 11,001 (rounded up once).
			Name: "exponent 40", Row: decimals, Says: "exponent at most 40", Value: 40, Export: "simulate",
			At: encode(agoraSim("2019-07", "2019-07", []obj{{"month": "2019-07", "meter": "rtc.audio", "minutes": 11000},
				{"month": "2019-07", "meter": "rtc.audio", "minutes": "1e-40"}}, nil)),
			AtCheck: all(equal("months.0.meters.0.billedMinutes", "11001"), equal("totals.postpaid", "7.007")),
			Past: encode(agoraSim("2019-07", "2019-07", []obj{{"month": "2019-07", "meter": "rtc.audio", "minutes": 11000},
				{"month": "2019-07", "meter": "rtc.audio", "minutes": "1e-41"}}, nil)),
			Want: Refusal{"invalid", "usage[1].minutes", "too_precise", obj{"value": "1e-41", "maxDigits": 40, "maxExponent": 40}},
		},
		{
			Name: "months 36", Row: horizon, Says: "36", Value: 36, Export: "quote",
			At:      trtcQuote(func(r obj) { r["months"] = 36 }),
			AtCheck: all(equal("horizon", "36"), length("months", 36), equal("end", "2028-12"), equal("best.optimal", "true")),
			Past:    trtcQuote(func(r obj) { r["months"] = 37 }),
			Want:    Refusal{"limit", "months", "above_maximum", obj{"value": "37", "max": 36}},
		},
		{
			Name: "months 1", Row: horizon, Says: "1..", Value: 1, Export: "quote",
			At:      trtcQuote(func(r obj) { r["months"] = 1 }),
			AtCheck: all(equal("horizon", "1"), length("months", 1), equal("end", "2026-01"), equal("best.total", "3688")),
			Past:    trtcQuote(func(r obj) { r["months"] = 0 }),
			Want:    Refusal{"invalid", "months", "below_minimum", obj{"value": "0", "min": 1}},
		},
		{
			// 1,500 minutes of m0: one 1,000-minute package (9) and 500 at 10 per 1,000.
			Name: "32 meters", Row: custom, Says: "32 meters", Value: 32, Export: "quote",
			At:      customQuote(32, 32, "p"),
			AtCheck: all(length("packages", 32), equal("best.total", "14"), equal("payg.total", "15"), equal("best.optimal", "true")),
			Past:    customQuote(33, 33, "p"),
			Want:    Refusal{"limit", "catalog.meters", "too_many_items", obj{"count": 33, "limit": 32}},
		},
		{
			Name: "200 packages", Row: custom, Says: "200 packages", Value: 200, Export: "quote",
			At:      customQuote(32, 200, "p"),
			AtCheck: all(length("packages", 200), equal("best.total", "14"), equal("payg.total", "15")),
			Past:    customQuote(32, 201, "p"),
			Want:    Refusal{"limit", "catalog.packages", "too_many_items", obj{"count": 201, "limit": 200}},
		},
		{
			Name: "names 500 bytes", Row: custom, Says: "names 500 bytes", Value: 500, Export: "quote",
			At:      customQuote(1, 1, name500),
			AtCheck: all(equal("packages.0.name", name500), equal("best.total", "14")),
			Past:    customQuote(1, 1, name500+"c"),
			Want:    Refusal{"limit", "catalog.packages[0].name", "text_too_long", obj{"length": 501, "limit": 500}},
		},
		{
			// 100 profiles of one call, one participant, one minute: 100 minutes.
			Name: "100 call profiles", Row: profs, Says: "100", Value: 100, Export: "quote",
			At:      callsQuote("trtc-2019-cny", profiles(100, obj{"perMonth": 1, "participants": 1, "minutes": 1})),
			AtCheck: all(length("calls", 100), equal("usage.0.minutes", "100")),
			Past:    callsQuote("trtc-2019-cny", profiles(101, obj{"perMonth": 1, "participants": 1, "minutes": 1})),
			Want:    Refusal{"limit", "calls", "too_many_items", obj{"count": 101, "limit": 100}},
		},
		{
			Name: "1,000 participants", Row: profs, Says: "participants ≤ 1,000", Value: 1000, Export: "quote",
			At:      callsQuote("trtc-2019-cny", profiles(1, obj{"perMonth": 1, "participants": 1000, "minutes": 1})),
			AtCheck: all(equal("usage.0.minutes", "1000")),
			Past:    callsQuote("trtc-2019-cny", profiles(1, obj{"perMonth": 1, "participants": 1001, "minutes": 1})),
			Want:    Refusal{"limit", "calls[0].participants", "above_maximum", obj{"value": "1001", "max": 1000}},
		},
		{
			// 16,384 x 16,384 is agora's last tier, 2K+.
			Name: "16,384 pixels", Row: profs, Says: "width and height ≤ 16,384", Value: 16_384, Export: "quote",
			At:      callsQuote("agora-2021-cny", profiles(1, obj{"perMonth": 1, "participants": 2, "minutes": 10, "width": 16384, "height": 16384})),
			AtCheck: all(equal("calls.0.tier", "2kplus"), equal("calls.0.meter", "rtc.2kplus"), equal("usage.0.minutes", "20")),
			Past:    callsQuote("agora-2021-cny", profiles(1, obj{"perMonth": 1, "participants": 2, "minutes": 10, "width": 16385, "height": 16384})),
			Want:    Refusal{"limit", "calls[0].width", "above_maximum", obj{"value": "16385", "max": 16384}},
		},
		{
			// 10^6 calls of 1,000 participants for 1,000 minutes: 10^12.
			Name: "10^12 call minutes", Row: profs, Says: "at most 10¹² minutes a month on one meter", Value: 1e12, Export: "quote",
			At:      callsQuote("trtc-2019-cny", profiles(1, obj{"perMonth": 1_000_000, "participants": 1000, "minutes": 1000})),
			AtCheck: all(equal("usage.0.minutes", "1000000000000")),
			Past:    callsQuote("trtc-2019-cny", profiles(1, obj{"perMonth": 1_000_000, "participants": 1000, "minutes": "1000.000000001"})),
			Want:    Refusal{"limit", "calls[0]", "too_many_minutes", obj{"meter": "call", "max": 1e12}},
		},
		{
			Name: "end 9999-12", Row: end, Says: "9999-12", Value: 9999_12, Export: "quote",
			At:      trtcQuote(func(r obj) { r["start"] = "9999-01" }),
			AtCheck: all(equal("end", "9999-12"), length("months", 12), equal("months.11.month", "9999-12")),
			Past:    trtcQuote(func(r obj) { r["start"] = "9999-01"; r["months"] = 13 }),
			Want:    Refusal{"invalid", "months", "past_last_month", obj{"start": "9999-01", "months": 13, "last": "9999-12"}},
		},
	}
}
