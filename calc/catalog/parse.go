package catalog

import (
	"errors"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/calc/civil"
	"github.com/rtcprice/rtcprice/calc/fault"
	"github.com/rtcprice/rtcprice/calc/jsonin"
)

// Limits on a catalog, so that a custom one cannot make pricing slow.
const (
	MaxMeters   = 32
	MaxPackages = 200
	MaxMinutes  = 1_000_000_000_000 // a package's size
	maxText     = 500               // bytes of any name or note
)

var one000 = decimal.NewFromInt(1000)

// ParseJSON parses and validates a catalog document.
func ParseJSON(data []byte, root string) (*Catalog, *fault.Error) {
	v, err := jsonin.Parse(data)
	if err != nil {
		err.Field = root
		return nil, err
	}
	return Parse(v, root)
}

// Parse validates a decoded catalog (as jsonin.Parse returns it). Errors
// name the field under root, as "catalog.packages[3].price".
func Parse(v any, root string) (*Catalog, *fault.Error) {
	r := &jsonin.Reader{}
	o := r.Object(v, root)
	c := &Catalog{}

	if f, ok := o.Int("format", 1, 1); ok {
		c.Format = int(f)
	} else if !r.Failed() {
		o.Require("format")
	}
	c.ID = text(o, "id", true)
	c.Vendor = text(o, "vendor", true)
	c.Name = text(o, "name", true)
	c.NameZh = text(o, "nameZh", false)
	c.Currency = text(o, "currency", true)
	if src, ok := o.Object("source"); ok {
		c.Source.Document = text(src, "document", true)
		c.Source.Title = text(src, "title", false)
		c.Source.Date = text(src, "date", false)
		c.Source.URL = text(src, "url", false)
		src.Close()
	} else if !r.Failed() {
		o.Require("source")
	}
	if notes, ok := o.Array("notes", 20); ok {
		for i, n := range notes {
			s, isStr := n.(string)
			f := fault.Index(o.Field("notes"), i)
			switch {
			case !isStr:
				r.Fail(fault.New(f, fault.NotAString, fault.Params{"type": jsonin.TypeName(n)},
					"must be a string of at most %d bytes", maxText))
			case len(s) > maxText:
				r.Fail(tooLong(f, s))
			}
			c.Notes = append(c.Notes, s)
		}
	}
	if err := checkDate(fault.Join(o.Field("source"), "date"), c.Source.Date); err != nil {
		r.Fail(err)
	}
	c.Validity = oneOf(o, "validity", OneYear, EndOfMonthNextYear)
	c.Postpaid = oneOf(o, "postpaid", PostpaidAlways, PostpaidAfterPaidPackage)
	c.Custom, _ = o.Bool("custom")

	readTieBreak(o, c)
	readMeters(o, c)
	readPackages(o, c)
	readFree(o, c)
	readTrial(o, c)
	readCalls(o, c)
	o.Close()
	if r.Failed() {
		return nil, r.Err()
	}
	return c, nil
}

func text(o *jsonin.Object, key string, required bool) string {
	s, ok := o.String(key)
	if !ok {
		if required {
			o.Require(key)
		}
		return ""
	}
	if required && s == "" {
		o.Fail(fault.New(o.Field(key), fault.Empty, nil, "must not be empty"))
	}
	if len(s) > maxText {
		o.Fail(tooLong(o.Field(key), s))
	}
	return s
}

// tooLong is the error of a text s longer than maxText bytes.
func tooLong(field, s string) *fault.Error {
	return fault.New(field, fault.TextTooLong, fault.Params{"length": len(s), "limit": maxText},
		"is %d bytes long; at most %d are allowed", len(s), maxText)
}

func oneOf(o *jsonin.Object, key string, allowed ...string) string {
	s, ok := o.String(key)
	if !ok {
		o.Require(key)
		return ""
	}
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	o.Fail(notAllowed(o.Field(key), s, allowed))
	return ""
}

