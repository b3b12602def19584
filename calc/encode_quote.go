package calc

import (
	"github.com/rtcprice/rtcprice/calc/catalog"
	"github.com/rtcprice/rtcprice/calc/jsonout"
)

func writeQuote(w *jsonout.Writer, q *QuoteResult) {
	w.Open()
	w.Key("catalog")
	w.String(q.Catalog)
	w.Key("currency")
	w.String(q.Currency)
	w.Key("custom")
	w.Bool(q.Custom)
	w.Key("start")
	w.String(q.Start)
	w.Key("end")
	w.String(q.End)
	w.Key("horizon")
	w.Int(int64(q.Horizon))
	w.Key("usage")
	if q.Usage == nil {
		w.Null()
	} else {
		w.OpenArray()
		for _, u := range q.Usage {
			w.Open()
			if u.Month != "" {
				w.Key("month")
				w.String(u.Month)
			}
			w.Key("meter")
			w.String(u.Meter)
			w.Key("minutes")
			w.Int(u.Minutes)
			if u.Tier != "" {
				w.Key("tier")
				w.String(u.Tier)
			}
			w.Close()
		}
		w.CloseArray()
	}
	if len(q.Calls) > 0 {
		w.Key("calls")
		w.OpenArray()
		for i := range q.Calls {
			r := &q.Calls[i]
			w.Open()
			w.Key("profile")
			w.Int(int64(r.Profile))
			w.Key("meter")
			w.String(r.Meter)
			w.Key("role")
			w.String(r.Role)
			w.Key("tier")
			w.String(r.Tier)
			w.Key("aggregatePixels")
			w.Int(r.AggregatePixels)
			w.Key("minutes")
			w.Decimal(r.Minutes)
			w.Close()
		}
		w.CloseArray()
	}
	w.Key("packages")
	if q.Packages == nil {
		w.Null()
	} else {
		w.OpenArray()
		for i := range q.Packages {
			p := &q.Packages[i]
			w.Open()
			w.Key("package")
			w.String(p.Package)
			w.Key("meter")
			w.String(p.Meter)
			w.Key("name")
			w.String(p.Name)
			w.Key("nameZh")
			w.String(p.NameZh)
			w.Key("minutes")
			w.Int(p.Minutes)
			w.Key("price")
			w.Decimal(p.Price)
			w.Key("per1000")
			w.Decimal(p.Per1000)
			w.Key("vsOverage")
			w.DecimalOrNull(p.VsOverage)
			w.Close()
		}
		w.CloseArray()
	}
	w.Key("payg")
	w.Open()
	w.Key("feasible")
	w.Bool(q.Payg.Feasible)
	w.Key("total")
	w.DecimalOrNull(q.Payg.Total)
	w.Key("prepaid")
	w.Decimal(q.Payg.Prepaid)
	w.Key("postpaid")
	w.Decimal(q.Payg.Postpaid)
	w.Key("unservedMinutes")
	w.Int(q.Payg.UnservedMinutes)
	w.Close()
	w.Key("best")
	writeBest(w, &q.Best)
	w.Key("months")
	writeStatements(w, q.Months)
	w.Key("lots")
	writeLots(w, q.Lots)
	w.Close()
}

func writeBest(w *jsonout.Writer, b *QuoteBest) {
	w.Open()
	w.Key("purchases")
	if b.Purchases == nil {
		w.Null()
	} else {
		w.OpenArray()
		for i := range b.Purchases {
			p := &b.Purchases[i]
			w.Open()
			w.Key("package")
			w.String(p.Package)
			w.Key("month")
			w.String(p.Month)
			w.Key("date")
			w.String(p.Date)
			w.Key("count")
			w.Int(p.Count)
			w.Key("price")
			w.Decimal(p.Price)
			w.Key("cost")
			w.Decimal(p.Cost)
			w.Close()
		}
		w.CloseArray()
	}
	w.Key("prepaid")
	w.Decimal(b.Prepaid)
	w.Key("postpaid")
	w.Decimal(b.Postpaid)
	w.Key("total")
	w.Decimal(b.Total)
	w.Key("payable")
	w.Decimal(b.Payable)
	w.Key("forfeitedMinutes")
	w.Int(b.ForfeitedMinutes)
	w.Key("optimal")
	w.Bool(b.Optimal)
	w.Key("savings")
	w.DecimalOrNull(b.Savings)
	w.Key("feasible")
	w.Bool(b.Feasible)
	w.Close()
}

func writeCatalogList(w *jsonout.Writer, l *CatalogList) {
	w.Open()
	w.Key("catalogs")
	if l.Catalogs == nil {
		w.Null()
	} else {
		w.OpenArray()
		for i := range l.Catalogs {
			writeCatalogInfo(w, &l.Catalogs[i])
		}
		w.CloseArray()
	}
	w.Close()
}

