//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"syscall/js"
	"testing"

	"github.com/hack-pad/safejs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/calc"
	"github.com/rtcprice/rtcprice/calc/fault"
	"github.com/rtcprice/rtcprice/internal/seedreq"
)

// readyEvents counts the "rtcprice:ready" events seen by TestMain's
// listener.
var readyEvents int

// TestMain starts the module as main does (without blocking), so that
// every test calls the API through globalThis.rtcprice exactly as a
// Worker does.
func TestMain(m *testing.M) {
	global := js.Global()
	if global.Get("dispatchEvent").Type() != js.TypeFunction {
		// node's globalThis is no EventTarget; give it one, as a Worker's
		// global scope is, so that the ready event can be observed.
		et := global.Get("EventTarget").New()
		for _, name := range []string{"addEventListener", "removeEventListener", "dispatchEvent"} {
			global.Set(name, et.Get(name).Call("bind", et))
		}
	}
	onReady := js.FuncOf(func(js.Value, []js.Value) any {
		readyEvents++
		return nil
	})
	global.Call("addEventListener", "rtcprice:ready", onReady)
	if err := register(safejs.Global()); err != nil {
		fmt.Println("register:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// apiError is the error of an envelope.
type apiError struct {
	Code    string         `json:"code"`
	Field   string         `json:"field"`
	Reason  string         `json:"reason"`
	Params  map[string]any `json:"params"`
	Message string         `json:"message"`
}

// envelope is an envelope returned by the API.
type envelope struct {
	OK     bool            `json:"ok"`
	Result json.RawMessage `json:"result"`
	Error  *apiError       `json:"error"`
	text   string
}

// call calls globalThis.rtcprice[name](args...) and checks that the answer
// is a JS string holding a well-formed envelope: ok with a result, or an
// error with a code, a reason, params (an object) and a message.
func call(t *testing.T, name string, args ...any) envelope {
	t.Helper()
	ret := js.Global().Get("rtcprice").Call(name, args...)
	require.Equal(t, js.TypeString, ret.Type(), "%s returned %s, not a string", name, ret.Type())
	text := ret.String()
	var env envelope
	require.NoError(t, json.Unmarshal([]byte(text), &env), text)
	env.text = text
	var shape map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(text), &shape))
	if env.OK {
		require.Nil(t, env.Error, text)
		require.Contains(t, shape, "result", text)
	} else {
		require.NotNil(t, env.Error, text)
		require.NotContains(t, shape, "result", text)
		assert.NotEmpty(t, env.Error.Code, text)
		assertDocumented(t, env.Error, text)
		assert.NotEmpty(t, env.Error.Message, text)
	}
	return env
}

// seed002 is the simulate request of docs/api.md's worked example
// (docs/billing.md §7.1), as internal/seedreq defines it.
const seed002 = seedreq.Simulate

// checkSeed002 runs the worked example and checks its figures; every
// test of a bad input ends with it, to prove the module still works.
func checkSeed002(t *testing.T) {
	t.Helper()
	env := call(t, "simulate", seed002)
	require.True(t, env.OK, "%+v", env.Error)
	var sim struct {
		Months []struct {
			Month  string `json:"month"`
			Meters []struct {
				BilledMinutes  int64  `json:"billedMinutes"`
				OverageMinutes int64  `json:"overageMinutes"`
				OverageCost    string `json:"overageCost"`
			} `json:"meters"`
		} `json:"months"`
		Totals struct {
			Prepaid  string `json:"prepaid"`
			Postpaid string `json:"postpaid"`
			Total    string `json:"total"`
		} `json:"totals"`
	}
	require.NoError(t, json.Unmarshal(env.Result, &sim))
	require.Len(t, sim.Months, 2)
	aug := sim.Months[1]
	assert.Equal(t, "2019-08", aug.Month)
	require.Len(t, aug.Meters, 1)
	assert.Equal(t, int64(51801), aug.Meters[0].BilledMinutes)
	assert.Equal(t, int64(1001), aug.Meters[0].OverageMinutes)
	assert.Equal(t, "25.025", aug.Meters[0].OverageCost)
	assert.Equal(t, "3688", sim.Totals.Prepaid)
	assert.Equal(t, "25.025", sim.Totals.Postpaid)
	assert.Equal(t, "3713.025", sim.Totals.Total)
}

func TestReadyEventAndVersion(t *testing.T) {
	assert.Equal(t, 1, readyEvents, "rtcprice:ready dispatched once")
	v := js.Global().Get("rtcprice").Get("version")
	require.Equal(t, js.TypeString, v.Type())
	assert.Equal(t, calc.Version, v.String())
}

func TestSimulateSeed002(t *testing.T) {
	checkSeed002(t)
	t.Run("the result is calc's, exactly", func(t *testing.T) {
		want, err := calc.SimulateJSON([]byte(seed002))
		require.NoError(t, err)
		data, err := json.Marshal(want)
		require.NoError(t, err)
		env := call(t, "simulate", seed002)
		assert.Equal(t, `{"ok":true,"result":`+string(data)+`}`, env.text)
	})
	t.Run("money is a JSON string, minutes a JSON number", func(t *testing.T) {
		env := call(t, "simulate", seed002)
		assert.Contains(t, env.text, `"total":"3713.025"`)
		assert.Contains(t, env.text, `"billedMinutes":51801,`)
	})
	t.Run("extra arguments are ignored", func(t *testing.T) {
		env := call(t, "simulate", seed002, 7, js.Undefined(), js.Global())
		assert.True(t, env.OK)
	})
}

func TestCatalogs(t *testing.T) {
	env := call(t, "catalogs")
	require.True(t, env.OK, "%+v", env.Error)
	want, err := calc.Catalogs()
	require.NoError(t, err)
	wantJSON, err := json.Marshal(want)
	require.NoError(t, err)
	assert.Equal(t, `{"ok":true,"result":`+string(wantJSON)+`}`, env.text, "what calc lists, exactly")
	var list struct {
		Catalogs []struct {
			ID string `json:"id"`
		} `json:"catalogs"`
	}
	require.NoError(t, json.Unmarshal(env.Result, &list))
	ids := map[string]bool{}
	for _, c := range list.Catalogs {
		ids[c.ID] = true
	}
	assert.True(t, ids["trtc-2019-cny"], "catalogs: %v", ids)
	// Arguments, of any kind, are ignored: catalogs takes no request.
	for _, arg := range []any{"{}", 42, js.Null(), js.Global().Get("Object").New()} {
		again := call(t, "catalogs", arg)
		require.True(t, again.OK)
		assert.Equal(t, env.text, again.text)
	}
}

// assertDocumented checks an envelope's error against fault.Table: a
// documented reason, its code, exactly its params, each a string or an
// integer.
func assertDocumented(t *testing.T, e *apiError, text string) {
	t.Helper()
	rule, ok := fault.RuleOf(fault.Reason(e.Reason))
	require.True(t, ok, "reason %q is not documented: %s", e.Reason, text)
	assert.Equal(t, rule.Code, e.Code, text)
	require.NotNil(t, e.Params, "params is an object: %s", text)
	keys := []string{}
	for k, v := range e.Params {
		keys = append(keys, k)
		switch x := v.(type) {
		case string:
		case float64:
			assert.Equal(t, math.Trunc(x), x, "param %s is an integer: %s", k, text)
		default:
			t.Errorf("param %s is a %T, not a string or an integer: %s", k, v, text)
		}
	}
	assert.ElementsMatch(t, rule.Params, keys, text)
}

// throwing returns a JS function that throws a TypeError when called as a
// getter or a Proxy trap: Function.prototype.call, called on a non-function.
func throwing() js.Value {
	return js.Global().Get("Function").Get("prototype").Get("call")
}

// TestNonStringRequests: whatever is not a JS string is refused as
// "invalid" with reason request_not_text and its type in params, and Go
// reads nothing of it: no getter runs, no Proxy trap is called, not
// even toString or valueOf.
func TestNonStringRequests(t *testing.T) {
	global := js.Global()
	touched := 0
	touch := js.FuncOf(func(js.Value, []js.Value) any {
		touched++
		return "2019-07"
	})
	defer touch.Release()
	object := func() js.Value { return global.Get("JSON").Call("parse", seed002) }
	withGetter := func(getter js.Value) js.Value {
		o := object()
		desc := global.Get("Object").New()
		desc.Set("enumerable", true)
		desc.Set("get", getter)
		global.Get("Object").Call("defineProperty", o, "start", desc)
		global.Get("Object").Call("defineProperty", o, "toJSON", desc)
		return o
	}
	spy := global.Get("Object").New()
	for _, trap := range []string{"get", "has", "ownKeys", "getOwnPropertyDescriptor", "getPrototypeOf"} {
		spy.Set(trap, touch)
	}
	revocable := global.Get("Proxy").Call("revocable", object(), global.Get("Object").New())
	revocable.Call("revoke")
	withToString := object()
	withToString.Set("toString", touch)
	withToString.Set("valueOf", touch)
	cases := []struct {
		name string
		args []any
		typ  string
	}{
		{"no argument", nil, "undefined"},
		{"undefined", []any{js.Undefined()}, "undefined"},
		{"null", []any{js.Null()}, "null"},
		{"a boolean", []any{true}, "boolean"},
		{"a number", []any{42}, "number"},
		{"NaN", []any{math.NaN()}, "number"},
		{"a BigInt", []any{global.Get("BigInt").Invoke(42)}, "bigint"},
		{"a symbol", []any{global.Get("Symbol").Invoke(seed002)}, "symbol"},
		{"a function", []any{touch}, "function"},
		{"a valid request as an object", []any{object()}, "object"},
		{"an array", []any{global.Get("Array").New()}, "object"},
		{"a String object", []any{global.Get("String").New(seed002)}, "object"},
		{"an object with toString and valueOf", []any{withToString}, "object"},
		{"an object whose getters call the API again", []any{withGetter(global.Get("rtcprice").Get("simulate"))}, "object"},
		{"an object whose getters throw", []any{withGetter(throwing())}, "object"},
		{"an object whose getters count", []any{withGetter(touch.Value)}, "object"},
		{"a Proxy with every trap", []any{global.Get("Proxy").New(object(), spy)}, "object"},
		{"a revoked Proxy", []any{revocable.Get("proxy")}, "object"},
		{"a Date", []any{global.Get("Date").New(0)}, "object"},
	}
	for _, name := range []string{"quote", "simulate"} {
		for _, c := range cases {
			t.Run(name+"/"+c.name, func(t *testing.T) {
				env := call(t, name, c.args...)
				require.False(t, env.OK, env.text)
				assert.Equal(t, apiError{
					Code:    "invalid",
					Field:   "",
					Reason:  "request_not_text",
					Params:  map[string]any{"type": c.typ},
					Message: env.Error.Message,
				}, *env.Error)
				assert.Contains(t, env.Error.Message, c.typ)
				checkSeed002(t)
			})
		}
	}
	assert.Zero(t, touched, "a getter, trap, toString or valueOf of a request was called")
}

// TestRequestSize: the 8 MiB limit counts UTF-8 bytes, and text past it
// is refused before it is copied into Go, however large.
func TestRequestSize(t *testing.T) {
	limit := map[string]any{"limit": float64(maxRequestBytes)}
	padded := func(n int, pad string) string { // seed002 and pad, n bytes in all
		return seed002 + strings.Repeat(pad, (n-len(seed002))/len(pad))
	}
	t.Run("exactly the limit is read", func(t *testing.T) {
		req := padded(maxRequestBytes, " ")
		require.Len(t, req, maxRequestBytes)
		assert.True(t, call(t, "simulate", req).OK)
	})
	big := map[string]string{
		"one byte past the limit": padded(maxRequestBytes+1, " "),
		// 3 bytes of UTF-8 per character, one UTF-16 unit: within the
		// limit in JS's length, past it in bytes.
		"multi-byte text past the limit": `{"catalog": "` + strings.Repeat("中", maxRequestBytes/3+1) + `"}`,
		"20 MB":                          padded(20_000_000, " "),
	}
	for name, req := range big {
		t.Run(name, func(t *testing.T) {
			env := call(t, "simulate", req)
			require.False(t, env.OK)
			assert.Equal(t, "limit", env.Error.Code)
			assert.Equal(t, "request_too_large", env.Error.Reason)
			assert.Equal(t, limit, env.Error.Params)
			checkSeed002(t)
		})
	}
	t.Run("a 200 MB string", func(t *testing.T) {
		s := js.Global().Get("String").New("x").Call("repeat", 200_000_000)
		require.Equal(t, js.TypeString, s.Type())
		env := call(t, "quote", s)
		require.False(t, env.OK)
		assert.Equal(t, "request_too_large", env.Error.Reason)
		checkSeed002(t)
	})
}

// TestErrorCodes: each code an input can cause, with its field, reason
// and params, through the text API.
func TestErrorCodes(t *testing.T) {
	edit := func(old, new string) string {
		require.Contains(t, seed002, old)
		return strings.Replace(seed002, old, new, 1)
	}
	cases := []struct {
		name, req           string
		code, field, reason string
		params              map[string]any
	}{
		{"empty text", "", "invalid", "", "request_empty", map[string]any{}},
		{"not JSON", "{catalog: trtc}", "invalid", "", "not_json", nil},
		{"data after the JSON value", seed002 + " {}", "invalid", "", "trailing_data", map[string]any{}},
		{"an array, not an object", "[]", "invalid", "", "not_an_object", map[string]any{"type": "array"}},
		{"date that does not exist", edit(`"2019-08-01"`, `"2019-02-30"`), "invalid", "purchases[0].date",
			"date_not_in_calendar", map[string]any{"value": "2019-02-30", "days": float64(28)}},
		{"misspelt field", edit(`"purchases"`, `"purchses"`), "invalid", "purchses", "unknown_field", map[string]any{"name": "purchses"}},
		{"NaN as a string", edit(`"199.5"`, `"NaN"`), "invalid", "usage[0].minutes", "not_finite", map[string]any{"value": "NaN"}},
		{"unknown catalog", edit(`"trtc-2019-cny"`, `"nope"`), "not_found", "catalog", "catalog_not_found", nil},
		{"unknown package", edit(`"entry"`, `"gold"`), "not_found", "purchases[0].package", "package_not_found", nil},
		{"unknown meter", edit(`"meter": "call"`, `"meter": "hd"`), "not_found", "usage[0].meter", "meter_not_found", nil},
		{"too many months", edit(`"end": "2019-08"`, `"end": "2099-12"`), "limit", "end", "too_many_months", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := call(t, "simulate", c.req)
			require.False(t, env.OK, env.text)
			assert.Equal(t, c.code, env.Error.Code, env.text)
			assert.Equal(t, c.field, env.Error.Field, env.text)
			assert.Equal(t, c.reason, env.Error.Reason, env.text)
			if c.params != nil {
				assert.Equal(t, c.params, env.Error.Params, env.text)
			}
			checkSeed002(t)
		})
	}
}

