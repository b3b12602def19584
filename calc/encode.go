package calc

import (
	"errors"

	"github.com/rtcprice/rtcprice/calc/jsonin"
	"github.com/rtcprice/rtcprice/calc/jsonout"
)

// The JSON of results and errors, written without encoding/json (and the
// reflection it needs) so that calc.wasm stays small. Each function
// writes exactly what encoding/json's Marshal writes for the same value,
// field order, omitempty, null for nil slices and pointers included;
// TestEncodingIsEncodingJSON compares them on every golden result, the
// embedded catalogs and errors of every reason. A field added to a
// result type must be added here too (the test fails until it is).

// errUnsupported is the error of a value AppendJSON cannot write.
var errUnsupported = errors.New("calc cannot write this value as JSON")

// AppendJSON appends the JSON of v, which must be a *QuoteResult, a
// *Simulation, a *CatalogList or an *Error (nil pointers are null), to b.
func AppendJSON(b []byte, v any) ([]byte, error) {
	w := jsonout.NewWriter(b)
	switch x := v.(type) {
	case *QuoteResult:
		return AppendQuoteJSON(b, x), nil
	case *Simulation:
		return AppendSimulationJSON(b, x), nil
	case *CatalogList:
		return AppendCatalogListJSON(b, x), nil
	case *Error:
		if x == nil {
			w.Null()
		} else if err := writeError(w, x); err != nil {
			return b, err
		}
	default:
		return b, errUnsupported
	}
	return w.Bytes(), nil
}

// AppendQuoteJSON, AppendSimulationJSON and AppendCatalogListJSON are
// AppendJSON for one type each (null for a nil pointer). calc.wasm uses
// them and never holds a result in an interface: the linker keeps the
// Format and String methods of every type an interface value can reach,
// and a result reaches decimal.Decimal and *big.Int. (Three functions,
// not one generic one: the linker treats a type in a generic
// dictionary as one held in an interface.)
func AppendQuoteJSON(b []byte, r *QuoteResult) []byte {
	w := jsonout.NewWriter(b)
	if r == nil {
		w.Null()
	} else {
		writeQuote(w, r)
	}
	return w.Bytes()
}

// AppendSimulationJSON: see AppendQuoteJSON.
func AppendSimulationJSON(b []byte, s *Simulation) []byte {
	w := jsonout.NewWriter(b)
	if s == nil {
		w.Null()
	} else {
		writeSimulation(w, s)
	}
	return w.Bytes()
}

// AppendCatalogListJSON: see AppendQuoteJSON.
func AppendCatalogListJSON(b []byte, l *CatalogList) []byte {
	w := jsonout.NewWriter(b)
	if l == nil {
		w.Null()
	} else {
		writeCatalogList(w, l)
	}
	return w.Bytes()
}

func writeError(w *jsonout.Writer, e *Error) error {
	w.Open()
	w.Key("code")
	w.String(e.Code)
	w.Key("field")
	w.String(e.Field)
	w.Key("reason")
	w.String(string(e.Reason))
	w.Key("params")
	if e.Params == nil {
		w.Null()
	} else {
		keys := make([]string, 0, len(e.Params))
		for k := range e.Params {
			keys = append(keys, k)
		}
		jsonin.SortStrings(keys)
		w.Open()
		for _, k := range keys {
			w.KeyString(k)
			if !w.Scalar(e.Params[k]) {
				return errUnsupported
			}
		}
		w.Close()
	}
	w.Key("message")
	w.String(e.Message)
	w.Close()
	return nil
}

func writeSimulation(w *jsonout.Writer, s *Simulation) {
	w.Open()
	w.Key("catalog")
	w.String(s.Catalog)
	w.Key("currency")
	w.String(s.Currency)
	w.Key("custom")
	w.Bool(s.Custom)
	w.Key("start")
	w.String(s.Start)
	w.Key("end")
	w.String(s.End)
	w.Key("lots")
	writeLots(w, s.Lots)
	w.Key("months")
	writeStatements(w, s.Months)
	w.Key("totals")
	t := &s.Totals
	w.Open()
	w.Key("prepaid")
	w.Decimal(t.Prepaid)
	w.Key("postpaid")
	w.Decimal(t.Postpaid)
	w.Key("total")
	w.Decimal(t.Total)
	w.Key("payable")
	w.Decimal(t.Payable)
	w.Key("forfeitedMinutes")
	w.Int(t.ForfeitedMinutes)
	w.Key("unservedMinutes")
	w.Int(t.UnservedMinutes)
	w.Key("serviceStoppedMonths")
	w.Int(int64(t.ServiceStopped))
	w.Close()
	w.Close()
}

