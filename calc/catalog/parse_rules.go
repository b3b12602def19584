package catalog

import (
	"fmt"
	"slices"

	"github.com/rtcprice/rtcprice/calc/fault"
	"github.com/rtcprice/rtcprice/calc/jsonin"
)

// Reading a catalog's meters and the rules that price them: the
// deduction order (tieBreak), the free allowance, the trial and how calls
// become minutes.

// readTieBreak reads "tieBreak", the deduction order of lots: known
// keys, each once, starting with "expiry" and with "input" among them.
func readTieBreak(o *jsonin.Object, c *Catalog) {
	a, ok := o.Array("tieBreak", 4)
	if !ok {
		o.Require("tieBreak")
		return
	}
	allowed := []string{TieExpiry, TieSize, TiePurchase, TieInput}
	var valid bool
	c.TieBreak, valid = readIDs(o, o.Field("tieBreak"), a, idList{
		notString: func(any) string { return fmt.Sprintf("must be one of %q", allowed) },
		check: func(f, s string) *fault.Error {
			if !slices.Contains(allowed, s) {
				return notAllowed(f, s, allowed)
			}
			return nil
		},
		twice: "%q is listed twice",
	})
	if !valid {
		return
	}
	if len(c.TieBreak) == 0 || c.TieBreak[0] != TieExpiry {
		o.Fail(fault.New(o.Field("tieBreak"), fault.TieBreakStart, fault.Params{"first": TieExpiry},
			"must start with %q: lots are deducted earliest expiry first", TieExpiry))
	}
	if !slices.Contains(c.TieBreak, TieInput) {
		o.Fail(fault.New(o.Field("tieBreak"), fault.TieBreakEnd, fault.Params{"last": TieInput},
			"must end ties with %q so that the order is always defined", TieInput))
	}
}

// readMeters reads "meters": ids given once, names, overage rates.
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

// readFree reads "freeAllowance": minutes per month and the order of the meters
// it is spent on.
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
	f.Order, _ = readIDs(o, fo.Field("order"), a, idList{
		notString: func(v any) string { return fmt.Sprintf("%v is not a meter of the catalog", v) },
		check: func(field, s string) *fault.Error {
			if _, known := c.meterIndex[s]; !known {
				return meterNotFound(field, s, c)
			}
			return nil
		},
		twice: "meter %q is listed twice",
	})
	fo.Close()
	c.FreeAllowance = f
}

// readTrial reads "trial": a package of the catalog granted free.
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

// readCalls reads "calls": how calls become billed minutes on which meters.
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

// idList is how readIDs checks a list's items: the message for an item
// that is not a string, the check of a string (nil: allowed), the format
// of the message for an item given twice.
type idList struct {
	notString func(v any) string
	check     func(field, s string) *fault.Error
	twice     string
}

// readIDs reads a list of distinct ids (field: the list's field): each
// a string that the check allows and that was not given before. At the
// first item that is not, it fails o and returns the ids before it and
// false.
func readIDs(o *jsonin.Object, field string, a []any, l idList) ([]string, bool) {
	var ids []string
	seen := map[string]bool{}
	for i, v := range a {
		f := fault.Index(field, i)
		s, isStr := v.(string)
		if !isStr {
			o.Fail(fault.New(f, fault.NotAString, fault.Params{"type": jsonin.TypeName(v)}, "%s", l.notString(v)))
			return ids, false
		}
		if err := l.check(f, s); err != nil {
			o.Fail(err)
			return ids, false
		}
		if seen[s] {
			o.Fail(duplicate(f, s, l.twice, s))
			return ids, false
		}
		seen[s] = true
		ids = append(ids, s)
	}
	return ids, true
}