func readTieBreak(o *jsonin.Object, c *Catalog) {
	a, ok := o.Array("tieBreak", 4)
	if !ok {
		o.Require("tieBreak")
		return
	}
	seen := map[string]bool{}
	for i, v := range a {
		f := fault.Index(o.Field("tieBreak"), i)
		s, isStr := v.(string)
		allowed := []string{TieExpiry, TieSize, TiePurchase, TieInput}
		switch {
		case !isStr:
			o.Fail(fault.New(f, fault.NotAString, fault.Params{"type": jsonin.TypeName(v)}, "must be one of %q", allowed))
			return
		case s != TieExpiry && s != TieSize && s != TiePurchase && s != TieInput:
			o.Fail(notAllowed(f, s, allowed))
			return
		}
		if seen[s] {
			o.Fail(duplicate(f, s, "%q is listed twice", s))
			return
		}
		seen[s] = true
		c.TieBreak = append(c.TieBreak, s)
	}
	if len(c.TieBreak) == 0 || c.TieBreak[0] != TieExpiry {
		o.Fail(fault.New(o.Field("tieBreak"), fault.TieBreakStart, fault.Params{"first": TieExpiry},
			"must start with %q: lots are deducted earliest expiry first", TieExpiry))
	}
	if !seen[TieInput] {
		o.Fail(fault.New(o.Field("tieBreak"), fault.TieBreakEnd, fault.Params{"last": TieInput},
			"must end ties with %q so that the order is always defined", TieInput))
	}
}

func readMeters(o *jsonin.Object, c *Catalog) {
	a, ok := o.Array("meters", MaxMeters)
	if !ok {
		o.Require("meters")
		return
	}
	if len(a) == 0 {
		o.Fail(fault.New(o.Field("meters"), fault.Empty, nil, "must list at least one meter"))
	}
	c.meterIndex = map[string]int{}
	for i, v := range a {
		m := o.Reader().Object(v, fault.Index(o.Field("meters"), i))
		var meter Meter
		meter.ID = text(m, "id", true)
		meter.Name = text(m, "name", true)
		meter.NameZh = text(m, "nameZh", false)
		meter.OveragePer1000 = price(m, "overagePer1000", true)
		m.Close()
		if _, dup := c.meterIndex[meter.ID]; dup && !o.Failed() {
			o.Fail(duplicate(m.Field("id"), meter.ID, "meter %q is defined twice", meter.ID))
		}
		c.meterIndex[meter.ID] = i
		c.Meters = append(c.Meters, meter)
	}
}

// price reads a non-negative amount of money.
func price(o *jsonin.Object, key string, required bool) decimal.Decimal {
	d, ok := o.Decimal(key)
	if !ok {
		if required {
			o.Require(key)
		}
		return decimal.Decimal{}
	}
	if d.IsNegative() {
		o.Fail(jsonin.Negative(o.Field(key), d))
	}
	return d
}

