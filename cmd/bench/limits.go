//go:build !(js && wasm)

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"time"

	"github.com/rtcprice/rtcprice/internal/benchreq"
	"github.com/rtcprice/rtcprice/internal/limitreq"
)

// The time at each documented limit (docs/api.md, "Limits"; the requests
// of internal/limitreq): each request at the limit natively and in
// calc.wasm under node (limits.mjs: JSON text in, envelope text out, as
// the client's Worker runs it), and the refusal just past it, beside the
// ordinary 24-month Agora quote timed in the same run; then the worst
// case found within the limits, among them and the pathological custom
// lists of benchreq.

// limitRequest is one request of limits.mjs.
type limitRequest struct {
	Name   string `json:"name"`
	Export string `json:"export"`
	JSON   string `json:"json"`
	Calls  int    `json:"calls"`
}

type limitResult struct {
	Name     string  `json:"name"`
	MedianMs float64 `json:"medianMs"`
	MaxMs    float64 `json:"maxMs"`
	Answer   string  `json:"answer"`
	Bytes    int     `json:"bytes"`
}

// timeNativeFew times a heavy request natively: one warm-up call, then
// calls calls; the median, in ms.
func timeNativeFew(export string, data []byte, calls int) (float64, error) {
	fn := native[export]
	call := func() error {
		res, err := fn(data)
		if err != nil {
			return nil // a refusal is an answer too
		}
		_, err = json.Marshal(res)
		return err
	}
	if err := call(); err != nil {
		return 0, err
	}
	var times []float64
	for i := 0; i < calls; i++ {
		s := time.Now()
		if err := call(); err != nil {
			return 0, err
		}
		times = append(times, float64(time.Since(s).Microseconds())/1000)
	}
	sort.Float64s(times)
	return times[(len(times)-1)/2], nil
}

// callsFor is how many calls time a request that took d once: more for a
// fast one, three for one of seconds.
func callsFor(d time.Duration) int {
	switch {
	case d < 20*time.Millisecond:
		return 15
	case d < 300*time.Millisecond:
		return 5
	case d < 2*time.Second:
		return 3
	default:
		return 1
	}
}

func runLimits(w io.Writer, nodeBin, wasmExec, wasmPath, script string) error {
	cases := limitreq.Cases()
	var reqs []limitRequest
	add := func(name, export, js string) error {
		s := time.Now()
		if _, err := native[export]([]byte(js)); err != nil {
			_ = err // refusals are timed as well
		}
		reqs = append(reqs, limitRequest{name, export, js, callsFor(time.Since(s))})
		return nil
	}
	_ = add("ordinary", "quote", benchreq.Agora24())
	for _, c := range cases {
		_ = add("at: "+c.Name, c.Export, c.At)
		_ = add("past: "+c.Name, c.Export, c.Past)
	}
	_ = add("pathological", "quote", benchreq.Pathological())
	_ = add("ordinary, again", "quote", benchreq.Agora24()) // the ordinary quote is the best of both
	variants := benchreq.PathologicalVariants()
	var vnames []string
	for name := range variants {
		vnames = append(vnames, name)
	}
	sort.Strings(vnames)
	for _, name := range vnames {
		_ = add("pathological, "+name, "quote", variants[name])
	}

	in, err := json.Marshal(reqs)
	if err != nil {
		return err
	}
	cmd := exec.Command(nodeBin, script, wasmExec, wasmPath)
	cmd.Stdin = bytes.NewReader(in)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%s: %v", script, err)
	}
	var run struct {
		Node    string        `json:"node"`
		Results []limitResult `json:"results"`
	}
	if err := json.Unmarshal(out, &run); err != nil {
		return fmt.Errorf("%s printed %.300q: %v", script, out, err)
	}
	if len(run.Results) != len(reqs) {
		return fmt.Errorf("%s timed %d requests, not %d", script, len(run.Results), len(reqs))
	}
	wasm := map[string]limitResult{}
	for _, r := range run.Results {
		wasm[r.Name] = r
	}
	nat := map[string]float64{}
	for _, r := range reqs {
		if r.Name == "ordinary" || r.Name == "ordinary, again" || r.Name[:3] == "at:" || r.Name[:5] == "patho" {
			ms, err := timeNativeFew(r.Export, []byte(r.JSON), r.Calls)
			if err != nil {
				return fmt.Errorf("%s: %v", r.Name, err)
			}
			nat[r.Name] = ms
		}
	}
	ord, ordNative := min(wasm["ordinary"].MedianMs, wasm["ordinary, again"].MedianMs), min(nat["ordinary"], nat["ordinary, again"])
	fmt.Fprintf(w, "\n### Time at each documented limit (node %s)\n\n", run.Node)
	fmt.Fprintf(w, "Each request of internal/limitreq at the limit and just past it (docs/api.md, \"Limits\"), the median of 1 to 15 calls after up to 5 warm-up calls, in ms: natively and in calc.wasm (JSON text in, envelope text out, as the client's Worker runs it), and the ratio to the ordinary quote, %s (native %.2f ms, wasm %.2f ms: the better of two timings in this run, one first and one last). The client's own limits (nesting, values) are the module's time on that text; the client's reading of them is timed in Chromium below.\n\n", benchreq.Ordinary, ordNative, ord)
	fmt.Fprintf(w, "| limit | at the limit: answer | native | wasm | wasm ÷ ordinary | result | just past: answer | wasm |\n|---|---|---:|---:|---:|---:|---|---:|\n")
	type timed struct {
		name string
		ms   float64
	}
	var within []timed
	for _, c := range cases {
		at, past := wasm["at: "+c.Name], wasm["past: "+c.Name]
		fmt.Fprintf(w, "| %s (%s) | %s | %s | %s | %.1f× | %s | %s | %s |\n", c.Name, c.Layer, at.Answer, msText(nat["at: "+c.Name]), msText(at.MedianMs),
			at.MedianMs/ord, sizeText(at.Bytes), past.Answer, msText(past.MedianMs))
		within = append(within, timed{"at the limit: " + c.Name, at.MedianMs})
	}
	fmt.Fprintf(w, "\nThe pathological custom lists (benchreq), within the limits:\n\n| request | answer | native | wasm | wasm ÷ ordinary |\n|---|---|---:|---:|---:|\n")
	for _, name := range append([]string{"pathological"}, prefixed("pathological, ", vnames)...) {
		r := wasm[name]
		fmt.Fprintf(w, "| %s | %s | %s | %s | %.1f× |\n", name, r.Answer, msText(nat[name]), msText(r.MedianMs), r.MedianMs/ord)
		within = append(within, timed{name, r.MedianMs})
	}
	sort.Slice(within, func(i, j int) bool { return within[i].ms > within[j].ms })
	worst := within[0]
	fmt.Fprintf(w, "\nThe worst case found within the limits: %s, %s in calc.wasm, %.0f× the ordinary quote.\n", worst.name, msText(worst.ms), worst.ms/ord)
	return nil
}

func prefixed(p string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = p + n
	}
	return out
}

func msText(ms float64) string {
	switch {
	case ms == 0:
		return "—"
	case ms >= 100:
		return fmt.Sprintf("%.0f ms", ms)
	case ms >= 1:
		return fmt.Sprintf("%.1f ms", ms)
	default:
		return fmt.Sprintf("%.3f ms", ms)
	}
}

func sizeText(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%d B", n)
	}
}
