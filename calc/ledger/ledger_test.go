package ledger

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/calc/catalog"
	"github.com/rtcprice/rtcprice/calc/civil"
)

// The tests of each step of a month's bill, beside the function that
// applies it. The end-to-end tests of the same rules, through requests,
// are in calc/simulate_test.go.

func lookup(t *testing.T, id string) *catalog.Catalog {
	t.Helper()
	c, ok, err := catalog.Lookup(id)
	require.Nil(t, err)
	require.True(t, ok, id)
	return c
}

func date(t *testing.T, s string) civil.Date {
	t.Helper()
	d, err := civil.ParseDate(s)
	require.NoError(t, err)
	return d
}

func mon(t *testing.T, s string) civil.Month {
	t.Helper()
	m, err := civil.ParseMonth(s)
	require.NoError(t, err)
	return m
}

func pkg(t *testing.T, c *catalog.Catalog, id string) *catalog.Package {
	t.Helper()
	p, ok := c.Package(id)
	require.True(t, ok, id)
	return p
}

// billed is a month's billed minutes per meter of c, from meter ids.
func billed(t *testing.T, c *catalog.Catalog, minutes map[string]int64) []int64 {
	t.Helper()
	out := make([]int64, len(c.Meters))
	for id, n := range minutes {
		m, ok := c.MeterIndex(id)
		require.True(t, ok, id)
		out[m] = n
	}
	return out
}

// docs/billing.md §3.3: the steps run in order. Free minutes come before
// any lot (the lot is untouched while they cover the month); lots come
// before overage; forfeiture comes after the month's deductions, so a lot
// expiring at a month's end first pays for that month, then loses only
// its rest; prepaid counts the lot in its purchase month.
func TestStepsInOrder(t *testing.T) {
	c := lookup(t, "agora-2021-cny")
	lot := NewLot(c, "P1", pkg(t, c, "rtc.hd.25k"), date(t, "2021-03-01"), 0, 0)
	require.Equal(t, "2022-02-28", lot.Expires.String())
	months := 12
	in := Input{Catalog: c, Start: mon(t, "2021-03"), Billed: make([][]int64, months), Lots: []Lot{lot}}
	for k := range in.Billed {
		in.Billed[k] = billed(t, c, nil)
	}
	in.Billed[0] = billed(t, c, map[string]int64{"rtc.hd": 10000})  // free covers all
	in.Billed[1] = billed(t, c, map[string]int64{"rtc.hd": 30000})  // free, then the lot
	in.Billed[11] = billed(t, c, map[string]int64{"rtc.hd": 15000}) // expiry month
	s := Run(in)
	hd, _ := c.MeterIndex("rtc.hd")

	mar := s.Months[0]
	assert.Equal(t, int64(10000), mar.Meters[hd].FreeMinutes)
	assert.Empty(t, mar.Meters[hd].Deductions, "free minutes first: the lot is untouched")
	assert.Equal(t, "665", mar.Prepaid.String())

	apr := s.Months[1].Meters[hd]
	assert.Equal(t, "rtc.hd", apr.Meter)
	assert.Equal(t, int64(10000), apr.FreeMinutes)
	assert.Equal(t, []Deduction{{Lot: "P1", Package: "rtc.hd.25k", Minutes: 20000}}, apr.Deductions)
	assert.Zero(t, apr.OverageMinutes)

	feb := s.Months[11]
	assert.Equal(t, "2022-02", feb.Month)
	assert.Equal(t, []Deduction{{Lot: "P1", Package: "rtc.hd.25k", Minutes: 5000}}, feb.Meters[hd].Deductions,
		"the lot pays for its expiry month before it forfeits")
	assert.Empty(t, feb.Forfeited, "nothing left to forfeit")
	assert.Zero(t, feb.Meters[hd].OverageMinutes)
	assert.Equal(t, "0", s.Totals.Postpaid.String())
}

// docs/billing.md §3.4: the free minutes go to the meters in the
// catalog's order, each taking up to its billed minutes; none carry over.
func TestFreeAllowanceApply(t *testing.T) {
	c := lookup(t, "agora-2021-cny")
	r := freeAllowanceOf(c)
	got := r.apply(billed(t, c, map[string]int64{"rtc.audio": 3000, "recording.audio": 0, "rtc.hd": 9000, "rtc.2kplus": 5}))
	assert.Equal(t, billed(t, c, map[string]int64{"rtc.audio": 3000, "rtc.hd": 7000}), got)
	assert.Equal(t, []int64{0}, freeAllowanceOf(lookup(t, "trtc-2019-cny")).apply([]int64{500}), "trtc has no free minutes")
}

// docs/billing.md §3.2: a lot pays for a month when bought by its last day
// and not expiring before it.
func TestEligible(t *testing.T) {
	c := lookup(t, "agora-2021-cny")
	lot := NewLot(c, "P1", pkg(t, c, "rtc.hd.25k"), date(t, "2021-03-15"), 0, 0) // expires 2022-03-14
	for m, want := range map[string]bool{"2021-02": false, "2021-03": true, "2022-02": true, "2022-03": false} {
		assert.Equal(t, want, eligible(&lot, mon(t, m).Last()), m)
	}
}

