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
		{Ordinary, "quote", Agora24()},
		{PathologicalName, "quote", Pathological()},
	}
}

// The names of Agora24 and Pathological in Quote: `make bench` reports
// the ratio of their times (issue 15's goal: at most 50).
const (
	Ordinary         = "quote: agora, 24 months, 3 meters"
	PathologicalName = "quote: custom list, 32 meters x 200 packages, 36 months"
)

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

// Agora24 is an ordinary quote: 24 months of agora on three meters, with
// usage that grows and dips, the yardstick of Pathological.
func Agora24() string {
	var monthly []obj
	for k := 0; k < 24; k++ {
		monthly = append(monthly, obj{
			"rtc.audio": 300_000 + 17_000*k,
			"rtc.hd":    120_000 + (k*k*7_919)%400_000,
			"rtc.fhd":   20_000 + (k%5)*9_000,
		})
	}
	return encode(obj{"catalog": "agora-2021-cny", "start": "2026-01", "months": 24, "monthly": monthly})
}

// Pathological is the heaviest quote within the documented limits that
// issue 15 found: a custom price list of 32 meters and 200 packages of
// odd sizes, each priced just under the overage rate (so none is ever
// dominated by overage), with spiky 36-month usage.
func Pathological() string { return encode(pathological()) }

// PathologicalVariants are Pathological with its packages changed the
// ways that cost the search most: all on one meter; limited per account
// (1 to 1,000), on 32 meters or one; turning postpaid on (a catalog whose
// postpaid starts with a paid package), all or every other one.
func PathologicalVariants() map[string]string {
	each := func(f func(i int, p obj, c obj)) string {
		req := pathological()
		c := req["catalog"].(obj)
		for i, p := range c["packages"].([]obj) {
			f(i, p, c)
		}
		return encode(req)
	}
	return map[string]string{
		"one meter": each(func(i int, p, c obj) { p["meter"] = "m1" }),
		"limited":   each(func(i int, p, c obj) { p["maxPerAccount"] = 1 + (i*37)%1000 }),
		"limited, one meter": each(func(i int, p, c obj) {
			p["maxPerAccount"], p["meter"] = 1+(i*37)%1000, "m1"
		}),
		"all activate postpaid": each(func(i int, p, c obj) {
			c["postpaid"], p["activatesPostpaid"] = "after_paid_package", true
		}),
		"every other activates postpaid": each(func(i int, p, c obj) {
			c["postpaid"], p["activatesPostpaid"] = "after_paid_package", i%2 == 0
		}),
	}
}

func pathological() obj {
	const meters, packages, months = 32, 200, 36
	var ms, ps []obj
	for m := 0; m < meters; m++ {
		ms = append(ms, obj{"id": fmt.Sprintf("m%d", m), "name": fmt.Sprintf("meter %d", m), "overagePer1000": "10"})
	}
	for i := 0; i < packages; i++ {
		m := i % meters
		size := 997 + (i*7_919)%50_000 + i // odd, pairwise different sizes
		// Just under overage: 10 per 1,000 less a little that varies, so
		// that no package is dominated by another.
		milli := size*10 - (i%7 + 1) // thousandths of the currency
		price := fmt.Sprintf("%d.%03d", milli/1000, milli%1000)
		ps = append(ps, obj{"id": fmt.Sprintf("p%d", i), "meter": fmt.Sprintf("m%d", m), "name": "p",
			"minutes": size, "price": price, "purchasable": true})
	}
	var monthly []obj
	for k := 0; k < months; k++ {
		row := obj{}
		for m := 0; m < meters; m++ {
			v := 1_000 + (k*31+m*17)%7*13_337 // spiky
			if (k+m)%5 == 0 {
				v *= 40
			}
			if (k*m)%7 == 3 {
				v = 0
			}
			row[fmt.Sprintf("m%d", m)] = v
		}
		monthly = append(monthly, row)
	}
	cat := obj{
		"format": 1, "id": "pathological", "vendor": "v", "name": "32 meters x 200 packages", "currency": "CNY",
		"source": obj{"document": "issue 15"}, "validity": "one_year", "postpaid": "always",
		"tieBreak": []string{"expiry", "size", "purchase", "input"}, "meters": ms, "packages": ps,
		"calls": obj{"model": "participant_minutes", "meter": "m0"},
	}
	return obj{"catalog": cat, "start": "2026-01", "months": months, "monthly": monthly}
}
