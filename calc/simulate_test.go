package calc

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/calc/civil"
	"github.com/rtcprice/rtcprice/calc/fault"
)

// sim runs a simulate request given as a Go value (marshalled to JSON,
// so the test goes through the same decoder as the page).
func sim(t *testing.T, req map[string]any) *Simulation {
	t.Helper()
	data, err := json.Marshal(req)
	require.NoError(t, err)
	s, err := SimulateJSON(data)
	require.NoError(t, err)
	checkConservation(t, s)
	return s
}

// simErr runs a request that must fail and returns its error.
func simErr(t *testing.T, req any) *Error {
	t.Helper()
	data, err := json.Marshal(req)
	require.NoError(t, err)
	_, err = SimulateJSON(data)
	require.Error(t, err)
	var e *Error
	require.True(t, errors.As(err, &e), "%T", err)
	require.NoError(t, e.Validate(), "the error keeps the contract of fault.Table")
	return e
}

// checkConservation asserts SPEC §3's conservation laws on a result.
func checkConservation(t *testing.T, s *Simulation) {
	t.Helper()
	deducted := map[string]int64{}
	forfeited := map[string]int64{}
	for _, m := range s.Months {
		for _, mb := range m.Meters {
			sum := mb.FreeMinutes + mb.OverageMinutes + mb.UnservedMinutes
			for _, d := range mb.Deductions {
				sum += d.Minutes
				deducted[d.Lot] += d.Minutes
			}
			assert.Equal(t, mb.BilledMinutes, sum, "%s %s: billed = free + deducted + overage + unserved", m.Month, mb.Meter)
		}
		for _, f := range m.Forfeited {
			forfeited[f.Lot] += f.Minutes
		}
	}
	for _, l := range s.Lots {
		assert.Equal(t, l.Minutes, deducted[l.Lot]+forfeited[l.Lot]+l.Remaining, "lot %s: size = deducted + forfeited + remaining", l.Lot)
		assert.Equal(t, deducted[l.Lot], l.Deducted, l.Lot)
		assert.Equal(t, forfeited[l.Lot], l.Forfeited, l.Lot)
	}
}

func month(s *Simulation, m string) *Statement {
	for i := range s.Months {
		if s.Months[i].Month == m {
			return &s.Months[i]
		}
	}
	return nil
}

func meter(st *Statement, id string) *MeterBill {
	for i := range st.Meters {
		if st.Meters[i].Meter == id {
			return &st.Meters[i]
		}
	}
	return nil
}

func deductions(mb *MeterBill) map[string]int64 {
	out := map[string]int64{}
	for _, d := range mb.Deductions {
		out[d.Lot] += d.Minutes
	}
	return out
}

type row = map[string]any

var seedExample = row{
	"catalog": "trtc-2019-cny",
	"start":   "2019-07", "end": "2019-08",
	"trial":     "2019-07-01",
	"purchases": []row{{"package": "entry", "date": "2019-08-01", "count": 1}},
	"usage": []row{
		{"month": "2019-07", "meter": "call", "minutes": "199.5"},
		{"month": "2019-08", "meter": "call", "seconds": 3108030},
	},
}

