//go:build browser

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// eventRecorder runs in every host page before its scripts: it keeps the
// events of <rtcprice-calculator> elements (heard on window: they bubble
// and are composed) in window.rtcEvents, and console.log lines in
// window.rtcLogs (for the documentation's examples).
const eventRecorder = `
window.rtcEvents = [];
window.rtcLogs = [];
for (const type of ['rtcprice-quote', 'rtcprice-statement', 'rtcprice-compare', 'rtcprice-error']) {
  addEventListener(type, (e) => {
    const all = document.querySelectorAll('rtcprice-calculator');
    window.rtcEvents.push({ type, index: [...all].indexOf(e.target), id: e.target.id || '', detail: e.detail });
  });
}
const log = console.log;
console.log = (...args) => { window.rtcLogs.push(args.map(String).join(' ')); log.apply(console, args); };
`

// hostSrv is a host page's server; hits counts the requests per path.
type hostSrv struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func (s *hostSrv) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// hostServer serves pages (path -> HTML) and mounts (URL prefix -> folder):
// a host page of its own, beside the calculator's files.
func hostServer(t *testing.T, pages map[string]string, mounts map[string]string) *hostSrv {
	t.Helper()
	hs := &hostSrv{hits: map[string]int{}}
	mux := http.NewServeMux()
	for prefix, dir := range mounts {
		mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.FileServer(http.Dir(dir))))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		html, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, html)
	})
	hs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hs.mu.Lock()
		hs.hits[r.URL.Path]++
		hs.mu.Unlock()
		w.Header().Set("Cache-Control", "no-store")
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	return hs
}

// openHost opens base+path (open) with eventRecorder installed, sized
// w×h.
func openHost(t *testing.T, base, path string, w, h int64) context.Context {
	t.Helper()
	return open(t, tab{base: base, path: path, w: w, h: h, init: eventRecorder, timeout: 90 * time.Second})
}

type elementEvent struct {
	Type   string          `json:"type"`
	Index  int             `json:"index"`
	ID     string          `json:"id"`
	Detail json.RawMessage `json:"detail"`
}

func events(t *testing.T, ctx context.Context) []elementEvent {
	t.Helper()
	var evs []elementEvent
	if err := json.Unmarshal([]byte(eval[string](t, ctx, `JSON.stringify(window.rtcEvents)`)), &evs); err != nil {
		t.Fatal(err)
	}
	return evs
}

// waitQuote waits for an rtcprice-quote event of element index after the
// first n events and returns its best total.
func waitQuote(t *testing.T, ctx context.Context, index, after int) (total string, n int) {
	t.Helper()
	// (Generous: the first quote waits for calc.wasm to compile, slow on a
	// busy machine.)
	waitAcross(t, ctx, fmt.Sprintf("an rtcprice-quote event of element %d", index),
		fmt.Sprintf(`window.rtcEvents.slice(%d).some((e) => e.type === 'rtcprice-quote' && e.index === %d)`, after, index), 60*time.Second)
	evs := events(t, ctx)
	for i := len(evs) - 1; i >= after; i-- {
		if evs[i].Type == "rtcprice-quote" && evs[i].Index == index {
			var q struct{ Best struct{ Total string } }
			if err := json.Unmarshal(evs[i].Detail, &q); err != nil {
				t.Fatal(err)
			}
			return q.Best.Total, len(evs)
		}
	}
	t.Fatal("unreachable")
	return "", 0
}

// inShadow evaluates expr with root bound to the shadow root of the
// index-th <rtcprice-calculator>.
func inShadow(index int, expr string) string {
	return fmt.Sprintf(`(() => { const root = document.querySelectorAll('rtcprice-calculator')[%d].shadowRoot; return (%s); })()`, index, expr)
}

// expectedTotal prices a quote with the Go core.
func expectedTotal(t *testing.T, catalog, start, meter, usage string, months int) string {
	t.Helper()
	return goQuote(t, map[string]any{"catalog": catalog, "start": start, "months": months, "usage": map[string]any{meter: usage}}).Best.Total.String()
}

