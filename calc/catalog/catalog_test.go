package catalog

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/calc/civil"
	"github.com/rtcprice/rtcprice/calc/fault"
)

func mustLookup(t *testing.T, id string) *Catalog {
	t.Helper()
	c, ok, err := Lookup(id)
	require.Nil(t, err)
	require.True(t, ok, id)
	return c
}

// docs/billing.md §1.1: both price lists ship embedded with these exact ids and are valid.
func TestEmbeddedCatalogsLoad(t *testing.T) {
	cs, err := Embedded()
	require.Nil(t, err)
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
		assert.Equal(t, "CNY", c.Currency)
		assert.False(t, c.Custom)
	}
	assert.Equal(t, []string{"agora-2021-cny", "trtc-2019-cny"}, ids)
}

// TestEmbeddedOutOfOrderIsRefused: load checks the order Embedded
// promises rather than sorting (embedded.go says why); a sources list
// out of id order is an internal error, not a silently unsorted list.
func TestEmbeddedOutOfOrderIsRefused(t *testing.T) {
	saved := sources
	t.Cleanup(func() { sources, embedded, byID, loadErr = saved, nil, nil, nil; load() })
	sources = append(saved[1:len(saved):len(saved)], saved[0])
	embedded, byID, loadErr = nil, nil, nil
	load()
	require.NotNil(t, loadErr)
	assert.Contains(t, loadErr.Error(), "comes after trtc-2019-cny")
}

// docs/billing.md §1.2, §1.3, §1.4, §1.5, §7.2 (agora-2021-cny): every price row of seed 000, as printed, with
// the one erratum. Rows: meter, size in thousands, list, unit, total.
func TestAgoraSeedPriceRows(t *testing.T) {
	rows := []struct{ meter, size, list, unit, total string }{
		{"rtc.audio", "25", "7.00", "6.65", "166.25"},
		{"rtc.audio", "250", "7.00", "6.30", "1,575.00"},
		{"rtc.audio", "1000", "7.00", "5.95", "5,950.00"},
		{"rtc.hd", "25", "28.00", "26.60", "665.00"},
		{"rtc.hd", "250", "28.00", "25.20", "6,300.00"},
		{"rtc.hd", "1000", "28.00", "23.80", "23,800.00"},
		{"rtc.fhd", "25", "63.00", "59.85", "1,496.25"},
		{"rtc.fhd", "250", "63.00", "56.70", "14,175.00"},
		{"rtc.fhd", "1000", "63.00", "53.55", "53,550.00"},
		{"rtc.2k", "25", "112.00", "106.40", "2,660.00"},
		{"rtc.2k", "250", "112.00", "100.80", "25,200.00"},
		{"rtc.2k", "1000", "112.00", "95.20", "95,200.00"},
		{"rtc.2kplus", "25", "252.00", "239.40", "5,985.00"},
		{"rtc.2kplus", "250", "252.00", "226.80", "56,700.00"},
		{"rtc.2kplus", "1000", "252.00", "214.20", "214,200.00"},
		{"recording.audio", "25", "9.00", "8.55", "213.75"},
		{"recording.audio", "250", "9.00", "8.10", "2,025.00"},
		{"recording.audio", "1000", "9.00", "7.65", "7,650.00"},
		{"recording.hd", "25", "36.00", "34.20", "855.00"},
		{"recording.hd", "250", "36.00", "32.40", "8,100.00"},
		{"recording.hd", "1000", "36.00", "30.60", "30,600.00"},
		{"recording.fhd", "25", "81.00", "76.95", "1,923.75"},
		{"recording.fhd", "250", "81.00", "72.90", "18,225.00"},
		{"recording.fhd", "1000", "81.00", "68.85", "68,850.00"},
		{"recording.2k", "25", "144.00", "136.80", "3,420.00"},
		{"recording.2k", "250", "144.00", "129.60", "32,400.00"},
		{"recording.2k", "1000", "144.00", "122.40", "122,400.00"},
		// Erratum: printed 7,696.00; 25 × 307.80 = 7,695.00.
		{"recording.2kplus", "25", "324.00", "307.80", "7,695.00"},
		{"recording.2kplus", "250", "324.00", "291.60", "72,900.00"},
		{"recording.2kplus", "1000", "324.00", "275.40", "275,400.00"},
	}
	c := mustLookup(t, "agora-2021-cny")
	require.Len(t, c.Packages, len(rows))
	for _, r := range rows {
		id := r.meter + "." + r.size + "k"
		t.Run(id, func(t *testing.T) {
			p, ok := c.Package(id)
			require.True(t, ok)
			m := c.Meters[c.meterIndex[r.meter]]
			assert.True(t, decimal.RequireFromString(r.list).Equal(m.OveragePer1000), "list price %s", m.OveragePer1000)
			require.NotNil(t, p.UnitPer1000)
			assert.True(t, decimal.RequireFromString(r.unit).Equal(*p.UnitPer1000), "unit %s", p.UnitPer1000)
			total := decimal.RequireFromString(strings.ReplaceAll(r.total, ",", ""))
			assert.True(t, total.Equal(p.Price), "price %s, seed %s", p.Price, r.total)
			assert.Equal(t, r.meter, p.Meter, "docs/billing.md §1.5: a package pays only for its own meter")
			assert.True(t, p.Purchasable)
		})
	}
	erratum, _ := c.Package("recording.2kplus.25k")
	assert.Contains(t, erratum.Note, "7,696.00")
	assert.Contains(t, strings.Join(c.Notes, "\n"), "7,696.00")
}

