//go:build !js

// Command loadbench measures the page as a new user on a phone gets it:
// headless Chromium throttled to 1.6 Mbps down, 150 ms RTT and a 4x slower
// CPU, a fresh browser context (empty cache, no service worker) per load,
// navigation to the first quote on screen (performance mark
// rtcprice:first-quote). It compares, interleaved, run by run:
//
//   - before: site/ as the old `make serve` sent it (Go's file server:
//     uncompressed, 26 modules);
//   - served: dist/ through internal/static, as `make serve` sends it now;
//   - floor: a page that loads only the floor module (cmd/floor), served
//     brotli-compressed by the same server;
//   - baseline (with -baseline DIR): an older dist/, copied aside before
//     a change, served as dist/ is, to compare the two in the same runs;
//   - dependency floor (with -deps-floor FILE; make bench-load builds
//     cmd/depfloor): the floor page with a module of the floor plus the
//     dependencies calc.wasm must link (safejs, decimal), none of our
//     code: served / dependency floor is what the calculator adds;
//
// and prints medians and ratios, and where the time goes: per page, the
// median of each step to the first quote (phaseOrder: the page's
// performance marks and calc.wasm's download), each counted from the step
// before. rtcprice:first-quote is set when the quote's summary (the best
// plan, its total and the cards) is in the page; the rest of the result
// (charts, tables) is drawn after the next paint (site/js/quote.js).
// It then loads the served page twice more,
// unthrottled, counting what the server sent: the first visit (page plus
// the service worker's install) should send each file once, the repeat
// visit only the HTML's revalidation, if that.
//
// With -trace FILE (make bench-load TRACE=FILE) it also loads the served
// page once with Chromium's tracing on, writes the trace, and prints
// where its tail goes, from calc.wasm compiled to the first quote: each
// thread's busy time, the wasm functions V8 compiled on their first call
// (while Go starts and in the first call), and the JavaScript the main
// thread compiled meanwhile.
//
// Chromium's throttling (Network.emulateNetworkConditionsByRule on the
// page) does not reach a dedicated Worker's own fetches: when the Worker
// fetched calc.wasm, its 1 MB arrived in ~2 s at "1.6 Mbps", and the
// page looked faster than it is. The page now fetches calc.wasm itself
// (preloaded, compiled, handed to the Worker), so it is throttled as the
// floor page's module is; only the Worker's small script is not.
//
// `make bench-load` builds dist/ and the floor module, then runs it.
// Nothing is asserted: it prints what it measured.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/rtcprice/rtcprice/internal/static"
)

func main() {
	site := flag.String("site", "site", "the site folder (the 'before' page)")
	dist := flag.String("dist", "dist", "the built site (make dist)")
	floor := flag.String("floor", "site/floor.wasm", "the floor module (cmd/floor)")
	depsFloor := flag.String("deps-floor", "", "also load the floor page with this module instead: the dependency floor (cmd/depfloor, the floor with safejs and decimal)")
	chromium := flag.String("chromium", "/usr/bin/chromium", "Chromium")
	runs := flag.Int("runs", 3, "throttled loads of each page")
	skipBefore := flag.Bool("skip-before", false, "do not load the 'before' page (it takes ~25 s a load)")
	baseline := flag.String("baseline", "", "also load this built site (an older dist/, copied aside), interleaved, to compare a change")
	trace := flag.String("trace", "", "also load the served page once with Chromium's tracing on, write the trace to this file and summarize its tail (from calc.wasm compiled to the first quote)")
	flag.Parse()
	if err := run(*site, *dist, *floor, *depsFloor, *chromium, *baseline, *trace, *runs, *skipBefore); err != nil {
		log.Fatal("loadbench: ", err)
	}
}

// counter records what a server sent: per path, status and body bytes.
type counter struct {
	mu   sync.Mutex
	sent []sent
}

type sent struct {
	path   string
	status int
	bytes  int64
}

type countingWriter struct {
	http.ResponseWriter
	status int
	n      int64
}

func (w *countingWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *countingWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = 200
	}
	n, err := w.ResponseWriter.Write(b)
	w.n += int64(n)
	return n, err
}

