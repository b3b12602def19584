//go:build browser

package e2e

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// agoraQuote enters the Agora HD quote of TestQuoteBestPlan (34,000
// minutes in one month: the 25k package, ¥665.00) and waits for it.
func agoraQuote(t *testing.T, ctx context.Context) {
	t.Helper()
	choose(t, ctx, "q-catalog", "agora-2021-cny")
	typeInto(t, ctx, "q-start", "2026-01")
	typeInto(t, ctx, "q-months", "1")
	typeInto(t, ctx, "q-usage-rtc-hd", "34000")
	waitJS(t, ctx, "the Agora quote", quoteReady+` && (document.querySelector('#q-results [data-k="total"] dd')?.textContent || '').includes('665.00')`)
}

const totalJS = `document.querySelector('#q-results [data-k="total"] dd')?.textContent`

// goOffline cuts the tab off the network: requests fail, also those of its
// service worker.
func goOffline(t *testing.T, ctx context.Context) {
	t.Helper()
	offline := true
	do(t, ctx, "going offline", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: &offline,
			MatchedNetworkConditions:    []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
		})
		return err
	}))
}

// TestOfflineUpdateAndReload: the service worker takes the page over on
// its first visit; a new release waits until the page's "Reload" lets it
// in, and until then the page keeps running the old release whole; after
// it, the old cache is gone. Then, with the network gone (the server
// stopped too), a reload still gives the quote.
func TestOfflineUpdateAndReload(t *testing.T) {
	site := newTestSite(t)
	ctx := openAt(t, site.URL, "/", 1280, 900, `html[data-ready="true"] #app`)
	waitAcross(t, ctx, "the service worker to control the page", `navigator.serviceWorker.controller`, 30*time.Second)
	agoraQuote(t, ctx)
	want := eval[string](t, ctx, totalJS)

	// A new release: the worker installs it and waits.
	site.newVersion.Store(true)
	do(t, ctx, "checking for an update", chromedp.Evaluate[chromedp.Void](`navigator.serviceWorker.getRegistration().then((r) => r.update())`, chromedp.EvalAwaitPromise))
	waitJS(t, ctx, "the update notice", `!!document.getElementById('update-reload')`)
	if got := text(t, ctx, "#update-notice"); !strings.Contains(got, "有新版本可用") || !strings.Contains(got, "重新加载") {
		t.Errorf("update notice: got %q", got)
	}
	screenshot(t, ctx, "update-notice")
	// Until it is let in, a reload is still the old release, every file.
	do(t, ctx, "reloading before the update", chromedp.Reload())
	waitAcross(t, ctx, "the page after a reload", `document.documentElement.dataset.ready === 'true' && !!document.getElementById('update-reload')`, 30*time.Second)
	if eval[bool](t, ctx, `!!document.querySelector('meta[name="rtcprice-test-release"]')`) {
		t.Fatalf("the new release's page was served before the page let it in")
	}
	waitJS(t, ctx, "the quote from the hash", quoteReady)
	if got := eval[string](t, ctx, totalJS); got != want {
		t.Errorf("total after a reload: got %q, want %q", got, want)
	}

	// The notice's button, from the keyboard.
	do(t, ctx, "pressing Reload", chromedp.Focus(chromedp.ID("update-reload")), chromedp.KeyEvent(kb.Enter))
	waitAcross(t, ctx, "the new release", `document.querySelector('meta[name="rtcprice-test-release"]') && document.documentElement.dataset.ready === 'true'`, 30*time.Second)
	waitAcross(t, ctx, "the quote of the new release", quoteReady, 15*time.Second)
	if got := eval[string](t, ctx, totalJS); got != want {
		t.Errorf("total after the update: got %q, want %q (the state is in the hash)", got, want)
	}
	caches, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`caches.keys()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if len(caches) != 1 || !strings.HasPrefix(caches[0], "rtcprice-release2-") {
		t.Errorf("caches after the update: %v, want only the new release's", caches)
	}
	if eval[bool](t, ctx, `!!document.getElementById('update-notice')`) {
		t.Errorf("the update notice is still shown after the update")
	}
	// The client, its Worker script and what the Worker loads are cached.
	cached, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`caches.keys().then((ks) => caches.open(ks[0])).then((c) => c.keys()).then((rs) => rs.map((r) => new URL(r.url).pathname))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"/rtcprice.js", "/rtcprice-worker.js", "/wasm_exec.js", "/calc.wasm", "/js/api.js"} {
		if !slices.Contains(cached, f) {
			t.Errorf("the offline cache lacks %s: %v", f, cached)
		}
	}

	// No network at all: the server stops, the tab is offline.
	site.Close()
	goOffline(t, ctx)
	do(t, ctx, "reloading offline", chromedp.Reload())
	waitAcross(t, ctx, "the page offline", `document.documentElement.dataset.ready === 'true'`, 30*time.Second)
	waitJS(t, ctx, "the quote offline", quoteReady)
	if got := eval[string](t, ctx, totalJS); got != want {
		t.Errorf("total offline: got %q, want %q", got, want)
	}
	// index.html (which the server redirected to ./) from the cache too.
	do(t, ctx, "opening index.html offline", chromedp.Navigate(site.URL+"/index.html"), chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #app`)))
	waitJS(t, ctx, "a quote of index.html offline", quoteReady)
	typeInto(t, ctx, "q-usage-call", "40000")
	waitJS(t, ctx, "a new quote offline", quoteReady+` && (`+totalJS+` || '').includes('¥')`)
	t.Logf("offline total: %s", eval[string](t, ctx, totalJS))
}