// docs/billing.md §1.5 (agora-2021-cny): packages are 95% / 90% / 85% of the list price.
func TestAgoraDiscounts(t *testing.T) {
	c := mustLookup(t, "agora-2021-cny")
	disc := map[int64]string{25000: "0.95", 250000: "0.90", 1000000: "0.85"}
	for _, p := range c.Packages {
		m := c.Meters[c.meterIndex[p.Meter]]
		want := m.OveragePer1000.Mul(decimal.RequireFromString(disc[p.Minutes]))
		assert.True(t, want.Equal(*p.UnitPer1000), "%s: %s × %s ≠ %s", p.ID, m.OveragePer1000, disc[p.Minutes], p.UnitPer1000)
	}
	// rtc.hd.250k = 250 × 25.20 = 6,300.00
	p, _ := c.Package("rtc.hd.250k")
	assert.Equal(t, "6300", p.Price.String())
}

// docs/billing.md §1.11, §1.14 (trtc-2019-cny): the five packages of seed 002 plus the
// experience package, and the 25 per 1,000 overage rate.
func TestTRTCSeedPackages(t *testing.T) {
	c := mustLookup(t, "trtc-2019-cny")
	rows := []struct {
		id          string
		minutes     int64
		price       string
		purchasable bool
		paid        bool
	}{
		{"trial", 1000, "0", false, false},
		{"experience", 300, "6.6", true, false},
		{"entry", 50000, "3688", true, true},
		{"standard", 250000, "9688", true, true},
		{"enterprise", 1000000, "28988", true, true},
		{"premium", 3000000, "73888", true, true},
	}
	require.Len(t, c.Packages, len(rows))
	for _, r := range rows {
		p, ok := c.Package(r.id)
		require.True(t, ok, r.id)
		assert.Equal(t, r.minutes, p.Minutes, r.id)
		assert.True(t, decimal.RequireFromString(r.price).Equal(p.Price), r.id)
		assert.Equal(t, r.purchasable, p.Purchasable, r.id)
		assert.Equal(t, r.paid, p.ActivatesPostpaid, r.id)
	}
	exp, _ := c.Package("experience")
	assert.Equal(t, 1, exp.MaxPerAccount, "at most one experience per account")
	assert.Equal(t, "trial", c.Trial)
	assert.Nil(t, c.FreeAllowance, "docs/billing.md §1.11: no free allowance")
	assert.Equal(t, "25", c.Meters[0].OveragePer1000.String())
	assert.Equal(t, PostpaidAfterPaidPackage, c.Postpaid)
}