// Seed 002's worked example, to the last digit (SPEC §2 rounding, §3
// deduction, overage cost 1,001 minutes → 25.025).
func TestSeed002WorkedExample(t *testing.T) {
	s := sim(t, seedExample)
	jul, aug := month(s, "2019-07"), month(s, "2019-08")
	require.NotNil(t, jul)
	require.NotNil(t, aug)

	mb := meter(jul, "call")
	assert.Equal(t, int64(200), mb.BilledMinutes)
	assert.Equal(t, map[string]int64{"trial": 200}, deductions(mb))
	assert.Equal(t, int64(0), mb.OverageMinutes)
	assert.Equal(t, int64(800), jul.Balances[0].Remaining)

	mb = meter(aug, "call")
	assert.Equal(t, int64(51801), mb.BilledMinutes)
	assert.Equal(t, map[string]int64{"trial": 800, "P1": 50000}, deductions(mb))
	assert.Equal(t, "trial", mb.Deductions[0].Lot, "the trial expires first, so it is deducted first")
	assert.Equal(t, int64(1001), mb.OverageMinutes)
	assert.Equal(t, "25.025", mb.OverageCost.String())
	assert.Equal(t, "3688", aug.Prepaid.String())
	assert.Equal(t, "25.025", aug.Postpaid.String())
	assert.Equal(t, "25.03", aug.Payable.String(), "payable: half-up to 0.01")

	assert.Equal(t, "3688", s.Totals.Prepaid.String())
	assert.Equal(t, "25.025", s.Totals.Postpaid.String())
	assert.Equal(t, "3713.025", s.Totals.Total.String())
	assert.Equal(t, int64(0), s.Totals.UnservedMinutes)

	// The same usage as 51800.5 minutes gives the same bill.
	alt := cloneReq(seedExample)
	alt["usage"] = []row{
		{"month": "2019-07", "meter": "call", "minutes": 199.5},
		{"month": "2019-08", "meter": "call", "minutes": "51800.5"},
	}
	assert.Equal(t, "3713.025", sim(t, alt).Totals.Total.String())
}

func cloneReq(r row) row {
	data, _ := json.Marshal(r)
	var out row
	_ = json.Unmarshal(data, &out)
	return out
}

// SPEC §2: usage rows of one month and meter are summed, then rounded once.
func TestUsageRoundedOncePerMonthAndMeter(t *testing.T) {
	s := sim(t, row{
		"catalog": "agora-2021-cny", "start": "2021-03", "end": "2021-03",
		"usage": []row{
			{"month": "2021-03", "meter": "rtc.hd", "minutes": "0.5"},
			{"month": "2021-03", "meter": "rtc.hd", "seconds": "30"},
			{"month": "2021-03", "meter": "rtc.hd", "minutes": "0.25"},
			{"month": "2021-03", "meter": "rtc.fhd", "seconds": "0.001"},
		},
	})
	st := month(s, "2021-03")
	assert.Equal(t, int64(2), meter(st, "rtc.hd").BilledMinutes, "0.5 + 0.5 + 0.25 = 1.25 → 2, not 3")
	assert.Equal(t, int64(1), meter(st, "rtc.fhd").BilledMinutes, "a part minute counts as a minute")
}

// SPEC §1 agora free allowance: 10,000 minutes a month, before packages,
// in the catalog's meter order: audio first, spilling into HD.
func TestAgoraFreeMinutesSpillFromAudioIntoHD(t *testing.T) {
	s := sim(t, row{
		"catalog": "agora-2021-cny", "start": "2021-03", "end": "2021-04",
		"usage": []row{
			{"month": "2021-03", "meter": "rtc.audio", "minutes": 4000},
			{"month": "2021-03", "meter": "recording.audio", "minutes": 1000},
			{"month": "2021-03", "meter": "rtc.hd", "minutes": 8000},
			{"month": "2021-03", "meter": "recording.hd", "minutes": 500},
			{"month": "2021-04", "meter": "rtc.2kplus", "minutes": 12000},
		},
	})
	mar := month(s, "2021-03")
	assert.Equal(t, int64(4000), meter(mar, "rtc.audio").FreeMinutes)
	assert.Equal(t, int64(1000), meter(mar, "recording.audio").FreeMinutes)
	assert.Equal(t, int64(5000), meter(mar, "rtc.hd").FreeMinutes, "the rest of the 10,000 spills into HD")
	assert.Equal(t, int64(3000), meter(mar, "rtc.hd").OverageMinutes)
	assert.Equal(t, int64(0), meter(mar, "recording.hd").FreeMinutes, "nothing left for recording HD")
	assert.Equal(t, "84", meter(mar, "rtc.hd").OverageCost.String(), "3,000 × 28 / 1000")
	assert.Equal(t, "18", meter(mar, "recording.hd").OverageCost.String(), "500 × 36 / 1000")
	// Unused free minutes lapse: April gets a fresh 10,000, no carry-over.
	apr := month(s, "2021-04")
	assert.Equal(t, int64(10000), meter(apr, "rtc.2kplus").FreeMinutes)
	assert.Equal(t, int64(2000), meter(apr, "rtc.2kplus").OverageMinutes)
	assert.Equal(t, "504", apr.Postpaid.String(), "2,000 × 252 / 1000")
}

