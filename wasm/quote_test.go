//go:build js && wasm

package main

import (
	"bytes"
	"encoding/json"
	"math"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/calc"
)

// quoteExample is docs/api.md's quote request.
const quoteExample = `{"catalog": "trtc-2019-cny", "start": "2026-01", "months": 12,
  "usage": {"call": 30000}, "trial": true}`

func TestQuote(t *testing.T) {
	obj := call(t, "quote", jsObject(t, quoteExample))
	require.True(t, obj.OK, "%+v", obj.Error)
	str := call(t, "quote", quoteExample)
	require.True(t, str.OK, "%+v", str.Error)
	assert.JSONEq(t, string(obj.Result), string(str.Result), "object and JSON string forms agree")

	// The result crosses exactly: what JS holds is what calc computed.
	want, err := calc.QuoteJSON([]byte(quoteExample))
	require.NoError(t, err)
	wantJSON, err := json.Marshal(want)
	require.NoError(t, err)
	assert.Equal(t, decode(t, wantJSON), decode(t, str.Result))

	var q struct {
		Currency string `json:"currency"`
		Best     struct {
			Total     string `json:"total"`
			Purchases []struct {
				Package string `json:"package"`
			} `json:"purchases"`
		} `json:"best"`
		Months []json.RawMessage `json:"months"`
	}
	require.NoError(t, json.Unmarshal(str.Result, &q))
	assert.Equal(t, "CNY", q.Currency)
	assert.Len(t, q.Months, 12)
	assert.NotEmpty(t, q.Best.Purchases)

	// Money is a JS string, minutes a JS number.
	ret := js.Global().Get("rtcprice").Call("quote", quoteExample)
	assert.Equal(t, js.TypeString, ret.Get("result").Get("best").Get("total").Type())
	assert.Equal(t, js.TypeNumber, ret.Get("result").Get("months").Index(0).Get("meters").Index(0).Get("billedMinutes").Type())
}

func TestQuoteErrors(t *testing.T) {
	global := js.Global()
	withQuote := func(edit func(req js.Value)) func(t *testing.T) []any {
		return func(t *testing.T) []any {
			req := jsObject(t, quoteExample)
			edit(req)
			return []any{req}
		}
	}
	cases := []errorCase{
		{"no request", args(), "invalid", ""},
		{"null request", args(js.Null()), "invalid", ""},
		{"NaN usage", withQuote(func(r js.Value) { r.Get("usage").Set("call", math.NaN()) }), "invalid", "usage.call"},
		{"-Infinity usage", withQuote(func(r js.Value) { r.Get("usage").Set("call", math.Inf(-1)) }), "invalid", "usage.call"},
		{"undefined months", withQuote(func(r js.Value) { r.Set("months", js.Undefined()) }), "invalid", "months"},
		{"string where a number goes", withQuote(func(r js.Value) { r.Get("usage").Set("call", "many") }), "invalid", "usage.call"},
		{"trial not a boolean", withQuote(func(r js.Value) { r.Set("trial", "yes") }), "invalid", "trial"},
		{"function", withQuote(func(r js.Value) { r.Set("usage", global.Get("Object")) }), "invalid", "usage"},
		{"horizon of 0", withQuote(func(r js.Value) { r.Set("months", 0) }), "invalid", "months"},
		{"horizon of 37", withQuote(func(r js.Value) { r.Set("months", 37) }), "limit", "months"},
		{"unknown catalog", withQuote(func(r js.Value) { r.Set("catalog", "nope") }), "not_found", "catalog"},
		{"unknown meter", args(`{"catalog":"trtc-2019-cny","start":"2026-01","months":12,"usage":{"video":1}}`), "not_found", "usage.video"},
		{"misspelt field", withQuote(func(r js.Value) { r.Set("monthz", 1) }), "invalid", "monthz"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := call(t, "quote", c.req(t)...)
			require.False(t, env.OK, "%s", env.Result)
			assert.Equal(t, c.code, env.Error.Code, env.Error.Message)
			assert.Equal(t, c.field, env.Error.Field, env.Error.Message)
			next := call(t, "quote", quoteExample)
			assert.True(t, next.OK, "the next valid call works")
		})
	}
}

// TestResultsAreFreshObjects: a page may change a result; the next call
// is not affected.
func TestResultsAreFreshObjects(t *testing.T) {
	a := js.Global().Get("rtcprice").Call("quote", quoteExample)
	a.Get("result").Get("best").Set("total", "0")
	b := js.Global().Get("rtcprice").Call("quote", quoteExample)
	assert.NotEqual(t, "0", b.Get("result").Get("best").Get("total").String())
	assert.True(t, bytes.Contains([]byte(js.Global().Get("JSON").Call("stringify", b).String()), []byte(`"ok":true`)))
}
