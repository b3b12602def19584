package calc

import (
	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/calc/fault"
	"github.com/rtcprice/rtcprice/calc/jsonin"
	"github.com/rtcprice/rtcprice/calc/ledger"
)

// SimulateRequest asks for the monthly statements of real purchases and
// usage from Start to End (months, "YYYY-MM", inclusive).
type SimulateRequest struct {
	Catalog CatalogRef
	Start   string
	End     string
	// Trial is the date ("YYYY-MM-DD") the catalog's trial was granted;
	// empty for none.
	Trial     string
	Purchases []Purchase
	Usage     []UsageRow
}

// Purchase is Count packages bought on Date ("YYYY-MM-DD"). Count must be
// at least 1; the JSON form defaults it to 1.
type Purchase struct {
	Package string
	Date    string
	Count   int64
}

// UsageRow is usage of one meter in one month, in minutes or in seconds
// (exactly one of them).
type UsageRow struct {
	Month   string
	Meter   string
	Minutes *decimal.Decimal
	Seconds *decimal.Decimal
}

// SimulateJSON decodes a JSON simulate request and runs it.
func SimulateJSON(data []byte) (*Simulation, error) {
	v, err := jsonin.Parse(data)
	if err != nil {
		return nil, err
	}
	req, err := DecodeSimulateRequest(v)
	if err != nil {
		return nil, err
	}
	return Simulate(req)
}

// DecodeSimulateRequest reads a simulate request from decoded JSON (as
// jsonin.Parse returns it), refusing fields the API does not define.
func DecodeSimulateRequest(v any) (*SimulateRequest, *Error) {
	r := &jsonin.Reader{}
	o := r.Object(v, "")
	req := &SimulateRequest{Catalog: readCatalogRef(o)}
	req.Start, _ = o.String("start")
	req.End, _ = o.String("end")
	req.Trial, _ = o.String("trial")
	if a, ok := o.Array("purchases", MaxPurchases); ok {
		req.Purchases = readPurchases(r, a)
	}
	if a, ok := o.Array("usage", MaxUsageRows); ok {
		req.Usage = readUsageRows(r, a)
	}
	o.Close()
	if r.Failed() {
		return nil, r.Err()
	}
	return req, nil
}

// readPurchases reads the entries of "purchases"; count defaults to 1.
func readPurchases(r *jsonin.Reader, a []any) []Purchase {
	var out []Purchase
	for i, pv := range a {
		po := r.Object(pv, fault.Index("purchases", i))
		p := Purchase{Count: 1}
		p.Package, _ = po.String("package")
		p.Date, _ = po.String("date")
		if d, ok := po.Decimal("count"); ok {
			n, err := jsonin.Int(d, po.Field("count"), 1, MaxCount)
			if err != nil {
				r.Fail(err)
			}
			p.Count = n
		}
		po.Close()
		out = append(out, p)
	}
	return out
}

// readUsageRows reads the rows of "usage", up to the first bad one.
func readUsageRows(r *jsonin.Reader, a []any) []UsageRow {
	out := make([]UsageRow, 0, len(a))
	for i, uv := range a {
		uo := r.Object(uv, fault.Index("usage", i))
		var u UsageRow
		u.Month, _ = uo.String("month")
		u.Meter, _ = uo.String("meter")
		if d, ok := uo.Decimal("minutes"); ok {
			u.Minutes = &d
		}
		if d, ok := uo.Decimal("seconds"); ok {
			u.Seconds = &d
		}
		uo.Close()
		if r.Failed() {
			break
		}
		out = append(out, u)
	}
	return out
}

// Simulate computes the monthly statements of a customer's purchases and
// usage (SPEC sections 2 and 3).
func Simulate(req *SimulateRequest) (*Simulation, error) {
	in, err := simulationInput(req)
	if err != nil {
		return nil, err
	}
	return ledger.Run(*in), nil
}
