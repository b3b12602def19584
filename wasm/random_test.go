//go:build js && wasm

package main

import (
	"math"
	"math/rand"
	"strings"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomValue builds a random JS value: mostly request-shaped objects,
// with every kind of value JSON cannot hold mixed in.
func randomValue(rng *rand.Rand, depth int) any {
	global := js.Global()
	keys := []string{"catalog", "start", "end", "trial", "purchases", "usage", "months",
		"monthly", "calls", "package", "date", "count", "month", "meter", "minutes", "seconds", "call"}
	switch k := rng.Intn(16); {
	case k < 4 && depth < 6:
		o := global.Get("Object").New()
		for i := rng.Intn(5); i > 0; i-- {
			o.Set(keys[rng.Intn(len(keys))], randomValue(rng, depth+1))
		}
		return o
	case k < 6 && depth < 6:
		a := global.Get("Array").New()
		for i := rng.Intn(4); i > 0; i-- {
			a.Call("push", randomValue(rng, depth+1))
		}
		return a
	case k == 6:
		return []any{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 1e300, 5e-324}[rng.Intn(6)]
	case k == 7:
		return []js.Value{js.Undefined(), js.Null(), global.Get("Symbol").Invoke("s"),
			global.Get("BigInt").Invoke(7), global.Get("Date").New(0), global.Get("Map").New(),
			global.Get("Math").Get("max")}[rng.Intn(7)]
	case k == 8:
		return rng.Intn(3) == 0
	case k < 12:
		return []string{"trtc-2019-cny", "agora-2021-cny", "2019-07", "2019-08-01", "entry", "call",
			"199.5", "-1", "NaN", "1e400", "", "2019-02-30", strings.Repeat("9", 50)}[rng.Intn(13)]
	default:
		return float64(rng.Intn(100000)) / []float64{1, 2, 10, 1000}[rng.Intn(4)]
	}
}

// TestRandomRequestsNeverBreakTheModule: whatever arrives, each export
// answers an envelope with a known code, and the worked example still
// prices right afterwards.
func TestRandomRequestsNeverBreakTheModule(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	codes := map[string]bool{"invalid": true, "not_found": true, "limit": true}
	seen := map[string]int{}
	for i := 0; i < 300; i++ {
		for _, name := range []string{"simulate", "quote"} {
			// Half are valid requests with one value replaced, half
			// anything at all.
			v := randomValue(rng, 0)
			if i%2 == 0 {
				base := map[string]string{"simulate": seed002, "quote": quoteExample}[name]
				v = mutate(rng, jsObject(t, base), v)
			}
			env := call(t, name, v)
			if env.OK {
				seen["ok"]++
				continue
			}
			require.True(t, codes[env.Error.Code], "%s: %+v", name, *env.Error)
			seen[env.Error.Code]++
		}
	}
	t.Logf("outcomes: %v", seen)
	assert.Positive(t, seen["invalid"])
	checkSeed002(t, seed002)
}

// mutate replaces one value, at a random depth, of the JS object req by v.
func mutate(rng *rand.Rand, req js.Value, v any) js.Value {
	at := req
	for {
		keys := js.Global().Get("Object").Call("keys", at)
		n := keys.Length()
		if n == 0 {
			return req
		}
		key := keys.Index(rng.Intn(n)).String()
		child := at.Get(key)
		if child.Type() != js.TypeObject || rng.Intn(3) == 0 {
			at.Set(key, v)
			return req
		}
		at = child
	}
}
