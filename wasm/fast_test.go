//go:build js && wasm

package main

import (
	"bytes"
	"encoding/json"
	"math"
	"math/big"
	"strings"
	"syscall/js"
	"testing"

	"github.com/hack-pad/safejs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testReader(t *testing.T) *reader {
	t.Helper()
	r, err := newReader(safejs.Global())
	require.NoError(t, err)
	return r
}

// walked is the JSON the exact walk makes of v.
func walked(t *testing.T, r *reader, v js.Value) []byte {
	t.Helper()
	w := walk{r: r, budget: maxValues}
	require.Nil(t, w.value(safejs.Safe(v), 0))
	return w.buf
}

// decode reads JSON with numbers as exact rationals, so that "1e-7" and
// "1e-07" compare equal.
func decode(t *testing.T, data []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	require.NoError(t, d.Decode(&v), string(data))
	var norm func(any) any
	norm = func(v any) any {
		switch x := v.(type) {
		case json.Number:
			r, ok := new(big.Rat).SetString(string(x))
			require.True(t, ok, x)
			return r.RatString()
		case []any:
			for i := range x {
				x[i] = norm(x[i])
			}
		case map[string]any:
			for k := range x {
				x[k] = norm(x[k])
			}
		}
		return v
	}
	return norm(v)
}

func TestFastPathMatchesWalk(t *testing.T) {
	r := testReader(t)
	global := js.Global()
	cases := map[string]func() js.Value{
		"seed 002":     func() js.Value { return jsObject(t, seed002) },
		"empty object": func() js.Value { return global.Get("Object").New() },
		"nulls, booleans, empties": func() js.Value {
			return jsObject(t, `{"a":null,"b":[null,true,false,[],{}],"c":{"d":{}}}`)
		},
		"strings that need escaping": func() js.Value {
			return jsObject(t, `{"k\"ey\\":"line\nbreak\t\"quoted\" \u0001 €𝄞 \u2028","":""}`)
		},
		"numbers": func() js.Value {
			o := global.Get("Object").New()
			for i, f := range []float64{0, math.Copysign(0, -1), 0.1, 199.5, 1e21, 1.5e-7, 123456789012345680000, -3108030, 5e-324, math.MaxFloat64} {
				o.Set(string(rune('a'+i)), f)
			}
			return o
		},
		"array of arrays": func() js.Value { return jsObject(t, `[[1,[2,[3,[]]]],[{"a":[{}]}]]`) },
		"an object with a prototype reads as its own fields": func() js.Value {
			proto := global.Get("Object").New()
			proto.Set("inherited", 1)
			o := global.Get("Object").Call("create", proto)
			o.Set("month", "2019-07")
			return o
		},
		"object with a null prototype": func() js.Value {
			o := global.Get("Object").Call("create", js.Null())
			o.Set("month", "2019-07")
			return o
		},
		"a string alone": func() js.Value { return js.ValueOf("not an object") },
		"a number alone": func() js.Value { return js.ValueOf(42) },
		"deep but within": func() js.Value {
			return jsObject(t, strings.Repeat(`{"a":`, maxDepth)+"1"+strings.Repeat("}", maxDepth))
		},
	}
	for name, mk := range cases {
		t.Run(name, func(t *testing.T) {
			v := mk()
			fast, ok := r.fast.read(v)
			require.True(t, ok, "the fast path refused plain data")
			assert.Equal(t, decode(t, walked(t, r, v)), decode(t, fast), "fast %s", fast)
		})
	}
}

func TestFastPathDefersToWalk(t *testing.T) {
	r := testReader(t)
	global := js.Global()
	cases := map[string]func(req js.Value){
		"NaN":       func(req js.Value) { req.Get("usage").Index(0).Set("minutes", math.NaN()) },
		"Infinity":  func(req js.Value) { req.Get("usage").Index(0).Set("minutes", math.Inf(1)) },
		"undefined": func(req js.Value) { req.Set("trial", js.Undefined()) },
		"undefined in an array": func(req js.Value) {
			req.Get("usage").Call("push", js.Undefined())
		},
		"hole":            func(req js.Value) { req.Get("usage").Set("length", 5) },
		"function":        func(req js.Value) { req.Set("end", global.Get("Date")) },
		"symbol":          func(req js.Value) { req.Set("end", global.Get("Symbol").Invoke()) },
		"BigInt":          func(req js.Value) { req.Set("end", global.Get("BigInt").Invoke(1)) },
		"Map":             func(req js.Value) { req.Set("end", global.Get("Map").New()) },
		"Date":            func(req js.Value) { req.Set("end", global.Get("Date").New(0)) },
		"frozen object":   func(req js.Value) { global.Get("Object").Call("freeze", req.Get("usage").Index(0)) },
		"cycle":           func(req js.Value) { req.Set("self", req) },
		"throwing getter": func(req js.Value) { defineGetter(req, "end", throwing()) },
		"own toJSON":      func(req js.Value) { req.Set("toJSON", global.Get("Object").Get("keys")) },
		"inherited toJSON of another shape": func(req js.Value) {
			// row.toJSON("0") is Object.keys("0"): ["0"], not the row.
			proto := global.Get("Object").New()
			proto.Set("toJSON", global.Get("Object").Get("keys"))
			row := global.Get("Object").Call("assign", global.Get("Object").Call("create", proto), req.Get("usage").Index(0))
			req.Get("usage").SetIndex(0, row)
		},
		"object tagged as a Number": func(req js.Value) {
			o := global.Get("Object").New()
			global.Get("Reflect").Call("set", o, global.Get("Symbol").Get("toStringTag"), "Number")
			req.Set("end", o)
		},
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			req := jsObject(t, seed002)
			edit(req)
			_, ok := r.fast.read(req)
			assert.False(t, ok)
		})
	}
}

// defineGetter defines an enumerable getter on o.
func defineGetter(o js.Value, key string, get js.Value) {
	desc := js.Global().Get("Object").New()
	desc.Set("enumerable", true)
	desc.Set("get", get)
	js.Global().Get("Object").Call("defineProperty", o, key, desc)
}

func TestShape(t *testing.T) {
	got, ok := shape([]byte(`{"a":[1,"x",null,true],"b":{"c":"d"},"e":-1.5e+3}`))
	require.True(t, ok)
	assert.Equal(t, []kinds{
		{kObject: 1},
		{kArray: 1, kObject: 1, kNumber: 1},
		{kNumber: 1, kString: 2, kNull: 1, kBool: 1},
	}, got)
	for _, bad := range []string{`{"a":1`, `[1]]`, `{"a":"x}`, `{"a":x}`} {
		_, ok := shape([]byte(bad))
		assert.False(t, ok, bad)
	}
}

// TestBoxedPrimitives: String, Number and Boolean objects are read as
// their values, as JSON.stringify reads them. The fast path cannot tell
// them from plain objects (they are extensible), so the walk reads them.
func TestBoxedPrimitives(t *testing.T) {
	r := testReader(t)
	global := js.Global()
	o := global.Get("Object").New()
	o.Set("s", global.Get("String").New("2019-07"))
	o.Set("n", global.Get("Number").New(199.5))
	o.Set("b", global.Get("Boolean").New(false))
	assert.JSONEq(t, `{"s":"2019-07","n":199.5,"b":false}`, string(walked(t, r, o)))

	req := jsObject(t, seed002)
	req.Get("usage").Index(0).Set("minutes", global.Get("String").New("199.5"))
	req.Get("usage").Index(1).Set("seconds", global.Get("Number").New(3108030))
	checkSeed002(t, req)
}