// SPEC §1 agora: a package pays only for its own meter (seed note 3).
func TestAgoraPackagePaysOnlyItsMeter(t *testing.T) {
	s := sim(t, row{
		"catalog": "agora-2021-cny", "start": "2021-03", "end": "2021-03",
		"purchases": []row{{"package": "rtc.hd.25k", "date": "2021-03-01"}},
		"usage": []row{
			{"month": "2021-03", "meter": "rtc.audio", "minutes": 15000},
		},
	})
	st := month(s, "2021-03")
	assert.Equal(t, int64(5000), meter(st, "rtc.audio").OverageMinutes)
	assert.Empty(t, meter(st, "rtc.audio").Deductions)
	assert.Equal(t, "35", st.Postpaid.String())
	assert.Equal(t, "665", st.Prepaid.String())
}

// SPEC §1 agora deduction order: equal expiry → smaller package first;
// earlier expiry before a smaller package.
func TestAgoraTiesBrokenByPackageSize(t *testing.T) {
	s := sim(t, row{
		"catalog": "agora-2021-cny", "start": "2021-03", "end": "2021-05",
		"purchases": []row{
			{"package": "rtc.hd.250k", "date": "2021-03-01"},
			{"package": "rtc.hd.25k", "date": "2021-03-01"},
			{"package": "rtc.hd.1000k", "date": "2021-03-01"},
			{"package": "rtc.hd.25k", "date": "2021-04-01"},
		},
		"usage": []row{
			{"month": "2021-03", "meter": "rtc.hd", "minutes": 10000 + 30000},
			{"month": "2021-05", "meter": "rtc.hd", "minutes": 10000 + 250000},
		},
	})
	mar := meter(month(s, "2021-03"), "rtc.hd")
	require.Len(t, mar.Deductions, 2)
	assert.Equal(t, "P2", mar.Deductions[0].Lot, "25k before 250k and 1000k of the same expiry")
	assert.Equal(t, int64(25000), mar.Deductions[0].Minutes)
	assert.Equal(t, "P1", mar.Deductions[1].Lot, "then 250k")
	assert.Equal(t, int64(5000), mar.Deductions[1].Minutes)
	may := meter(month(s, "2021-05"), "rtc.hd")
	assert.Equal(t, "P1", may.Deductions[0].Lot, "the March 250k expires before the April 25k")
	assert.Equal(t, int64(245000), may.Deductions[0].Minutes)
	assert.Equal(t, "P3", may.Deductions[1].Lot, "then the March 1000k, same expiry, larger")
	assert.Equal(t, int64(5000), may.Deductions[1].Minutes)
}

// SPEC §1 tie rules: equal expiry and size → earlier purchase date, then
// input order (agora); TRTC: the trial before purchases on the same date.
func TestTieBreakPurchaseDateThenInput(t *testing.T) {
	// Two agora 25k lots with the same expiry can only share a purchase
	// date, so input order decides.
	s := sim(t, row{
		"catalog": "agora-2021-cny", "start": "2021-03", "end": "2021-03",
		"purchases": []row{
			{"package": "rtc.fhd.25k", "date": "2021-03-05", "count": 2},
		},
		"usage": []row{{"month": "2021-03", "meter": "rtc.fhd", "minutes": 10000 + 30000}},
	})
	d := meter(month(s, "2021-03"), "rtc.fhd").Deductions
	require.Len(t, d, 2)
	assert.Equal(t, []string{"P1.1", "P1.2"}, []string{d[0].Lot, d[1].Lot})

	// TRTC: the trial and an entry with the same expiry month: both
	// expire 2020-07-31; the earlier purchase (grant) goes first.
	s = sim(t, row{
		"catalog": "trtc-2019-cny", "start": "2019-07", "end": "2019-07",
		"trial":     "2019-07-20",
		"purchases": []row{{"package": "entry", "date": "2019-07-01"}},
		"usage":     []row{{"month": "2019-07", "meter": "call", "minutes": 2000}},
	})
	d = meter(month(s, "2019-07"), "call").Deductions
	require.Len(t, d, 1)
	assert.Equal(t, "P1", d[0].Lot, "same expiry: the entry bought on the 1st precedes the trial granted on the 20th")

	// Same expiry, same date: the trial first.
	s = sim(t, row{
		"catalog": "trtc-2019-cny", "start": "2019-07", "end": "2019-07",
		"trial":     "2019-07-01",
		"purchases": []row{{"package": "entry", "date": "2019-07-01"}},
		"usage":     []row{{"month": "2019-07", "meter": "call", "minutes": 2000}},
	})
	d = meter(month(s, "2019-07"), "call").Deductions
	require.Len(t, d, 2)
	assert.Equal(t, "trial", d[0].Lot, "same expiry and date: the trial before the purchase")
	assert.Equal(t, int64(1000), d[0].Minutes)
}

