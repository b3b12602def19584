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
)

// readyEvents counts the "rtcprice:ready" events seen by TestMain's
// listener.
var readyEvents int

// TestMain starts the module as main does (without blocking), so that
// every test calls the API through globalThis.rtcprice exactly as a page
// does.
func TestMain(m *testing.M) {
	global := js.Global()
	if global.Get("dispatchEvent").Type() != js.TypeFunction {
		// node's globalThis is no EventTarget; give it one, as a browser's
		// window is, so that the ready event can be observed.
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

// envelope is an envelope returned by the API, read back through
// JSON.stringify.
type envelope struct {
	OK     bool            `json:"ok"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    string `json:"code"`
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"error"`
}

// call calls globalThis.rtcprice[name](args...) and checks that the answer
// is a plain envelope object (not a string, not undefined).
func call(t *testing.T, name string, args ...any) envelope {
	t.Helper()
	ret := js.Global().Get("rtcprice").Call(name, args...)
	require.Equal(t, js.TypeObject, ret.Type(), "%s returned %s, not an object", name, ret.Type())
	require.Equal(t, js.TypeBoolean, ret.Get("ok").Type(), "envelope.ok")
	text := js.Global().Get("JSON").Call("stringify", ret).String()
	var env envelope
	require.NoError(t, json.Unmarshal([]byte(text), &env), text)
	if env.OK {
		require.Nil(t, env.Error, text)
		require.NotEmpty(t, env.Result, text)
	} else {
		require.NotNil(t, env.Error, text)
		require.NotEmpty(t, env.Error.Message, text)
	}
	return env
}

// jsObject turns JSON text into a JS object, as a page would build it.
func jsObject(t *testing.T, text string) js.Value {
	t.Helper()
	return js.Global().Get("JSON").Call("parse", text)
}

// seed002 is the simulate request of docs/api.md's worked example (docs/billing.md §7.1).
const seed002 = `{"catalog": "trtc-2019-cny",
  "start": "2019-07", "end": "2019-08",
  "trial": "2019-07-01",
  "purchases": [{"package": "entry", "date": "2019-08-01", "count": 1}],
  "usage": [{"month": "2019-07", "meter": "call", "minutes": "199.5"},
            {"month": "2019-08", "meter": "call", "seconds": 3108030}]}`

// checkSeed002 runs the worked example and checks its figures; every
// test of a bad input ends with it, to prove the module still works.
func checkSeed002(t *testing.T, req any) {
	t.Helper()
	env := call(t, "simulate", req)
	require.True(t, env.OK, "%+v", env.Error)
	var sim struct {
		Months []struct {
			Month  string `json:"month"`
			Meters []struct {
				Meter          string `json:"meter"`
				BilledMinutes  int64  `json:"billedMinutes"`
				FreeMinutes    int64  `json:"freeMinutes"`
				OverageMinutes int64  `json:"overageMinutes"`
				OverageCost    string `json:"overageCost"`
				Deductions     []struct {
					Package string `json:"package"`
					Minutes int64  `json:"minutes"`
				} `json:"deductions"`
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
	assert.Regexp(t, `^\d+\.\d+\.\d+$`, v.String())
}

func TestSimulateSeed002(t *testing.T) {
	t.Run("object", func(t *testing.T) { checkSeed002(t, jsObject(t, seed002)) })
	t.Run("JSON string", func(t *testing.T) { checkSeed002(t, seed002) })
	t.Run("money is a JS string", func(t *testing.T) {
		ret := js.Global().Get("rtcprice").Call("simulate", seed002)
		total := ret.Get("result").Get("totals").Get("total")
		require.Equal(t, js.TypeString, total.Type())
		assert.Equal(t, "3713.025", total.String())
		billed := ret.Get("result").Get("months").Index(1).Get("meters").Index(0).Get("billedMinutes")
		require.Equal(t, js.TypeNumber, billed.Type())
		assert.Equal(t, 51801, billed.Int())
	})
	t.Run("extra arguments are ignored", func(t *testing.T) {
		checkSeed002(t, jsObject(t, seed002))
		env := call(t, "simulate", seed002, 7, js.Undefined())
		assert.True(t, env.OK)
	})
}

func TestSimulateNumbersCrossExactly(t *testing.T) {
	// 199.5 minutes as a JS number must reach calc as the decimal 199.5
	// (and round up to 200), not as 199.49999... or an exponent form.
	req := jsObject(t, seed002)
	req.Get("usage").Index(0).Set("minutes", 199.5)
	checkSeed002(t, req)
	req.Get("usage").Index(1).Set("seconds", 3108030.0)
	checkSeed002(t, req)
}

func TestCatalogs(t *testing.T) {
	env := call(t, "catalogs")
	require.True(t, env.OK, "%+v", env.Error)
	var list struct {
		Catalogs []struct {
			ID       string `json:"id"`
			Currency string `json:"currency"`
			Packages []struct {
				ID      string `json:"id"`
				Price   string `json:"price"`
				Per1000 string `json:"per1000"`
			} `json:"packages"`
		} `json:"catalogs"`
	}
	require.NoError(t, json.Unmarshal(env.Result, &list))
	ids := map[string]bool{}
	for _, c := range list.Catalogs {
		ids[c.ID] = true
		assert.NotEmpty(t, c.Packages, c.ID)
	}
	assert.True(t, ids["trtc-2019-cny"], "catalogs: %v", ids)
	want, err := calc.Catalogs()
	require.NoError(t, err)
	wantJSON, err := json.Marshal(want)
	require.NoError(t, err)
	assert.JSONEq(t, string(wantJSON), string(env.Result), "what calc lists, exactly")
	// Arguments, of any kind, are ignored: catalogs takes no request.
	again := call(t, "catalogs", jsObject(t, `{"x": 1}`))
	require.True(t, again.OK)
	assert.JSONEq(t, string(env.Result), string(again.Result))
	// Each call returns a fresh object a page may change freely.
	a := js.Global().Get("rtcprice").Call("catalogs")
	b := js.Global().Get("rtcprice").Call("catalogs")
	assert.False(t, a.Equal(b))
}

// errorCase is a request that must fail with code and field.
type errorCase struct {
	name  string
	req   func(t *testing.T) []any // the arguments of the call
	code  string
	field string
}

// withSeed returns the seed 002 request as a JS object, changed by edit.
func withSeed(edit func(req js.Value)) func(t *testing.T) []any {
	return func(t *testing.T) []any {
		req := jsObject(t, seed002)
		edit(req)
		return []any{req}
	}
}

// throwing returns a JS function that throws a TypeError when called as a
// getter or a Proxy trap: Function.prototype.call, called on a non-function.
func throwing() js.Value {
	return js.Global().Get("Function").Get("prototype").Get("call")
}

func args(a ...any) func(t *testing.T) []any {
	return func(*testing.T) []any { return a }
}

func TestSimulateErrors(t *testing.T) {
	global := js.Global()
	cases := []errorCase{
		{"no request", args(), "invalid", ""},
		{"undefined request", args(js.Undefined()), "invalid", ""},
		{"null request", args(js.Null()), "invalid", ""},
		{"empty string", args(""), "invalid", ""},
		{"not JSON", args("{catalog: trtc}"), "invalid", ""},
		{"a number, not a request", args(42), "invalid", ""},
		{"a BigInt, not a request", func(*testing.T) []any { return []any{global.Get("BigInt").Invoke(42)} }, "invalid", ""},
		{"a function, not a request", args(global.Get("Date")), "invalid", ""},
		{"an array, not a request", args(global.Get("Array").New()), "invalid", ""},
		{"NaN minutes", withSeed(func(r js.Value) {
			r.Get("usage").Index(0).Set("minutes", math.NaN())
		}), "invalid", "usage[0].minutes"},
		{"Infinity seconds", withSeed(func(r js.Value) {
			r.Get("usage").Index(1).Set("seconds", math.Inf(1))
		}), "invalid", "usage[1].seconds"},
		{"-Infinity count", withSeed(func(r js.Value) {
			r.Get("purchases").Index(0).Set("count", math.Inf(-1))
		}), "invalid", "purchases[0].count"},
		{"undefined field", withSeed(func(r js.Value) {
			r.Set("trial", js.Undefined())
		}), "invalid", "trial"},
		{"undefined element", withSeed(func(r js.Value) {
			r.Get("usage").SetIndex(1, js.Undefined())
		}), "invalid", "usage[1]"},
		{"hole in a sparse array", withSeed(func(r js.Value) {
			r.Get("usage").Set("length", 3)
		}), "invalid", "usage[2]"},
		{"function", withSeed(func(r js.Value) {
			r.Get("purchases").Index(0).Set("date", global.Get("Date"))
		}), "invalid", "purchases[0].date"},
		{"symbol", withSeed(func(r js.Value) {
			r.Set("start", global.Get("Symbol").Invoke("2019-07"))
		}), "invalid", "start"},
		{"bigint", withSeed(func(r js.Value) {
			r.Get("usage").Index(1).Set("seconds", global.Get("BigInt").Invoke(3108030))
		}), "invalid", "usage[1].seconds"},
		{"Date object", withSeed(func(r js.Value) {
			r.Get("purchases").Index(0).Set("date", global.Get("Date").New(0))
		}), "invalid", "purchases[0].date"},
		{"Map", withSeed(func(r js.Value) {
			r.Get("purchases").SetIndex(0, global.Get("Map").New())
		}), "invalid", "purchases[0]"},
		{"getter throws", withSeed(func(r js.Value) {
			desc := jsObject(t, `{"enumerable": true}`)
			desc.Set("get", throwing())
			global.Get("Object").Call("defineProperty", r.Get("usage").Index(0), "minutes", desc)
		}), "invalid", "usage[0].minutes"},
		{"Proxy whose ownKeys trap throws", withSeed(func(r js.Value) {
			handler := global.Get("Object").New()
			handler.Set("ownKeys", throwing())
			r.Get("purchases").SetIndex(0, global.Get("Proxy").New(r.Get("purchases").Index(0), handler))
		}), "invalid", "purchases[0]"},
		{"Proxy of an array whose length getter throws", withSeed(func(r js.Value) {
			handler := global.Get("Object").New()
			handler.Set("get", throwing())
			r.Set("usage", global.Get("Proxy").New(r.Get("usage"), handler))
		}), "invalid", "usage"},
		{"revoked Proxy", withSeed(func(r js.Value) {
			p := global.Get("Proxy").Call("revocable", r.Get("usage"), global.Get("Object").New())
			p.Call("revoke")
			r.Set("usage", p.Get("proxy"))
		}), "invalid", "usage"},
		{"Symbol.toStringTag getter throws", withSeed(func(r js.Value) {
			desc := jsObject(t, `{}`)
			desc.Set("get", throwing())
			global.Get("Object").Call("defineProperty", r.Get("purchases").Index(0),
				global.Get("Symbol").Get("toStringTag"), desc)
		}), "invalid", "purchases[0]"},
		{"getter calls the API again", withSeed(func(r js.Value) {
			desc := jsObject(t, `{"enumerable": true}`)
			desc.Set("get", global.Get("rtcprice").Get("simulate"))
			global.Get("Object").Call("defineProperty", r.Get("usage").Index(0), "minutes", desc)
		}), "invalid", "usage[0].minutes"},
		{"Number object holding NaN", withSeed(func(r js.Value) {
			r.Get("usage").Index(0).Set("minutes", global.Get("Number").New(math.NaN()))
		}), "invalid", "usage[0].minutes"},
		{"string where a number goes", withSeed(func(r js.Value) {
			r.Get("usage").Index(0).Set("minutes", "lots")
		}), "invalid", "usage[0].minutes"},
		{"string NaN where a number goes", withSeed(func(r js.Value) {
			r.Get("usage").Index(0).Set("minutes", "NaN")
		}), "invalid", "usage[0].minutes"},
		{"number where a string goes", withSeed(func(r js.Value) {
			r.Set("start", 201907)
		}), "invalid", "start"},
		{"boolean where a number goes", withSeed(func(r js.Value) {
			r.Get("usage").Index(0).Set("minutes", true)
		}), "invalid", "usage[0].minutes"},
		{"misspelt field", withSeed(func(r js.Value) {
			r.Set("purchses", global.Get("Array").New())
		}), "invalid", "purchses"},
		{"date that does not exist", withSeed(func(r js.Value) {
			r.Get("purchases").Index(0).Set("date", "2019-02-30")
		}), "invalid", "purchases[0].date"},
		{"unknown catalog", withSeed(func(r js.Value) {
			r.Set("catalog", "nope")
		}), "not_found", "catalog"},
		{"unknown package", withSeed(func(r js.Value) {
			r.Get("purchases").Index(0).Set("package", "gold")
		}), "not_found", "purchases[0].package"},
		{"unknown meter", args(strings.Replace(seed002, `"meter": "call"`, `"meter": "hd"`, 1)), "not_found", "usage[0].meter"},
		{"too many months (calc's limit)", withSeed(func(r js.Value) {
			r.Set("end", "2099-12")
		}), "limit", "end"},
		{"JSON string over 8 MiB", args(seed002 + strings.Repeat(" ", maxRequestBytes)), "limit", ""},
		{"object over 8 MiB", withSeed(func(r js.Value) {
			r.Set("catalog", strings.Repeat("x", maxRequestBytes))
		}), "limit", "catalog"},
		{"huge sparse array", withSeed(func(r js.Value) {
			r.Set("usage", global.Get("Array").New(maxValues+1))
		}), "limit", "usage"},
		// root, purchases, [0], self (the root again), ...: the object at
		// depth maxDepth is refused.
		{"cyclic object", withSeed(func(r js.Value) {
			r.Get("purchases").Index(0).Set("self", r)
		}), "limit", "purchases[0]" + strings.Repeat(".self.purchases[0]", (maxDepth-1)/3-1) + ".self.purchases"},
		{"nested too deep", func(t *testing.T) []any {
			return []any{jsObject(t, strings.Repeat(`{"a":`, maxDepth+1)+"1"+strings.Repeat("}", maxDepth+1))}
		}, "limit", strings.TrimSuffix(strings.Repeat("a.", maxDepth), ".")},
		// Past the walk, calc refuses it for its own reasons.
		{"nested deep but within the limit", func(t *testing.T) []any {
			return []any{jsObject(t, strings.Repeat(`{"a":`, maxDepth)+"1"+strings.Repeat("}", maxDepth))}
		}, "invalid", "catalog"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := call(t, "simulate", c.req(t)...)
			require.False(t, env.OK, "%s", env.Result)
			assert.Equal(t, c.code, env.Error.Code, env.Error.Message)
			assert.Equal(t, c.field, env.Error.Field, env.Error.Message)
			checkSeed002(t, jsObject(t, seed002))
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
			assert.Contains(t, env.Error.Message, "injected for a test")
			beforeCall = nil
			checkSeed002(t, seed002)
			assert.True(t, call(t, "catalogs").OK)
		})
	}
}

// unencodable cannot be encoded as JSON.
type unencodable struct{}

func (unencodable) MarshalJSON() ([]byte, error) { panic("MarshalJSON panics") }

func TestResultConversionFailureIsRecovered(t *testing.T) {
	b, err := newBridge(safejs.Global())
	require.NoError(t, err)
	ops := map[string]op{
		"channel":     func([]byte) (any, error) { return make(chan int), nil },
		"NaN":         func([]byte) (any, error) { return math.NaN(), nil },
		"MarshalJSON": func([]byte) (any, error) { return unencodable{}, nil },
		"plain error": func([]byte) (any, error) { return nil, fmt.Errorf("a plain error") },
		"nil result":  func([]byte) (any, error) { return nil, error(nil) },
	}
	test := js.Global().Get("Object").New()
	for name, fn := range ops {
		f, err := b.export(name, fn, false)
		require.NoError(t, err)
		test.Set(name, safejs.Unsafe(f.Value()))
	}
	js.Global().Set("rtcpriceTest", test)
	defer js.Global().Delete("rtcpriceTest")
	for name := range ops {
		t.Run(name, func(t *testing.T) {
			ret := test.Call(name)
			require.Equal(t, js.TypeObject, ret.Type())
			text := js.Global().Get("JSON").Call("stringify", ret).String()
			if name == "nil result" {
				assert.JSONEq(t, `{"ok": true, "result": null}`, text)
			} else {
				assert.Contains(t, text, `"ok":false`)
				assert.Contains(t, text, `"code":"internal"`)
			}
			checkSeed002(t, seed002)
		})
	}
}

// TestErrorMessagesSayWhatIsWrong: the message tells a page author what
// the value was, not just that it was refused.
func TestErrorMessagesSayWhatIsWrong(t *testing.T) {
	global := js.Global()
	cases := map[string]js.Value{
		"BigInt":                global.Get("BigInt").Invoke(3),
		"NaN":                   js.ValueOf(math.NaN()),
		"Infinity":              js.ValueOf(math.Inf(1)),
		"undefined":             js.Undefined(),
		"function":              global.Get("Date"),
		"symbol":                global.Get("Symbol").Invoke(),
		"Map":                   global.Get("Map").New(),
		"a request is required": js.Null(),
	}
	for want, v := range cases {
		t.Run(want, func(t *testing.T) {
			req := jsObject(t, seed002)
			if want == "a request is required" {
				env := call(t, "simulate", v)
				assert.Contains(t, env.Error.Message, want)
				return
			}
			req.Get("usage").Index(0).Set("minutes", v)
			env := call(t, "simulate", req)
			require.False(t, env.OK)
			assert.Equal(t, "usage[0].minutes", env.Error.Field)
			assert.Contains(t, env.Error.Message, want)
		})
	}
	env := call(t, "simulate", global.Get("BigInt").Invoke(3))
	assert.Contains(t, env.Error.Message, "BigInt", "a BigInt request")
}
