//go:build !(js && wasm)

// Command bench times the pricing core natively and as calc.wasm in node
// on the same requests (package benchreq) in one run, and prints
// Markdown: calc.wasm's instantiate-to-ready time, and per request the
// median and p99 latency of one call natively, through the JS API with a
// JS object, and with a JSON string, with the ratio wasm/native.
//
// With -client (make bench gives it) it then times the client,
// site/rtcprice.js, in headless Chromium against a direct call of the
// module on the page's main thread (client.go), for a TRTC quote, a
// 36-month Agora quote and a 120-month simulate, with the ratios.
//
// Usage (from the repository root, after `make build`):
//
//	bench [-node node] [-wasm-exec site/wasm_exec.js] [-wasm site/calc.wasm] [-budget 1.5s] [-client] [-chromium /usr/bin/chromium]
//
// The native call does what the wasm export does after the request has
// crossed from JavaScript: calc's JSON entry point, then encoding the
// result into the envelope. The goal is wasm at most 3× native; it is
// measured and reported, not asserted.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"time"

	"github.com/rtcprice/rtcprice/calc"
	"github.com/rtcprice/rtcprice/internal/benchreq"
)

// Each request and form is timed for budget, split into rounds of at
// least minCalls and at most maxCalls calls after 5 warm-up calls; the
// round with the lowest median is reported, so that a burst of load from
// other processes does not decide the figures. Both runs do the same.
const (
	minCalls = 21
	maxCalls = 5000
)

// native is what each export does natively.
var native = map[string]func([]byte) (any, error){
	"simulate": func(b []byte) (any, error) { return calc.SimulateJSON(b) },
	"quote":    func(b []byte) (any, error) { return calc.QuoteJSON(b) },
}

// Stats is the latency of one request in one form.
type Stats struct {
	N        int     `json:"n"`
	MedianUs float64 `json:"medianUs"`
	P99Us    float64 `json:"p99Us"`
}

// readyRun is what bench.mjs --ready prints: the time from starting to
// compile calc.wasm to its rtcprice:ready event.
type readyRun struct {
	CompileMs    float64 `json:"compileMs"`
	RunToReadyMs float64 `json:"runToReadyMs"`
	ReadyMs      float64 `json:"readyMs"`
}

// wasmRun is what bench.mjs prints.
type wasmRun struct {
	Node    string `json:"node"`
	Results []struct {
		Name   string `json:"name"`
		Object Stats  `json:"object"`
		String Stats  `json:"string"`
	} `json:"results"`
}

func main() {
	nodeBin := flag.String("node", "node", "the node binary")
	wasmExec := flag.String("wasm-exec", "site/wasm_exec.js", "wasm_exec.js of the Go toolchain")
	wasmPath := flag.String("wasm", "site/calc.wasm", "the calc.wasm to time")
	script := flag.String("script", "wasm/bench/bench.mjs", "the node side of the benchmark")
	budget := flag.Duration("budget", 1500*time.Millisecond, "time spent on each request and form")
	rounds := flag.Int("rounds", 3, "rounds the budget is split into; the best is reported")
	client := flag.Bool("client", false, "also time the client (rtcprice.js) against a direct module call, in Chromium")
	chromium := flag.String("chromium", "/usr/bin/chromium", "the Chromium binary, for -client")
	site := flag.String("site", "site", "the site folder, for -client")
	clientOnly := flag.Bool("client-only", false, "time only the client (implies -client)")
	limits := flag.Bool("limits", true, "also time each documented limit (internal/limitreq) and the pathological lists")
	limitsOnly := flag.Bool("limits-only", false, "time only the documented limits")
	limitsScript := flag.String("limits-script", "cmd/bench/limits.mjs", "the node side of the limits benchmark")
	flag.Parse()
	if !*clientOnly && !*limitsOnly {
		if err := run(os.Stdout, *nodeBin, *wasmExec, *wasmPath, *script, *budget, *rounds); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
	}
	if (*limits && !*clientOnly) || *limitsOnly {
		if err := runLimits(os.Stdout, *nodeBin, *wasmExec, *wasmPath, *limitsScript); err != nil {
			fmt.Fprintln(os.Stderr, "bench: limits:", err)
			os.Exit(1)
		}
		if *limitsOnly {
			return
		}
	}
	if *client || *clientOnly {
		if err := runClient(os.Stdout, *chromium, *site, *budget, *rounds); err != nil {
			fmt.Fprintln(os.Stderr, "bench: client:", err)
			os.Exit(1)
		}
	}
}