// docs/billing.md §4.6, §4.7: prices per 1,000 minutes of the TRTC packages.
func TestTRTCPer1000(t *testing.T) {
	c := mustLookup(t, "trtc-2019-cny")
	want := map[string]string{"experience": "22", "entry": "73.76", "standard": "38.752", "enterprise": "28.988", "premium": "24.629333"}
	for id, w := range want {
		p, _ := c.Package(id)
		assert.Equal(t, w, p.Per1000().String(), id)
	}
}

// docs/billing.md §1.7 validity one_year: purchase + 1 year − 1 day (time.AddDate).
// docs/billing.md §1.12 validity end_of_month_next_year: last day of the same month next year.
func TestValidityRules(t *testing.T) {
	agora := mustLookup(t, "agora-2021-cny")
	trtc := mustLookup(t, "trtc-2019-cny")
	cases := []struct {
		c         *Catalog
		buy, want string
	}{
		{agora, "2021-03-15", "2022-03-14"},
		{agora, "2020-02-29", "2021-02-28"},
		{agora, "2021-01-01", "2021-12-31"},
		{agora, "2021-03-01", "2022-02-28"},
		{agora, "2023-03-01", "2024-02-29"},
		{trtc, "2019-03-15", "2020-03-31"},
		{trtc, "2020-02-29", "2021-02-28"},
		{trtc, "2019-02-01", "2020-02-29"},
		{trtc, "2019-12-31", "2020-12-31"},
	}
	for _, tc := range cases {
		d, err := civil.ParseDate(tc.buy)
		require.NoError(t, err)
		assert.Equal(t, tc.want, tc.c.Expiry(d).String(), "%s bought %s", tc.c.ID, tc.buy)
	}
}

