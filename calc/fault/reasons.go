package fault

import "fmt"

// The reasons of an Error: one stable snake_case key per rule an input
// can break. Each has one code, and its Params always hold the same keys
// (Table). docs/api.md, "Error reasons", lists them; a test keeps that
// list and Table the same.
const (
	// The module (wasm/) and the request text.
	RequestNotText  Reason = "request_not_text"
	RequestTooLarge Reason = "request_too_large"
	RequestEmpty    Reason = "request_empty"
	NotJSON         Reason = "not_json"
	TrailingData    Reason = "trailing_data"

	// The shape of a JSON value.
	Required     Reason = "required"
	UnknownField Reason = "unknown_field"
	NotAnObject  Reason = "not_an_object"
	NotAnArray   Reason = "not_an_array"
	NotAString   Reason = "not_a_string"
	NotABoolean  Reason = "not_a_boolean"
	NotANumber   Reason = "not_a_number"
	NotADecimal  Reason = "not_a_decimal"
	NotFinite    Reason = "not_finite"
	TooPrecise   Reason = "too_precise"
	NotWhole     Reason = "not_whole"
	BelowMinimum Reason = "below_minimum"
	AboveMaximum Reason = "above_maximum"
	Negative     Reason = "negative"
	TooManyItems Reason = "too_many_items"
	Empty        Reason = "empty"
	TextTooLong  Reason = "text_too_long"
	NotAllowed   Reason = "not_allowed"
	Duplicate    Reason = "duplicate"
	NotACatalog  Reason = "not_a_catalog"

	// Months and dates.
	MonthFormat       Reason = "month_format"
	DateFormat        Reason = "date_format"
	DateNotInCalendar Reason = "date_not_in_calendar"
	OutsideRange      Reason = "outside_range"
	EndBeforeStart    Reason = "end_before_start"
	TooManyMonths     Reason = "too_many_months"
	PastLastMonth     Reason = "past_last_month"

	// What a catalog sells.
	CatalogNotFound       Reason = "catalog_not_found"
	MeterNotFound         Reason = "meter_not_found"
	PackageNotFound       Reason = "package_not_found"
	PackageNotPurchasable Reason = "package_not_purchasable"
	TrialNotGranted       Reason = "trial_not_granted"
	MaxPerAccount         Reason = "max_per_account"
	TooManyLots           Reason = "too_many_lots"
	RecordingNotSold      Reason = "recording_not_sold"
	RecordingTierNotSold  Reason = "recording_tier_not_sold"
	NoCallModel           Reason = "no_call_model"

	// Usage.
	MinutesAndSeconds  Reason = "minutes_and_seconds"
	NoMinutesOrSeconds Reason = "no_minutes_or_seconds"
	UsageRequired      Reason = "usage_required"
	UsageConflict      Reason = "usage_conflict"
	MonthlyLength      Reason = "monthly_length"
	RequiredWith       Reason = "required_with"
	TooManyMinutes     Reason = "too_many_minutes"

	// A custom catalog's own rules (calc/catalog/FORMAT.md).
	TieBreakStart          Reason = "tie_break_start"
	TieBreakEnd            Reason = "tie_break_end"
	PriceMismatch          Reason = "price_mismatch"
	PostpaidRuleUnused     Reason = "postpaid_rule_unused"
	PostpaidNeverActivated Reason = "postpaid_never_activated"
	TrialPurchasable       Reason = "trial_purchasable"
	LastTierBounded        Reason = "last_tier_bounded"
	TiersNotIncreasing     Reason = "tiers_not_increasing"

	// A bug.
	InternalError Reason = "internal"
)

// Rule documents a reason: its code, when it is given and the keys of its
// Params.
type Rule struct {
	Reason Reason
	Code   string
	When   string
	Params []string
}