// SPEC §3 eligibility: a lot expiring before the month's end pays for no
// part of that month; its rest is forfeited in its expiry month.
func TestLotExpiringMidMonthPaysNothingAndForfeits(t *testing.T) {
	s := sim(t, row{
		"catalog": "agora-2021-cny", "start": "2021-03", "end": "2022-04",
		"purchases": []row{{"package": "rtc.hd.25k", "date": "2021-03-15"}},
		"usage": []row{
			{"month": "2021-03", "meter": "rtc.hd", "minutes": 15000},
			{"month": "2022-02", "meter": "rtc.hd", "minutes": 12000},
			{"month": "2022-03", "meter": "rtc.hd", "minutes": 20000},
		},
	})
	require.Equal(t, "2022-03-14", s.Lots[0].Expires)
	assert.Equal(t, map[string]int64{"P1": 5000}, deductions(meter(month(s, "2021-03"), "rtc.hd")),
		"bought mid-month, it pays for that whole month's bill")
	assert.Equal(t, map[string]int64{"P1": 2000}, deductions(meter(month(s, "2022-02"), "rtc.hd")),
		"February 2022 ends before the expiry: eligible")
	mar := month(s, "2022-03")
	assert.Empty(t, meter(mar, "rtc.hd").Deductions, "expires 2022-03-14, before the month's end: pays nothing")
	assert.Equal(t, int64(10000), meter(mar, "rtc.hd").OverageMinutes)
	require.Len(t, mar.Forfeited, 1)
	assert.Equal(t, Forfeit{Lot: "P1", Package: "rtc.hd.25k", Minutes: 18000}, mar.Forfeited[0], "forfeited in the expiry month")
	assert.Empty(t, month(s, "2022-04").Forfeited)
	assert.Empty(t, month(s, "2022-04").Balances, "gone after its expiry month")
	assert.Equal(t, int64(18000), s.Totals.ForfeitedMinutes)
}

// SPEC §3: an agora lot pays for 12 monthly bills, 13 when bought on 29
// February; a trtc lot pays for 13.
func TestBillsPaidPerLot(t *testing.T) {
	count := func(catalog, pkg, meterID, date, start, end string) int {
		var usage []row
		st, _ := civil.ParseMonth(start)
		en, _ := civil.ParseMonth(end)
		for m := st; m.Index() <= en.Index(); m = m.AddMonths(1) {
			// One minute a month past agora's free allowance.
			minutes := 1
			if catalog == "agora-2021-cny" {
				minutes = 10000 + 1
			}
			usage = append(usage, row{"month": m.String(), "meter": meterID, "minutes": minutes})
		}
		s := sim(t, row{"catalog": catalog, "start": start, "end": end,
			"purchases": []row{{"package": pkg, "date": date}}, "usage": usage})
		n := 0
		for _, m := range s.Months {
			if len(meter(&m, meterID).Deductions) > 0 {
				n++
			}
		}
		return n
	}
	assert.Equal(t, 12, count("agora-2021-cny", "rtc.audio.25k", "rtc.audio", "2021-03-01", "2021-03", "2022-06"))
	assert.Equal(t, 12, count("agora-2021-cny", "rtc.audio.25k", "rtc.audio", "2021-03-15", "2021-03", "2022-06"))
	assert.Equal(t, 13, count("agora-2021-cny", "rtc.audio.25k", "rtc.audio", "2020-02-29", "2020-02", "2021-06"),
		"bought 2020-02-29, expires 2021-02-28, a month's last day")
	assert.Equal(t, 13, count("trtc-2019-cny", "entry", "call", "2019-03-15", "2019-03", "2020-06"))
	assert.Equal(t, 13, count("trtc-2019-cny", "entry", "call", "2020-02-29", "2020-02", "2021-06"))
}

