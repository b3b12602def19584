//go:build browser

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/internal/limitreq"
)

// probeSite serves ../site and, under /__probe/, a blank page for tests
// that drive the client (rtcprice.js) with requests too large to pass
// through the DevTools protocol: the page fetches them from
// /__probe/data/<name> and posts every answer to /__probe/result/<name>.
type probeSite struct {
	*httptest.Server
	data    map[string]string // name -> body
	mu      sync.Mutex
	results map[string][]byte
}

const probeHTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>probe</title>
<link rel="icon" href="data:,"></head><body><p id="s">probe</p></body></html>`

func newProbeSite(t *testing.T, data map[string]string) *probeSite {
	t.Helper()
	p := &probeSite{data: data, results: map[string][]byte{}}
	files := http.FileServer(http.Dir("../site"))
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		const dataPrefix, resultPrefix = "/__probe/data/", "/__probe/result/"
		switch {
		case r.URL.Path == "/__probe/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, probeHTML)
		case len(r.URL.Path) > len(dataPrefix) && r.URL.Path[:len(dataPrefix)] == dataPrefix:
			body, ok := p.data[r.URL.Path[len(dataPrefix):]]
			if !ok {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			fmt.Fprint(w, body)
		case r.Method == http.MethodPost && len(r.URL.Path) > len(resultPrefix) && r.URL.Path[:len(resultPrefix)] == resultPrefix:
			b, err := io.ReadAll(r.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			p.mu.Lock()
			p.results[r.URL.Path[len(resultPrefix):]] = b
			p.mu.Unlock()
			w.WriteHeader(http.StatusNoContent)
		default:
			files.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *probeSite) result(name string) ([]byte, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	b, ok := p.results[name]
	return b, ok
}

// openProbe opens the probe page in a tab of its own (checked at cleanup
// for requests to other origins and console errors), with a ceiling of
// timeout for everything the test does in it.
func openProbe(t *testing.T, p *probeSite, timeout time.Duration) context.Context {
	t.Helper()
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	plog := &pageLog{}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext(), chromedp.WithListener(plog.listen))
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() {
		plog.checkAt(t, p.URL)
		cancelTimeout()
		cancel()
	})
	if err := chromedp.Do(ctx, chromedp.Navigate(p.URL+"/__probe/"), chromedp.WaitVisible(chromedp.ID("s"))); err != nil {
		t.Fatalf("opening the probe page: %v", err)
	}
	return ctx
}

// Every documented limit (docs/api.md, "Limits") through the client, in
// Chromium: each request of internal/limitreq at the limit and past it,
// given as data (read by the client's walker: its own limits of nesting,
// values and size) and as JSON text (sent unread: the module's and the
// engine's limits). Every promise resolves to the envelope the list
// expects; none rejects.
func TestClientDocumentedLimits(t *testing.T) {
	cases := limitreq.Cases()
	data := map[string]string{}
	type entry struct{ Name, Export string }
	var list []entry
	for i, c := range cases {
		data[fmt.Sprintf("%d-at", i)] = c.At
		data[fmt.Sprintf("%d-past", i)] = c.Past
		list = append(list, entry{fmt.Sprint(i), c.Export})
	}
	p := newProbeSite(t, data)
	ctx := openProbe(t, p, 15*time.Minute)
	listJSON, err := json.Marshal(list)
	require.NoError(t, err)
	// Each answer is posted back as JSON text: the envelope, or
	// {"threw": ...} when the call threw or its promise rejected.
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async (list) => {
    const {load} = await import('/rtcprice.js');
    const calc = await load({shared: false});
    const post = (name, v) => fetch('/__probe/result/' + name, {method: 'POST', body: JSON.stringify(v)});
    const settle = async (fn) => {
      try { return await fn(); } catch (e) { return {threw: String(e)}; }
    };
    for (const c of list) {
      for (const which of ['at', 'past']) {
        const text = await (await fetch('/__probe/data/' + c.Name + '-' + which)).text();
        await post(c.Name + '-' + which + '-data', await settle(() => calc[c.Export](JSON.parse(text))));
        await post(c.Name + '-' + which + '-text', await settle(() => calc[c.Export](text)));
      }
    }
    calc.close();
    return 'done';
  })(`+string(listJSON)+`)`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	require.Equal(t, "done", out)

	for i, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			for _, form := range []string{"data", "text"} {
				if form == "text" && c.Layer == limitreq.Client {
					continue // a request given as text is not read by the walker
				}
				at, ok := p.result(fmt.Sprintf("%d-at-%s", i, form))
				if assert.True(t, ok, "no answer at the limit, as %s", form) {
					assert.NoError(t, c.CheckAt(at), "at the limit, as %s", form)
				}
				past, ok := p.result(fmt.Sprintf("%d-past-%s", i, form))
				if assert.True(t, ok, "no answer past the limit, as %s", form) {
					assert.NoError(t, c.CheckPast(past), "past the limit, as %s", form)
				}
			}
		})
	}
}