// writeCatalogInfo writes a catalog's fields, then (replacing the
// catalog's own) its packages with their price per 1,000 minutes, as
// encoding/json orders an embedded struct's fields before the outer ones.
func writeCatalogInfo(w *jsonout.Writer, info *CatalogInfo) {
	w.Open()
	if c := info.Catalog; c != nil {
		w.Key("format")
		w.Int(int64(c.Format))
		w.Key("id")
		w.String(c.ID)
		w.Key("vendor")
		w.String(c.Vendor)
		w.Key("name")
		w.String(c.Name)
		if c.NameZh != "" {
			w.Key("nameZh")
			w.String(c.NameZh)
		}
		w.Key("currency")
		w.String(c.Currency)
		w.Key("source")
		writeSource(w, &c.Source)
		if len(c.Notes) > 0 {
			w.Key("notes")
			w.Strings(c.Notes)
		}
		w.Key("validity")
		w.String(c.Validity)
		w.Key("postpaid")
		w.String(c.Postpaid)
		w.Key("tieBreak")
		w.Strings(c.TieBreak)
		if f := c.FreeAllowance; f != nil {
			w.Key("freeAllowance")
			w.Open()
			w.Key("minutesPerMonth")
			w.Int(f.MinutesPerMonth)
			w.Key("order")
			w.Strings(f.Order)
			w.Close()
		}
		if c.Trial != "" {
			w.Key("trial")
			w.String(c.Trial)
		}
		w.Key("meters")
		writeMeters(w, c.Meters)
		w.Key("calls")
		writeCalls(w, &c.Calls)
		w.Key("custom")
		w.Bool(c.Custom)
	}
	w.Key("packages")
	if info.Packages == nil {
		w.Null()
	} else {
		w.OpenArray()
		for i := range info.Packages {
			writePackage(w, &info.Packages[i])
		}
		w.CloseArray()
	}
	w.Close()
}

func writeSource(w *jsonout.Writer, s *catalog.Source) {
	w.Open()
	w.Key("document")
	w.String(s.Document)
	if s.Title != "" {
		w.Key("title")
		w.String(s.Title)
	}
	if s.Date != "" {
		w.Key("date")
		w.String(s.Date)
	}
	if s.URL != "" {
		w.Key("url")
		w.String(s.URL)
	}
	w.Close()
}

func writeMeters(w *jsonout.Writer, meters []catalog.Meter) {
	if meters == nil {
		w.Null()
		return
	}
	w.OpenArray()
	for i := range meters {
		m := &meters[i]
		w.Open()
		w.Key("id")
		w.String(m.ID)
		w.Key("name")
		w.String(m.Name)
		if m.NameZh != "" {
			w.Key("nameZh")
			w.String(m.NameZh)
		}
		w.Key("overagePer1000")
		w.Decimal(m.OveragePer1000)
		w.Close()
	}
	w.CloseArray()
}

func writeCalls(w *jsonout.Writer, c *catalog.Calls) {
	w.Open()
	w.Key("model")
	w.String(c.Model)
	if c.Meter != "" {
		w.Key("meter")
		w.String(c.Meter)
	}
	if len(c.Tiers) > 0 {
		w.Key("tiers")
		w.OpenArray()
		for i := range c.Tiers {
			t := &c.Tiers[i]
			w.Open()
			w.Key("id")
			w.String(t.ID)
			if t.MaxPixels != 0 {
				w.Key("maxPixels")
				w.Int(t.MaxPixels)
			}
			writeTierMeterFields(w, &t.TierMeters)
			w.Close()
		}
		w.CloseArray()
	}
	if c.Audio != nil {
		w.Key("audio")
		w.Open()
		writeTierMeterFields(w, c.Audio)
		w.Close()
	}
	w.Close()
}

func writeTierMeterFields(w *jsonout.Writer, m *catalog.TierMeters) {
	w.Key("rtc")
	w.String(m.RTC)
	if m.Recording != "" {
		w.Key("recording")
		w.String(m.Recording)
	}
}

func writePackage(w *jsonout.Writer, p *PackageInfo) {
	w.Open()
	w.Key("id")
	w.String(p.ID)
	w.Key("meter")
	w.String(p.Meter)
	w.Key("name")
	w.String(p.Name)
	if p.NameZh != "" {
		w.Key("nameZh")
		w.String(p.NameZh)
	}
	w.Key("minutes")
	w.Int(p.Minutes)
	if p.UnitPer1000 != nil {
		w.Key("unitPer1000")
		w.Decimal(*p.UnitPer1000)
	}
	w.Key("price")
	w.Decimal(p.Price)
	w.Key("purchasable")
	w.Bool(p.Purchasable)
	if p.ActivatesPostpaid {
		w.Key("activatesPostpaid")
		w.Bool(true)
	}
	if p.MaxPerAccount != 0 {
		w.Key("maxPerAccount")
		w.Int(int64(p.MaxPerAccount))
	}
	if p.Note != "" {
		w.Key("note")
		w.String(p.Note)
	}
	w.Key("per1000")
	w.Decimal(p.Per1000)
	w.Close()
}