// Table lists every reason, in the order docs/api.md documents them.
var Table = []Rule{
	{RequestNotText, CodeInvalid, "quote or simulate got something other than a JS string (the module takes JSON text only); `type` is its `typeof` (`null` for null)", []string{"type"}},
	{RequestTooLarge, CodeLimit, "the request text is more than `limit` bytes of UTF-8", []string{"limit"}},
	{RequestEmpty, CodeInvalid, "the request text is empty or only white space", nil},
	{NotJSON, CodeInvalid, "the request text is not JSON; `offset` is how many bytes were read when the error was found", []string{"offset"}},
	{TrailingData, CodeInvalid, "more text follows the request's JSON value", nil},

	{Required, CodeInvalid, "the field is missing or null", nil},
	{UnknownField, CodeInvalid, "the API defines no field `name` here (a misspelling?)", []string{"name"}},
	{NotAnObject, CodeInvalid, "the value must be a JSON object; `type` is what it is (`null`, `boolean`, `string`, `number`, `array`)", []string{"type"}},
	{NotAnArray, CodeInvalid, "the value must be a JSON array; `type` is what it is", []string{"type"}},
	{NotAString, CodeInvalid, "the value must be a JSON string; `type` is what it is", []string{"type"}},
	{NotABoolean, CodeInvalid, "the value must be true or false; `type` is what it is", []string{"type"}},
	{NotANumber, CodeInvalid, "an amount must be a JSON number or a decimal string; `type` is what it is", []string{"type"}},
	{NotADecimal, CodeInvalid, "a string amount is not a decimal number such as `199.5` or `1e3` (no separators, no units)", []string{"value"}},
	{NotFinite, CodeInvalid, "an amount is `NaN` or an infinity", []string{"value"}},
	{TooPrecise, CodeInvalid, "an amount has more than `maxDigits` digits or an exponent past `maxExponent`", []string{"value", "maxDigits", "maxExponent"}},
	{NotWhole, CodeInvalid, "the number must be whole", []string{"value"}},
	{BelowMinimum, CodeInvalid, "the number is less than `min`", []string{"value", "min"}},
	{AboveMaximum, CodeLimit, "the number is more than `max`", []string{"value", "max"}},
	{Negative, CodeInvalid, "an amount is negative", []string{"value"}},
	{TooManyItems, CodeLimit, "the array has `count` elements; at most `limit` are allowed", []string{"count", "limit"}},
	{Empty, CodeInvalid, "a text that must say something is empty, or a list that needs an entry (a catalog's `meters`, `tiers`) has none", nil},
	{TextTooLong, CodeLimit, "a text is `length` bytes long; at most `limit` are allowed", []string{"length", "limit"}},
	{NotAllowed, CodeInvalid, "the value is not one of `allowed` (a comma-separated list)", []string{"value", "allowed"}},
	{Duplicate, CodeInvalid, "the value is given twice where each must be unique (a meter or package id, a meter of a list)", []string{"value"}},
	{NotACatalog, CodeInvalid, "`catalog` is neither a catalog id (a string) nor a catalog object; `type` is what it is", []string{"type"}},

	{MonthFormat, CodeInvalid, "a month is not `YYYY-MM` (years 1000 to 9999, months 01 to 12)", []string{"value"}},
	{DateFormat, CodeInvalid, "a date is not `YYYY-MM-DD`", []string{"value"}},
	{DateNotInCalendar, CodeInvalid, "a date has the form `YYYY-MM-DD` but no such day exists; its month has `days` days", []string{"value", "days"}},
	{OutsideRange, CodeInvalid, "a date or month is outside the simulated months `start` to `end`", []string{"value", "start", "end"}},
	{EndBeforeStart, CodeInvalid, "`end` is before `start`", []string{"start", "end"}},
	{TooManyMonths, CodeLimit, "`start` to `end` is `months` months; at most `limit` can be simulated", []string{"months", "limit"}},
	{PastLastMonth, CodeInvalid, "the quote's `months` months from `start` end after `last`", []string{"start", "months", "last"}},

	{CatalogNotFound, CodeNotFound, "no catalog has id `value`; `allowed` lists the embedded ones", []string{"value", "allowed"}},
	{MeterNotFound, CodeNotFound, "the catalog `catalog` has no meter `value`", []string{"value", "catalog"}},
	{PackageNotFound, CodeNotFound, "the catalog `catalog` has no package `value`", []string{"value", "catalog"}},
	{PackageNotPurchasable, CodeInvalid, "the package `package` is granted (a trial), not sold", []string{"package"}},
	{TrialNotGranted, CodeInvalid, "a trial is asked for but the catalog `catalog` grants none", []string{"catalog"}},
	{MaxPerAccount, CodeInvalid, "the package `package` can be bought at most `max` times per account (an experience package)", []string{"package", "max"}},
	{TooManyLots, CodeLimit, "the purchases' counts add up to more than `limit` lots", []string{"limit"}},
	{RecordingNotSold, CodeInvalid, "the calls ask for cloud recording but the catalog `catalog` sells none", []string{"catalog"}},
	{RecordingTierNotSold, CodeInvalid, "the calls ask for cloud recording at resolution tier `tier`, which the catalog `catalog` does not sell", []string{"catalog", "tier"}},

	{MinutesAndSeconds, CodeInvalid, "a usage row gives both minutes and seconds", nil},
	{NoMinutesOrSeconds, CodeInvalid, "a usage row gives neither minutes nor seconds", nil},
	{UsageRequired, CodeInvalid, "a quote gives none of `usage`, `monthly` and `calls`", nil},
	{UsageConflict, CodeInvalid, "a quote gives this field and `other`; give one of `usage`, `monthly` and `calls`", []string{"other"}},
	{MonthlyLength, CodeInvalid, "`monthly` has `count` entries but `months` is `months`", []string{"count", "months"}},
	{RequiredWith, CodeInvalid, "the field must be given with `other` (width and height: both or neither)", []string{"other"}},
	{TooManyMinutes, CodeLimit, "the call profiles add up to more than `max` minutes a month of meter `meter`", []string{"meter", "max"}},

	{TieBreakStart, CodeInvalid, "a catalog's `tieBreak` must start with `first`", []string{"first"}},
	{TieBreakEnd, CodeInvalid, "a catalog's `tieBreak` must include `last`, which ends every tie", []string{"last"}},
	{PriceMismatch, CodeInvalid, "a package's `price` is not its `minutes` at `unitPer1000` per 1,000; that would be `expected`", []string{"value", "minutes", "unitPer1000", "expected"}},
	{PostpaidRuleUnused, CodeInvalid, "`activatesPostpaid` is set but the catalog's postpaid is not `postpaid`", []string{"postpaid"}},
	{PostpaidNeverActivated, CodeInvalid, "the catalog's postpaid is `postpaid` but no purchasable package activates it", []string{"postpaid"}},
	{TrialPurchasable, CodeInvalid, "the trial package `package` is marked purchasable; a trial is granted, not sold", []string{"package"}},
	{LastTierBounded, CodeInvalid, "the last resolution tier has `maxPixels`; it takes every larger resolution", nil},
	{TiersNotIncreasing, CodeInvalid, "resolution tiers are not in increasing order of `maxPixels`", []string{"value", "previous"}},

	{InternalError, CodeInternal, "a bug in rtcprice, never the caller's fault: please report it", nil},
}

