// Package benchreq holds the realistic requests `make bench` times, so
// that the native run and the calc.wasm run price exactly the same JSON.
package benchreq

import (
	"encoding/json"
	"fmt"

	"github.com/rtcprice/rtcprice/internal/seedreq"
)

// Request is one benchmark request: the export it goes to ("simulate" or
// "quote") and its JSON text.
type Request struct {
	Name   string `json:"name"`
	Export string `json:"export"`
	JSON   string `json:"json"`
}

type obj = map[string]any

// All returns the benchmark requests, from what a page sends most to the
// heaviest request the limits allow in practice.
func All() []Request {
	return append(Simulate(), Quote()...)
}

// Simulate returns the simulate requests.
func Simulate() []Request {
	return []Request{
		{"simulate: seed 002 (2 months)", "simulate", Seed002},
		{"simulate: a year of trtc", "simulate", encode(trtcYear())},
		{"simulate: 120 months, 10 meters, 1,000 lots", "simulate", encode(agora120())},
	}
}

// Quote returns the quote requests.
func Quote() []Request {
	return []Request{
		{"quote: trtc, 12 months flat", "quote", encode(obj{
			"catalog": "trtc-2019-cny", "start": "2026-01", "months": 12,
			"usage": obj{"call": 30000}, "trial": true,
		})},
		{"quote: trtc, 12 months growing", "quote", encode(obj{
			"catalog": "trtc-2019-cny", "start": "2026-01", "months": 12,
			"monthly": growing("call", 12, 20000, 9000),
		})},
		{"quote: agora, 12 months, 2 meters", "quote", encode(obj{
			"catalog": "agora-2021-cny", "start": "2026-01", "months": 12,
			"usage": obj{"rtc.audio": 400000, "rtc.hd": 150000},
		})},
	}
}

// Seed002 is the TRTC documentation's worked example (docs/billing.md
// §7.1), as internal/seedreq defines it.
const Seed002 = seedreq.Simulate

// trtcYear is a year of a growing app on trtc: the trial, an entry
// package, then standard packages as usage grows.
func trtcYear() obj {
	var usage []obj
	for k := 0; k < 12; k++ {
		usage = append(usage, obj{"month": fmt.Sprintf("2020-%02d", k+1), "meter": "call", "seconds": 600000 + 420000*k*k})
	}
	return obj{
		"catalog": "trtc-2019-cny", "start": "2020-01", "end": "2020-12", "trial": "2020-01-01",
		"purchases": []obj{
			{"package": "entry", "date": "2020-02-01"},
			{"package": "standard", "date": "2020-06-15"},
			{"package": "standard", "date": "2020-10-01", "count": 2},
		},
		"usage": usage,
	}
}

// agora120 is the core's heaviest benchmark case (calc's
// BenchmarkSimulateJSON): 120 months, every agora meter used every month,
// 1,000 lots bought over the period.
func agora120() obj {
	meters := []string{"rtc.audio", "rtc.hd", "rtc.fhd", "rtc.2k", "rtc.2kplus",
		"recording.audio", "recording.hd", "recording.fhd", "recording.2k", "recording.2kplus"}
	sizes := []string{"25k", "250k", "1000k"}
	var purchases, usage []obj
	for i := 0; i < 1000; i++ {
		purchases = append(purchases, obj{
			"package": meters[i%len(meters)] + "." + sizes[i%3],
			"date":    fmt.Sprintf("%04d-%02d-%02d", 2021+(i/10)%10, 1+i%12, 1+i%28),
		})
	}
	for k := 0; k < 120; k++ {
		for j, m := range meters {
			usage = append(usage, obj{
				"month": fmt.Sprintf("%04d-%02d", 2021+k/12, 1+k%12), "meter": m,
				"minutes": fmt.Sprint(20000 + 7919*j + 1231*k),
			})
		}
	}
	return obj{"catalog": "agora-2021-cny", "start": "2021-01", "end": "2030-12", "purchases": purchases, "usage": usage}
}

// growing is months of usage of one meter, from first, up by step.
func growing(meter string, months, first, step int) []obj {
	out := make([]obj, months)
	for k := range out {
		out[k] = obj{meter: first + step*k}
	}
	return out
}

func encode(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain maps, slices, strings and ints always encode
	}
	return string(b)
}