// SPEC §1 validity: 2020-02-29 purchases under both rules.
func TestLeapDayPurchases(t *testing.T) {
	s := sim(t, row{"catalog": "agora-2021-cny", "start": "2020-02", "end": "2020-02",
		"purchases": []row{{"package": "rtc.audio.25k", "date": "2020-02-29"}}})
	assert.Equal(t, "2021-02-28", s.Lots[0].Expires)
	s = sim(t, row{"catalog": "trtc-2019-cny", "start": "2020-02", "end": "2020-02",
		"purchases": []row{{"package": "entry", "date": "2020-02-29"}}})
	assert.Equal(t, "2021-02-28", s.Lots[0].Expires)
}

// SPEC §1 trtc: with only a trial (or experience), usage past the lots is
// not served: the month is service-stopped and those minutes cost nothing.
func TestTRTCTrialOnlyStopsService(t *testing.T) {
	s := sim(t, row{
		"catalog": "trtc-2019-cny", "start": "2019-07", "end": "2019-09",
		"trial":     "2019-07-01",
		"purchases": []row{{"package": "experience", "date": "2019-08-10"}},
		"usage": []row{
			{"month": "2019-07", "meter": "call", "minutes": 900},
			{"month": "2019-08", "meter": "call", "minutes": 500},
		},
	})
	jul, aug, sep := month(s, "2019-07"), month(s, "2019-08"), month(s, "2019-09")
	assert.False(t, jul.ServiceStopped)
	mb := meter(aug, "call")
	assert.Equal(t, map[string]int64{"trial": 100, "P1": 300}, deductions(mb))
	assert.Equal(t, int64(100), mb.UnservedMinutes)
	assert.Equal(t, int64(0), mb.OverageMinutes)
	assert.Equal(t, "0", mb.OverageCost.String(), "unserved minutes cost nothing")
	assert.True(t, aug.ServiceStopped)
	assert.False(t, aug.PostpaidOn)
	assert.False(t, sep.ServiceStopped, "a month with no usage is not marked")
	assert.Equal(t, "6.6", s.Totals.Total.String())
	assert.Equal(t, int64(100), s.Totals.UnservedMinutes)
}

// SPEC §1 trtc postpaid: on from the month a paid package is bought (on
// or before the month's last day) and it stays on after that package is
// used up or expired.
func TestTRTCPostpaidStaysOnAfterPaidPackageExpired(t *testing.T) {
	s := sim(t, row{
		"catalog": "trtc-2019-cny", "start": "2019-06", "end": "2020-10",
		"purchases": []row{{"package": "entry", "date": "2019-07-31"}},
		"usage": []row{
			{"month": "2019-06", "meter": "call", "minutes": 10},
			{"month": "2019-07", "meter": "call", "minutes": 60000},
			{"month": "2020-10", "meter": "call", "minutes": 1000},
		},
	})
	jun := month(s, "2019-06")
	assert.True(t, jun.ServiceStopped, "before any package: not served")
	assert.False(t, jun.PostpaidOn)
	jul := month(s, "2019-07")
	assert.True(t, jul.PostpaidOn, "bought on the month's last day: on for that month")
	assert.Equal(t, int64(10000), meter(jul, "call").OverageMinutes)
	assert.Equal(t, "250", jul.Postpaid.String())
	oct := month(s, "2020-10")
	assert.True(t, oct.PostpaidOn, "the entry expired 2020-07-31; postpaid stays on")
	assert.Equal(t, int64(1000), meter(oct, "call").OverageMinutes)
	assert.Equal(t, "25", oct.Postpaid.String())
	assert.False(t, oct.ServiceStopped)
}

