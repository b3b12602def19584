//go:build browser

// Package e2e drives the calculator page (site/) in headless Chromium:
// the statement, quote, compare and language flows, bad input, keyboard
// reachability, same-origin requests, screenshots and load timing.
//
// Run with `make test-browser` (it builds site/calc.wasm first and makes
// sure /usr/bin/chromium is installed).
package e2e

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

const chromiumPath = "/usr/bin/chromium"

var (
	server     *httptest.Server
	browserCtx context.Context
	setupErr   error
	floorDir   string // holds floor.wasm for the floor page
)

func TestMain(m *testing.M) {
	code := run(m)
	os.Exit(code)
}

func run(m *testing.M) int {
	if err := mime.AddExtensionType(".wasm", "application/wasm"); err != nil {
		setupErr = err
	}
	server = httptest.NewServer(handler())
	defer server.Close()

	if _, err := os.Stat(chromiumPath); err != nil {
		setupErr = fmt.Errorf("%s not found: the browser tests need Chromium; install it with `apt-get install -y chromium` (or run ./scripts/ensure-chromium.sh)", chromiumPath)
		return m.Run()
	}
	if _, err := os.Stat("../site/calc.wasm"); err != nil {
		setupErr = errors.New("../site/calc.wasm is missing: run `make build` (make test-browser does)")
		return m.Run()
	}
	dataDir, err := os.MkdirTemp("", "rtcprice-e2e-chromium-")
	if err != nil {
		setupErr = err
		return m.Run()
	}
	defer os.RemoveAll(dataDir)

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(dataDir),
	)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	// Start the browser once; every test opens its own tab.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		setupErr = fmt.Errorf("starting %s: %w", chromiumPath, err)
		return m.Run()
	}
	browserCtx = ctx
	return m.Run()
}

// handler serves ../site, and the floor page under /__floor/.
func handler() http.Handler {
	site := http.FileServer(http.Dir("../site"))
	mux := http.NewServeMux()
	mux.HandleFunc("/__floor/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		switch r.URL.Path {
		case "/__floor/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, floorHTML)
		case "/__floor/floor.js":
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			fmt.Fprint(w, floorJS)
		case "/__floor/wasm_exec.js":
			http.ServeFile(w, r, "../site/wasm_exec.js")
		case "/__floor/floor.wasm":
			if floorDir == "" {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/wasm")
			http.ServeFile(w, r, filepath.Join(floorDir, "floor.wasm"))
		default:
			http.NotFound(w, r)
		}
	})
	mux.HandleFunc("/__test/", func(w http.ResponseWriter, r *http.Request) {
		js, ok := testScripts[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		fmt.Fprint(w, js)
	})
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		site.ServeHTTP(w, r)
	}))
	return mux
}

// The floor page loads only the floor module (cmd/floor) the same way the
// calculator loads calc.wasm, and marks when the module is ready.
const floorHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>floor</title>
<link rel="icon" href="data:,">
<script src="wasm_exec.js"></script>
<script type="module" src="floor.js"></script>
</head><body><p id="s">loading</p></body></html>`

const floorJS = `
const go = new Go();
let instance;
try {
  ({ instance } = await WebAssembly.instantiateStreaming(fetch('floor.wasm'), go.importObject));
} catch {
  const r = await fetch('floor.wasm');
  ({ instance } = await WebAssembly.instantiate(await r.arrayBuffer(), go.importObject));
}
go.run(instance);
if (typeof globalThis.floor === 'function' && globalThis.floor() === 'ok') {
  performance.mark('floor:ready');
  document.getElementById('s').textContent = 'ready';
  document.documentElement.setAttribute('data-ready', 'true');
}
`

// pageLog records what a tab did: every request URL, console errors and
// uncaught exceptions.
type pageLog struct {
	mu       sync.Mutex
	requests []string
	problems []string
}

func (p *pageLog) listen(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		p.requests = append(p.requests, e.Request.URL)
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range e.Args {
				if a.Value != nil {
					parts = append(parts, string(a.Value))
				} else {
					parts = append(parts, a.Description)
				}
			}
			p.problems = append(p.problems, "console."+string(e.Type)+": "+strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		p.problems = append(p.problems, "uncaught exception: "+msg)
	case *log.EventEntryAdded:
		if e.Entry.Level == log.EntryLevelError {
			p.problems = append(p.problems, "browser log error: "+e.Entry.Text+" "+e.Entry.URL)
		}
	}
}

// screen is a size the page is checked at.
type screen struct {
	name string
	w, h int64
}

// screens: a desktop and a phone (390×844, emulated as a phone).
var screens = []screen{{"desktop", 1280, 900}, {"phone", 390, 844}}

// openPage opens a new tab (in a new browser context) at the calculator, sized width×height, waits
// until the calculator is ready and registers the origin/console checks.
func openPage(t *testing.T, width, height int64, path string) context.Context {
	t.Helper()
	// A ceiling, not a timing check: a loaded machine (CI, parallel work)
	// can take long to drive a tab.
	return openPageFor(t, width, height, path, 5*time.Minute)
}

// openPageFor is openPage for a test that needs more than a minute.
func openPageFor(t *testing.T, width, height int64, path string, timeout time.Duration) context.Context {
	t.Helper()
	return open(t, tab{base: server.URL, path: path, w: width, h: height, phone: width < 600, ready: pageReady, timeout: timeout})
}

// pageReady is the calculator ready: its forms and its engine.
const pageReady = `html[data-ready="true"] #app`

