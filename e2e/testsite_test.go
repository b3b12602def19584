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

// openAt opens base+path (open), sized width×height, and waits for
// readySelector.
func openAt(t *testing.T, base, path string, width, height int64, readySelector string) context.Context {
	t.Helper()
	return open(t, tab{base: base, path: path, w: width, h: height, ready: readySelector, timeout: 90 * time.Second})
}

// checkAt fails t for a request to another origin than base's, a
// console error or an uncaught exception: base is "http://127.0.0.1:port"
// or a file:// URL (then only that file).
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
		case strings.HasPrefix(u, "data:"):
		case strings.HasPrefix(u, "blob:") && (strings.HasPrefix(base, "file://") || strings.HasPrefix(u, "blob:"+base+"/")):
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