// SPEC §3 step 6: prepaid spend of a month is the prices of lots bought in
// it; count makes that many lots.
func TestPrepaidAndCount(t *testing.T) {
	s := sim(t, row{
		"catalog": "trtc-2019-cny", "start": "2019-07", "end": "2019-08",
		"purchases": []row{
			{"package": "standard", "date": "2019-07-10", "count": 3},
			{"package": "entry", "date": "2019-08-31"},
		},
	})
	assert.Equal(t, "29064", month(s, "2019-07").Prepaid.String())
	assert.Equal(t, "3688", month(s, "2019-08").Prepaid.String())
	assert.Len(t, s.Lots, 4)
	assert.Equal(t, []string{"P1.1", "P1.2", "P1.3", "P2"}, []string{s.Lots[0].Lot, s.Lots[1].Lot, s.Lots[2].Lot, s.Lots[3].Lot})
	assert.Equal(t, "32752", s.Totals.Total.String())
}

// SPEC §3: cost = minutes × rate / 1000 with no rounding; payable is the
// postpaid amount rounded half-up to 0.01.
func TestPayableHalfUp(t *testing.T) {
	s := sim(t, row{
		"catalog": "agora-2021-cny", "start": "2021-03", "end": "2021-03",
		"usage": []row{
			{"month": "2021-03", "meter": "rtc.audio", "minutes": 10000},
			{"month": "2021-03", "meter": "rtc.hd", "minutes": 1},
			{"month": "2021-03", "meter": "recording.fhd", "minutes": 1},
		},
	})
	st := month(s, "2021-03")
	assert.Equal(t, "0.028", meter(st, "rtc.hd").OverageCost.String())
	assert.Equal(t, "0.081", meter(st, "recording.fhd").OverageCost.String())
	assert.Equal(t, "0.109", st.Postpaid.String())
	assert.Equal(t, "0.11", st.Payable.String())
	s = sim(t, row{
		"catalog": "trtc-2019-cny", "start": "2019-07", "end": "2019-07",
		"purchases": []row{{"package": "entry", "date": "2019-07-01"}},
		"usage":     []row{{"month": "2019-07", "meter": "call", "minutes": 50000 + 1001 - 800}},
	})
	st = month(s, "2019-07")
	assert.Equal(t, "5.025", st.Postpaid.String())
	assert.Equal(t, "5.03", st.Payable.String(), "half-up: 5.025 → 5.03")
}

