//go:build browser

package e2e

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// inFrame evaluates a JS expression in the embedded calculator: doc and
// win are its document and window.
func inFrame(expr string) string {
	return `(() => { const f = document.getElementById('calc'); const win = f.contentWindow; const doc = f.contentDocument; if (!doc) return null; return (` + expr + `); })()`
}

// TestEmbed: the calculator in an iframe of a docs page (?embed=1 and the
// URL parameters) shows no chrome, computes the quote the parameters ask
// for, and tells the page its height, again when it changes.
func TestEmbed(t *testing.T) {
	site := newTestSite(t)
	ctx := openAt(t, site.URL, "/__embed/", 1000, 800, `#calc`)
	waitJS(t, ctx, "the embedded quote", inFrame(`doc.documentElement.dataset.ready === 'true' && !!doc.querySelector('#q-results .best') && !doc.getElementById('q-results').hasAttribute('aria-busy')`))
	// Agora HD, 34,000 minutes in one month: the 25k package, ¥665.00.
	if got := eval[string](t, ctx, inFrame(`doc.querySelector('#q-results [data-k="total"] dd').textContent`)); !strings.Contains(got, "665.00") {
		t.Errorf("embedded total: %q, want ¥665.00", got)
	}
	for expr, want := range map[string]string{
		`doc.documentElement.lang`:                                       "en",
		`doc.getElementById('q-catalog').value`:                          "agora-2021-cny",
		`doc.getElementById('q-months').value`:                           "1",
		`doc.getElementById('q-usage-rtc-hd').value`:                     "34000",
		`win.getComputedStyle(doc.querySelector('header.top')).display`:  "none",
		`win.getComputedStyle(doc.querySelector('footer.foot')).display`: "none",
		`String(doc.querySelectorAll('#notices [data-notice]').length)`:  "0",
	} {
		if got := eval[string](t, ctx, inFrame(expr)); got != want {
			t.Errorf("embedded %s: got %q, want %q", expr, got, want)
		}
	}

	// The parent got height messages and sized the iframe to the last,
	// once the charts are drawn (in the frame's animation frames, after
	// the quote: they make the calculator taller, and a size matched before
	// them is not the last).
	evalAsync[bool](t, ctx, inFrame(`new Promise((done) => win.requestAnimationFrame(() => win.requestAnimationFrame(() => done(true))))`))
	waitJS(t, ctx, "the iframe sized to the calculator", inFrame(`Math.abs(document.getElementById('calc').clientHeight - Math.ceil(doc.documentElement.getBoundingClientRect().height)) <= 1 && document.getElementById('calc').clientHeight > 400`))
	heights := func() []float64 {
		raw := eval[string](t, ctx, `JSON.stringify(window.messages)`)
		var msgs []struct {
			Type   string
			Height float64
		}
		if err := json.Unmarshal([]byte(raw), &msgs); err != nil {
			t.Fatal(err)
		}
		var hs []float64
		for _, m := range msgs {
			if m.Type != "rtcprice:height" || m.Height <= 0 || m.Height != math.Trunc(m.Height) {
				t.Errorf("unexpected message %+v", m)
			}
			hs = append(hs, m.Height)
		}
		return hs
	}
	first := heights()
	if len(first) == 0 {
		t.Fatal("no height message")
	}
	// No scroll bar inside: the iframe shows the whole calculator.
	if over := eval[float64](t, ctx, inFrame(`doc.documentElement.scrollHeight - win.innerHeight`)); over > 1 {
		t.Errorf("the embedded calculator scrolls by %vpx inside its iframe", over)
	}
	screenshot(t, ctx, "embed-parent")

	// Narrower: one column, taller; the parent hears of it.
	do(t, ctx, "narrowing the iframe", chromedp.Evaluate[chromedp.Void](`document.getElementById('calc').width = '420'`))
	last := first[len(first)-1]
	waitJS(t, ctx, "a new height message", `window.messages.length > `+jsInt(len(first))+` && window.messages[window.messages.length - 1].height > `+jsFloat(last))
	waitJS(t, ctx, "the iframe sized again", inFrame(`Math.abs(document.getElementById('calc').clientHeight - Math.ceil(doc.documentElement.getBoundingClientRect().height)) <= 1`))
	t.Logf("heights: %v then %v", first, heights()[len(first):])

	// A way out to the full calculator, with the same inputs.
	href := eval[string](t, ctx, inFrame(`doc.getElementById('embed-open').href`))
	if !strings.HasPrefix(href, site.URL+"/#s=1.") {
		t.Errorf("the embed's link to the full calculator: %q", href)
	}
}