// docs/billing.md §3.5: deduction takes whole minutes from eligible lots
// in deduction order, each until empty, and returns what is uncovered.
func TestDeduct(t *testing.T) {
	c := lookup(t, "trtc-2019-cny")
	lots := []Lot{
		NewLot(c, "P1", pkg(t, c, "entry"), date(t, "2019-08-01"), 0, 0),
		NewLot(c, "trial", pkg(t, c, "trial"), date(t, "2019-07-01"), -1, -1),
		NewLot(c, "P2", pkg(t, c, "experience"), date(t, "2019-09-01"), 1, 1), // not yet bought in August
	}
	b := newBook(Input{Catalog: c, Lots: lots})
	var mb MeterBill
	left := b.deduct(&mb, 0, mon(t, "2019-08").Last(), 51001)
	assert.Equal(t, int64(1), left)
	assert.Equal(t, []Deduction{{Lot: "trial", Package: "trial", Minutes: 1000}, {Lot: "P1", Package: "entry", Minutes: 50000}}, mb.Deductions)
	assert.Equal(t, []int64{0, 0, 300}, b.balance)

	mb = MeterBill{}
	assert.Equal(t, int64(0), b.deduct(&mb, 0, mon(t, "2019-09").Last(), 0))
	assert.Equal(t, []Deduction{}, mb.Deductions, "no need: nothing taken")
}

// docs/billing.md §3.6: uncovered minutes are overage at the rate when
// postpaid is on, else unserved at no cost.
func TestOverageOrUnserved(t *testing.T) {
	var on, off MeterBill
	overageOrUnserved(&on, 1001, true, decimal.RequireFromString("25"))
	assert.Equal(t, int64(1001), on.OverageMinutes)
	assert.Zero(t, on.UnservedMinutes)
	assert.Equal(t, "25.025", on.OverageCost.String())
	overageOrUnserved(&off, 1001, false, decimal.RequireFromString("25"))
	assert.Zero(t, off.OverageMinutes)
	assert.Equal(t, int64(1001), off.UnservedMinutes)
	assert.True(t, off.OverageCost.IsZero())
}

// docs/billing.md §1.14: postpaid after a paid package is on from the
// month of the earliest activating purchase, whatever the input order;
// §1.9: always on for agora.
func TestPostpaidStart(t *testing.T) {
	c := lookup(t, "trtc-2019-cny")
	r := postpaidStart(c, []Lot{
		NewLot(c, "trial", pkg(t, c, "trial"), date(t, "2019-01-01"), -1, -1),
		NewLot(c, "P1", pkg(t, c, "standard"), date(t, "2019-09-20"), 0, 0),
		NewLot(c, "P2", pkg(t, c, "experience"), date(t, "2019-03-01"), 1, 1),
		NewLot(c, "P3", pkg(t, c, "entry"), date(t, "2019-06-30"), 2, 2),
	})
	assert.False(t, r.on(mon(t, "2019-05").Last()), "the trial and experience do not turn it on")
	assert.True(t, r.on(mon(t, "2019-06").Last()))
	assert.True(t, r.on(mon(t, "2030-01").Last()), "and it stays on")
	assert.False(t, postpaidStart(c, nil).on(mon(t, "2019-06").Last()))
	assert.True(t, postpaidStart(lookup(t, "agora-2021-cny"), nil).on(mon(t, "2019-06").Last()))
}

// docs/billing.md §3.7: a lot expiring in the month loses its rest after
// the month's deductions; lots expiring later keep theirs.
func TestForfeitExpiring(t *testing.T) {
	c := lookup(t, "agora-2021-cny")
	lots := []Lot{
		NewLot(c, "P1", pkg(t, c, "rtc.hd.25k"), date(t, "2021-03-15"), 0, 0), // expires 2022-03-14
		NewLot(c, "P2", pkg(t, c, "rtc.hd.25k"), date(t, "2021-05-01"), 1, 1), // expires 2022-04-30
	}
	b := newBook(Input{Catalog: c, Lots: lots})
	b.balance[0] = 1234
	assert.Empty(t, b.forfeitExpiring(mon(t, "2022-02")))
	assert.Equal(t, []Forfeit{{Lot: "P1", Package: "rtc.hd.25k", Minutes: 1234}}, b.forfeitExpiring(mon(t, "2022-03")))
	assert.Equal(t, []int64{0, 25000}, b.balance)
	assert.Equal(t, []int64{1234, 0}, b.forfeited)
	assert.Empty(t, b.forfeitExpiring(mon(t, "2022-03")), "an empty lot forfeits nothing")
}

// docs/billing.md §3.8: prepaid spend is the price of the lots bought in
// the month; balances list the lots bought by its end and not expired
// before it began, by purchase date, then input order.
func TestPrepaidSpendAndBalances(t *testing.T) {
	c := lookup(t, "trtc-2019-cny")
	lots := []Lot{
		NewLot(c, "P1", pkg(t, c, "standard"), date(t, "2019-07-31"), 0, 0),
		NewLot(c, "P2", pkg(t, c, "entry"), date(t, "2019-07-01"), 1, 1),
		NewLot(c, "P3", pkg(t, c, "entry"), date(t, "2019-08-01"), 2, 2),
		NewLot(c, "P4", pkg(t, c, "experience"), date(t, "2018-01-01"), 3, 3), // expired 2019-01-31
	}
	b := newBook(Input{Catalog: c, Lots: lots})
	jul := mon(t, "2019-07")
	assert.Equal(t, "13376", b.prepaidSpend(jul.First(), jul.Last()).String(), "9,688 + 3,688")
	var ids []string
	for _, bal := range b.balances(jul.First(), jul.Last()) {
		ids = append(ids, bal.Lot)
	}
	assert.Equal(t, []string{"P2", "P1"}, ids)
}
