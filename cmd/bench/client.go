//go:build !(js && wasm)

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rtcprice/rtcprice/internal/benchreq"
	"github.com/rtcprice/rtcprice/internal/limitreq"
)

// The client benchmark runs in headless Chromium, not node: the client is
// a browser module (a module Worker, AbortSignal, postMessage), and what
// it costs a page is what a browser does. One page times, on the same
// requests, a direct call of the module instantiated on the page's main
// thread (request text in, envelope parsed) and a round trip through
// rtcprice.js (the request as a JS object, read by the client's walker,
// posted to the Worker, run, the answer posted back and parsed).

// clientRequests are the requests of the client benchmark.
func clientRequests() []benchreq.Request {
	pick := map[string]bool{
		"quote: trtc, 12 months flat":                 true,
		"simulate: 120 months, 10 meters, 1,000 lots": true,
	}
	var out []benchreq.Request
	for _, r := range benchreq.All() {
		if pick[r.Name] {
			out = append(out, r)
		}
	}
	monthly := make([]map[string]any, 36)
	for i := range monthly {
		monthly[i] = map[string]any{"rtc.audio": 300000 + 20000*i, "rtc.hd": 100000 + 15000*(i%7), "recording.hd": 20000 * (i % 3)}
	}
	agora, _ := json.Marshal(map[string]any{"catalog": "agora-2021-cny", "start": "2026-01", "months": 36, "monthly": monthly})
	return append(out, benchreq.Request{Name: "quote: agora, 36 months, 3 meters", Export: "quote", JSON: string(agora)})
}

const clientBenchHTML = `<!doctype html><html><head><meta charset="utf-8"><title>client bench</title>
<link rel="icon" href="data:,">
<script src="/wasm_exec.js"></script>
</head><body><p id="s">loading</p></body></html>`

// clientBenchJS is evaluated in the page: it loads both, times each
// request budgetMs per form (best of rounds, by median), and resolves to
// JSON text.
const clientBenchJS = `(async (requests, budgetMs, rounds) => {
  const go = new Go();
  const ready = new Promise((r) => addEventListener('rtcprice:ready', r, {once: true}));
  const {instance} = await WebAssembly.instantiate(await (await fetch('/calc.wasm')).arrayBuffer(), go.importObject);
  go.run(instance);
  await ready;
  const direct = globalThis.rtcprice;
  const {load} = await import('/rtcprice.js');
  const calc = await load({shared: false});
  const stats = (times) => {
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
    return {n: times.length, medianUs: at(0.5) * 1000, p99Us: at(0.99) * 1000};
  };
  const round = async (call) => {
    for (let i = 0; i < 3; i++) await call();
    const times = [];
    const start = performance.now();
    while (times.length < 11 || (times.length < 2000 && performance.now() - start < budgetMs / rounds)) {
      const s = performance.now();
      const env = await call();
      times.push(performance.now() - s);
      if (!env || env.ok !== true) throw new Error('request failed: ' + JSON.stringify(env).slice(0, 300));
    }
    return stats(times);
  };
  const time = async (call) => {
    let best = null;
    for (let r = 0; r < rounds; r++) {
      const s = await round(call);
      if (!best || s.medianUs < best.medianUs) best = s;
    }
    return best;
  };
  const out = [];
  for (const r of requests) {
    const obj = JSON.parse(r.json);
    const d = await time(async () => { const e = direct[r.export](r.json); return typeof e === 'string' ? JSON.parse(e) : e; });
    const c = await time(() => calc[r.export](obj));
    const ct = await time(() => calc[r.export](r.json));
    out.push({name: r.name, direct: d, client: c, clientText: ct});
  }
  calc.close();
  return JSON.stringify({version: calc.version, ua: navigator.userAgent, results: out});
})`

type clientRun struct {
	UA      string `json:"ua"`
	Results []struct {
		Name       string `json:"name"`
		Direct     Stats  `json:"direct"`
		Client     Stats  `json:"client"`
		ClientText Stats  `json:"clientText"`
	} `json:"results"`
}