func run(w io.Writer, nodeBin, wasmExec, wasmPath, script string, budget time.Duration, rounds int) error {
	if rounds < 1 {
		rounds = 1
	}
	var reqs []benchreq.Request
	for _, r := range benchreq.All() {
		if native[r.Export] != nil {
			reqs = append(reqs, r)
		}
	}
	nat := make([]Stats, len(reqs))
	for i, r := range reqs {
		for k := 0; k < rounds; k++ {
			s, err := timeNative(native[r.Export], []byte(r.JSON), budget/time.Duration(rounds))
			if err != nil {
				return fmt.Errorf("%s: %v", r.Name, err)
			}
			if k == 0 || s.MedianUs < nat[i].MedianUs {
				nat[i] = s
			}
		}
	}

	in, err := json.Marshal(reqs)
	if err != nil {
		return err
	}
	cmd := exec.Command(nodeBin, script, wasmExec, wasmPath)
	cmd.Stdin = bytes.NewReader(in)
	cmd.Stderr = os.Stderr
	cmd.Env = append(os.Environ(), fmt.Sprintf("BENCH_BUDGET_MS=%d", budget.Milliseconds()), fmt.Sprintf("BENCH_ROUNDS=%d", rounds))
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%s: %v", script, err)
	}
	var wr wasmRun
	if err := json.Unmarshal(out, &wr); err != nil {
		return fmt.Errorf("%s printed %q: %v", script, out, err)
	}
	if len(wr.Results) != len(reqs) {
		return fmt.Errorf("%s timed %d requests, not %d", script, len(wr.Results), len(reqs))
	}

	// Instantiate-to-ready happens once per process: time fresh ones.
	var ready []readyRun
	for k := 0; k < 2*rounds+1; k++ {
		out, err := exec.Command(nodeBin, script, wasmExec, wasmPath, "--ready").Output()
		if err != nil {
			return fmt.Errorf("%s --ready: %v", script, err)
		}
		var r readyRun
		if err := json.Unmarshal(out, &r); err != nil {
			return fmt.Errorf("%s --ready printed %q: %v", script, out, err)
		}
		ready = append(ready, r)
	}
	sort.Slice(ready, func(i, j int) bool { return ready[i].ReadyMs < ready[j].ReadyMs })
	best, med := ready[0], ready[len(ready)/2]

	fmt.Fprintf(w, "### calc.wasm speed (node %s)\n\n", wr.Node)
	fmt.Fprintf(w, "Instantiate to ready, over %d fresh node processes: best %.1f ms (compile and instantiate %.1f ms, run to the ready event %.1f ms), median %.1f ms.\n\n",
		len(ready), best.ReadyMs, best.CompileMs, best.RunToReadyMs, med.ReadyMs)
	fmt.Fprintf(w, "Latency of one call, median / p99, in µs (the best of %d rounds). Goal: wasm at most 3× native (measured, not asserted).\n\n", rounds)
	fmt.Fprintf(w, "| request | native | wasm, JS object | ratio | wasm, JSON string | ratio |\n|---|---:|---:|---:|---:|---:|\n")
	for i, r := range reqs {
		n, o, s := nat[i], wr.Results[i].Object, wr.Results[i].String
		fmt.Fprintf(w, "| %s | %s | %s | %.2f× | %s | %.2f× |\n", r.Name, pair(n), pair(o), o.MedianUs/n.MedianUs, pair(s), s.MedianUs/n.MedianUs)
	}
	at := map[string]int{}
	for i, r := range reqs {
		at[r.Name] = i
	}
	if o, ok := at[benchreq.Ordinary]; ok {
		if p, ok := at[benchreq.PathologicalName]; ok {
			fmt.Fprintf(w, "\nThe pathological custom list against the ordinary 24-month agora quote (median times; goal at most 50×): native %.1f×, wasm %.1f×.\n",
				nat[p].MedianUs/nat[o].MedianUs, wr.Results[p].Object.MedianUs/wr.Results[o].Object.MedianUs)
		}
	}
	return nil
}

func pair(s Stats) string { return fmt.Sprintf("%s / %s", us(s.MedianUs), us(s.P99Us)) }

func us(f float64) string {
	if f >= 100 {
		return fmt.Sprintf("%.0f", f)
	}
	return fmt.Sprintf("%.1f", f)
}

// timeNative times fn on data as the wasm export runs it after the
// request crossed: calc, then the envelope's JSON.
func timeNative(fn func([]byte) (any, error), data []byte, budget time.Duration) (Stats, error) {
	call := func() error {
		res, err := fn(data)
		if err != nil {
			return err
		}
		b, err := json.Marshal(res)
		if err != nil {
			return err
		}
		env := make([]byte, 0, len(b)+32)
		env = append(env, `{"ok":true,"result":`...)
		env = append(env, b...)
		_ = append(env, '}')
		return nil
	}
	for i := 0; i < 5; i++ {
		if err := call(); err != nil {
			return Stats{}, err
		}
	}
	var times []time.Duration
	start := time.Now()
	for len(times) < minCalls || (len(times) < maxCalls && time.Since(start) < budget) {
		s := time.Now()
		if err := call(); err != nil {
			return Stats{}, err
		}
		times = append(times, time.Since(s))
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	at := func(q float64) float64 {
		i := int(q*float64(len(times))+0.999999) - 1
		if i >= len(times) {
			i = len(times) - 1
		}
		return float64(times[i].Nanoseconds()) / 1000
	}
	return Stats{N: len(times), MedianUs: at(0.5), P99Us: at(0.99)}, nil
}
