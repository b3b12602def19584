//go:build js && wasm

package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/calc"
)

// quoteExample is docs/api.md's quote request.
const quoteExample = `{"catalog": "trtc-2019-cny", "start": "2026-01", "months": 12,
  "usage": {"call": 30000}, "trial": true}`

func TestQuote(t *testing.T) {
	env := call(t, "quote", quoteExample)
	require.True(t, env.OK, "%+v", env.Error)

	// The result crosses exactly: the text is what calc computed.
	want, err := calc.QuoteJSON([]byte(quoteExample))
	require.NoError(t, err)
	wantJSON, err := json.Marshal(want)
	require.NoError(t, err)
	assert.Equal(t, `{"ok":true,"result":`+string(wantJSON)+`}`, env.text)

	var q struct {
		Currency string `json:"currency"`
		Best     struct {
			Total     json.RawMessage `json:"total"`
			Purchases []struct {
				Package string `json:"package"`
			} `json:"purchases"`
		} `json:"best"`
		Months []struct {
			Meters []struct {
				BilledMinutes json.RawMessage `json:"billedMinutes"`
			} `json:"meters"`
		} `json:"months"`
	}
	require.NoError(t, json.Unmarshal(env.Result, &q))
	assert.Equal(t, "CNY", q.Currency)
	require.Len(t, q.Months, 12)
	assert.NotEmpty(t, q.Best.Purchases)
	// Money is a JSON string, minutes a JSON number.
	assert.True(t, strings.HasPrefix(string(q.Best.Total), `"`), "total %s", q.Best.Total)
	assert.Equal(t, "30000", string(q.Months[0].Meters[0].BilledMinutes))
}

func TestQuoteErrors(t *testing.T) {
	edit := func(old, new string) string {
		require.Contains(t, quoteExample, old)
		return strings.Replace(quoteExample, old, new, 1)
	}
	cases := []struct {
		name, req, code, field string
	}{
		{"empty object", `{}`, "invalid", "catalog"},
		{"null", `null`, "invalid", ""},
		{"usage as a word", edit(`30000`, `"many"`), "invalid", "usage.call"},
		{"usage not finite", edit(`30000`, `"Infinity"`), "invalid", "usage.call"},
		{"usage negative", edit(`30000`, `-1`), "invalid", "usage.call"},
		{"months missing", edit(`"months": 12,`, ``), "invalid", "months"},
		{"months not whole", edit(`12`, `1.5`), "invalid", "months"},
		{"trial not a boolean", edit(`true`, `"yes"`), "invalid", "trial"},
		{"usage not an object", edit(`{"call": 30000}`, `[]`), "invalid", "usage"},
		{"horizon of 0", edit(`12`, `0`), "invalid", "months"},
		{"horizon of 37", edit(`12`, `37`), "limit", "months"},
		{"start not a month", edit(`"2026-01"`, `"2026-13"`), "invalid", "start"},
		{"unknown catalog", edit(`"trtc-2019-cny"`, `"nope"`), "not_found", "catalog"},
		{"unknown meter", edit(`"call"`, `"video"`), "not_found", "usage.video"},
		{"misspelt field", edit(`"months": 12,`, `"months": 12, "monthz": 12,`), "invalid", "monthz"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := call(t, "quote", c.req)
			require.False(t, env.OK, env.text)
			assert.Equal(t, c.code, env.Error.Code, env.text)
			assert.Equal(t, c.field, env.Error.Field, env.text)
			next := call(t, "quote", quoteExample)
			assert.True(t, next.OK, "the next valid call works")
		})
	}
}
