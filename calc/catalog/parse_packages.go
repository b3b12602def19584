package catalog

import (
	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/calc/fault"
	"github.com/rtcprice/rtcprice/calc/jsonin"
)

// Reading a catalog's packages and checking them against its meters and
// postpaid rule.

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

// readPackages reads "packages": each package's fields, then the rules
// that tie it to the catalog (checkPackage), then the postpaid rule
// across packages.
func readPackages(o *jsonin.Object, c *Catalog) {
	a, ok := o.Array("packages", MaxPackages)
	if !ok {
		o.Require("packages")
		return
	}
	c.packageIndex = map[string]int{}
	for i, v := range a {
		po := o.Reader().Object(v, fault.Index(o.Field("packages"), i))
		p := readPackage(po)
		if o.Failed() {
			return
		}
		if err := checkPackage(c, &p, po); err != nil {
			o.Fail(err)
			return
		}
		c.packageIndex[p.ID] = i
		c.Packages = append(c.Packages, p)
	}
	if c.Postpaid == PostpaidAfterPaidPackage && !o.Failed() && !activatesPostpaid(c.Packages) {
		o.Fail(fault.New(o.Field("packages"), fault.PostpaidNeverActivated, fault.Params{"postpaid": PostpaidAfterPaidPackage},
			"postpaid is %q but no purchasable package activates it", PostpaidAfterPaidPackage))
	}
}

// readPackage reads one package's own fields.
func readPackage(po *jsonin.Object) Package {
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
	return p
}

// checkPackage checks a package against the catalog: a new id, a meter
// the catalog defines, a price that is its unit price times its size,
// activatesPostpaid only where postpaid depends on it.
func checkPackage(c *Catalog, p *Package, po *jsonin.Object) *fault.Error {
	if _, dup := c.packageIndex[p.ID]; dup {
		return duplicate(po.Field("id"), p.ID, "package %q is defined twice", p.ID)
	}
	if _, ok := c.meterIndex[p.Meter]; !ok {
		return fault.New(po.Field("meter"), fault.MeterNotFound, fault.Params{"value": p.Meter, "catalog": c.ID},
			"package %q names meter %q, which the catalog does not define", p.ID, p.Meter)
	}
	if p.UnitPer1000 != nil {
		want := p.UnitPer1000.Mul(decimal.NewFromInt(p.Minutes)).Div(one000)
		if !want.Equal(p.Price) {
			return fault.New(po.Field("price"), fault.PriceMismatch, fault.Params{
				"value": p.Price.String(), "minutes": p.Minutes, "unitPer1000": p.UnitPer1000.String(), "expected": want.String(),
			}, "%s is not %d minutes at %s per 1,000 (%s)", p.Price.String(), p.Minutes, p.UnitPer1000.String(), want.String())
		}
	}
	if p.ActivatesPostpaid && c.Postpaid != PostpaidAfterPaidPackage {
		return fault.New(po.Field("activatesPostpaid"), fault.PostpaidRuleUnused, fault.Params{"postpaid": PostpaidAfterPaidPackage},
			"only applies to catalogs whose postpaid is %q", PostpaidAfterPaidPackage)
	}
	return nil
}

// activatesPostpaid reports whether a purchasable package turns postpaid
// on.
func activatesPostpaid(ps []Package) bool {
	for _, p := range ps {
		if p.ActivatesPostpaid && p.Purchasable {
			return true
		}
	}
	return false
}
