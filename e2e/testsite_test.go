//go:build browser

package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// testSite serves ../site on an origin of its own, for the tests of the
// service worker (whose registration and caches belong to an origin) and
// of embedding (a parent page beside the site):
//
//   - with newVersion set it serves a new release: sw-manifest.js with
//     another version and an index page marked
//     <meta name="rtcprice-test-release" content="2">;
//   - /__embed/ is a parent page with the calculator in an iframe
//     (embedParentHTML), whose script records every message it gets.
type testSite struct {
	*httptest.Server
	newVersion atomic.Bool
	files      http.Handler
}

func newTestSite(t *testing.T) *testSite {
	t.Helper()
	s := &testSite{files: http.FileServer(http.Dir("../site"))}
	s.Server = httptest.NewServer(s)
	t.Cleanup(s.Close)
	return s
}

// release2 marks the index page of the new release.
const release2 = `<meta name="rtcprice-test-release" content="2">`

func (s *testSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	switch {
	case r.URL.Path == "/__embed/":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, embedParentHTML)
		return
	case r.URL.Path == "/__embed/parent.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		fmt.Fprint(w, embedParentJS)
		return
	case !s.newVersion.Load():
	case r.URL.Path == "/sw-manifest.js":
		data, err := os.ReadFile("../site/sw-manifest.js")
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write([]byte(strings.Replace(string(data), `RTCPRICE_VERSION = "`, `RTCPRICE_VERSION = "release2-`, 1)))
		return
	case r.URL.Path == "/":
		// (/index.html is redirected here by the file server.)
		data, err := os.ReadFile("../site/index.html")
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(strings.Replace(string(data), `<meta charset="utf-8">`, `<meta charset="utf-8">`+release2, 1)))
		return
	}
	s.files.ServeHTTP(w, r)
}

// The embed test's parent page: the calculator in an iframe sized by its
// height messages, every message recorded in window.messages.
const embedParentHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>embed parent</title>
<link rel="icon" href="data:,">
<script src="parent.js" defer></script>
</head><body>
<h1>Docs page</h1>
<iframe id="calc" title="rtcprice" width="900" height="150"
  src="/?embed=1&catalog=agora-2021-cny&view=quote&meter=rtc.hd&usage=34000&months=1&lang=en"></iframe>
<p>After the calculator.</p>
</body></html>`

const embedParentJS = `
window.messages = [];
const frame = document.getElementById('calc');
addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow) return;
  window.messages.push(e.data);
  if (e.data && e.data.type === 'rtcprice:height' && Number.isFinite(e.data.height)) frame.height = String(e.data.height);
});
`

// openAt opens base+path in a new tab of a new browser context (its own
// storage and service workers), sized width×height, waits for
// readySelector, and checks at cleanup that every request went to base's
// origin (or data:, blob:) and nothing reached the console as an error.
func openAt(t *testing.T, base, path string, width, height int64, readySelector string) context.Context {
	t.Helper()
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	plog := &pageLog{}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext(), chromedp.WithListener(plog.listen))
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() {
		plog.checkAt(t, base)
		cancelTimeout()
		cancel()
	})
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(width, height),
		chromedp.Navigate(base+path),
		chromedp.WaitVisible(chromedp.CSS(readySelector)),
	); err != nil {
		t.Fatalf("opening %s%s: %v", base, path, err)
	}
	return ctx
}

// checkAt is pageLog.check for a page of another origin than server's:
// base is "http://127.0.0.1:port" or a file:// URL (then only that file).
func (p *pageLog) checkAt(t *testing.T, base string) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	own := 0
	for _, u := range p.requests {
		switch {
		case strings.HasPrefix(base, "file://") && strings.HasPrefix(u, base):
			own++
		case !strings.HasPrefix(base, "file://") && strings.HasPrefix(u, base+"/"):
			own++
		case strings.HasPrefix(u, "data:"), strings.HasPrefix(u, "blob:"):
		default:
			t.Errorf("the page made a request to another origin: %s", u)
		}
	}
	if own == 0 {
		t.Errorf("no request to %s was seen: the request log is not working", base)
	}
	for _, m := range p.problems {
		t.Errorf("%s", m)
	}
}

// waitAcross waits until a JS expression is truthy, also across reloads
// and navigations (an evaluation that fails because the page is going
// away is retried).
func waitAcross(t *testing.T, ctx context.Context, what, expr string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		ectx, cancel := context.WithTimeout(ctx, 2*time.Second)
		ok, err := chromedp.Run(ectx, chromedp.Evaluate[bool](`!!(`+expr+`)`))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("waiting for %s (%s): timed out (last error: %v)", what, expr, last)
}