// codes maps each reason to its code.
var codes = func() map[Reason]string {
	m := make(map[Reason]string, len(Table))
	for _, r := range Table {
		m[r.Reason] = r.Code
	}
	return m
}()

// CodeOf returns the code of a reason, "" for a reason Table does not
// list.
func CodeOf(r Reason) string { return codes[r] }

// RuleOf returns the Rule of a reason, and whether Table lists it.
func RuleOf(r Reason) (Rule, bool) {
	for _, rule := range Table {
		if rule.Reason == r {
			return rule, true
		}
	}
	return Rule{}, false
}

// Validate reports how e breaks the contract of an Error, or nil: its
// reason is one Table lists, its code the reason's, its params exactly
// the reason's keys, each a string or an integer, and it has a message.
func (e *Error) Validate() error {
	rule, ok := RuleOf(e.Reason)
	if !ok {
		return fmt.Errorf("reason %q is not in fault.Table (%v)", e.Reason, e)
	}
	if e.Code != rule.Code {
		return fmt.Errorf("reason %q has code %q, not %q (%v)", e.Reason, e.Code, rule.Code, e)
	}
	if e.Message == "" {
		return fmt.Errorf("reason %q: no message", e.Reason)
	}
	if e.Params == nil {
		return fmt.Errorf("reason %q: params is nil, not an object (%v)", e.Reason, e)
	}
	if len(e.Params) != len(rule.Params) {
		return fmt.Errorf("reason %q: params %v, want the keys %v (%v)", e.Reason, e.Params, rule.Params, e)
	}
	for _, k := range rule.Params {
		v, ok := e.Params[k]
		if !ok {
			return fmt.Errorf("reason %q: params %v lack %q (%v)", e.Reason, e.Params, k, e)
		}
		switch v.(type) {
		case string, int, int64:
		default:
			return fmt.Errorf("reason %q: param %q is a %T, not a string or an integer (%v)", e.Reason, k, v, e)
		}
	}
	return nil
}
