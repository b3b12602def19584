//go:build browser

package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// heldSite serves ../site as the test server does, but holds every
// request for calc.wasm until release is closed: the page as it is while
// its engine is still on the way.
func heldSite(t *testing.T) (*httptest.Server, func()) {
	t.Helper()
	files := http.FileServer(http.Dir("../site"))
	hold := make(chan struct{})
	var once sync.Once
	release := func() { once.Do(func() { close(hold) }) }
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			select {
			case <-hold:
			case <-r.Context().Done():
				return
			}
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		release()
		srv.Close()
	})
	return srv, release
}

// TestFormBeforeEngine: the page draws its forms from the catalogs it
// ships before calc.wasm has arrived; the result area says it is
// calculating (a status, aria-busy), in the page's language, until the
// first result replaces it.
func TestFormBeforeEngine(t *testing.T) {
	srv, release := heldSite(t)
	ctx := openAt(t, srv.URL, "/", 1280, 900, `html[data-form="true"] #app`)
	if got := eval[bool](t, ctx, `document.documentElement.hasAttribute('data-ready') || 'rtcprice' in window`); got {
		t.Fatal("the engine is ready although calc.wasm is held back: the test is not testing anything")
	}
	// The quote form, with the shipped catalogs in its catalog list.
	opts := eval[[]string](t, ctx, `[...document.querySelectorAll('#q-catalog option')].map((o) => o.value)`)
	if len(opts) == 0 {
		t.Fatal("the quote form has no catalogs before the engine is loaded")
	}
	for _, id := range []string{"q-start", "q-months"} {
		if !eval[bool](t, ctx, `!!document.getElementById('`+id+`')`) {
			t.Errorf("#%s is not drawn before the engine is loaded", id)
		}
	}
	const pending = `(() => { const r = document.getElementById('q-results'); const s = r && r.querySelector('.calculating[role="status"]'); return r && r.getAttribute('aria-busy') === 'true' && s ? s.textContent.trim() : ''; })()`
	waitJS(t, ctx, "the calculating state", pending)
	if got := eval[string](t, ctx, pending); got != "正在计算…" {
		t.Errorf("the calculating state in Chinese: %q", got)
	}
	click(t, ctx, "lang-toggle")
	waitJS(t, ctx, "the English page", `document.documentElement.lang === 'en'`)
	waitJS(t, ctx, "the calculating state in English", pending+` === 'Calculating…'`)
	if got := eval[bool](t, ctx, `document.querySelector('#q-results .card') !== null || document.documentElement.hasAttribute('data-first-quote')`); got {
		t.Fatal("a result is shown although the engine is held back")
	}

	release()
	waitAcross(t, ctx, "the first quote", `document.documentElement.hasAttribute('data-first-quote') && document.documentElement.dataset.ready === 'true'`, 60*time.Second)
	waitJS(t, ctx, "the quote", quoteReady)
	if got := eval[string](t, ctx, `(() => { const r = document.getElementById('q-results'); return (r.getAttribute('aria-busy') || '') + '|' + r.querySelectorAll('.calculating').length; })()`); got != "|0" {
		t.Errorf("after the first result: aria-busy|calculating notes = %q, want none", got)
	}
	if n := eval[float64](t, ctx, `performance.getEntriesByName('rtcprice:wasm-compiled').length`); n != 1 {
		t.Errorf("the page compiled calc.wasm from its preload %v times, want 1", n)
	}
	if n := eval[float64](t, ctx, `performance.getEntriesByName('rtcprice:first-quote').length`); n != 1 {
		t.Errorf("performance mark rtcprice:first-quote: %v entries, want 1", n)
	}
}

// TestShippedCatalogs: the catalogs the page ships (js/catalogs-data.js,
// written by cmd/dist from package calc) are exactly those calc.wasm's
// catalogs() answers, and of the same version.
func TestShippedCatalogs(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
	  const canon = (v) => Array.isArray(v) ? '[' + v.map(canon).join(',') + ']'
	    : (v !== null && typeof v === 'object') ? '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}'
	    : JSON.stringify(v);
	  const shipped = await import('/js/catalogs-data.js');
	  const env = await window.rtcprice.catalogs();
	  if (!env.ok) return 'catalogs() failed: ' + env.error.message;
	  if (shipped.VERSION !== window.rtcprice.version) return 'version: shipped ' + shipped.VERSION + ', module ' + window.rtcprice.version;
	  if (!Array.isArray(shipped.CATALOGS) || shipped.CATALOGS.length === 0) return 'no catalogs shipped';
	  const a = canon(shipped.CATALOGS), b = canon(env.result.catalogs);
	  if (a === b) return 'same ' + shipped.CATALOGS.length;
	  let i = 0;
	  while (a[i] === b[i]) i++;
	  return 'differ at ' + i + ': shipped …' + a.slice(Math.max(0, i - 60), i + 60) + '… module …' + b.slice(Math.max(0, i - 60), i + 60) + '…';
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got, "same ") {
		t.Errorf("shipped catalogs and calc.wasm's: %s", got)
	}
	// The catalog list the form shows is the shipped one.
	ids := eval[[]string](t, context.Context(ctx), `[...document.querySelectorAll('#q-catalog option')].map((o) => o.value)`)
	if len(ids) == 0 {
		t.Error("the quote form lists no catalog")
	}
}

// TestClientWasmPromise: load() takes calc.wasm as a promise (the page's
// preloaded, compiled module): of a module, of bytes or of a URL it
// loads a working client; a rejected promise, or one of something else,
// makes load reject saying why, and nothing is left unhandled.
func TestClientWasmPromise(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
	  const rejections = [];
	  addEventListener('unhandledrejection', (e) => rejections.push(String(e.reason)));
	  const { load } = await import('/rtcprice.js');
	  const req = {catalog: 'trtc-2019-cny', start: '2026-01', months: 12, usage: {call: 30000}, trial: true};
	  const want = JSON.stringify((await window.rtcprice.quote(req)).result.best.total);
	  const out = [];
	  const works = async (name, wasm) => {
	    try {
	      const c = await load({ wasm });
	      const env = await c.quote(req);
	      c.close();
	      out.push(name + ': ' + (env.ok && JSON.stringify(env.result.best.total) === want ? 'ok' : 'wrong ' + JSON.stringify(env)));
	    } catch (e) {
	      out.push(name + ': rejected ' + e.message);
	    }
	  };
	  const fails = async (name, wasm, text) => {
	    try {
	      const c = await load({ wasm });
	      c.close();
	      out.push(name + ': loaded, want a rejection');
	    } catch (e) {
	      out.push(name + ': ' + (String(e.message).includes(text) ? 'rejected' : 'rejected with ' + e.message));
	    }
	  };
	  await works('module', WebAssembly.compileStreaming(fetch('/calc.wasm')));
	  await works('bytes', fetch('/calc.wasm').then((r) => r.arrayBuffer()));
	  await works('url', Promise.resolve('calc.wasm'));
	  await fails('rejected', Promise.reject(new Error('no network here')), 'no network here');
	  await fails('other', Promise.resolve(42), 'options.wasm resolved to neither');
	  await new Promise((r) => setTimeout(r, 100));
	  if (rejections.length) out.push('unhandled: ' + rejections.join('; '));
	  return out.join('\n');
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	want := "module: ok\nbytes: ok\nurl: ok\nrejected: rejected\nother: rejected"
	if got != want {
		t.Errorf("load with a promise of calc.wasm:\n%s\nwant:\n%s", got, want)
	}
}
