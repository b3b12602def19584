// Package calc is the rtcprice pricing core: it prices real-time
// audio/video minute packages exactly, month by month, from a vendor's
// published catalog.
//
// The entry points are Catalogs, Simulate and Quote, each with a JSON
// form (SimulateJSON, QuoteJSON) that takes the request documented in
// API.md and README.md. Every failure is an *Error naming the request
// field it is about; no input makes them panic. Money is
// github.com/shopspring/decimal throughout and crosses JSON as strings.
package calc

import (
	"github.com/rtcprice/rtcprice/calc/catalog"
	"github.com/rtcprice/rtcprice/calc/fault"
	"github.com/rtcprice/rtcprice/calc/jsonin"
	"github.com/rtcprice/rtcprice/calc/ledger"
)

// Version is the version of the pricing core and its API.
const Version = "0.1.0"

// Error is the structured error of every entry point.
type Error = fault.Error

// Reason and Params of an Error (see docs/api.md, "Error reasons").
type (
	Reason = fault.Reason
	Params = fault.Params
)

// Error codes.
const (
	CodeInvalid  = fault.CodeInvalid
	CodeNotFound = fault.CodeNotFound
	CodeLimit    = fault.CodeLimit
	CodeInternal = fault.CodeInternal
)

// Results of Simulate (and the monthly statements of Quote).
type (
	Simulation = ledger.Simulation
	Statement  = ledger.Statement
	MeterBill  = ledger.MeterBill
	Deduction  = ledger.Deduction
	Forfeit    = ledger.Forfeit
	Balance    = ledger.Balance
	Totals     = ledger.Totals
	LotInfo    = ledger.LotInfo
	Money      = ledger.Money
	// Catalog is a vendor's price list (see calc/catalog/FORMAT.md).
	Catalog = catalog.Catalog
)

// Size limits on requests. Inputs past them are refused with CodeLimit.
const (
	MaxSimulateMonths = 240               // months from start to end, inclusive
	MaxPurchases      = 1_000             // entries of purchases
	MaxCount          = 1_000             // count of one purchase
	MaxLots           = 10_000            // lots in all, counts summed
	MaxUsageRows      = 100_000           // rows of usage
	MaxMinutesAmount  = 1_000_000_000_000 // minutes of one usage row or profile
)

// CatalogRef names an embedded catalog by ID or carries a custom one.
type CatalogRef struct {
	ID     string
	Inline *catalog.Catalog
}

// resolve returns the catalog a request prices with.
func (ref CatalogRef) resolve() (*catalog.Catalog, *fault.Error) {
	if ref.Inline != nil {
		return ref.Inline, nil
	}
	if ref.ID == "" {
		return nil, fault.New("catalog", fault.Required, nil, "is required")
	}
	c, ok, err := catalog.Lookup(ref.ID)
	if err != nil {
		return nil, err
	}
	if !ok {
		ids := catalogIDs()
		return nil, fault.New("catalog", fault.CatalogNotFound, fault.Params{"value": ref.ID, "allowed": ids},
			"%q is not a catalog; the catalogs are %s", ref.ID, ids)
	}
	return c, nil
}

func catalogIDs() string {
	cs, _ := catalog.Embedded()
	s := ""
	for i, c := range cs {
		if i > 0 {
			s += ", "
		}
		s += c.ID
	}
	return s
}

// readCatalogRef reads the "catalog" field: an id string or an inline
// catalog object.
func readCatalogRef(o *jsonin.Object) CatalogRef {
	v, ok := o.Raw("catalog")
	if !ok {
		o.Require("catalog")
		return CatalogRef{}
	}
	switch x := v.(type) {
	case string:
		return CatalogRef{ID: x}
	case map[string]any:
		c, err := catalog.Parse(x, o.Field("catalog"))
		if err != nil {
			o.Fail(err)
			return CatalogRef{}
		}
		c.Custom = true
		return CatalogRef{Inline: c}
	default:
		o.Fail(fault.New(o.Field("catalog"), fault.NotACatalog, fault.Params{"type": jsonin.TypeName(v)},
			"must be a catalog id or a catalog object"))
		return CatalogRef{}
	}
}

// asError turns a possibly nil *Error into an error without the typed-nil
// trap.
func asError(e *fault.Error) error {
	if e == nil {
		return nil
	}
	return e
}

// CatalogList is the result of Catalogs.
type CatalogList struct {
	Catalogs []CatalogInfo `json:"catalogs"`
}

// CatalogInfo is a catalog with each package's price per 1,000 minutes.
type CatalogInfo struct {
	*catalog.Catalog
	Packages []PackageInfo `json:"packages"`
}

// PackageInfo is a package with its price per 1,000 minutes.
type PackageInfo struct {
	catalog.Package
	Per1000 Money `json:"per1000"`
}

// Catalogs lists the embedded catalogs.
func Catalogs() (*CatalogList, error) {
	cs, err := catalog.Embedded()
	if err != nil {
		return nil, err
	}
	out := &CatalogList{Catalogs: make([]CatalogInfo, len(cs))}
	for i, c := range cs {
		out.Catalogs[i] = describe(c)
	}
	return out, nil
}

func describe(c *catalog.Catalog) CatalogInfo {
	info := CatalogInfo{Catalog: c, Packages: make([]PackageInfo, len(c.Packages))}
	for j := range c.Packages {
		p := &c.Packages[j]
		info.Packages[j] = PackageInfo{Package: *p, Per1000: p.Per1000()}
	}
	return info
}