func writeLots(w *jsonout.Writer, lots []LotInfo) {
	if lots == nil {
		w.Null()
		return
	}
	w.OpenArray()
	for i := range lots {
		l := &lots[i]
		w.Open()
		w.Key("lot")
		w.String(l.Lot)
		w.Key("package")
		w.String(l.Package)
		w.Key("meter")
		w.String(l.Meter)
		w.Key("purchase")
		w.Int(int64(l.Purchase))
		w.Key("purchased")
		w.String(l.Purchased)
		w.Key("expires")
		w.String(l.Expires)
		w.Key("minutes")
		w.Int(l.Minutes)
		w.Key("price")
		w.Decimal(l.Price)
		w.Key("deducted")
		w.Int(l.Deducted)
		w.Key("forfeited")
		w.Int(l.Forfeited)
		w.Key("remaining")
		w.Int(l.Remaining)
		w.Close()
	}
	w.CloseArray()
}

func writeStatements(w *jsonout.Writer, months []Statement) {
	if months == nil {
		w.Null()
		return
	}
	w.OpenArray()
	for i := range months {
		s := &months[i]
		w.Open()
		w.Key("month")
		w.String(s.Month)
		w.Key("meters")
		writeMeterBills(w, s.Meters)
		w.Key("prepaid")
		w.Decimal(s.Prepaid)
		w.Key("postpaid")
		w.Decimal(s.Postpaid)
		w.Key("payable")
		w.Decimal(s.Payable)
		w.Key("forfeited")
		if s.Forfeited == nil {
			w.Null()
		} else {
			w.OpenArray()
			for _, f := range s.Forfeited {
				writeLotMinutes(w, f.Lot, f.Package, f.Minutes)
			}
			w.CloseArray()
		}
		w.Key("balances")
		if s.Balances == nil {
			w.Null()
		} else {
			w.OpenArray()
			for _, b := range s.Balances {
				w.Open()
				w.Key("lot")
				w.String(b.Lot)
				w.Key("package")
				w.String(b.Package)
				w.Key("remaining")
				w.Int(b.Remaining)
				w.Key("expires")
				w.String(b.Expires)
				w.Close()
			}
			w.CloseArray()
		}
		w.Key("postpaidOn")
		w.Bool(s.PostpaidOn)
		w.Key("serviceStopped")
		w.Bool(s.ServiceStopped)
		w.Close()
	}
	w.CloseArray()
}

func writeMeterBills(w *jsonout.Writer, bills []MeterBill) {
	if bills == nil {
		w.Null()
		return
	}
	w.OpenArray()
	for i := range bills {
		m := &bills[i]
		w.Open()
		w.Key("meter")
		w.String(m.Meter)
		w.Key("billedMinutes")
		w.Int(m.BilledMinutes)
		w.Key("freeMinutes")
		w.Int(m.FreeMinutes)
		w.Key("deductions")
		if m.Deductions == nil {
			w.Null()
		} else {
			w.OpenArray()
			for _, d := range m.Deductions {
				writeLotMinutes(w, d.Lot, d.Package, d.Minutes)
			}
			w.CloseArray()
		}
		w.Key("overageMinutes")
		w.Int(m.OverageMinutes)
		w.Key("overageCost")
		w.Decimal(m.OverageCost)
		w.Key("unservedMinutes")
		w.Int(m.UnservedMinutes)
		w.Close()
	}
	w.CloseArray()
}

// writeLotMinutes writes a Deduction or a Forfeit: {lot, package, minutes}.
func writeLotMinutes(w *jsonout.Writer, lot, pkg string, minutes int64) {
	w.Open()
	w.Key("lot")
	w.String(lot)
	w.Key("package")
	w.String(pkg)
	w.Key("minutes")
	w.Int(minutes)
	w.Close()
}
