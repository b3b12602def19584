//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// traceCategories are what the tail summary reads: the threads' tasks,
// V8's compilations of wasm (lazy, on first call) and of JavaScript, and
// the page's performance marks.
var traceCategories = []string{
	"devtools.timeline", "disabled-by-default-devtools.timeline", "toplevel",
	"v8", "v8.wasm", "disabled-by-default-v8.wasm.detailed", "disabled-by-default-v8.compile",
	"blink.user_timing", "loading",
}

// traceEvent is one event of Chromium's trace (the JSON trace format).
type traceEvent struct {
	Name string         `json:"name"`
	Ph   string         `json:"ph"`
	Ts   float64        `json:"ts"`  // µs
	Dur  float64        `json:"dur"` // µs, complete events ("X")
	Pid  int64          `json:"pid"`
	Tid  int64          `json:"tid"`
	Args map[string]any `json:"args"`
}

// traceLoad loads url once as load does (fresh context, throttled) with
// Chromium's tracing on, until the first quote is on screen, writes the
// trace to file (chrome://tracing or Perfetto open it) and returns its
// events.
func traceLoad(browser context.Context, url, file string) ([]traceEvent, error) {
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(tab, 3*time.Minute)
	defer cancelTimeout()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		return nil, err
	}
	var mu sync.Mutex
	var raw []json.RawMessage
	done := make(chan struct{})
	var once sync.Once
	if err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			mu.Lock()
			for _, v := range e.Value {
				raw = append(raw, json.RawMessage(v))
			}
			mu.Unlock()
		case *tracing.EventTracingComplete:
			once.Do(func() { close(done) })
		}
	}); err != nil {
		return nil, err
	}
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, tracing.Start, tracing.StartParams{TraceConfig: &tracing.TraceConfig{IncludedCategories: traceCategories}}); err != nil {
			return err
		}
		return phoneProfile(ctx, t)
	}), chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS(`html[data-first-quote]`)))
	if err != nil {
		return nil, err
	}
	if _, err := chromedp.Run(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, tracing.End, cdp.Empty{})
		return err
	})); err != nil {
		return nil, err
	}
	select {
	case <-done:
	case <-ctx.Done():
		return nil, fmt.Errorf("the trace did not complete: %w", ctx.Err())
	}
	mu.Lock()
	defer mu.Unlock()
	all, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(file, all, 0o644); err != nil {
		return nil, err
	}
	var evs []traceEvent
	if err := json.Unmarshal(all, &evs); err != nil {
		return nil, fmt.Errorf("reading the trace: %w", err)
	}
	return evs, nil
}

// tailSummary is where a load's tail goes: the time from calc.wasm
// compiled (the page's rtcprice:wasm-compiled) to the first quote on
// screen, per thread, and what V8 compiled in it.
type tailSummary struct {
	marks map[string]float64 // the page's marks, ms from rtcprice:wasm-compiled
	busy  []threadBusy       // per thread, busiest first
	// wasm functions compiled on first call (wasm.CompileLazy), before
	// the engine was ready (Go starting) and from then to the answer (the
	// first call), and their ms.
	lazyStart, lazyFirst     int
	lazyStartMs, lazyFirstMs float64
	// JavaScript compiled on the main thread from calc-ready to the
	// first quote (V8.CompileCode), and its ms.
	jsCompile   int
	jsCompileMs float64
}

type threadBusy struct {
	name string
	ms   float64
}

// tail summarizes a trace's events (see tailSummary). It needs the
// page's marks wasm-compiled, calc-ready, first-answer and first-quote.
func tail(evs []traceEvent) (*tailSummary, error) {
	threads := map[[2]int64]string{}
	marks := map[string]float64{}
	for _, e := range evs {
		if e.Ph == "M" && e.Name == "thread_name" {
			if n, ok := e.Args["name"].(string); ok {
				threads[[2]int64{e.Pid, e.Tid}] = n
			}
		}
		if k, ok := strings.CutPrefix(e.Name, "rtcprice:"); ok {
			if _, seen := marks[k]; !seen {
				marks[k] = e.Ts
			}
		}
	}
	for _, k := range []string{"wasm-compiled", "calc-ready", "first-answer", "first-quote"} {
		if _, ok := marks[k]; !ok {
			return nil, fmt.Errorf("the trace has no mark rtcprice:%s", k)
		}
	}
	lo, ready, answer, hi := marks["wasm-compiled"], marks["calc-ready"], marks["first-answer"], marks["first-quote"]
	s := &tailSummary{marks: map[string]float64{}}
	for k, v := range marks {
		s.marks[k] = (v - lo) / 1000
	}
	spans := map[string][][2]float64{}
	for _, e := range evs {
		if e.Ph != "X" || e.Dur <= 0 {
			continue
		}
		th := threads[[2]int64{e.Pid, e.Tid}]
		if a, b := max(e.Ts, lo), min(e.Ts+e.Dur, hi); b > a {
			spans[th] = append(spans[th], [2]float64{a, b})
		}
		switch {
		case e.Name == "wasm.CompileLazy" && e.Ts >= lo && e.Ts < ready:
			s.lazyStart++
			s.lazyStartMs += e.Dur / 1000
		case e.Name == "wasm.CompileLazy" && e.Ts >= ready && e.Ts < answer:
			s.lazyFirst++
			s.lazyFirstMs += e.Dur / 1000
		case e.Name == "V8.CompileCode" && th == "CrRendererMain" && e.Ts >= ready && e.Ts < hi:
			s.jsCompile++
			s.jsCompileMs += e.Dur / 1000
		}
	}
	for th, sp := range spans {
		s.busy = append(s.busy, threadBusy{th, union(sp) / 1000})
	}
	sort.Slice(s.busy, func(i, j int) bool {
		if s.busy[i].ms != s.busy[j].ms {
			return s.busy[i].ms > s.busy[j].ms
		}
		return s.busy[i].name < s.busy[j].name
	})
	return s, nil
}

// union is the length of the union of the spans (nested tasks count
// once).
func union(sp [][2]float64) float64 {
	sort.Slice(sp, func(i, j int) bool { return sp[i][0] < sp[j][0] })
	total, end := 0.0, -1.0
	for _, x := range sp {
		a, b := x[0], x[1]
		if b <= end {
			continue
		}
		if a < end {
			a = end
		}
		total += b - a
		end = b
	}
	return total
}

// print writes the summary: the marks, the busiest threads, and the
// compilations.
func (s *tailSummary) print(w io.Writer, top int) {
	fmt.Fprintf(w, "  marks, ms from wasm-compiled: calc-ready %.0f, first-answer %.0f, first-quote %.0f\n",
		s.marks["calc-ready"], s.marks["first-answer"], s.marks["first-quote"])
	fmt.Fprintf(w, "  busy in that time (ms, nested tasks once):")
	for i, b := range s.busy {
		if i == top {
			break
		}
		fmt.Fprintf(w, " %s %.0f;", b.name, b.ms)
	}
	fmt.Fprintf(w, "\n  wasm compiled on first call: %d functions (%.0f ms) while Go starts, %d (%.0f ms) in the first call\n",
		s.lazyStart, s.lazyStartMs, s.lazyFirst, s.lazyFirstMs)
	fmt.Fprintf(w, "  JavaScript compiled on the main thread from calc-ready to first-quote: %d (%.0f ms)\n", s.jsCompile, s.jsCompileMs)
}