func (c *counter) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &countingWriter{ResponseWriter: w}
		h.ServeHTTP(cw, r)
		if cw.status == 0 {
			cw.status = 200
		}
		c.mu.Lock()
		c.sent = append(c.sent, sent{r.URL.Path, cw.status, cw.n})
		c.mu.Unlock()
	})
}

func (c *counter) take() []sent {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.sent
	c.sent = nil
	return s
}

func run(site, dist, floorWasm, depsFloorWasm, chromium, baselineDir, traceFile string, runs int, skipBefore bool) error {
	if _, err := os.Stat(filepath.Join(dist, "index.html")); err != nil {
		return fmt.Errorf("%w (run make dist)", err)
	}
	if err := mime.AddExtensionType(".wasm", "application/wasm"); err != nil {
		return err
	}
	floorDir, err := floorSite(site, floorWasm)
	if err != nil {
		return err
	}
	defer os.RemoveAll(floorDir)
	var depsFloor *httptest.Server
	if depsFloorWasm != "" {
		dir, err := floorSite(site, depsFloorWasm)
		if err != nil {
			return fmt.Errorf("-deps-floor: %w", err)
		}
		defer os.RemoveAll(dir)
		depsFloor = httptest.NewServer(static.New(dir))
		defer depsFloor.Close()
	}

	// The old `make serve`: Go's file server on site/, no-cache.
	files := http.FileServer(http.Dir(site))
	before := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	}))
	defer before.Close()
	count := &counter{}
	served := httptest.NewServer(count.wrap(static.New(dist)))
	defer served.Close()
	floor := httptest.NewServer(static.New(floorDir))
	defer floor.Close()
	var baseline *httptest.Server
	if baselineDir != "" {
		if _, err := os.Stat(filepath.Join(baselineDir, "index.html")); err != nil {
			return fmt.Errorf("-baseline: %w", err)
		}
		baseline = httptest.NewServer(static.New(baselineDir))
		defer baseline.Close()
	}

	dataDir, err := os.MkdirTemp("", "rtcprice-loadbench-chromium-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dataDir)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(dataDir),
	)
	defer cancelAlloc()
	browser, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(browser, chromedp.Navigate("about:blank")); err != nil {
		return fmt.Errorf("starting %s: %w", chromium, err)
	}

	const quote = `html[data-first-quote]`
	type series struct {
		name, url, ready, mark string
		first, dcl             []float64
		phases                 []map[string]float64
	}
	beforeS := &series{name: "before (site/, old make serve)", url: before.URL + "/", ready: quote, mark: "rtcprice:first-quote"}
	servedS := &series{name: "served (dist/, make serve)", url: served.URL + "/", ready: quote, mark: "rtcprice:first-quote"}
	floorS := &series{name: "floor (brotli)", url: floor.URL + "/", ready: `html[data-ready="true"]`, mark: "floor:ready"}
	var pages []*series // the calculator's pages, whose steps are printed
	if baseline != nil {
		pages = append(pages, &series{name: "baseline (" + filepath.Base(baselineDir) + ")", url: baseline.URL + "/", ready: quote, mark: "rtcprice:first-quote"})
	}
	if !skipBefore {
		pages = append(pages, beforeS)
	}
	pages = append(pages, servedS)
	all := append([]*series(nil), pages...)
	var depS *series
	if depsFloor != nil {
		depS = &series{name: "dependency floor (safejs + decimal)", url: depsFloor.URL + "/", ready: `html[data-ready="true"]`, mark: "floor:ready"}
		all = append(all, depS)
	}
	all = append(all, floorS) // the floor last
	fmt.Printf("Phone profile: 1.6 Mbps down, 150 ms RTT, CPU 4x slower; fresh cache each load; %d interleaved runs\n\n", runs)
	for i := 0; i < runs; i++ {
		for _, s := range all {
			ms, dcl, marks, err := load(browser, s.url, s.ready, s.mark, true)
			if err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			s.first, s.dcl = append(s.first, ms), append(s.dcl, dcl)
			s.phases = append(s.phases, marks)
			fmt.Printf("  run %d  %-36s %7.0f ms (DOMContentLoaded %5.0f ms)\n          %s\n", i+1, s.name, ms, dcl, steps(marks))
		}
	}
	count.take()
	fmt.Printf("\n| page | ready (median) | DOMContentLoaded | runs |\n|---|---:|---:|---|\n")
	for _, s := range all {
		fmt.Printf("| %s | %.0f ms | %.0f ms | %s |\n", s.name, median(s.first), median(s.dcl), list(s.first))
	}
	f := median(floorS.first)
	fmt.Println()
	for _, s := range all[:len(all)-1] {
		fmt.Printf("%s / floor: %.2fx\n", s.name, median(s.first)/f)
	}
	if depS != nil {
		fmt.Printf("served / dependency floor: %.2fx (what the calculator adds to its dependencies)\n", median(servedS.first)/median(depS.first))
	}
	if !skipBefore {
		fmt.Printf("before / served: %.2fx faster\n", median(beforeS.first)/median(servedS.first))
	}
	fmt.Printf("\nWhere the time goes (median of each phase over the runs, ms; a phase is the time from the step before):\n\n")
	printPhases(pages, func(s *series) (string, []map[string]float64) { return s.name, s.phases })

	if traceFile != "" {
		evs, err := traceLoad(browser, served.URL+"/", traceFile)
		if err != nil {
			return fmt.Errorf("-trace: %w", err)
		}
		s, err := tail(evs)
		if err != nil {
			return fmt.Errorf("-trace: %w", err)
		}
		fmt.Printf("\nThe served page's tail, one traced load (%s; Chromium's tracing slows it):\n", traceFile)
		s.print(os.Stdout, 4)
	}

	// Transfers of a first and a repeat visit, unthrottled.
	fmt.Printf("\nWhat the server sent for the served page (unthrottled):\n")
	ctx, cancelTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancelTab()
	if err := chromedp.Do(ctx, chromedp.Navigate(served.URL+"/"), chromedp.WaitReady(chromedp.CSS(quote))); err != nil {
		return err
	}
	if err := waitFor(ctx, `!!navigator.serviceWorker.controller`, 30*time.Second); err != nil {
		return fmt.Errorf("the service worker did not take the page over: %w", err)
	}
	time.Sleep(500 * time.Millisecond)
	first := count.take()
	report("first visit (page + service worker install)", first, 1)
	if err := chromedp.Do(ctx, chromedp.Navigate(served.URL+"/"), chromedp.WaitReady(chromedp.CSS(quote))); err != nil {
		return err
	}
	time.Sleep(500 * time.Millisecond)
	report("repeat visit", count.take(), 0)
	return nil
}