func jsInt(n int) string       { b, _ := json.Marshal(n); return string(b) }
func jsFloat(f float64) string { b, _ := json.Marshal(f); return string(b) }

// TestEmbedBadParams: parameters the calculator does not know are named in
// a notice; the calculator works with the rest.
func TestEmbedBadParams(t *testing.T) {
	ctx := openPage(t, 800, 700, "/?embed=1&catalog=nope-2020&view=graph&meter=call&usage=2000&months=3")
	waitJS(t, ctx, "the notice", `!!document.querySelector('#notices [data-notice="params"]')`)
	got := text(t, ctx, `#notices [data-notice="params"] p`)
	for _, want := range []string{"catalog=nope-2020", "view=graph"} {
		if !strings.Contains(got, want) {
			t.Errorf("parameter notice %q does not name %s", got, want)
		}
	}
	waitJS(t, ctx, "the quote", quoteReady)
	if got := eval[string](t, ctx, `document.getElementById('q-usage-call').value + ' ' + document.getElementById('q-months').value`); got != "2000 3" {
		t.Errorf("usage and months from the parameters: got %q, want \"2000 3\"", got)
	}
}

// TestExamplePages: embed-example.html sizes its iframe from the height
// messages, api-example.html prices a quote through the JS API; both keep
// to their CSP (a violation is a console error).
func TestExamplePages(t *testing.T) {
	ctx := openPage2(t, "/embed-example.html", `#rtcprice`)
	waitAcross(t, ctx, "the embedded quote", `(() => { const d = document.getElementById('rtcprice').contentDocument; return !!d && !!d.querySelector('#q-results .best'); })()`, 60*time.Second)
	waitJS(t, ctx, "the iframe sized", `(() => { const f = document.getElementById('rtcprice'); return Math.abs(f.clientHeight - Math.ceil(f.contentDocument.documentElement.getBoundingClientRect().height)) <= 1; })()`)
	screenshot(t, ctx, "embed-example")
	linksOthers(t, ctx)

	api := openPage2(t, "/api-example.html", `html[data-ready="true"]`)
	if got := text(t, api, "#summary"); !strings.Contains(got, "11412.1") {
		t.Errorf("api example summary: %q, want the TRTC total 11412.1", got)
	}
	if got := text(t, api, "#bad-result"); !strings.Contains(got, `"ok": false`) || !strings.Contains(got, "start") {
		t.Errorf("api example bad request: %q", got)
	}
	screenshot(t, api, "api-example")
	linksOthers(t, api)

	// The element's example page: the element under the page's CSP, its
	// rtcprice-quote event shown; every page links the other two ways.
	el := openPage2(t, "/element-example.html", `rtcprice-calculator`)
	waitAcross(t, el, "the element's quote event", `document.getElementById('last-quote').textContent.startsWith('Best total: ')`, 60*time.Second)
	if got := eval[string](t, el, `document.querySelector('rtcprice-calculator').shadowRoot.querySelector('[data-k="total"] dd').textContent`); !strings.Contains(got, "CN¥") && !strings.Contains(got, "¥") {
		t.Errorf("element example total: %q", got)
	}
	screenshot(t, el, "element-example")
	linksOthers(t, el)
}

// linksOthers checks that an example page links the other two.
func linksOthers(t *testing.T, c context.Context) {
	t.Helper()
	if got := eval[int](t, c, `new Set([...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => /^(element|embed|api)-example\.html$/.test(h))).size`); got != 2 {
		t.Errorf("%s links %d of the other two example pages", eval[string](t, c, `location.pathname`), got)
	}
}

// openPage2 is openPage for pages other than the calculator: it waits for
// readySelector instead.
func openPage2(t *testing.T, path, readySelector string) context.Context {
	t.Helper()
	return openAt(t, server.URL, path, 1000, 800, readySelector)
}
