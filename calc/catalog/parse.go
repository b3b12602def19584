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