func readPackages(o *jsonin.Object, c *Catalog) {
	a, ok := o.Array("packages", MaxPackages)
	if !ok {
		o.Require("packages")
		return
	}
	c.packageIndex = map[string]int{}
	for i, v := range a {
		po := o.Reader().Object(v, fault.Index(o.Field("packages"), i))
		var p Package
		p.ID = text(po, "id", true)
		p.Meter = text(po, "meter", true)
		p.Name = text(po, "name", true)
		p.NameZh = text(po, "nameZh", false)
		if n, ok := po.Int("minutes", 1, MaxMinutes); ok {
			p.Minutes = n
		} else {
			po.Require("minutes")
		}
		p.Price = price(po, "price", true)
		if po.Has("unitPer1000") {
			u := price(po, "unitPer1000", true)
			p.UnitPer1000 = &u
		}
		if b, ok := po.Bool("purchasable"); ok {
			p.Purchasable = b
		} else {
			po.Require("purchasable")
		}
		p.ActivatesPostpaid, _ = po.Bool("activatesPostpaid")
		if n, ok := po.Int("maxPerAccount", 0, 1000); ok {
			p.MaxPerAccount = int(n)
		}
		p.Note = text(po, "note", false)
		po.Close()
		if o.Failed() {
			return
		}
		if _, dup := c.packageIndex[p.ID]; dup {
			o.Fail(duplicate(po.Field("id"), p.ID, "package %q is defined twice", p.ID))
			return
		}
		if _, ok := c.meterIndex[p.Meter]; !ok {
			o.Fail(fault.New(po.Field("meter"), fault.MeterNotFound, fault.Params{"value": p.Meter, "catalog": c.ID},
				"package %q names meter %q, which the catalog does not define", p.ID, p.Meter))
			return
		}
		if p.UnitPer1000 != nil {
			want := p.UnitPer1000.Mul(decimal.NewFromInt(p.Minutes)).Div(one000)
			if !want.Equal(p.Price) {
				o.Fail(fault.New(po.Field("price"), fault.PriceMismatch, fault.Params{
					"value": p.Price.String(), "minutes": p.Minutes, "unitPer1000": p.UnitPer1000.String(), "expected": want.String(),
				}, "%s is not %d minutes at %s per 1,000 (%s)", p.Price, p.Minutes, p.UnitPer1000, want))
				return
			}
		}
		if p.ActivatesPostpaid && c.Postpaid != PostpaidAfterPaidPackage {
			o.Fail(fault.New(po.Field("activatesPostpaid"), fault.PostpaidRuleUnused, fault.Params{"postpaid": PostpaidAfterPaidPackage},
				"only applies to catalogs whose postpaid is %q", PostpaidAfterPaidPackage))
			return
		}
		c.packageIndex[p.ID] = i
		c.Packages = append(c.Packages, p)
	}
	if c.Postpaid == PostpaidAfterPaidPackage && !o.Failed() {
		for _, p := range c.Packages {
			if p.ActivatesPostpaid && p.Purchasable {
				return
			}
		}
		o.Fail(fault.New(o.Field("packages"), fault.PostpaidNeverActivated, fault.Params{"postpaid": PostpaidAfterPaidPackage},
			"postpaid is %q but no purchasable package activates it", PostpaidAfterPaidPackage))
	}
}

func readFree(o *jsonin.Object, c *Catalog) {
	fo, ok := o.Object("freeAllowance")
	if !ok {
		return
	}
	f := &FreeAllowance{}
	if n, ok := fo.Int("minutesPerMonth", 0, MaxMinutes); ok {
		f.MinutesPerMonth = n
	} else {
		fo.Require("minutesPerMonth")
	}
	a, ok := fo.Array("order", MaxMeters)
	if !ok {
		fo.Require("order")
	}
	seen := map[string]bool{}
	for i, v := range a {
		field := fault.Index(fo.Field("order"), i)
		s, isStr := v.(string)
		if !isStr {
			o.Fail(fault.New(field, fault.NotAString, fault.Params{"type": jsonin.TypeName(v)}, "%v is not a meter of the catalog", v))
			break
		}
		if _, known := c.meterIndex[s]; !known {
			o.Fail(meterNotFound(field, s, c))
			break
		}
		if seen[s] {
			o.Fail(duplicate(field, s, "meter %q is listed twice", s))
			break
		}
		seen[s] = true
		f.Order = append(f.Order, s)
	}
	fo.Close()
	c.FreeAllowance = f
}

func readTrial(o *jsonin.Object, c *Catalog) {
	s, ok := o.String("trial")
	if !ok || o.Failed() {
		return
	}
	p, found := c.Package(s)
	switch {
	case !found:
		o.Fail(fault.New(o.Field("trial"), fault.PackageNotFound, fault.Params{"value": s, "catalog": c.ID},
			"trial package %q is not a package of the catalog", s))
	case p.Purchasable:
		o.Fail(fault.New(o.Field("trial"), fault.TrialPurchasable, fault.Params{"package": s},
			"trial package %q must not be purchasable: it is granted", s))
	}
	c.Trial = s
}

