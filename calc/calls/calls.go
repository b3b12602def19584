// Package calls turns call profiles into meter minutes (SPEC section 5),
// driven by a catalog's call model:
//
//   - participant_minutes: calls × participants × minutes, all on the
//     model's one meter (TRTC: every user's time in the room, a lone user
//     included).
//   - aggregate_resolution: each participant is billed on the tier of the
//     aggregate resolution it receives, (participants − 1) × width ×
//     height: the first tier whose MaxPixels is at least that, the last
//     tier taking every larger value. A participant who receives no video
//     (no resolution, or alone in the call) is billed on the audio meter.
//     A recorded call bills the recording meter of the tier of all the
//     streams it records, participants × width × height, once per call,
//     for the call's length (its minutes); audio-only recording bills the
//     audio recording meter.
//
// Derive returns the derivation, one row per profile and role, with the
// exact minutes per month before any rounding; Billed sums the rows per
// meter and rounds once (calc/usage), as the billing rules require.
package calls

import (
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/calc/catalog"
	"github.com/rtcprice/rtcprice/calc/fault"
	"github.com/rtcprice/rtcprice/calc/jsonin"
	"github.com/rtcprice/rtcprice/calc/usage"
)

// Limits on a profile, so that no profile can make pricing slow or
// overflow. Minutes of a meter per month, summed over profiles, are
// bounded by the caller (calc.MaxMinutesAmount).
const (
	MaxProfiles     = 100
	MaxParticipants = 1_000
	MaxDimension    = 16_384 // pixels of a width or a height
)

// Roles of a derivation row.
const (
	RoleRTC       = "rtc"       // real-time minutes of the participants
	RoleRecording = "recording" // cloud-recording minutes of the call
)

// AudioTier is the tier id reported for audio-only minutes.
const AudioTier = "audio"

// Profile is a kind of call: PerMonth calls a month, each with
// Participants participants who stay Minutes minutes and publish Width ×
// Height video (both zero: audio only); Record says the call is
// cloud-recorded.
type Profile struct {
	PerMonth     decimal.Decimal
	Participants int64
	Minutes      decimal.Decimal
	Width        int64
	Height       int64
	Record       bool
}

// Row is one line of the derivation: the minutes per month a profile puts
// on a meter in a role. Minutes is exact, before rounding.
type Row struct {
	Profile         int             `json:"profile"`
	Meter           string          `json:"meter"`
	Role            string          `json:"role"`
	Tier            string          `json:"tier"`
	AggregatePixels int64           `json:"aggregatePixels"`
	Minutes         decimal.Decimal `json:"minutes"`
}

// Check validates a profile's own fields; field is the profile's path
// ("calls[2]").
func Check(p Profile, field string) *fault.Error {
	if p.PerMonth.IsNegative() {
		return jsonin.Negative(fault.Join(field, "perMonth"), p.PerMonth)
	}
	if p.Participants < 1 {
		return jsonin.BelowMinimum(fault.Join(field, "participants"), decimal.NewFromInt(p.Participants), 1)
	}
	if p.Participants > MaxParticipants {
		return jsonin.AboveMaximum(fault.Join(field, "participants"), strconv.FormatInt(p.Participants, 10), MaxParticipants)
	}
	if p.Minutes.IsNegative() {
		return jsonin.Negative(fault.Join(field, "minutes"), p.Minutes)
	}
	switch {
	case p.Width == 0 && p.Height == 0:
	case p.Width == 0:
		return fault.New(fault.Join(field, "width"), fault.RequiredWith, fault.Params{"other": "height"},
			"is required with height: give both or neither")
	case p.Height == 0:
		return fault.New(fault.Join(field, "height"), fault.RequiredWith, fault.Params{"other": "width"},
			"is required with width: give both or neither")
	}
	for _, d := range []struct {
		key string
		v   int64
	}{{"width", p.Width}, {"height", p.Height}} {
		if d.v < 0 {
			return jsonin.BelowMinimum(fault.Join(field, d.key), decimal.NewFromInt(d.v), 1)
		}
		if d.v > MaxDimension {
			return jsonin.AboveMaximum(fault.Join(field, d.key), strconv.FormatInt(d.v, 10), MaxDimension)
		}
	}
	return nil
}

