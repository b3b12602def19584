//go:build !js

package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A made-up trace, in µs: calc.wasm compiled at 1000, the engine ready at
// 2000, its first answer at 3000, the first quote on screen at 3500.
const syntheticTrace = `[
 {"name":"thread_name","ph":"M","pid":1,"tid":10,"args":{"name":"CrRendererMain"}},
 {"name":"thread_name","ph":"M","pid":1,"tid":20,"args":{"name":"DedicatedWorker thread"}},
 {"name":"rtcprice:form","ph":"R","ts":500,"pid":1,"tid":10},
 {"name":"rtcprice:wasm-compiled","ph":"R","ts":1000,"pid":1,"tid":10},
 {"name":"rtcprice:calc-ready","ph":"R","ts":2000,"pid":1,"tid":10},
 {"name":"rtcprice:first-answer","ph":"R","ts":3000,"pid":1,"tid":10},
 {"name":"rtcprice:first-quote","ph":"R","ts":3500,"pid":1,"tid":10},
 {"name":"RunTask","ph":"X","ts":900,"dur":300,"pid":1,"tid":10},
 {"name":"V8.CompileCode","ph":"X","ts":950,"dur":50,"pid":1,"tid":10},
 {"name":"RunTask","ph":"X","ts":3000,"dur":1000,"pid":1,"tid":10},
 {"name":"V8.CompileCode","ph":"X","ts":3100,"dur":40,"pid":1,"tid":10},
 {"name":"V8.CompileCode","ph":"X","ts":3200,"dur":60,"pid":1,"tid":10},
 {"name":"HandlePostMessage","ph":"X","ts":1100,"dur":800,"pid":1,"tid":20},
 {"name":"wasm.CompileLazy","ph":"X","ts":1200,"dur":100,"pid":1,"tid":20},
 {"name":"wasm.CompileLazy","ph":"X","ts":1400,"dur":200,"pid":1,"tid":20},
 {"name":"HandlePostMessage","ph":"X","ts":2100,"dur":800,"pid":1,"tid":20},
 {"name":"wasm.CompileLazy","ph":"X","ts":2200,"dur":300,"pid":1,"tid":20},
 {"name":"V8.CompileCode","ph":"X","ts":2300,"dur":70,"pid":1,"tid":20}
]`

// tail counts each thread's busy time once however its tasks nest, only
// within wasm-compiled..first-quote; V8's lazy wasm compilations before
// the engine is ready and in its first call apart; and JavaScript
// compiled on the main thread from calc-ready on (not the Worker's, not
// before).
func TestTail(t *testing.T) {
	var evs []traceEvent
	require.NoError(t, json.Unmarshal([]byte(syntheticTrace), &evs))
	s, err := tail(evs)
	require.NoError(t, err)
	assert.Equal(t, map[string]float64{"form": -0.5, "wasm-compiled": 0, "calc-ready": 1, "first-answer": 2, "first-quote": 2.5}, s.marks)
	assert.Equal(t, []threadBusy{{"DedicatedWorker thread", 1.6}, {"CrRendererMain", 0.7}}, s.busy)
	assert.Equal(t, 2, s.lazyStart)
	assert.InDelta(t, 0.3, s.lazyStartMs, 1e-9)
	assert.Equal(t, 1, s.lazyFirst)
	assert.InDelta(t, 0.3, s.lazyFirstMs, 1e-9)
	assert.Equal(t, 2, s.jsCompile)
	assert.InDelta(t, 0.1, s.jsCompileMs, 1e-9)

	var out bytes.Buffer
	s.print(&out, 1)
	assert.Contains(t, out.String(), "DedicatedWorker thread 2;")
	assert.NotContains(t, out.String(), "CrRendererMain 1;", "only the busiest thread, with top 1")
	assert.Contains(t, out.String(), "2 functions (0 ms) while Go starts, 1 (0 ms) in the first call")
}

// A trace without the page's marks (a page that never showed a quote) is
// an error, not a summary of nothing.
func TestTailNeedsTheMarks(t *testing.T) {
	var evs []traceEvent
	require.NoError(t, json.Unmarshal([]byte(`[{"name":"rtcprice:wasm-compiled","ph":"R","ts":1}]`), &evs))
	_, err := tail(evs)
	assert.ErrorContains(t, err, "rtcprice:calc-ready")
}