func readCalls(o *jsonin.Object, c *Catalog) {
	co, ok := o.Object("calls")
	if !ok {
		o.Require("calls")
		return
	}
	c.Calls.Model = oneOf(co, "model", CallsParticipantMinutes, CallsAggregateResolution)
	meter := func(obj *jsonin.Object, key string, required bool) string {
		s := text(obj, key, required)
		if s == "" {
			return ""
		}
		if _, known := c.meterIndex[s]; !known && !o.Failed() {
			o.Fail(meterNotFound(obj.Field(key), s, c))
		}
		return s
	}
	tierMeters := func(obj *jsonin.Object) TierMeters {
		return TierMeters{RTC: meter(obj, "rtc", true), Recording: meter(obj, "recording", false)}
	}
	switch c.Calls.Model {
	case CallsParticipantMinutes:
		c.Calls.Meter = meter(co, "meter", true)
	case CallsAggregateResolution:
		if ao, ok := co.Object("audio"); ok {
			tm := tierMeters(ao)
			c.Calls.Audio = &tm
			ao.Close()
		} else {
			co.Require("audio")
		}
		a, ok := co.Array("tiers", 16)
		if !ok || len(a) == 0 {
			co.Require("tiers")
			if ok {
				o.Fail(fault.New(co.Field("tiers"), fault.Empty, nil, "must list at least one tier"))
			}
		}
		var prev int64
		for i, v := range a {
			to := o.Reader().Object(v, fault.Index(co.Field("tiers"), i))
			var t Tier
			t.ID = text(to, "id", true)
			last := i == len(a)-1
			if n, ok := to.Int("maxPixels", 1, 1<<40); ok {
				if last {
					o.Fail(fault.New(to.Field("maxPixels"), fault.LastTierBounded, nil,
						"the last tier takes every larger resolution and has no maxPixels"))
				}
				if n <= prev {
					o.Fail(fault.New(to.Field("maxPixels"), fault.TiersNotIncreasing, fault.Params{"value": n, "previous": prev},
						"tiers must be in increasing order of maxPixels"))
				}
				t.MaxPixels, prev = n, n
			} else if !last {
				to.Require("maxPixels")
			}
			t.TierMeters = tierMeters(to)
			to.Close()
			c.Calls.Tiers = append(c.Calls.Tiers, t)
		}
	}
	co.Close()
}

// checkDate checks that s is empty or a real YYYY-MM-DD date.
func checkDate(field, s string) *fault.Error {
	if s == "" {
		return nil
	}
	_, err := civil.ParseDate(s)
	var day *civil.NoSuchDayError
	switch {
	case errors.As(err, &day):
		return fault.New(field, fault.DateNotInCalendar, fault.Params{"value": s, "days": day.Month.Days()},
			"%q is not a date of the form YYYY-MM-DD", s)
	case err != nil:
		return fault.New(field, fault.DateFormat, fault.Params{"value": s}, "%q is not a date of the form YYYY-MM-DD", s)
	}
	return nil
}

// notAllowed is the error of a value s that is not one of allowed.
func notAllowed(field, s string, allowed []string) *fault.Error {
	return fault.New(field, fault.NotAllowed, fault.Params{"value": s, "allowed": strings.Join(allowed, ", ")},
		"%q is not one of %q", s, allowed)
}

// duplicate is the error of a value s given twice.
func duplicate(field, s, format string, args ...any) *fault.Error {
	return fault.New(field, fault.Duplicate, fault.Params{"value": s}, format, args...)
}

// meterNotFound is the error of a meter id s the catalog does not define.
func meterNotFound(field, s string, c *Catalog) *fault.Error {
	return fault.New(field, fault.MeterNotFound, fault.Params{"value": s, "catalog": c.ID}, "%q is not a meter of the catalog", s)
}