// Derive turns profiles into derivation rows under c's call model.
// Errors name fields under root ("calls"): a profile that breaks Check, or
// record on a catalog (or tier) that has no recording meter.
func Derive(c *catalog.Catalog, profiles []Profile, root string) ([]Row, *fault.Error) {
	if len(profiles) > MaxProfiles {
		return nil, fault.New(root, fault.TooManyItems, fault.Params{"count": len(profiles), "limit": MaxProfiles},
			"has %d profiles; at most %d are allowed", len(profiles), MaxProfiles)
	}
	rows := make([]Row, 0, 2*len(profiles))
	for i, p := range profiles {
		f := fault.Index(root, i)
		if err := Check(p, f); err != nil {
			return nil, err
		}
		calls := p.PerMonth
		perCall := decimal.NewFromInt(p.Participants).Mul(p.Minutes)
		switch c.Calls.Model {
		case catalog.CallsParticipantMinutes:
			if p.Record {
				return nil, fault.New(fault.Join(f, "record"), fault.RecordingNotSold, fault.Params{"catalog": c.ID},
					"catalog %s has no cloud-recording meter", c.ID)
			}
			rows = append(rows, Row{Profile: i, Meter: c.Calls.Meter, Role: RoleRTC, Minutes: calls.Mul(perCall)})
		case catalog.CallsAggregateResolution:
			frame := p.Width * p.Height
			received := (p.Participants - 1) * frame
			tier, meters := tierOf(c, received)
			rows = append(rows, Row{Profile: i, Meter: meters.RTC, Role: RoleRTC, Tier: tier, AggregatePixels: received, Minutes: calls.Mul(perCall)})
			if p.Record {
				all := p.Participants * frame
				rt, rm := tierOf(c, all)
				if rm.Recording == "" {
					return nil, fault.New(fault.Join(f, "record"), fault.RecordingTierNotSold, fault.Params{"catalog": c.ID, "tier": rt},
						"catalog %s has no cloud-recording meter for tier %q", c.ID, rt)
				}
				rows = append(rows, Row{Profile: i, Meter: rm.Recording, Role: RoleRecording, Tier: rt, AggregatePixels: all, Minutes: calls.Mul(p.Minutes)})
			}
		default:
			// catalog.Parse admits only the two models above.
			return nil, fault.Internal("catalog %s has no call model", c.ID)
		}
	}
	return rows, nil
}

// tierOf returns the tier id and meters of an aggregate resolution: audio
// for 0 pixels (no video), else the first tier whose MaxPixels is at
// least pixels, the last tier taking every larger value.
func tierOf(c *catalog.Catalog, pixels int64) (string, catalog.TierMeters) {
	if pixels == 0 {
		return AudioTier, *c.Calls.Audio
	}
	ts := c.Calls.Tiers
	for _, t := range ts[:len(ts)-1] {
		if pixels <= t.MaxPixels {
			return t.ID, t.TierMeters
		}
	}
	last := ts[len(ts)-1]
	return last.ID, last.TierMeters
}

// Meter is a meter's share of the derivation: its exact minutes per month
// summed over rows, the billed minutes they round to, and the tier of its
// first row.
type Meter struct {
	Meter   string
	Tier    string
	Exact   decimal.Decimal
	Billed  int64
	Profile int // first profile that uses it
}

// Billed sums rows per meter exactly and rounds each sum up to whole
// minutes once (SPEC sections 2 and 5). Meters come in order of first
// appearance in rows.
func Billed(rows []Row) []Meter {
	var out []Meter
	at := map[string]int{}
	for _, r := range rows {
		i, ok := at[r.Meter]
		if !ok {
			i = len(out)
			at[r.Meter] = i
			out = append(out, Meter{Meter: r.Meter, Tier: r.Tier, Profile: r.Profile})
		}
		out[i].Exact = out[i].Exact.Add(r.Minutes)
	}
	for i := range out {
		out[i].Billed = usage.BilledMinutes(usage.Seconds(out[i].Exact))
	}
	return out
}
