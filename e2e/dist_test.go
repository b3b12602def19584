//go:build browser

package e2e

import (
	"io"
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

	"github.com/rtcprice/rtcprice/internal/static"
)

// served records what a server sent: per path, the statuses and encodings.
type served struct {
	mu   sync.Mutex
	sent map[string][]string
}

func (s *served) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusWriter{ResponseWriter: w, status: 200}
		h.ServeHTTP(rec, r)
		s.mu.Lock()
		s.sent[r.URL.Path] = append(s.sent[r.URL.Path], strings.TrimSpace(http.StatusText(rec.status)+" "+w.Header().Get("Content-Encoding")))
		s.mu.Unlock()
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// TestServedDist: the site as `make serve` serves it (cmd/dist's dist/
// through internal/static): one bundled, content-hashed script, its
// Worker a second one (with wasm_exec.js) that loads calc.<hash>.wasm,
// brotli sent, the service worker filled without a second download of any file,
// a repeat visit sending nothing but revalidations (304s), and the page
// working offline from it.
func TestServedDist(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	copySite(t, "../site", site)
	// -out also packs the npm package, from npm/ and LICENSE beside site/.
	copySite(t, "../npm", filepath.Join(dir, "npm"))
	license, err := os.ReadFile("../LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "LICENSE"), license, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "dist")
	cmd := exec.Command("go", "run", "./cmd/dist", "-site", site, "-out", out, "-quick")
	cmd.Dir = ".."
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./cmd/dist: %v\n%s", err, b)
	}
	log := &served{sent: map[string][]string{}}
	srv := httptest.NewServer(log.wrap(static.New(out)))
	t.Cleanup(srv.Close)

	ctx := openAt(t, srv.URL, "/", 1280, 900, `html[data-ready="true"] #app`)
	waitJS(t, ctx, "the default quote", quoteReady)
	scripts := eval[[]string](t, ctx, `[...document.scripts].map((s) => s.getAttribute('src') || 'inline')`)
	if len(scripts) != 1 || !regexp.MustCompile(`^app\.[0-9a-f]{12}\.js$`).MatchString(scripts[0]) {
		t.Errorf("scripts of the served page: %v, want one app.<hash>.js", scripts)
	}
	// calc.wasm came from the page's preload, compiled by the page (not
	// fetched again by the Worker: a preload the bundle no longer finds
	// would go unused).
	if n := eval[int](t, ctx, `performance.getEntriesByName('rtcprice:wasm-compiled').length`); n != 1 {
		t.Errorf("the page compiled calc.wasm from its preload %d times, want 1", n)
	}
	// The bundle's chunks: those the entry imports preloaded by the page,
	// the others (the views imported later) loaded once the first quote is
	// on screen; every one content-hashed and in the worker's cache.
	preloads := eval[[]string](t, ctx, `[...document.querySelectorAll('link[rel="modulepreload"]')].map((l) => l.getAttribute('href'))`)
	for _, p := range preloads {
		if !regexp.MustCompile(`^[a-z0-9-]+\.[0-9a-f]{12}\.js$`).MatchString(p) {
			t.Errorf("the served page preloads %s, not a content-hashed chunk", p)
		}
	}
	chunks := eval[[]string](t, ctx, `performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.js'))`)
	lazy := 0
	for _, c := range chunks {
		if regexp.MustCompile(`^/(compare|statement|pricelists|i18n-en)\.[0-9a-f]{12}\.js$`).MatchString(c) {
			lazy++
		}
	}
	if lazy != 4 {
		t.Errorf("the page loaded %d of the views' and the English strings' chunks (compare, statement, pricelists, i18n-en), want 4: %v", lazy, chunks)
	}
	waitAcross(t, ctx, "the service worker to control the page", `navigator.serviceWorker.controller`, 30*time.Second)
	agoraQuote(t, ctx)
	want := eval[string](t, ctx, totalJS)
	cached, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`caches.keys().then((ks) => caches.open(ks[0])).then((c) => c.keys()).then((rs) => rs.map((r) => new URL(r.url).pathname))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	hasWasm, hasWorker := false, false
	inCache := map[string]bool{}
	for _, p := range cached {
		inCache[p] = true
	}
	for _, c := range chunks {
		if !inCache[c] {
			t.Errorf("the service worker's cache has no %s, which the page loaded: %v", c, cached)
		}
	}
	for _, p := range cached {
		if regexp.MustCompile(`^/calc\.[0-9a-f]{12}\.wasm$`).MatchString(p) {
			hasWasm = true
		}
		if regexp.MustCompile(`^/rtcprice-worker\.[0-9a-f]{12}\.js$`).MatchString(p) {
			hasWorker = true
		}
	}
	if !hasWasm {
		t.Errorf("the service worker's cache has no calc.<hash>.wasm: %v", cached)
	}
	if !hasWorker {
		t.Errorf("the service worker's cache has no rtcprice-worker.<hash>.js: %v", cached)
	}

	log.mu.Lock()
	loaded := func(re string) bool {
		for p := range log.sent {
			if regexp.MustCompile(re).MatchString(p) {
				return true
			}
		}
		return false
	}
	if !loaded(`^/rtcprice-worker\.[0-9a-f]{12}\.js$`) || !loaded(`^/calc\.[0-9a-f]{12}\.wasm$`) {
		t.Errorf("the page's Worker and module were not loaded by their hashed names: %v", log.sent)
	}
	for p, sent := range log.sent {
		whole := 0
		for _, s := range sent {
			if strings.HasPrefix(s, "OK") {
				whole++
			}
		}
		if whole > 1 {
			t.Errorf("%s was sent whole %d times on the first visit: %v", p, whole, sent)
		}
		switch p {
		case "/app.js", "/rtcprice.js", "/rtcprice-worker.js", "/wasm_exec.js", "/calc.wasm":
			t.Errorf("the served page or its Worker loaded an unbundled file: %s", p)
		}
		if strings.HasPrefix(p, "/js/") {
			t.Errorf("the served page loaded an unbundled file: %s", p)
		}
		if strings.HasSuffix(p, ".wasm") && (len(sent) == 0 || sent[0] != "OK br") {
			t.Errorf("%s: sent %v, want brotli", p, sent)
		}
	}
	log.mu.Unlock()

	// The client's files stay published by their plain names, for its users.
	for _, f := range []string{"rtcprice.js", "rtcprice-worker.js", "wasm_exec.js", "calc.wasm"} {
		resp, err := http.Get(srv.URL + "/" + f)
		if err != nil {
			t.Fatal(err)
		}
		// Read whole, so that the server is done (and has logged it)
		// before the repeat visit below.
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: HTTP %d, want it published", f, resp.StatusCode)
		}
	}

	// A repeat visit sends nothing whole: the page comes from the
	// worker's cache, and the only requests are revalidations (the
	// worker's update check of sw.js and its manifest, the HTML), each
	// answered 304.
	log.mu.Lock()
	log.sent = map[string][]string{}
	log.mu.Unlock()
	do(t, ctx, "the repeat visit", chromedp.Navigate(srv.URL+"/"))
	waitAcross(t, ctx, "the page on the repeat visit", `document.documentElement.dataset.ready === 'true'`, 30*time.Second)
	waitJS(t, ctx, "the quote on the repeat visit", quoteReady)
	time.Sleep(time.Second) // the worker's update check, if any
	log.mu.Lock()
	for p, sent := range log.sent {
		switch p {
		case "/", "/sw.js", "/sw-manifest.js":
		default:
			t.Errorf("the repeat visit requested %s: %v", p, sent)
		}
		for _, s := range sent {
			if !strings.HasPrefix(s, "Not Modified") {
				t.Errorf("the repeat visit: %s sent %q, want only 304s", p, s)
			}
		}
	}
	t.Logf("the repeat visit's requests: %v", log.sent)
	log.mu.Unlock()

	// No network at all: the page comes from the worker's cache.
	srv.Close()
	goOffline(t, ctx)
	do(t, ctx, "reloading offline", chromedp.Reload())
	waitAcross(t, ctx, "the page offline", `document.documentElement.dataset.ready === 'true'`, 30*time.Second)
	waitJS(t, ctx, "the quote offline", quoteReady)
	if got := eval[string](t, ctx, totalJS); got != want {
		t.Errorf("total offline: got %q, want %q", got, want)
	}
}