// runClient times the client against the direct module call in Chromium
// at chromium, serving site, and prints a Markdown table.
func runClient(w io.Writer, chromium, site string, budget time.Duration, rounds int) error {
	if _, err := os.Stat(chromium); err != nil {
		return fmt.Errorf("the client benchmark needs Chromium at %s (-chromium): %v", chromium, err)
	}
	if err := mime.AddExtensionType(".wasm", "application/wasm"); err != nil {
		return err
	}
	limitNames := prepareLimits()
	files := http.FileServer(http.Dir(site))
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Cache-Control", "no-store")
		if name, ok := strings.CutPrefix(r.URL.Path, "/__bench/limit/"); ok {
			body, found := limitTexts[name]
			if !found {
				http.NotFound(rw, r)
				return
			}
			rw.Header().Set("Content-Type", "application/json; charset=utf-8")
			fmt.Fprint(rw, body)
			return
		}
		if r.URL.Path == "/__bench/" {
			rw.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(rw, clientBenchHTML)
			return
		}
		files.ServeHTTP(rw, r)
	}))
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel2 := chromedp.NewContext(actx)
	defer cancel2()
	ctx, cancel3 := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel3()

	reqs := clientRequests()
	in, err := json.Marshal(reqs)
	if err != nil {
		return err
	}
	expr := fmt.Sprintf("%s(%s, %d, %d)", clientBenchJS, in, budget.Milliseconds(), rounds)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/__bench/")); err != nil {
		return err
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("in Chromium: %v", err)
	}
	var cr clientRun
	if err := json.Unmarshal([]byte(out), &cr); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n### Client round trip vs a direct module call (%s)\n\n", cr.UA)
	fmt.Fprintf(w, "Latency of one call, median / p99, in µs (the best of %d rounds): the module called directly on the page's main thread (JSON text in, envelope parsed), and through rtcprice.js (its Worker: the request read by the client's walker, posted, run, the answer posted back and parsed), from a JS object and from JSON text. The client's calls never block the page; the ratio is what that costs per call.\n\n", rounds)
	fmt.Fprintf(w, "| request | direct | client, object | ratio | client, text | ratio |\n|---|---:|---:|---:|---:|---:|\n")
	for _, r := range cr.Results {
		fmt.Fprintf(w, "| %s | %s | %s | %.2f× | %s | %.2f× |\n", r.Name, pair(r.Direct), pair(r.Client), r.Client.MedianUs/r.Direct.MedianUs, pair(r.ClientText), r.ClientText.MedianUs/r.Direct.MedianUs)
	}
	return clientLimits(ctx, w, limitNames)
}

// limitTexts are the requests of the client's limits, served to the page
// by name (too large for the DevTools protocol).
var limitTexts = map[string]string{}

// clientLimitsJS times, for each request at and past the client's own
// limits and the 8 MiB one, the client's synchronous reading (the call
// until it returns its promise: the main thread's share) and the whole
// round trip, as data and as text; the best of 3.
const clientLimitsJS = `(async (names) => {
  const {load} = await import('/rtcprice.js');
  const calc = await load({shared: false});
  const ordinary = {catalog: 'trtc-2019-cny', start: '2026-01', months: 12, usage: {call: 30000}, trial: true};
  const out = [];
  const time = async (req, fn) => {
    let best = null;
    for (let k = 0; k < 3; k++) {
      const v = typeof req === 'string' ? req : req();
      const t0 = performance.now();
      const p = calc[fn](v);
      const t1 = performance.now();
      const env = await p;
      const t2 = performance.now();
      const r = {readMs: t1 - t0, totalMs: t2 - t0, answer: env.ok ? 'ok' : env.error.reason};
      if (!best || r.totalMs < best.totalMs) best = r;
    }
    return best;
  };
  out.push({name: 'ordinary: trtc, 12 months (data)', ...(await time(() => ({...ordinary}), 'quote'))});
  for (const [name, fn] of names) {
    const text = await (await fetch('/__bench/limit/' + encodeURIComponent(name))).text();
    out.push({name: name + ' (data)', ...(await time(() => JSON.parse(text), fn))});
    out.push({name: name + ' (text)', ...(await time(text, fn))});
  }
  calc.close();
  return JSON.stringify(out);
})`

// prepareLimits fills limitTexts (before the server starts) and returns
// the names and exports of the requests of the client's limits.
func prepareLimits() [][2]string {
	var names [][2]string
	for _, c := range limitreq.Cases() {
		if c.Layer == limitreq.Engine {
			continue
		}
		for _, x := range []struct{ which, text string }{{"at", c.At}, {"past", c.Past}} {
			name := x.which + ": " + c.Name
			limitTexts[name] = x.text
			names = append(names, [2]string{name, c.Export})
		}
	}
	return names
}

// clientLimits prints the time the client takes at its own limits.
func clientLimits(ctx context.Context, w io.Writer, names [][2]string) error {
	in, err := json.Marshal(names)
	if err != nil {
		return err
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](clientLimitsJS+"("+string(in)+")", chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("the client at its limits: %v", err)
	}
	var rows []struct {
		Name    string  `json:"name"`
		ReadMs  float64 `json:"readMs"`
		TotalMs float64 `json:"totalMs"`
		Answer  string  `json:"answer"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n### The client at its own limits\n\n")
	fmt.Fprintf(w, "The client's reading of a request (the call until it returns its promise: what the page's main thread spends) and the whole round trip, in ms, the best of 3, as data (read by the walker) and as JSON text (sent unread), beside an ordinary quote. The client reads on the caller's turn by design; a request as data is bounded by 1,048,576 values, 64 levels and 8 MiB.\n\n")
	fmt.Fprintf(w, "| request | answer | reading (main thread) | round trip | round trip ÷ ordinary |\n|---|---|---:|---:|---:|\n")
	ord := rows[0].TotalMs
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %.0f× |\n", r.Name, r.Answer, pageMs(r.ReadMs), pageMs(r.TotalMs), r.TotalMs/ord)
	}
	return nil
}

// pageMs is a time measured in the page, whose clock ticks in 0.1 ms.
func pageMs(ms float64) string {
	if ms < 0.1 {
		return "< 0.1 ms"
	}
	return msText(ms)
}
