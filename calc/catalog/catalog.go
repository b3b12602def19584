// Package catalog holds vendor price lists: meters, packages, overage
// rates, free allowance, validity and deduction rules. Catalogs are data:
// the published ones are embedded JSON files (data/*.json), and a custom
// one is the same JSON given inline. Every catalog, embedded or not, goes
// through Parse, which validates it and names the field of each problem.
//
// The file format is documented in FORMAT.md beside this file and by the
// JSON Schema in catalog.schema.json.
package catalog

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/calc/civil"
)

// Validity rules: how a lot's expiry date follows from its purchase date.
const (
	// OneYear: purchase date + 1 year − 1 day, as time.AddDate(1, 0, -1).
	OneYear = "one_year"
	// EndOfMonthNextYear: the last day of the same month in the next year.
	EndOfMonthNextYear = "end_of_month_next_year"
)

// Postpaid rules: when usage past the lots is billed rather than stopped.
const (
	// PostpaidAlways bills every uncovered minute at the overage rate.
	PostpaidAlways = "always"
	// PostpaidAfterPaidPackage bills uncovered minutes only in months on or
	// after the first purchase of a package that activates postpaid;
	// before that they are not served.
	PostpaidAfterPaidPackage = "after_paid_package"
)

// Tie-break keys of the deduction order, applied in the catalog's order.
const (
	TieExpiry   = "expiry"   // earlier expiry first
	TieSize     = "size"     // smaller package first
	TiePurchase = "purchase" // earlier purchase (grant) date first
	TieInput    = "input"    // input order; a trial before purchases
)

// Call models: how a call profile becomes meter minutes.
const (
	// CallsParticipantMinutes: one meter, calls × participants × minutes.
	CallsParticipantMinutes = "participant_minutes"
	// CallsAggregateResolution: each participant is billed on the meter of
	// the tier of the aggregate resolution it receives; recording on the
	// tier of all streams it records.
	CallsAggregateResolution = "aggregate_resolution"
)

// Catalog is one vendor's price list at one point in time.
type Catalog struct {
	Format        int            `json:"format"`
	ID            string         `json:"id"`
	Vendor        string         `json:"vendor"`
	Name          string         `json:"name"`
	NameZh        string         `json:"nameZh,omitempty"`
	Currency      string         `json:"currency"`
	Source        Source         `json:"source"`
	Notes         []string       `json:"notes,omitempty"`
	Validity      string         `json:"validity"`
	Postpaid      string         `json:"postpaid"`
	TieBreak      []string       `json:"tieBreak"`
	FreeAllowance *FreeAllowance `json:"freeAllowance,omitempty"`
	Trial         string         `json:"trial,omitempty"`
	Meters        []Meter        `json:"meters"`
	Packages      []Package      `json:"packages"`
	Calls         Calls          `json:"calls"`
	Custom        bool           `json:"custom"`

	meterIndex   map[string]int
	packageIndex map[string]int
}

// Source names the published document a catalog reproduces.
type Source struct {
	Document string `json:"document"`
	Title    string `json:"title,omitempty"`
	Date     string `json:"date,omitempty"`
	URL      string `json:"url,omitempty"`
}

// FreeAllowance is a number of free minutes per account and calendar
// month, applied before packages to the meters in Order.
type FreeAllowance struct {
	MinutesPerMonth int64    `json:"minutesPerMonth"`
	Order           []string `json:"order"`
}

// Meter is what usage is measured in.
type Meter struct {
	ID             string          `json:"id"`
	Name           string          `json:"name"`
	NameZh         string          `json:"nameZh,omitempty"`
	OveragePer1000 decimal.Decimal `json:"overagePer1000"`
}

// Package is something that can be bought (or is granted): minutes of one
// meter for a price.
type Package struct {
	ID     string `json:"id"`
	Meter  string `json:"meter"`
	Name   string `json:"name"`
	NameZh string `json:"nameZh,omitempty"`
	// Minutes is the package's size.
	Minutes int64 `json:"minutes"`
	// UnitPer1000 is the unit price per 1,000 minutes where the source
	// gives one; the price must then equal Minutes/1000 × UnitPer1000.
	UnitPer1000 *decimal.Decimal `json:"unitPer1000,omitempty"`
	Price       decimal.Decimal  `json:"price"`
	Purchasable bool             `json:"purchasable"`
	// ActivatesPostpaid: buying it turns postpaid on (PostpaidAfterPaidPackage).
	ActivatesPostpaid bool `json:"activatesPostpaid,omitempty"`
	// MaxPerAccount limits how many may ever be bought; 0 means no limit.
	MaxPerAccount int    `json:"maxPerAccount,omitempty"`
	Note          string `json:"note,omitempty"`
}

// Calls says how call profiles become meter minutes (docs/billing.md §5).
type Calls struct {
	Model string `json:"model"`
	// Meter is the one meter of CallsParticipantMinutes.
	Meter string `json:"meter,omitempty"`
	// Tiers, for CallsAggregateResolution, in increasing order; the last
	// has no MaxPixels. Audio names the meters of a participant receiving
	// no video.
	Tiers []Tier      `json:"tiers,omitempty"`
	Audio *TierMeters `json:"audio,omitempty"`
}

// Tier is one aggregate-resolution tier.
type Tier struct {
	ID        string `json:"id"`
	MaxPixels int64  `json:"maxPixels,omitempty"`
	TierMeters
}

// TierMeters are the meters a tier bills: real-time and cloud recording.
type TierMeters struct {
	RTC       string `json:"rtc"`
	Recording string `json:"recording,omitempty"`
}

// MeterIndex returns the index of meter id in Meters.
func (c *Catalog) MeterIndex(id string) (int, bool) {
	i, ok := c.meterIndex[id]
	return i, ok
}

// Package returns the package with the given id.
func (c *Catalog) Package(id string) (*Package, bool) {
	i, ok := c.packageIndex[id]
	if !ok {
		return nil, false
	}
	return &c.Packages[i], true
}

// PackageIndex returns the index of package id in Packages.
func (c *Catalog) PackageIndex(id string) (int, bool) {
	i, ok := c.packageIndex[id]
	return i, ok
}

// Expiry returns the last day a lot bought on d can pay for.
func (c *Catalog) Expiry(d civil.Date) civil.Date {
	switch c.Validity {
	case OneYear:
		return d.AddDate(1, 0, -1)
	case EndOfMonthNextYear:
		return civil.Month{Year: d.Year + 1, Month: d.Month}.Last()
	}
	panic(fmt.Sprintf("catalog %s: unknown validity %q survived validation", c.ID, c.Validity))
}

// Per1000 is a package's price per 1,000 minutes, rounded to 6 places
// when it has more (73888 per 3,000,000 minutes is 24.629333…).
func (p *Package) Per1000() decimal.Decimal {
	return Ratio(p.Price.Mul(decimal.NewFromInt(1000)), decimal.NewFromInt(p.Minutes))
}

// Ratio is a / b, exact when it has at most 6 decimal places and rounded
// half-up to 6 places otherwise.
func Ratio(a, b decimal.Decimal) decimal.Decimal {
	return a.DivRound(b, 6)
}
