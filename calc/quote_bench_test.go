package calc

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
)

// benchQuoteRequest is a quote whose usage changes every month, so that
// the search has real choices: trtc from tens of thousands to millions of
// minutes; agora on all ten meters from a few thousand to a few million.
func benchQuoteRequest(id string, months int) *QuoteRequest {
	req := &QuoteRequest{Catalog: CatalogRef{ID: id}, Start: "2026-01", Months: months, Monthly: [][]MeterAmount{}}
	for k := 0; k < months; k++ {
		var row []MeterAmount
		if id == "trtc-2019-cny" {
			row = append(row, MeterAmount{Meter: "call", Minutes: decimal.NewFromInt(int64(30_000 + (k*k*7919)%2_900_000))})
			req.Trial = true
		} else {
			for j, m := range []string{"rtc.audio", "rtc.hd", "rtc.fhd", "rtc.2k", "rtc.2kplus",
				"recording.audio", "recording.hd", "recording.fhd", "recording.2k", "recording.2kplus"} {
				v := int64(3_000 + ((j+1)*(k+3)*104_729)%(400_000*(j%3+1)))
				if j == 1 {
					v *= 10 // one meter in the millions
				}
				row = append(row, MeterAmount{Meter: m, Minutes: decimal.NewFromInt(v)})
			}
		}
		req.Monthly = append(req.Monthly, row)
	}
	return req
}

// BenchmarkQuote: horizons 12, 24 and 36 months on both catalogs. The
// page re-quotes on every keystroke: the goal is under 50 ms at 36.
func BenchmarkQuote(b *testing.B) {
	for _, id := range []string{"trtc-2019-cny", "agora-2021-cny"} {
		for _, months := range []int{12, 24, 36} {
			req := benchQuoteRequest(id, months)
			b.Run(fmt.Sprintf("%s/%d", id, months), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					res, err := Quote(req)
					if err != nil || !res.Best.Optimal {
						b.Fatalf("err %v, optimal %v", err, res != nil && res.Best.Optimal)
					}
				}
			})
		}
	}
}
