package calc

import (
	"encoding/json"
	"testing"
)

// FuzzQuote feeds arbitrary bytes to QuoteJSON: it must never panic,
// every failure is a structured *Error with a known code (never
// internal), and every result has a feasible best plan no dearer than
// pay-as-you-go. Run: make fuzz, or
// go test ./calc -run '^$' -fuzz '^FuzzQuote$' -fuzztime 3m.
func FuzzQuote(f *testing.F) {
	for _, s := range []string{
		`{"catalog":"trtc-2019-cny","start":"2026-01","months":12,"usage":{"call":30000},"trial":true}`,
		`{"catalog":"agora-2021-cny","start":"2020-02","months":36,"usage":{"rtc.hd":"523456.5","recording.2kplus":77777,"rtc.audio":1e7}}`,
		`{"catalog":"agora-2021-cny","start":"2026-01","months":3,"monthly":[{"rtc.hd":33750},{},{"rtc.fhd":"1e6"}]}`,
		`{"catalog":"agora-2021-cny","start":"2026-01","months":12,"calls":[{"perMonth":200,"participants":4,"minutes":30,"width":1280,"height":720,"record":true},{"perMonth":"0.5","participants":1,"minutes":"90.25"}]}`,
		`{"catalog":"trtc-2019-cny","start":"2019-07","months":2,"calls":[{"perMonth":1,"participants":3,"minutes":10}]}`,
		`{"catalog":"trtc-2019-cny","start":"2026-01","months":37,"usage":{"call":1}}`,
		`{"catalog":"trtc-2019-cny","start":"2026-01","months":1,"usage":{"call":"1000000000000"}}`,
		`{"catalog":{"format":1},"start":"2026-01","months":1,"usage":{}}`,
		`{"catalog":"agora-2021-cny","start":"2026-01","months":1,"usage":{"rtc.foo":1},"trial":true}`,
		`[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := QuoteJSON(data)
		checkFuzzResult(t, r == nil, err)
		if err != nil {
			return
		}
		if !r.Best.Feasible {
			t.Fatal("no feasible plan")
		}
		if r.Payg.Feasible && r.Best.Total.GreaterThan(*r.Payg.Total) {
			t.Fatalf("best %s dearer than payg %s", r.Best.Total, *r.Payg.Total)
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("result does not marshal: %v", err)
		}
		sameJSON(t, r)
	})
}