// SPEC §6: every bad input is refused with a structured error naming the
// field; nothing is clamped or dropped.
func TestSimulateBadInput(t *testing.T) {
	edit := func(f func(r row)) row {
		r := cloneReq(seedExample)
		f(r)
		return r
	}
	purchases := func(r row) []any { return r["purchases"].([]any) }
	usageRows := func(r row) []any { return r["usage"].([]any) }
	cases := []struct {
		name         string
		req          any
		code, field  string
		messageSubst string
		reason       fault.Reason
	}{
		{"unknown catalog", edit(func(r row) { r["catalog"] = "agora-2099" }), "not_found", "catalog", "agora-2099", "catalog_not_found"},
		{"missing catalog", edit(func(r row) { delete(r, "catalog") }), "invalid", "catalog", "required", "required"},
		{"missing start", edit(func(r row) { delete(r, "start") }), "invalid", "start", "required", "required"},
		{"missing end", edit(func(r row) { delete(r, "end") }), "invalid", "end", "required", "required"},
		{"end before start", edit(func(r row) { r["end"] = "2019-06" }), "invalid", "end", "before", "end_before_start"},
		{"bad month", edit(func(r row) { r["start"] = "2019-13" }), "invalid", "start", "month", "month_format"},
		{"too many months", edit(func(r row) { r["start"] = "1990-01"; r["end"] = "2030-01" }), "limit", "end", "240", "too_many_months"},
		{"unknown package", edit(func(r row) { purchases(r)[0].(row)["package"] = "gold" }), "not_found", "purchases[0].package", "gold", "package_not_found"},
		{"buying the trial", edit(func(r row) { purchases(r)[0].(row)["package"] = "trial" }), "invalid", "purchases[0].package", "granted", "package_not_purchasable"},
		{"date that does not exist", edit(func(r row) { purchases(r)[0].(row)["date"] = "2019-02-30" }), "invalid", "purchases[0].date", "does not exist", "date_not_in_calendar"},
		{"purchase outside range", edit(func(r row) { purchases(r)[0].(row)["date"] = "2019-09-01" }), "invalid", "purchases[0].date", "outside", "outside_range"},
		{"purchase before start", edit(func(r row) { purchases(r)[0].(row)["date"] = "2019-06-30" }), "invalid", "purchases[0].date", "outside", "outside_range"},
		{"count zero", edit(func(r row) { purchases(r)[0].(row)["count"] = 0 }), "invalid", "purchases[0].count", "at least 1", "below_minimum"},
		{"count fractional", edit(func(r row) { purchases(r)[0].(row)["count"] = 1.5 }), "invalid", "purchases[0].count", "whole", "not_whole"},
		{"count too big", edit(func(r row) { purchases(r)[0].(row)["count"] = 5000 }), "limit", "purchases[0].count", "1000", "above_maximum"},
		{"count as text", edit(func(r row) { purchases(r)[0].(row)["count"] = "two" }), "invalid", "purchases[0].count", "decimal", "not_a_decimal"},
		{"second experience", edit(func(r row) {
			r["purchases"] = []row{{"package": "experience", "date": "2019-07-01"}, {"package": "experience", "date": "2019-08-01"}}
		}), "invalid", "purchases[1].package", "at most 1", "max_per_account"},
		{"two experiences at once", edit(func(r row) {
			r["purchases"] = []row{{"package": "experience", "date": "2019-07-01", "count": 2}}
		}), "invalid", "purchases[0].count", "at most 1", "max_per_account"},
		{"trial outside range", edit(func(r row) { r["trial"] = "2019-06-30" }), "invalid", "trial", "outside", "outside_range"},
		{"trial bad date", edit(func(r row) { r["trial"] = "2019-07-32" }), "invalid", "trial", "does not exist", "date_not_in_calendar"},
		{"trial on a catalog without one", row{"catalog": "agora-2021-cny", "start": "2021-01", "end": "2021-01", "trial": "2021-01-01"}, "invalid", "trial", "no trial", "trial_not_granted"},
		{"unknown meter", edit(func(r row) { usageRows(r)[0].(row)["meter"] = "video" }), "not_found", "usage[0].meter", "video", "meter_not_found"},
		{"negative minutes", edit(func(r row) { usageRows(r)[0].(row)["minutes"] = -1 }), "invalid", "usage[0].minutes", "negative", "negative"},
		{"non-numeric minutes", edit(func(r row) { usageRows(r)[0].(row)["minutes"] = "lots" }), "invalid", "usage[0].minutes", "decimal", "not_a_decimal"},
		{"NaN minutes", edit(func(r row) { usageRows(r)[0].(row)["minutes"] = "NaN" }), "invalid", "usage[0].minutes", "finite", "not_finite"},
		{"infinite seconds", edit(func(r row) { usageRows(r)[1].(row)["seconds"] = "Infinity" }), "invalid", "usage[1].seconds", "finite", "not_finite"},
		{"huge exponent", edit(func(r row) { usageRows(r)[1].(row)["seconds"] = "1e999" }), "invalid", "usage[1].seconds", "digits", "too_precise"},
		{"amount past the limit", edit(func(r row) { usageRows(r)[0].(row)["minutes"] = "2e12" }), "limit", "usage[0].minutes", "at most", "above_maximum"},
		{"both minutes and seconds", edit(func(r row) { usageRows(r)[0].(row)["seconds"] = 5 }), "invalid", "usage[0]", "both", "minutes_and_seconds"},
		{"neither minutes nor seconds", edit(func(r row) { delete(usageRows(r)[0].(row), "minutes") }), "invalid", "usage[0]", "minutes or seconds", "no_minutes_or_seconds"},
		{"usage outside range", edit(func(r row) { usageRows(r)[0].(row)["month"] = "2019-09" }), "invalid", "usage[0].month", "outside", "outside_range"},
		{"misspelt field", edit(func(r row) { r["purchses"] = r["purchases"] }), "invalid", "purchses", "not a field", "unknown_field"},
		{"misspelt nested field", edit(func(r row) { purchases(r)[0].(row)["cnt"] = 2 }), "invalid", "purchases[0].cnt", "not a field", "unknown_field"},
		{"purchases not an array", edit(func(r row) { r["purchases"] = "entry" }), "invalid", "purchases", "array", "not_an_array"},
		{"request not an object", []int{1, 2}, "invalid", "", "object", "not_an_object"},
		{"catalog neither id nor object", edit(func(r row) { r["catalog"] = 7 }), "invalid", "catalog", "catalog id", "not_a_catalog"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := simErr(t, tc.req)
			assert.Equal(t, tc.code, e.Code, e.Error())
			assert.Equal(t, tc.field, e.Field, e.Error())
			assert.Contains(t, e.Message, tc.messageSubst)
			assert.Equal(t, tc.reason, e.Reason, e.Error())
		})
	}
}