func TestInjectedPanicIsRecovered(t *testing.T) {
	defer func() { beforeCall = nil }()
	for _, name := range []string{"catalogs", "quote", "simulate"} {
		t.Run(name, func(t *testing.T) {
			beforeCall = func(export string) {
				if export == name {
					panic("injected for a test")
				}
			}
			env := call(t, name, seed002)
			require.False(t, env.OK)
			assert.Equal(t, "internal", env.Error.Code)
			assert.Equal(t, "internal", env.Error.Reason)
			assert.Contains(t, env.Error.Message, "injected for a test")
			beforeCall = nil
			checkSeed002(t)
			assert.True(t, call(t, "catalogs").OK)
		})
	}
}

// TestResultEncodingFailureIsRecovered: an export whose work fails while
// or after it writes its result answers "internal", with nothing of
// the half-written result in its envelope or in the next call's.
func TestResultEncodingFailureIsRecovered(t *testing.T) {
	m, err := newModule(safejs.Global())
	require.NoError(t, err)
	partial := func(dst []byte) []byte { return append(dst, `{"months":[{"total":"1`...) }
	ops := map[string]op{
		"plain error":         func(dst, _ []byte) ([]byte, error) { return dst, fmt.Errorf("a plain error") },
		"error after writing": func(dst, _ []byte) ([]byte, error) { return partial(dst), fmt.Errorf("failed half way") },
		"panic":               func([]byte, []byte) ([]byte, error) { panic(fmt.Errorf("an error panicked")) },
		"panic after writing": func(dst, _ []byte) ([]byte, error) { partial(dst); panic("failed half way") },
		"null result":         func(dst, _ []byte) ([]byte, error) { return append(dst, "null"...), nil },
	}
	test := js.Global().Get("Object").New()
	for name, fn := range ops {
		f, err := m.export(name, fn, false)
		require.NoError(t, err)
		test.Set(name, safejs.Unsafe(f.Value()))
	}
	for name := range ops {
		t.Run(name, func(t *testing.T) {
			ret := test.Call(name)
			require.Equal(t, js.TypeString, ret.Type())
			var env envelope
			require.NoError(t, json.Unmarshal([]byte(ret.String()), &env), ret.String())
			if name == "null result" {
				assert.JSONEq(t, `{"ok": true, "result": null}`, ret.String())
			} else {
				require.False(t, env.OK)
				assert.Equal(t, "internal", env.Error.Code)
				assert.Equal(t, "internal", env.Error.Reason)
				assert.NotContains(t, ret.String(), "months")
			}
			checkSeed002(t)
		})
	}
}
