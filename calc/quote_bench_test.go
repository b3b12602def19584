package calc

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/internal/benchreq"
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

// BenchmarkQuotePathological times issue 15's pathological custom price
// list (32 meters x 200 packages just under the overage rate, spiky
// 36-month usage; internal/benchreq) against an ordinary 24-month,
// 3-meter agora quote, alternating the two in one loop, and reports the
// ratio of their fastest times (goal: at most 50): the fastest of many
// calls is what the code costs, the others add load from other
// processes. Run it with -benchtime=20x or more.
func BenchmarkQuotePathological(b *testing.B) {
	ordinary, patho := []byte(benchreq.Agora24()), []byte(benchreq.Pathological())
	minOrd, minPatho := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
	optimal := true
	for b.Loop() {
		for range 3 { // the ordinary quote is short: more samples of it
			t0 := time.Now()
			if _, err := QuoteJSON(ordinary); err != nil {
				b.Fatal(err)
			}
			minOrd = min(minOrd, time.Since(t0))
		}
		t1 := time.Now()
		r, err := QuoteJSON(patho)
		if err != nil {
			b.Fatal(err)
		}
		minPatho = min(minPatho, time.Since(t1))
		optimal = optimal && r.Best.Optimal
	}
	ratio := float64(minPatho) / float64(minOrd)
	b.ReportMetric(float64(minOrd.Microseconds()), "ordinary-µs")
	b.ReportMetric(float64(minPatho.Microseconds()), "pathological-µs")
	b.ReportMetric(ratio, "ratio")
	b.Logf("pathological / ordinary quote: %.1fx (%v / %v; pathological optimal %v)", ratio, minPatho, minOrd, optimal)
}