// SPEC §6: inputs beyond the documented size limits are refused.
func TestSimulateSizeLimits(t *testing.T) {
	many := make([]row, MaxPurchases+1)
	for i := range many {
		many[i] = row{"package": "entry", "date": "2019-07-01"}
	}
	e := simErr(t, row{"catalog": "trtc-2019-cny", "start": "2019-07", "end": "2019-07", "purchases": many})
	assert.Equal(t, "limit", e.Code)
	assert.Equal(t, "purchases", e.Field)

	lots := make([]row, 11)
	for i := range lots {
		lots[i] = row{"package": "entry", "date": "2019-07-01", "count": 1000}
	}
	e = simErr(t, row{"catalog": "trtc-2019-cny", "start": "2019-07", "end": "2019-07", "purchases": lots})
	assert.Equal(t, "limit", e.Code)
	assert.Equal(t, "purchases[10].count", e.Field)
}

func TestSimulateRejectsMalformedJSON(t *testing.T) {
	for _, in := range []string{"", "{", `{"catalog":"trtc-2019-cny"} {}`, "null"} {
		_, err := SimulateJSON([]byte(in))
		var e *Error
		require.True(t, errors.As(err, &e), "%q: %v", in, err)
		assert.Equal(t, "invalid", e.Code, fmt.Sprintf("%q", in))
	}
}

func TestCatalogsListsBoth(t *testing.T) {
	list, err := Catalogs()
	require.NoError(t, err)
	require.Len(t, list.Catalogs, 2)
	data, err := json.Marshal(list)
	require.NoError(t, err)
	var decoded struct {
		Catalogs []struct {
			ID       string `json:"id"`
			Packages []struct {
				ID      string `json:"id"`
				Price   string `json:"price"`
				Per1000 string `json:"per1000"`
			} `json:"packages"`
			Meters []struct {
				ID             string `json:"id"`
				OveragePer1000 string `json:"overagePer1000"`
			} `json:"meters"`
		} `json:"catalogs"`
	}
	require.NoError(t, json.Unmarshal(data, &decoded))
	trtc := decoded.Catalogs[1]
	assert.Equal(t, "trtc-2019-cny", trtc.ID)
	assert.Equal(t, "entry", trtc.Packages[2].ID)
	assert.Equal(t, "3688", trtc.Packages[2].Price)
	assert.Equal(t, "73.76", trtc.Packages[2].Per1000)
	assert.Equal(t, "25", trtc.Meters[0].OveragePer1000)
}