// report prints what was sent, per path, and any path sent whole more
// than most times.
func report(what string, s []sent, most int) {
	var total int64
	whole := map[string]int{}
	lines := map[string][]string{}
	var paths []string
	for _, x := range s {
		total += x.bytes
		if _, ok := lines[x.path]; !ok {
			paths = append(paths, x.path)
		}
		lines[x.path] = append(lines[x.path], fmt.Sprintf("%d (%d B)", x.status, x.bytes))
		if x.status == 200 {
			whole[x.path]++
		}
	}
	sort.Strings(paths)
	fmt.Printf("  %s: %d requests, %d body bytes\n", what, len(s), total)
	for _, p := range paths {
		fmt.Printf("    %-28s %s\n", p, strings.Join(lines[p], ", "))
	}
	var over []string
	for p, n := range whole {
		if n > most {
			over = append(over, p)
		}
	}
	sort.Strings(over)
	switch {
	case len(over) > 0:
		fmt.Printf("    sent whole more than %d time(s): %s\n", most, strings.Join(over, ", "))
	case most == 0:
		fmt.Printf("    nothing sent whole: revalidations (304) only\n")
	default:
		fmt.Printf("    every file sent whole at most once\n")
	}
}

// phoneProfile throttles the tab as a phone: 1.6 Mbps down, 150 ms
// RTT, a CPU 4x slower.
func phoneProfile(ctx context.Context, _ *chromedp.Target) error {
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{
			Latency:            150,
			DownloadThroughput: 1.6e6 / 8,
			UploadThroughput:   750e3 / 8,
		}},
	}); err != nil {
		return err
	}
	_, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: 4})
	return err
}