// TestOfflineFile: the one-file build (cmd/dist) opened from disk with no
// network computes quotes, and breaks none of its own CSP.
func TestOfflineFile(t *testing.T) {
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	copySite(t, "../site", site)
	out := filepath.Join(dir, "dist")
	cmd := exec.Command("go", "run", "./cmd/dist", "-site", site, "-out", out, "-offline-only")
	cmd.Dir = ".."
	start := time.Now()
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./cmd/dist: %v\n%s", err, b)
	}
	t.Logf("dist built in %v", time.Since(start).Round(time.Millisecond))

	page := "file://" + filepath.ToSlash(filepath.Join(out, "rtcprice-offline.html"))
	plog := &pageLog{}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext(), chromedp.WithListener(plog.listen))
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTimeout()
	goOffline(t, ctx)
	do(t, ctx, "opening the one-file build",
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #app`)))
	waitJS(t, ctx, "the default quote", quoteReady)
	agoraQuote(t, ctx)
	// calc.wasm runs in the client's Worker (from a Blob URL), not in the
	// page, and the page's client answers.
	if eval[bool](t, ctx, `typeof Go !== 'undefined'`) {
		t.Errorf("wasm_exec.js runs in the page, not in the Worker")
	}
	env, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.rtcprice.quote({catalog: 'trtc-2019-cny', start: '2026-01', months: 12, usage: {call: 30000}, trial: true}).then((e) => e.ok ? e.result.best.total : JSON.stringify(e.error))`, chromedp.EvalAwaitPromise))
	if err != nil || !regexp.MustCompile(`^\d+(\.\d+)?$`).MatchString(env) {
		t.Errorf("window.rtcprice.quote in the one-file build: %q, %v", env, err)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('script[src], link[rel="stylesheet"]').length`); n != 0 {
		t.Errorf("the one-file build still loads %d scripts or stylesheets", n)
	}
	// Share and print work from the file too.
	click(t, ctx, "share-open")
	waitJS(t, ctx, "the share link", `document.getElementById('share-url').value.includes('#s=1.')`)
	if eval[bool](t, ctx, `!!navigator.serviceWorker?.controller`) {
		t.Errorf("a service worker controls the file page")
	}
	plog.checkAt(t, page)
}

// copySite copies the published files of a site folder (not floor.*).
func copySite(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		if strings.HasPrefix(d.Name(), "floor.") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
