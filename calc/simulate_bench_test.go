package calc

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
)

// benchSimulateRequest is the benchmark case: 120 months, all ten
// agora meters used every month, 1,000 lots bought over the period.
func benchSimulateRequest() *SimulateRequest {
	req := &SimulateRequest{Catalog: CatalogRef{ID: "agora-2021-cny"}, Start: "2021-01", End: "2030-12"}
	cats, _ := Catalogs()
	agora := cats.Catalogs[0]
	sizes := []string{"25k", "250k", "1000k"}
	for i := 0; i < 1000; i++ {
		m := agora.Meters[i%len(agora.Meters)]
		req.Purchases = append(req.Purchases, Purchase{
			Package: m.ID + "." + sizes[i%3],
			Date:    fmt.Sprintf("%04d-%02d-%02d", 2021+(i/10)%10, 1+i%12, 1+i%28),
			Count:   1,
		})
	}
	for k := 0; k < 120; k++ {
		mo := fmt.Sprintf("%04d-%02d", 2021+k/12, 1+k%12)
		for j, m := range agora.Meters {
			d := decimal.NewFromInt(int64(20000 + 7919*j + 1231*k))
			req.Usage = append(req.Usage, UsageRow{Month: mo, Meter: m.ID, Minutes: &d})
		}
	}
	return req
}

// BenchmarkSimulate: 120 months × 10 meters × 1,000 lots.
func BenchmarkSimulate(b *testing.B) {
	req := benchSimulateRequest()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Simulate(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSimulateJSON adds decoding the request and encoding the result,
// as the page pays for them.
func BenchmarkSimulateJSON(b *testing.B) {
	req := benchSimulateRequest()
	var purchases []row
	for _, p := range req.Purchases {
		purchases = append(purchases, row{"package": p.Package, "date": p.Date})
	}
	var usage []row
	for _, u := range req.Usage {
		usage = append(usage, row{"month": u.Month, "meter": u.Meter, "minutes": u.Minutes.String()})
	}
	data, _ := json.Marshal(row{"catalog": "agora-2021-cny", "start": req.Start, "end": req.End, "purchases": purchases, "usage": usage})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		s, err := SimulateJSON(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := json.Marshal(s); err != nil {
			b.Fatal(err)
		}
	}
}
