//go:build browser

package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
)

// docBlock is a fenced code block of docs/embedding.md.
type docBlock struct {
	lang, code string
}

func docBlocks(t *testing.T) []docBlock {
	t.Helper()
	raw, err := os.ReadFile("../docs/embedding.md")
	if err != nil {
		t.Fatal(err)
	}
	var blocks []docBlock
	re := regexp.MustCompile("(?ms)^```([a-z]*)\n(.*?)^```\n")
	for _, m := range re.FindAllStringSubmatch(string(raw), -1) {
		blocks = append(blocks, docBlock{m[1], m[2]})
	}
	return blocks
}

// TestEmbeddingDoc runs every example of docs/embedding.md: each html block
// in a host page of its own beside the site (served as /rtcprice/), with
// the CSP block as the policy of a page made of the first element example.
// Each element in an example quotes (an rtcprice-quote event), each iframe
// shows a quote and is sized by its messages, every console.log an
// example makes is heard, its numbers are the Go core's, and nothing
// reaches the console as an error (a CSP violation does).
func TestEmbeddingDoc(t *testing.T) {
	blocks := docBlocks(t)
	pages := map[string]string{}
	var htmls []string
	csp := ""
	for _, b := range blocks {
		switch {
		case b.lang == "html":
			htmls = append(htmls, b.code)
		case b.lang == "" && strings.HasPrefix(b.code, "Content-Security-Policy: "):
			csp = strings.TrimSpace(strings.TrimPrefix(b.code, "Content-Security-Policy: "))
		case b.lang == "sh":
			// npm install of the package: TestElementPackage installs it.
			if !strings.Contains(b.code, "npm install ./dist/rtcprice-") {
				t.Errorf("a shell example the tests do not run: %q", b.code)
			}
		default:
			t.Errorf("an example the test does not know how to run: ```%s\n%s", b.lang, b.code)
		}
	}
	if len(htmls) < 5 || csp == "" {
		t.Fatalf("found %d html examples and CSP %q in docs/embedding.md", len(htmls), csp)
	}
	for i, code := range htmls {
		pages[fmt.Sprintf("/ex/%d", i)] = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>example</title><link rel=\"icon\" href=\"data:,\"></head><body>\n" + code + "</body></html>"
	}
	site := http.StripPrefix("/rtcprice", http.FileServer(http.Dir("../site")))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if r.URL.Path == "/favicon.ico" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/rtcprice/") {
			site.ServeHTTP(w, r)
			return
		}
		path := r.URL.Path
		html, ok := pages[path]
		if strings.HasPrefix(path, "/csp/") {
			w.Header().Set("Content-Security-Policy", csp)
			// The same example, without the test page's data: icon.
			html, ok = pages["/ex/"+strings.TrimPrefix(path, "/csp/")]
			html = strings.Replace(html, `<link rel="icon" href="data:,">`, "", 1)
		}
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, html)
	}))
	t.Cleanup(srv.Close)

	firstElement := -1
	for i, code := range htmls {
		t.Run(fmt.Sprintf("example%d", i), func(t *testing.T) {
			ctx := openHost(t, srv.URL, fmt.Sprintf("/ex/%d", i), 1280, 900)
			elements := strings.Count(code, "<rtcprice-calculator")
			if elements > 0 && firstElement < 0 && !strings.Contains(code, "<script type=\"module\">") && !strings.Contains(code, "<style>") {
				firstElement = i
			}
			for k := 0; k < elements; k++ {
				total, _ := waitQuote(t, ctx, k, 0)
				attr := func(name string) string {
					return eval[string](t, ctx, fmt.Sprintf(`document.querySelectorAll('rtcprice-calculator')[%d].getAttribute(%q) || ''`, k, name))
				}
				start := eval[string](t, ctx, inShadow(k, `root.getElementById('q-start').value`))
				req := map[string]any{"catalog": attr("catalog"), "start": start, "months": 12}
				meter := attr("meter")
				if meter == "" {
					meter = "call"
				}
				req["usage"] = map[string]any{meter: attr("usage")}
				if attr("trial") != "" {
					req["trial"] = attr("trial") == "true"
				}
				if want := goQuote(t, req).Best.Total.String(); total != want {
					// The events example changes usage after its first quote.
					waitJS(t, ctx, "a quote for the element's current attributes",
						fmt.Sprintf(`window.rtcEvents.some((e) => e.type === 'rtcprice-quote' && e.index === %d && e.detail.best.total === %q)`, k, want))
				}
			}
			if strings.Contains(code, "class=\"brand\"") {
				if got := eval[string](t, ctx, inShadow(0, `getComputedStyle(root.querySelector('.results .best')).borderTopColor + ' ' + getComputedStyle(root.querySelector('h2')).fontFamily`)); !strings.HasPrefix(got, "rgb(194, 65, 12) Georgia") {
					t.Errorf("the theming example: summary border and font %q", got)
				}
			}
			if strings.Contains(code, "<iframe") {
				waitJS(t, ctx, "the iframe's quote", `(() => { const d = document.querySelector('iframe').contentDocument; return !!d && !!d.querySelector('#q-results .best'); })()`)
				waitJS(t, ctx, "the iframe sized by its messages", `(() => { const f = document.querySelector('iframe'); return f.height !== '600' && Math.abs(f.clientHeight - Math.ceil(f.contentDocument.documentElement.getBoundingClientRect().height)) <= 1; })()`)
			}
			if strings.Contains(code, "console.log") {
				waitJS(t, ctx, "the example's console.log", `window.rtcLogs.length > 0`)
				logs := eval[string](t, ctx, `window.rtcLogs.join('\n')`)
				if strings.Contains(logs, "refused") || strings.Contains(logs, "undefined") {
					t.Errorf("example %d logged %q", i, logs)
				}
				if strings.Contains(code, "load()") {
					want := goQuote(t, map[string]any{"catalog": "trtc-2019-cny", "start": "2026-01", "months": 12, "usage": map[string]any{"call": 30000}, "trial": true}).Best.Total.String()
					if logs != want {
						t.Errorf("the client example logged %q, want %s", logs, want)
					}
				}
			}
		})
	}
	if firstElement < 0 {
		t.Fatal("no plain element example to run under the CSP")
	}
	t.Run("csp", func(t *testing.T) {
		ctx := openHost(t, srv.URL, fmt.Sprintf("/csp/%d", firstElement), 1280, 900)
		waitQuote(t, ctx, 0, 0)
		if got := eval[string](t, ctx, `document.querySelector('rtcprice-calculator').shadowRoot.querySelector('.results .best') ? getComputedStyle(document.querySelector('rtcprice-calculator').shadowRoot.querySelector('.btn, .card.primary')).borderRadius : 'none'`); got == "none" || got == "0px" {
			t.Errorf("under the documented CSP the element is unstyled or empty: %q", got)
		}
	})
}