// load opens url in a fresh browser context, throttled, waits for ready
// and returns the mark's time and DOMContentLoaded (ms from navigation).
func load(browser context.Context, url, ready, mark string, throttle bool) (float64, float64, map[string]float64, error) {
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(tab, 3*time.Minute)
	defer cancelTimeout()
	actions := []chromedp.Action[chromedp.Void]{}
	if throttle {
		actions = append(actions, chromedp.Func(phoneProfile))
	}
	actions = append(actions, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS(ready)))
	if err := chromedp.Do(ctx, actions...); err != nil {
		// Where it stopped: the page's marks and state.
		where, _ := chromedp.Run(tab, chromedp.Evaluate[string](`JSON.stringify({
		  marks: performance.getEntriesByType('mark').map((m) => m.name + ' ' + Math.round(m.startTime)),
		  html: [...document.documentElement.attributes].map((a) => a.name + '=' + a.value),
		  loading: document.getElementById('loading')?.textContent.trim(),
		  resources: performance.getEntriesByType('resource').map((e) => e.name.replace(/^.*\//, '') + ' ' + Math.round(e.responseEnd)),
		})`))
		return 0, 0, nil, fmt.Errorf("%w; the page: %s", err, where)
	}
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](fmt.Sprintf(`performance.getEntriesByName(%q)[0]?.startTime ?? -1`, mark)))
	if err != nil {
		return 0, 0, nil, err
	}
	if ms < 0 {
		return 0, 0, nil, errors.New("no performance mark " + mark)
	}
	dcl, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd`))
	if err != nil {
		return 0, 0, nil, err
	}
	// Where the time went: the wasm module's download, the page's marks.
	marks, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](`Object.fromEntries([
	  ...performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).map((e) => ['wasm-downloaded', e.responseEnd]),
	  ...performance.getEntriesByType('resource').filter((e) => /\.js$/.test(e.name)).map((e) => ['js:' + e.name.replace(/^.*\//, ''), e.responseEnd]),
	  ...performance.getEntriesByType('mark').map((m) => [m.name.replace(/^(rtcprice|floor):/, ''), m.startTime]),
	])`))
	if err != nil {
		return 0, 0, nil, err
	}
	return ms, dcl, marks, nil
}

// phaseOrder is the order of the page's steps to its first quote: the
// form drawn from the shipped catalogs, calc.wasm's download (the page's
// preload) and compilation, the engine ready in its Worker, the first
// quote's answer back from the engine, and its result drawn.
var phaseOrder = []string{"form", "wasm-downloaded", "wasm-compiled", "calc-ready", "first-answer", "first-quote"}

// steps prints a load's marks in time order, rounded.
func steps(marks map[string]float64) string {
	type kv struct {
		k string
		v float64
	}
	var l []kv
	for k, v := range marks {
		l = append(l, kv{k, v})
	}
	sort.Slice(l, func(i, j int) bool { return l[i].v < l[j].v })
	out := make([]string, len(l))
	for i, x := range l {
		out[i] = fmt.Sprintf("%s %.0f", x.k, x.v)
	}
	return strings.Join(out, ", ")
}

// printPhases prints, per series, the median of each phase of phaseOrder
// (the time since the step before it, or since navigation for the first;
// a step a page does not mark is left out, its time counted in the next).
func printPhases[S any](all []S, get func(S) (string, []map[string]float64)) {
	fmt.Printf("| page |")
	for _, p := range phaseOrder {
		fmt.Printf(" %s |", p)
	}
	fmt.Printf("\n|---|")
	for range phaseOrder {
		fmt.Printf("---:|")
	}
	fmt.Println()
	for _, s := range all {
		name, runs := get(s)
		fmt.Printf("| %s |", name)
		for i, p := range phaseOrder {
			var ds []float64
			for _, m := range runs {
				at, ok := m[p]
				if !ok {
					continue
				}
				// From the step before, or the one before that where a
				// page has no such mark (an older build without
				// first-answer).
				from := 0.0
				for j := i - 1; j >= 0; j-- {
					if prev, ok := m[phaseOrder[j]]; ok {
						from = prev
						break
					}
				}
				ds = append(ds, at-from)
			}
			if len(ds) == 0 {
				fmt.Printf(" — |")
				continue
			}
			fmt.Printf(" %.0f |", median(ds))
		}
		fmt.Println()
	}
}

func waitFor(ctx context.Context, expr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return errors.New("timed out: " + expr)
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func list(xs []float64) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprintf("%.0f", x)
	}
	return strings.Join(s, ", ")
}