// docs/billing.md §1.1, §1.2: catalogs are validated when loaded; errors name the field.
func TestCatalogValidation(t *testing.T) {
	base := func() map[string]any {
		c := mustLookup(t, "trtc-2019-cny")
		data, err := json.Marshal(c)
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(data, &m))
		return m
	}
	pkgs := func(m map[string]any) []any { return m["packages"].([]any) }
	cases := []struct {
		name   string
		edit   func(m map[string]any)
		code   string
		field  string
		substr string
		reason fault.Reason
	}{
		{"duplicate package id", func(m map[string]any) { pkgs(m)[3].(map[string]any)["id"] = "entry" }, "invalid", "catalog.packages[3].id", "twice", "duplicate"},
		{"duplicate meter id", func(m map[string]any) {
			m["meters"] = append(m["meters"].([]any), map[string]any{"id": "call", "name": "again", "overagePer1000": "1"})
		}, "invalid", "catalog.meters[1].id", "twice", "duplicate"},
		{"negative price", func(m map[string]any) { pkgs(m)[3].(map[string]any)["price"] = "-1" }, "invalid", "catalog.packages[3].price", "negative", "negative"},
		{"negative overage", func(m map[string]any) { m["meters"].([]any)[0].(map[string]any)["overagePer1000"] = "-25" }, "invalid", "catalog.meters[0].overagePer1000", "negative", "negative"},
		{"zero size", func(m map[string]any) { pkgs(m)[2].(map[string]any)["minutes"] = 0 }, "invalid", "catalog.packages[2].minutes", "at least 1", "below_minimum"},
		{"unknown meter", func(m map[string]any) { pkgs(m)[2].(map[string]any)["meter"] = "video" }, "not_found", "catalog.packages[2].meter", "video", "meter_not_found"},
		{"missing validity", func(m map[string]any) { delete(m, "validity") }, "invalid", "catalog.validity", "required", "required"},
		{"unknown validity", func(m map[string]any) { m["validity"] = "forever" }, "invalid", "catalog.validity", "forever", "not_allowed"},
		{"inconsistent unit price", func(m map[string]any) {
			pkgs(m)[2].(map[string]any)["unitPer1000"] = "73"
		}, "invalid", "catalog.packages[2].price", "73", "price_mismatch"},
		{"unknown field", func(m map[string]any) { m["discont"] = "0.8" }, "invalid", "catalog.discont", "not a field", "unknown_field"},
		{"price not a number", func(m map[string]any) { pkgs(m)[1].(map[string]any)["price"] = "NaN" }, "invalid", "catalog.packages[1].price", "finite", "not_finite"},
		{"trial purchasable", func(m map[string]any) { pkgs(m)[0].(map[string]any)["purchasable"] = true }, "invalid", "catalog.trial", "granted", "trial_purchasable"},
		{"tie break without expiry first", func(m map[string]any) { m["tieBreak"] = []any{"purchase", "expiry", "input"} }, "invalid", "catalog.tieBreak", "expiry", "tie_break_start"},
		{"free order unknown meter", func(m map[string]any) {
			m["freeAllowance"] = map[string]any{"minutesPerMonth": 10, "order": []any{"nope"}}
		}, "not_found", "catalog.freeAllowance.order[0]", "nope", "meter_not_found"},
		{"tie break key unknown", func(m map[string]any) { m["tieBreak"] = []any{"expiry", "price", "input"} }, "invalid", "catalog.tieBreak[1]", "price", "not_allowed"},
		{"tie break key not a string", func(m map[string]any) { m["tieBreak"] = []any{"expiry", 3, "input"} }, "invalid", "catalog.tieBreak[1]", "must be one of", "not_a_string"},
		{"tie break key twice", func(m map[string]any) { m["tieBreak"] = []any{"expiry", "size", "size", "input"} }, "invalid", "catalog.tieBreak[2]", "\"size\" is listed twice", "duplicate"},
		{"tie break without input", func(m map[string]any) { m["tieBreak"] = []any{"expiry", "size"} }, "invalid", "catalog.tieBreak", "input", "tie_break_end"},
		{"free order meter twice", func(m map[string]any) {
			m["freeAllowance"] = map[string]any{"minutesPerMonth": 10, "order": []any{"call", "call"}}
		}, "invalid", "catalog.freeAllowance.order[1]", "meter \"call\" is listed twice", "duplicate"},
		{"free order not a string", func(m map[string]any) {
			m["freeAllowance"] = map[string]any{"minutesPerMonth": 10, "order": []any{true}}
		}, "invalid", "catalog.freeAllowance.order[0]", "true is not a meter of the catalog", "not_a_string"},
		{"calls meter unknown", func(m map[string]any) { m["calls"] = map[string]any{"model": "participant_minutes", "meter": "x"} }, "not_found", "catalog.calls.meter", "x", "meter_not_found"},
		{"no paid package", func(m map[string]any) {
			for _, p := range pkgs(m) {
				delete(p.(map[string]any), "activatesPostpaid")
			}
		}, "invalid", "catalog.packages", "activates", "postpaid_never_activated"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := base()
			tc.edit(m)
			data, err := json.Marshal(m)
			require.NoError(t, err)
			_, ferr := ParseJSON(data, "catalog")
			require.NotNil(t, ferr)
			assert.Equal(t, tc.code, ferr.Code, ferr.Error())
			assert.Equal(t, tc.field, ferr.Field, ferr.Error())
			assert.Contains(t, ferr.Message, tc.substr)
			assert.Equal(t, tc.reason, ferr.Reason, ferr.Error())
			require.NoError(t, ferr.Validate())
		})
	}
	// The unedited copy is valid: the edits above are what fails.
	data, err := json.Marshal(base())
	require.NoError(t, err)
	_, ferr := ParseJSON(data, "catalog")
	require.Nil(t, ferr)
}
