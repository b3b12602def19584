package calc

import (
	"encoding/json"
	"errors"
	"testing"
)

var knownCodes = map[string]bool{CodeInvalid: true, CodeNotFound: true, CodeLimit: true}

// FuzzSimulate feeds arbitrary bytes to the request decoder and Simulate:
// it must never panic, and every failure is a structured *Error with a
// known code (never internal). Run: make fuzz, or
// go test ./calc -run '^$' -fuzz '^FuzzSimulate$' -fuzztime 3m.
func FuzzSimulate(f *testing.F) {
	seed, _ := json.Marshal(seedExample)
	f.Add(seed)
	f.Add([]byte(`{"catalog":"agora-2021-cny","start":"2020-02","end":"2021-03","purchases":[{"package":"rtc.hd.25k","date":"2020-02-29","count":3}],"usage":[{"month":"2020-03","meter":"rtc.hd","minutes":"1e5"},{"month":"2021-02","meter":"rtc.audio","seconds":"0.5"}]}`))
	f.Add([]byte(`{"catalog":"trtc-2019-cny","start":"2019-01","end":"2019-02","purchases":[{"package":"experience","date":"2019-01-31"}],"usage":[{"month":"2019-02","meter":"call","minutes":-0}]}`))
	f.Add([]byte(`{"catalog":{"format":1},"start":"2019-01","end":"2019-01"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := SimulateJSON(data)
		checkFuzzResult(t, s == nil, err)
		if err == nil {
			if _, err := json.Marshal(s); err != nil {
				t.Fatalf("result does not marshal: %v", err)
			}
			sameJSON(t, s)
		}
	})
}

// checkFuzzResult fails unless err is nil or a structured *Error with a
// known code, a documented reason and its params, and no result beside
// it.
func checkFuzzResult(t *testing.T, noResult bool, err error) {
	t.Helper()
	if err == nil {
		if noResult {
			t.Fatal("neither a result nor an error")
		}
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is a %T, not *Error", err, err)
	}
	if !knownCodes[e.Code] {
		t.Fatalf("error code %q: %v", e.Code, e)
	}
	if verr := e.Validate(); verr != nil {
		t.Fatal(verr)
	}
	sameJSON(t, e)
	if !noResult {
		t.Fatal("a result beside an error")
	}
}