// TestElementPackage: make dist's npm package installed into an empty
// project with npm install --offline; a plain host page with the element
// gets rtcprice-quote events with the exact best total (the Go core's),
// again when usage changes; there is no iframe; the module reports the
// package's version. Screenshots of the element themed by a host page.
func TestElementPackage(t *testing.T) {
	if _, err := exec.LookPath("npm"); err != nil {
		t.Fatal("npm is needed to pack and install the package: ", err)
	}
	tmp := t.TempDir()
	out, err := exec.Command("go", "run", "../cmd/dist", "-site", "../site", "-pack", filepath.Join(tmp, "dist")).CombinedOutput()
	if err != nil {
		t.Fatalf("cmd/dist -pack: %v\n%s", err, out)
	}
	tgz := strings.TrimSpace(string(out[strings.LastIndex(strings.TrimSpace(string(out)), "\n")+1:]))
	project := filepath.Join(tmp, "host")
	if err := os.MkdirAll(project, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(project, "package.json"), []byte(`{"name": "host", "version": "1.0.0", "private": true}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	npm := exec.Command("npm", "install", "--offline", "--no-audit", "--no-fund", tgz)
	npm.Dir = project
	npm.Env = append(os.Environ(), "npm_config_cache="+filepath.Join(tmp, "npm-cache"), "npm_config_update_notifier=false")
	if out, err := npm.CombinedOutput(); err != nil {
		t.Fatalf("npm install --offline %s: %v\n%s", tgz, err, out)
	}
	var pkg struct {
		Version      string
		Dependencies map[string]string
	}
	raw, err := os.ReadFile(filepath.Join(project, "node_modules", "rtcprice", "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		t.Fatal(err)
	}
	if len(pkg.Dependencies) != 0 {
		t.Errorf("the package has runtime dependencies: %v", pkg.Dependencies)
	}

	plain := `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>host</title><link rel="icon" href="data:,"></head>
<body>
<h1>Pricing</h1>
<script type="module" src="/node_modules/rtcprice/rtcprice-element.js"></script>
<rtcprice-calculator catalog="agora-2021-cny" meter="rtc.hd" usage="300000" months="12" lang="en"></rtcprice-calculator>
</body></html>`
	themed := `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A docs page</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/theme.css"></head>
<body>
<h1>What will it cost?</h1>
<p>Price your real-time video minutes: the calculator below is an element of this page.</p>
<script type="module" src="/node_modules/rtcprice/rtcprice-element.js"></script>
<rtcprice-calculator catalog="agora-2021-cny" meter="rtc.hd" usage="300000" months="12" lang="en"></rtcprice-calculator>
<p>After the calculator.</p>
</body></html>`
	theme := `body { font-family: Georgia, "Times New Roman", serif; margin: 0 auto; max-width: 1200px; padding: 1rem; background: #fbfaf7; color: #222; }
rtcprice-calculator { --rtcprice-accent: #c2410c; --rtcprice-radius: 4px; --rtcprice-surface: #ffffff; }
rtcprice-calculator::part(summary) { border: 2px solid #c2410c; }
`
	if err := os.WriteFile(filepath.Join(project, "theme.css"), []byte(theme), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := hostServer(t, map[string]string{"/": plain, "/themed": themed}, map[string]string{"/node_modules/": filepath.Join(project, "node_modules"), "/assets/": project})
	ctx := openHost(t, srv.URL, "/", 1280, 900)
	total, n := waitQuote(t, ctx, 0, 0)
	start := eval[string](t, ctx, inShadow(0, `root.getElementById('q-start').value`))
	if want := expectedTotal(t, "agora-2021-cny", start, "rtc.hd", "300000", 12); total != want {
		t.Errorf("rtcprice-quote best total: %s, want %s (calc.Quote)", total, want)
	}
	do(t, ctx, "changing usage", chromedp.Evaluate[chromedp.Void](`document.querySelector('rtcprice-calculator').setAttribute('usage', '450000')`))
	total2, _ := waitQuote(t, ctx, 0, n)
	if want := expectedTotal(t, "agora-2021-cny", start, "rtc.hd", "450000", 12); total2 != want || total2 == total {
		t.Errorf("after usage=450000: best total %s, want %s (and not %s)", total2, want, total)
	}
	if got := eval[string](t, ctx, inShadow(0, `root.getElementById('q-usage-rtc-hd').value`)); got != "450000" {
		t.Errorf("the element's usage field: %q, want 450000", got)
	}
	if got := eval[int](t, ctx, `document.querySelectorAll('iframe').length + document.querySelector('rtcprice-calculator').shadowRoot.querySelectorAll('iframe').length`); got != 0 {
		t.Errorf("%d iframes on the page", got)
	}
	// Sized by its content: the element is as tall as what it shows.
	if h := eval[float64](t, ctx, `document.querySelector('rtcprice-calculator').getBoundingClientRect().height`); h < 800 {
		t.Errorf("the element is %vpx tall", h)
	}
	// One version: the module's equals the package's.
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`import('/node_modules/rtcprice/rtcprice.js').then((m) => m.load()).then((c) => c.version)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if v != pkg.Version {
		t.Errorf("rtcprice.version %q, package.json version %q", v, pkg.Version)
	}

	for _, size := range []struct {
		name string
		w, h int64
	}{{"element-desktop", 1280, 900}, {"element-phone", 390, 844}} {
		ctx := openHost(t, srv.URL, "/themed", size.w, size.h)
		waitQuote(t, ctx, 0, 0)
		waitJS(t, ctx, "the charts", inShadow(0, `!!root.querySelector('.chart-wrap svg')`))
		if got := eval[string](t, ctx, inShadow(0, `getComputedStyle(root.querySelector('.card.primary')).getPropertyValue('--accent').trim()`)); got != "#c2410c" {
			t.Errorf("%s: the accent inside the element: %q, want the host's #c2410c", size.name, got)
		}
		if got := eval[string](t, ctx, inShadow(0, `getComputedStyle(root.querySelector('.results .best')).borderTopColor`)); got != "rgb(194, 65, 12)" {
			t.Errorf("%s: ::part(summary) border: %q", size.name, got)
		}
		if got := eval[string](t, ctx, inShadow(0, `getComputedStyle(root.querySelector('h2')).fontFamily`)); !strings.Contains(got, "Georgia") {
			t.Errorf("%s: the element's font %q is not the host's", size.name, got)
		}
		if over := eval[float64](t, ctx, `document.documentElement.scrollWidth - window.innerWidth`); over > 0 {
			t.Errorf("%s: the page scrolls sideways by %vpx", size.name, over)
		}
		screenshot(t, ctx, size.name)
	}
}

// TestElementsOnePage: two elements on one page, each with its own state
// (its own catalog, usage and results), a change to one leaving the other
// alone; attributes it cannot use and refused inputs are rtcprice-error
// events; the element works in a page whose CSP is the documented one.
func TestElementsOnePage(t *testing.T) {
	host := `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>two</title><link rel="icon" href="data:,">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'">
<script type="module" src="/rtcprice/rtcprice-element.js"></script>
</head><body>
<rtcprice-calculator id="a" catalog="agora-2021-cny" meter="rtc.hd" usage="34000" months="1" lang="en"></rtcprice-calculator>
<rtcprice-calculator id="b" catalog="trtc-2019-cny" usage="30000" months="12" trial="false" lang="zh"></rtcprice-calculator>
<rtcprice-calculator id="c" catalog="nope-2020" view="statement"></rtcprice-calculator>
<rtcprice-calculator id="d" view="compare" lang="en"></rtcprice-calculator>
</body></html>`
	srv := hostServer(t, map[string]string{"/": host}, map[string]string{"/rtcprice/": "../site"})
	ctx := openHost(t, srv.URL, "/", 1280, 900)
	ta, _ := waitQuote(t, ctx, 0, 0)
	tb, n := waitQuote(t, ctx, 1, 0)
	start := eval[string](t, ctx, inShadow(1, `root.getElementById('q-start').value`))
	if want := expectedTotal(t, "agora-2021-cny", start, "rtc.hd", "34000", 1); ta != want {
		t.Errorf("element a: %s, want %s", ta, want)
	}
	wantB := goQuote(t, map[string]any{"catalog": "trtc-2019-cny", "start": start, "months": 12, "usage": map[string]any{"call": "30000"}, "trial": false}).Best.Total.String()
	if tb != wantB {
		t.Errorf("element b: %s, want %s", tb, wantB)
	}
	// Languages are per element: a's English, b's Chinese.
	if got := eval[string](t, ctx, inShadow(0, `root.getElementById('q-form-title').textContent`)+` + '|' + `+inShadow(1, `root.getElementById('q-form-title').textContent`)); got != "Usage|用量" {
		t.Errorf("form titles (en|zh): %q", got)
	}
	// c: an unknown catalog is named, the statement still shown.
	waitJS(t, ctx, "c's error event", `window.rtcEvents.some((e) => e.id === 'c' && e.type === 'rtcprice-error' && e.detail.field === 'catalog' && e.detail.reason === 'bad_attribute')`)
	waitJS(t, ctx, "c's statement", inShadow(2, `!!root.getElementById('st-totals') && root.querySelector('[data-notice="params"]').textContent.includes('catalog=nope-2020')`))
	waitJS(t, ctx, "c's rtcprice-statement", `window.rtcEvents.some((e) => e.id === 'c' && e.type === 'rtcprice-statement' && e.detail.totals.total === '3713.025')`)

	// d: every price list side by side, as one event.
	waitJS(t, ctx, "d's rtcprice-compare", `window.rtcEvents.some((e) => e.id === 'd' && e.type === 'rtcprice-compare' && e.detail.results.length === 2 && e.detail.results.every((r) => r.result && r.result.best.total))`)
	// Four elements, one engine: calc.wasm was fetched once (the client
	// shares its Worker; a spare Worker gets the compiled module).
	if n := srv.count("/rtcprice/calc.wasm"); n != 1 {
		t.Errorf("calc.wasm fetched %d times for four elements", n)
	}

	// Typing into a: its own input error, as an event; b untouched.
	do(t, ctx, "typing a bad month into a", chromedp.Evaluate[chromedp.Void](inShadow(0, `(() => { const el = root.getElementById('q-months'); el.value = '99'; el.dispatchEvent(new Event('input', {bubbles: true})); })()`)))
	waitJS(t, ctx, "a's rtcprice-error", fmt.Sprintf(`window.rtcEvents.slice(%d).some((e) => e.id === 'a' && e.type === 'rtcprice-error' && e.detail.field === 'months')`, n))
	waitJS(t, ctx, "the error beside a's field", inShadow(0, `root.getElementById('q-months').getAttribute('aria-invalid') === 'true'`))
	if got := eval[string](t, ctx, inShadow(1, `root.getElementById('q-months').value + ' ' + (root.getElementById('q-months').getAttribute('aria-invalid') || '')`)); got != "12 " {
		t.Errorf("element b after a's bad input: months %q", got)
	}
	// Changing b's attribute changes b only.
	evs := events(t, ctx)
	do(t, ctx, "b: usage=60000", chromedp.Evaluate[chromedp.Void](`document.getElementById('b').setAttribute('usage', '60000')`))
	tb2, _ := waitQuote(t, ctx, 1, len(evs))
	wantB2 := goQuote(t, map[string]any{"catalog": "trtc-2019-cny", "start": start, "months": 12, "usage": map[string]any{"call": "60000"}, "trial": false}).Best.Total.String()
	if tb2 != wantB2 {
		t.Errorf("element b after usage=60000: %s, want %s", tb2, wantB2)
	}
	if got := eval[string](t, ctx, inShadow(0, `root.getElementById('q-months').value`)); got != "99" {
		t.Errorf("element a's months after b changed: %q", got)
	}
	// The host page's URL is the element's business no more than its hash.
	if got := eval[string](t, ctx, `location.hash`); got != "" {
		t.Errorf("the elements wrote the host page's hash: %q", got)
	}
	// Parts a host can style.
	if got := eval[string](t, ctx, inShadow(0, `['form', 'results', 'summary'].map((p) => root.querySelectorAll('[part~="' + p + '"]').length > 0).join()`)); got != "true,true,true" {
		t.Errorf("parts form, results, summary present: %s", got)
	}
}

// TestElementMergedViews: the views' later features run inside elements,
// each in its own context: an amount typed as "3万" is priced as 30000
// and a badly grouped one refused at its field in the element's language;
// each element has its own CSV export link and no print button (the
// page's); a statement element imports usage with undo in its own shadow
// root; nothing is written to the host's hash or to saved work.
func TestElementMergedViews(t *testing.T) {
	host := `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>merged</title><link rel="icon" href="data:,">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self' blob:; worker-src 'self'">
<script type="module" src="/rtcprice/rtcprice-element.js"></script>
</head><body>
<rtcprice-calculator id="a" catalog="trtc-2019-cny" usage="3万" months="12" trial="false" lang="zh"></rtcprice-calculator>
<rtcprice-calculator id="b" catalog="agora-2021-cny" meter="rtc.hd" usage="34,000" months="1" lang="en"></rtcprice-calculator>
<rtcprice-calculator id="c" view="statement" lang="en"></rtcprice-calculator>
</body></html>`
	srv := hostServer(t, map[string]string{"/": host}, map[string]string{"/rtcprice/": "../site"})
	ctx := openHost(t, srv.URL, "/", 1280, 900)
	ta, _ := waitQuote(t, ctx, 0, 0)
	tb, _ := waitQuote(t, ctx, 1, 0)
	start := eval[string](t, ctx, inShadow(0, `root.getElementById('q-start').value`))
	wantA := goQuote(t, map[string]any{"catalog": "trtc-2019-cny", "start": start, "months": 12, "usage": map[string]any{"call": "30000"}, "trial": false}).Best.Total.String()
	if ta != wantA {
		t.Errorf("element a (usage 3万): %s, want %s", ta, wantA)
	}
	if want := expectedTotal(t, "agora-2021-cny", start, "rtc.hd", "34000", 1); tb != want {
		t.Errorf("element b (usage 34,000): %s, want %s", tb, want)
	}
	waitJS(t, ctx, "both export links", inShadow(0, `!!root.getElementById('q-export')`)+" && "+inShadow(1, `!!root.getElementById('q-export')`))
	hrefs := eval[[]string](t, ctx, `[0, 1].map((i) => document.querySelectorAll('rtcprice-calculator')[i].shadowRoot.getElementById('q-export').href)`)
	if len(hrefs) != 2 || hrefs[0] == hrefs[1] || !strings.HasPrefix(hrefs[0], "blob:") || !strings.HasPrefix(hrefs[1], "blob:") {
		t.Errorf("the elements' CSV export links: %v, want two blob: URLs of their own", hrefs)
	}
	// Each element keeps its own link alive (one element's result must not
	// revoke another's object URL).
	live := evalAsync[[]bool](t, ctx, `Promise.all([0, 1].map((i) => fetch(document.querySelectorAll('rtcprice-calculator')[i].shadowRoot.getElementById('q-export').href).then((r) => r.text()).then((s) => s.length > 0, () => false)))`)
	if len(live) != 2 || !live[0] || !live[1] {
		t.Errorf("the elements' CSV downloads readable: %v, want both", live)
	}
	if got := eval[int](t, ctx, inShadow(0, `root.querySelectorAll('#q-print, #c-print').length`)); got != 0 {
		t.Errorf("element a has %d print buttons", got)
	}

	// A badly grouped amount in b: refused at its field, in English; a untouched.
	do(t, ctx, "typing 3,00 into b", chromedp.Evaluate[chromedp.Void](inShadow(1, `(() => { const el = root.getElementById('q-usage-rtc-hd'); el.value = '3,00'; el.dispatchEvent(new Event('input', {bubbles: true})); })()`)))
	waitJS(t, ctx, "b's refusal at its field", inShadow(1, `root.getElementById('q-usage-rtc-hd').getAttribute('aria-invalid') === 'true'`))
	// The meters share one error note (data-error-slot), in b's root.
	msg := eval[string](t, ctx, inShadow(1, `(() => { const el = root.getElementById('q-usage-rtc-hd'); return root.getElementById(el.getAttribute('data-error-slot') || el.id + '-err').textContent; })()`))
	if msg == "" || regexp.MustCompile(`[\p{Han}]`).MatchString(msg) {
		t.Errorf("b's amount error %q, want an English sentence", msg)
	}
	if got := eval[string](t, ctx, inShadow(0, `root.getElementById('q-usage-call').getAttribute('aria-invalid') || ''`)); got != "" {
		t.Errorf("element a marked invalid by b's input: %q", got)
	}

	// c: a usage import, with its undo, inside c.
	waitJS(t, ctx, "c's statement", inShadow(2, `!!root.getElementById('st-totals')`))
	evs := events(t, ctx)
	do(t, ctx, "importing usage into c", chromedp.Evaluate[chromedp.Void](inShadow(2, `(() => {
		root.querySelector('details.csv-import').open = true;
		root.getElementById('st-csv').value = 'month,meter,minutes\n2019-07,call,1000\n2019-08,call,2000';
		root.getElementById('st-csv-import').click();
	})()`)))
	waitJS(t, ctx, "c's undo button", inShadow(2, `!!root.getElementById('st-import-undo')`))
	waitJS(t, ctx, "c's rtcprice-statement after the import", fmt.Sprintf(`window.rtcEvents.slice(%d).some((e) => e.id === 'c' && e.type === 'rtcprice-statement')`, len(evs)))
	if got := eval[string](t, ctx, inShadow(2, `root.getElementById('st-status').textContent`)); got == "" {
		t.Errorf("c's import was not announced in its own live region")
	}
	if got := eval[int](t, ctx, `document.querySelectorAll('#st-import-undo, #st-status, #q-export').length`); got != 0 {
		t.Errorf("%d of the elements' nodes leaked into the host document", got)
	}
	if got := eval[string](t, ctx, `location.hash + '|' + (localStorage.getItem('rtcprice.lastWork') || '') + (localStorage.getItem('rtcprice.savedWork') || '')`); got != "|" {
		t.Errorf("the elements wrote the host's hash or saved work: %q", got)
	}
}
