package calls

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/calc/catalog"
	"github.com/rtcprice/rtcprice/calc/fault"
)

func lookup(t *testing.T, id string) *catalog.Catalog {
	t.Helper()
	c, ok, err := catalog.Lookup(id)
	require.Nil(t, err)
	require.True(t, ok)
	return c
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// video is one call a month of n participants staying 10 minutes at w×h.
func video(n, w, h int64) Profile {
	return Profile{PerMonth: dec("1"), Participants: n, Minutes: dec("10"), Width: w, Height: h}
}

// SPEC §5 agora: a participant is billed by the aggregate resolution it
// receives, (participants − 1) × width × height; tiers ≤ 921,600 HD,
// ≤ 2,073,600 Full HD, ≤ 3,686,400 2K, above 2K+, at and just past each
// threshold.
func TestAggregateResolutionTiers(t *testing.T) {
	c := lookup(t, "agora-2021-cny")
	for _, tc := range []struct {
		pixels int64
		tier   string
		meter  string
	}{
		{1, "hd", "rtc.hd"},
		{921_600, "hd", "rtc.hd"},
		{921_601, "fhd", "rtc.fhd"},
		{2_073_600, "fhd", "rtc.fhd"},
		{2_073_601, "2k", "rtc.2k"},
		{3_686_400, "2k", "rtc.2k"},
		{3_686_401, "2kplus", "rtc.2kplus"},
		{1 << 40, "2kplus", "rtc.2kplus"},
	} {
		tier, m := tierOf(c, tc.pixels)
		assert.Equal(t, tc.tier, tier, "%d pixels", tc.pixels)
		assert.Equal(t, tc.meter, m.RTC, "%d pixels", tc.pixels)
	}
	// The same through whole profiles: two participants each receive the
	// other's stream.
	for _, tc := range []struct {
		w, h  int64
		meter string
	}{
		{1280, 720, "rtc.hd"}, {1281, 720, "rtc.fhd"},
		{1920, 1080, "rtc.fhd"}, {1921, 1080, "rtc.2k"},
		{2560, 1440, "rtc.2k"}, {2561, 1440, "rtc.2kplus"},
	} {
		rows, err := Derive(c, []Profile{video(2, tc.w, tc.h)}, "calls")
		require.Nil(t, err)
		require.Len(t, rows, 1)
		assert.Equal(t, tc.meter, rows[0].Meter, "%d×%d", tc.w, tc.h)
		assert.Equal(t, tc.w*tc.h, rows[0].AggregatePixels)
		assert.Equal(t, "20", rows[0].Minutes.String(), "1 call × 2 participants × 10 minutes")
	}
}

// SPEC §5 example: 4 participants at 1280×720 each receive 3 × 921,600 =
// 2,764,800 → rtc.2k.
func TestFourAt720pIs2K(t *testing.T) {
	c := lookup(t, "agora-2021-cny")
	rows, err := Derive(c, []Profile{video(4, 1280, 720)}, "calls")
	require.Nil(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, Row{Profile: 0, Meter: "rtc.2k", Role: RoleRTC, Tier: "2k", AggregatePixels: 2_764_800, Minutes: dec("40")}, rows[0])
}

// SPEC §5: a participant who receives no video, in an audio-only call or
// alone, is billed as audio.
func TestAudioOnlyAndLoneParticipants(t *testing.T) {
	c := lookup(t, "agora-2021-cny")
	rows, err := Derive(c, []Profile{
		{PerMonth: dec("30"), Participants: 3, Minutes: dec("12.5")}, // audio only
		video(1, 1920, 1080), // alone: receives nothing
	}, "calls")
	require.Nil(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, "rtc.audio", rows[0].Meter)
	assert.Equal(t, AudioTier, rows[0].Tier)
	assert.Equal(t, int64(0), rows[0].AggregatePixels)
	assert.Equal(t, "1125", rows[0].Minutes.String(), "30 × 3 × 12.5")
	assert.Equal(t, "rtc.audio", rows[1].Meter)
	assert.Equal(t, "10", rows[1].Minutes.String())
}

// SPEC §5: cloud recording bills the recording meter of the tier of all
// the streams it records (participants × width × height), for the call's
// length, once per call; audio-only recording bills recording.audio.
func TestRecordingTiers(t *testing.T) {
	c := lookup(t, "agora-2021-cny")
	for _, tc := range []struct {
		p       Profile
		meter   string
		tier    string
		pixels  int64
		minutes string
	}{
		{video(4, 1280, 720), "recording.2k", "2k", 3_686_400, "10"},         // exactly the 2K threshold
		{video(5, 1280, 720), "recording.2kplus", "2kplus", 4_608_000, "10"}, // past it
		{video(1, 1280, 720), "recording.hd", "hd", 921_600, "10"},           // a lone publisher is recorded
		{video(2, 1280, 720), "recording.fhd", "fhd", 1_843_200, "10"},
		{Profile{PerMonth: dec("7"), Participants: 6, Minutes: dec("30")}, "recording.audio", AudioTier, 0, "210"},
	} {
		tc.p.Record = true
		rows, err := Derive(c, []Profile{tc.p}, "calls")
		require.Nil(t, err)
		require.Len(t, rows, 2)
		r := rows[1]
		assert.Equal(t, RoleRecording, r.Role)
		assert.Equal(t, tc.meter, r.Meter)
		assert.Equal(t, tc.tier, r.Tier)
		assert.Equal(t, tc.pixels, r.AggregatePixels)
		assert.Equal(t, tc.minutes, r.Minutes.String(), "calls × minutes, not × participants")
	}
}

// SPEC §5 trtc: call minutes = calls × participants × minutes, a lone
// user included; the seed's A 10 + B 20 + C 10 = 40.
func TestParticipantMinutes(t *testing.T) {
	c := lookup(t, "trtc-2019-cny")
	one := func(min string) Profile { return Profile{PerMonth: dec("1"), Participants: 1, Minutes: dec(min)} }
	rows, err := Derive(c, []Profile{one("10"), one("20"), one("10")}, "calls")
	require.Nil(t, err)
	ms := Billed(rows)
	require.Len(t, ms, 1)
	assert.Equal(t, "call", ms[0].Meter)
	assert.Equal(t, int64(40), ms[0].Billed)

	rows, err = Derive(c, []Profile{{PerMonth: dec("200"), Participants: 4, Minutes: dec("30"), Width: 1280, Height: 720}}, "calls")
	require.Nil(t, err)
	assert.Equal(t, "24000", rows[0].Minutes.String(), "resolution does not matter to trtc")
}

// SPEC §5 and §2: minutes from all profiles are summed per meter, then
// rounded up once per month, never per profile.
func TestSumThenRoundOnce(t *testing.T) {
	c := lookup(t, "trtc-2019-cny")
	half := Profile{PerMonth: dec("1"), Participants: 1, Minutes: dec("0.5")}
	rows, err := Derive(c, []Profile{half, half, half}, "calls")
	require.Nil(t, err)
	ms := Billed(rows)
	assert.Equal(t, "1.5", ms[0].Exact.String())
	assert.Equal(t, int64(2), ms[0].Billed, "1.5 rounds to 2; rounding each 0.5 would give 3")

	a := lookup(t, "agora-2021-cny")
	rows, err = Derive(a, []Profile{
		{PerMonth: dec("3"), Participants: 2, Minutes: dec("0.1"), Width: 640, Height: 360},
		{PerMonth: dec("1"), Participants: 2, Minutes: dec("0.2"), Width: 320, Height: 240},
	}, "calls")
	require.Nil(t, err)
	ms = Billed(rows)
	require.Len(t, ms, 1)
	assert.Equal(t, "rtc.hd", ms[0].Meter)
	assert.Equal(t, "1", ms[0].Exact.String(), "0.6 + 0.4")
	assert.Equal(t, int64(1), ms[0].Billed)
}

// SPEC §5 and §6: bad profiles are refused naming the field.
func TestProfileErrors(t *testing.T) {
	a := lookup(t, "agora-2021-cny")
	tr := lookup(t, "trtc-2019-cny")
	rec := video(2, 640, 360)
	rec.Record = true
	for _, tc := range []struct {
		c      *catalog.Catalog
		p      Profile
		code   string
		field  string
		reason fault.Reason
	}{
		{tr, rec, "invalid", "calls[0].record", fault.RecordingNotSold},
		{a, Profile{PerMonth: dec("1"), Participants: 2, Minutes: dec("1"), Width: 640}, "invalid", "calls[0].height", fault.RequiredWith},
		{a, Profile{PerMonth: dec("1"), Participants: 2, Minutes: dec("1"), Height: 640}, "invalid", "calls[0].width", fault.RequiredWith},
		{a, Profile{PerMonth: dec("1"), Participants: 0, Minutes: dec("1")}, "invalid", "calls[0].participants", fault.BelowMinimum},
		{a, Profile{PerMonth: dec("1"), Participants: MaxParticipants + 1, Minutes: dec("1")}, "limit", "calls[0].participants", fault.AboveMaximum},
		{a, Profile{PerMonth: dec("-1"), Participants: 1, Minutes: dec("1")}, "invalid", "calls[0].perMonth", fault.Negative},
		{a, Profile{PerMonth: dec("1"), Participants: 1, Minutes: dec("-0.5")}, "invalid", "calls[0].minutes", fault.Negative},
		{a, Profile{PerMonth: dec("1"), Participants: 2, Minutes: dec("1"), Width: MaxDimension + 1, Height: 2}, "limit", "calls[0].width", fault.AboveMaximum},
	} {
		_, err := Derive(tc.c, []Profile{tc.p}, "calls")
		require.NotNil(t, err, "%+v", tc.p)
		assert.Equal(t, tc.code, err.Code, err.Error())
		assert.Equal(t, tc.field, err.Field, err.Error())
		assert.Equal(t, tc.reason, err.Reason, err.Error())
		require.NoError(t, err.Validate())
	}
	// A catalog whose tiers have no recording meter refuses record.
	c := *a
	c.Calls.Tiers = append([]catalog.Tier(nil), a.Calls.Tiers...)
	c.Calls.Tiers[0].Recording = ""
	_, err := Derive(&c, []Profile{rec}, "calls")
	require.NotNil(t, err)
	assert.Equal(t, "calls[0].record", err.Field)
	assert.Equal(t, fault.RecordingTierNotSold, err.Reason)
	assert.Equal(t, fault.Params{"catalog": "agora-2021-cny", "tier": "hd"}, err.Params)
	_, err = Derive(a, make([]Profile, MaxProfiles+1), "calls")
	require.NotNil(t, err)
	assert.Equal(t, "limit", err.Code)
	assert.Equal(t, fault.TooManyItems, err.Reason)
	assert.Equal(t, fault.Params{"count": MaxProfiles + 1, "limit": MaxProfiles}, err.Params)
}