// tab is how a test opens a page: at base+path (base: the origin, or a
// file:// URL), sized w×h (as a phone, with touch, when phone), with init
// evaluated in every document before the page's own scripts, waiting
// until the ready selector is visible (when given). timeout is a ceiling
// for the whole tab, not a timing check: a loaded machine (CI, parallel
// work) can take long to drive a tab.
type tab struct {
	base, path  string
	w, h        int64
	phone       bool
	init, ready string
	timeout     time.Duration
}

// open opens a new tab in a new browser context (its own storage and
// service workers: the last work, saved lists and caches start empty,
// whatever other tests left) and checks at cleanup that every request
// stayed on the tab's origin and nothing reached the console as an error.
func open(t *testing.T, o tab) context.Context {
	t.Helper()
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	plog := &pageLog{}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext(), chromedp.WithListener(plog.listen))
	ctx, cancelTimeout := context.WithTimeout(ctx, o.timeout)
	t.Cleanup(func() {
		plog.checkAt(t, o.base)
		cancelTimeout()
		cancel()
	})
	var opts []chromedp.EmulateViewportOption
	if o.phone {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	actions := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(o.w, o.h, opts...)}
	if o.init != "" {
		actions = append(actions, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: o.init})
			return err
		}))
	}
	actions = append(actions, chromedp.Navigate(o.base+o.path))
	if o.ready != "" {
		actions = append(actions, chromedp.WaitVisible(chromedp.CSS(o.ready)))
	}
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("opening %s%s: %v", o.base, o.path, err)
	}
	return ctx
}

// do runs actions, failing the test on error.
func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JS expression and returns its value.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// waitJS waits until a JS expression is truthy.
func waitJS(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		msg := ""
		if s, err2 := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('.view:not([hidden]) .view-error')?.textContent || '') + ' | ' + [...document.querySelectorAll('.view:not([hidden]) .field-error')].map(e => e.textContent).filter(Boolean).join(' | ')`)); err2 == nil {
			msg = s
		}
		t.Fatalf("waiting for %s (%s): %v; errors on the page: %s", what, expr, err, msg)
	}
}

// text returns the trimmed text of the first element matching sel.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(`(document.querySelector(%q)?.textContent ?? '<missing %s>').trim()`, sel, strings.ReplaceAll(sel, `'`, ``)))
}

// typeInto replaces the value of a focused input with value, entered as
// text input (Input.insertText, as a paste or an input method does: one
// input event, so the tests stay fast).
func typeInto(t *testing.T, ctx context.Context, id, value string) {
	t.Helper()
	do(t, ctx, "typing into #"+id,
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const el = document.getElementById(%q); el.scrollIntoView({block: 'center'}); el.focus(); el.select(); })()`, id)),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			if value == "" {
				return chromedp.Do(ctx, chromedp.KeyEvent(kb.Delete))
			}
			_, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: value})
			return err
		}),
	)
	if got := eval[string](t, ctx, fmt.Sprintf(`document.activeElement?.id === %q ? document.activeElement.value : '<focus moved>'`, id)); got != value {
		t.Fatalf("typed %q into #%s, it holds %q", value, id, got)
	}
}

// choose selects an option of a select and fires change, as a user would.
func choose(t *testing.T, ctx context.Context, id, value string) {
	t.Helper()
	ok := eval[bool](t, ctx, fmt.Sprintf(`(() => { const el = document.getElementById(%q); if (!el || ![...el.options].some(o => o.value === %q)) return false; el.value = %q; el.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`, id, value, value))
	if !ok {
		t.Fatalf("select #%s has no option %q", id, value)
	}
}

func click(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	do(t, ctx, "clicking #"+id, chromedp.Click(chromedp.ID(id), chromedp.NodeVisible))
}

// shot writes name.png under testout/screenshots: what the viewport
// shows now, where the test has scrolled.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join("..", "testout", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// screenshot writes two PNGs under testout/screenshots: name.png, what the
// viewport shows from the top of the page, and name-full.png, the whole
// page.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	do(t, ctx, "scrolling to the top", chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)`))
	dir := filepath.Join("..", "testout", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for suffix, shot := range map[string]chromedp.Action[[]byte]{"": chromedp.CaptureScreenshot(), "-full": chromedp.FullScreenshot(100)} {
		buf, err := chromedp.Run(ctx, shot)
		if err != nil {
			t.Fatalf("screenshot %s%s: %v", name, suffix, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+suffix+".png"), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
