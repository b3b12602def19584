//go:build browser

package e2e

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// quoteReady: a quote is shown, for the current input (no recompute pending,
// no error).
const quoteReady = `!!document.querySelector('#q-results .best') && !document.getElementById('q-results').classList.contains('stale') && !document.getElementById('q-results').hasAttribute('aria-busy')`

func TestQuoteBestPlan(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	// TRTC, 12 months from 2026-01, 30,000 minutes a month, new account.
	choose(t, ctx, "q-catalog", "trtc-2019-cny")
	typeInto(t, ctx, "q-start", "2026-01")
	typeInto(t, ctx, "q-months", "12")
	typeInto(t, ctx, "q-usage-call", "30000")
	// The trial covers 1,000 minutes; entry (3,688) turns postpaid on; the
	// experience package's 300 minutes (6.6) are cheaper than overage (7.5);
	// the other 309,000 minutes are overage at 25 per 1,000 (7,717.5).
	waitJS(t, ctx, "the TRTC quote", quoteReady+` && (document.querySelector('#q-results [data-k="total"] dd')?.textContent || '').includes('11,412.1')`)
	plan := text(t, ctx, "#q-plan")
	if !strings.Contains(plan, "入门包") {
		t.Errorf("the TRTC plan should buy the entry package (入门包) to turn postpaid on; got %q", plan)
	}
	if got := text(t, ctx, `#q-results [data-k="payg-reason"]`); !strings.Contains(got, "入门包") {
		t.Errorf("pay-as-you-go should be explained as impossible on TRTC; got %q", got)
	}
	t.Logf("TRTC best plan: %s; total %s", plan, text(t, ctx, `#q-results [data-k="total"] dd`))
	if n := eval[int](t, ctx, `document.querySelectorAll('#q-packages tbody tr').length`); n != 5 {
		t.Errorf("package comparison rows: got %d, want the 5 purchasable TRTC packages", n)
	}
	// Charts are drawn once their box has a width (charts.js responsive).
	waitJS(t, ctx, "at least 2 charts drawn", `document.querySelectorAll('#q-results svg.chart').length >= 2`)

	// Month by month: 500, 400 and 300 minutes; the trial's 1,000 minutes
	// leave 200, and without a paid package they would not be served: the
	// experience package (300 minutes, 6.6) is the cheapest cover.
	do(t, ctx, "switching to month by month", chromedp.Click(chromedp.ID("q-mode-monthly")))
	typeInto(t, ctx, "q-months", "3")
	waitJS(t, ctx, "three month rows", `document.querySelectorAll('#q-monthly tbody tr').length === 3`)
	typeInto(t, ctx, "q-monthly-0-call", "500")
	typeInto(t, ctx, "q-monthly-1-call", "-400")
	waitJS(t, ctx, "the monthly cell error", `document.getElementById('q-monthly-1-call').getAttribute('aria-invalid') === 'true'`)
	checkFieldError(t, ctx, "q-monthly-1-call")
	typeInto(t, ctx, "q-monthly-1-call", "400")
	typeInto(t, ctx, "q-monthly-2-call", "300")
	waitJS(t, ctx, "the month-by-month quote", quoteReady+` && (document.querySelector('#q-results [data-k="total"] dd')?.textContent || '').includes('6.60')`)
	if got := text(t, ctx, "#q-plan"); !strings.Contains(got, "体验包") {
		t.Errorf("the month-by-month plan should buy the experience package; got %q", got)
	}
	screenshot(t, ctx, "quote-monthly-desktop")
	do(t, ctx, "back to minutes per month", chromedp.Click(chromedp.ID("q-mode-minutes")))

	// Agora, HD video: 24,000 minutes in one month pays off a 25k package
	// (break-even 23,750), 23,000 does not (docs/billing.md §4.7) — plus the monthly
	// 10,000 free minutes, applied first.
	choose(t, ctx, "q-catalog", "agora-2021-cny")
	typeInto(t, ctx, "q-months", "1")
	typeInto(t, ctx, "q-usage-rtc-hd", "34000")
	waitJS(t, ctx, "the Agora quote", quoteReady+` && !!document.querySelector('#q-plan tr[data-package="rtc.hd.25k"]') && (document.querySelector('#q-results [data-k="total"] dd')?.textContent || '').includes('665')`)
	if got := text(t, ctx, `#q-results [data-k="savings"] dd`); !strings.Contains(got, "7.00") {
		t.Errorf("savings vs pay as you go (672 − 665): got %q, want ¥7.00", got)
	}
	typeInto(t, ctx, "q-usage-rtc-hd", "33000")
	// 23,000 minutes past the free 10,000 cost 644.00 as overage, less than
	// the 665.00 package: buy nothing.
	waitJS(t, ctx, "the Agora pay-as-you-go quote", quoteReady+` && document.querySelector('#q-plan')?.tagName === 'P' && (document.querySelector('#q-results [data-k="total"] dd')?.textContent || '').includes('644.00')`)

	// Calls: 4 participants at 1280×720 are billed 2K (docs/billing.md §5.3).
	do(t, ctx, "switching to calls", chromedp.Click(chromedp.ID("q-mode-calls")))
	typeInto(t, ctx, "q-calls-0-participants", "4")
	choose(t, ctx, "q-calls-0-res", "1280x720")
	waitJS(t, ctx, "the calls quote", quoteReady+` && !!document.querySelector('#q-results table.derivation')`)
	if got := text(t, ctx, "#q-results table.derivation tbody"); !strings.Contains(got, "2K") || !strings.Contains(got, "2,764,800") {
		t.Errorf("4 × 1280×720 should derive the 2K tier at 2,764,800 pixels; got %q", got)
	}
	screenshot(t, ctx, "quote-calls-desktop")
}

func TestLanguageSwitch(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	if got := text(t, ctx, "#tab-quote"); got != "报价" {
		t.Errorf("default language: tab reads %q, want 报价", got)
	}
	click(t, ctx, "lang-toggle")
	waitJS(t, ctx, "English", `document.documentElement.lang === 'en'`)
	for sel, want := range map[string]string{
		"#tab-quote":                    "Quote",
		"#tab-statement":                "Statement",
		`label[for="q-start"]`:          "First month",
		`label[for="q-catalog"]`:        "Price list",
		"#q-form-title":                 "Usage",
		`#q-catalog option:first-child`: "",
	} {
		if want == "" {
			continue
		}
		if got := text(t, ctx, sel); got != want {
			t.Errorf("%s: got %q, want %q", sel, got, want)
		}
	}
	if got := eval[string](t, ctx, `[...document.getElementById('q-catalog').options].map(o => o.textContent).join(' | ')`); !strings.Contains(got, "Tencent Cloud") {
		t.Errorf("catalog names should be in English; got %q", got)
	}
	click(t, ctx, "tab-statement")
	waitJS(t, ctx, "the English statement", `(document.getElementById('st-form-title')?.textContent || '') === 'Purchases and usage'`)
	click(t, ctx, "lang-toggle")
	waitJS(t, ctx, "Chinese again", `document.documentElement.lang === 'zh-CN' && document.getElementById('tab-statement').textContent === '账单'`)
}

func TestBadInput(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	enterSeed002(t, ctx)
	waitTotals(t, ctx, "3,713.025")

	// Negative minutes: the error sits next to that amount field.
	typeInto(t, ctx, "st-u-0-amount", "-5")
	waitJS(t, ctx, "the amount error", `document.getElementById('st-u-0-amount').getAttribute('aria-invalid') === 'true'`)
	checkFieldError(t, ctx, "st-u-0-amount")
	if got := eval[string](t, ctx, `document.getElementById('st-u-0-err').getAttribute('aria-live')`); got == "" {
		t.Errorf("the field error is not an aria-live region")
	}
	typeInto(t, ctx, "st-u-0-amount", "199.5")
	waitTotals(t, ctx, "3,713.025")

	// A date that does not exist.
	typeInto(t, ctx, "st-p-0-date", "2019-02-30")
	waitJS(t, ctx, "the date error", `document.getElementById('st-p-0-date').getAttribute('aria-invalid') === 'true'`)
	checkFieldError(t, ctx, "st-p-0-date")
	// Not a number at all.
	typeInto(t, ctx, "st-p-0-date", "2019-08-01")
	typeInto(t, ctx, "st-u-1-amount", "abc")
	waitJS(t, ctx, "the amount error", `document.getElementById('st-u-1-amount').getAttribute('aria-invalid') === 'true'`)
	// Fixing it brings the results back, errors gone.
	typeInto(t, ctx, "st-u-1-amount", "3108030")
	waitTotals(t, ctx, "3,713.025")
	if n := eval[int](t, ctx, `document.querySelectorAll('#st-form [aria-invalid="true"]').length`); n != 0 {
		t.Errorf("%d fields still marked invalid after the fix", n)
	}

	// Quote view: a horizon out of range, then a valid one.
	click(t, ctx, "tab-quote")
	typeInto(t, ctx, "q-months", "99")
	waitJS(t, ctx, "the months error", `document.getElementById('q-months').getAttribute('aria-invalid') === 'true'`)
	checkFieldError(t, ctx, "q-months")
	typeInto(t, ctx, "q-start", "2026-13")
	typeInto(t, ctx, "q-months", "6")
	waitJS(t, ctx, "the start error", `document.getElementById('q-start').getAttribute('aria-invalid') === 'true'`)
	typeInto(t, ctx, "q-start", "2026-01")
	waitJS(t, ctx, "a valid quote", quoteReady)

	// A state hash that is garbage does not break the page.
	do(t, ctx, "loading a bad hash", chromedp.Navigate(server.URL+"/#s=%7Bnot-json"), chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #app`)))
	do(t, ctx, "loading a hostile hash", chromedp.Navigate(server.URL+"/#s="+`%7B%22view%22%3A%22statement%22%2C%22statement%22%3A%7B%22usage%22%3A%5B%7B%22month%22%3A%22%3Cimg%20src%3Dx%3E%22%2C%22amount%22%3A1%7D%5D%7D%7D`), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #app`)))
	waitJS(t, ctx, "the statement after a hostile hash", `!document.getElementById('view-statement').hidden && !!document.getElementById('st-u-0-month')`)
	if n := eval[int](t, ctx, `document.querySelectorAll('#app img').length`); n != 0 {
		t.Errorf("text from the hash became markup: %d img elements", n)
	}
}

func TestKeyboard(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	// The quote in, first: its results, drawn while the walk goes on, would
	// replace a focused control in them (focus falls back to the body).
	waitJS(t, ctx, "the quote", `!!document.getElementById('q-usage-call') && `+quoteReady)
	seen := map[string]bool{}
	var order []string
	do(t, ctx, "focusing the document", chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`))
	for i := 0; i < 40; i++ {
		do(t, ctx, "pressing Tab", chromedp.KeyEvent(kb.Tab))
		id := eval[string](t, ctx, `document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : ''`)
		if !seen[id] {
			seen[id] = true
			order = append(order, id)
		}
		// Focus is visible: an outline (or box-shadow) is drawn.
		vis := eval[bool](t, ctx, `(() => { const el = document.activeElement; if (!el || el === document.body) return true; const s = getComputedStyle(el); return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; })()`)
		if !vis {
			t.Errorf("focused element %s has no visible focus indicator", id)
		}
	}
	for _, want := range []string{"tab-quote", "tab-compare", "tab-statement", "lang-toggle", "q-catalog", "q-start", "q-months", "q-trial", "q-usage-call"} {
		if !seen[want] {
			t.Errorf("Tab never reached #%s; reached %v", want, order)
		}
	}
	// Tabs are buttons: Enter on a focused tab switches the view.
	do(t, ctx, "focusing the statement tab", chromedp.Focus(chromedp.ID("tab-statement")), chromedp.KeyEvent(kb.Enter))
	waitJS(t, ctx, "the statement view", `!document.getElementById('view-statement').hidden`)
	// Every control has a label.
	unlabelled := eval[[]string](t, ctx, `[...document.querySelectorAll('input, select, textarea, button')].filter(el => !el.hidden && el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim()).map(el => el.id || el.outerHTML.slice(0, 60))`)
	if len(unlabelled) > 0 {
		t.Errorf("controls without a label: %v", unlabelled)
	}
}

func TestCompare(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	click(t, ctx, "tab-compare")
	typeInto(t, ctx, "c-start", "2026-01")
	typeInto(t, ctx, "c-months", "12")
	waitJS(t, ctx, "both columns", compareReady+` && !!document.getElementById('c-verdict')`)
	cols := eval[[]string](t, ctx, `[...document.querySelectorAll('#c-results .compare-col [data-k="total"] dd')].map(e => e.textContent)`)
	for _, c := range cols {
		if !strings.Contains(c, "¥") {
			t.Errorf("compare total %q is not money", c)
		}
	}
	t.Logf("compare: %s; totals %v", text(t, ctx, "#c-verdict"), cols)
}

// TestScreenshots writes each view at desktop and phone width.
func TestScreenshots(t *testing.T) {
	for _, sz := range screens {
		t.Run(sz.name, func(t *testing.T) {
			ctx := openPage(t, sz.w, sz.h, "/")
			typeInto(t, ctx, "q-start", "2026-01")
			waitJS(t, ctx, "the quote", quoteReady)
			settle(t, ctx)
			screenshot(t, ctx, "quote-"+sz.name)
			click(t, ctx, "tab-compare")
			typeInto(t, ctx, "c-start", "2026-01")
			waitJS(t, ctx, "the comparison", compareReady)
			settle(t, ctx)
			screenshot(t, ctx, "compare-"+sz.name)
			click(t, ctx, "tab-statement")
			click(t, ctx, "st-example")
			waitTotals(t, ctx, "3,713.025")
			settle(t, ctx)
			screenshot(t, ctx, "statement-"+sz.name)
			if sz.name == "desktop" {
				click(t, ctx, "lang-toggle")
				click(t, ctx, "tab-quote")
				waitJS(t, ctx, "the English quote", `document.documentElement.lang === 'en' && `+quoteReady)
				settle(t, ctx)
				screenshot(t, ctx, "quote-desktop-en")
			}
			// Nothing is wider than the viewport.
			if over := eval[int](t, ctx, `document.documentElement.scrollWidth - window.innerWidth`); over > 0 {
				t.Errorf("the page is %dpx wider than the %dpx viewport", over, sz.w)
			}
		})
	}
}

// settle waits for what the page draws in animation frames: a chart is
// drawn in the frame after its box is attached, and again in the frame
// after a resize of its box (charts.js responsive: a ResizeObserver
// schedules the redraw with requestAnimationFrame). Two frames of the
// page's own, after the answer is in, have run both.
func settle(t *testing.T, ctx context.Context) {
	t.Helper()
	evalAsync[bool](t, ctx, `new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))`)
}

// TestLoadTiming logs navigation-to-first-quote of the page against
// navigation-to-ready of a page that loads only the floor module.
func TestLoadTiming(t *testing.T) {
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	ensureFloor(t)
	var page, ready, cats, floor []float64
	for i := 0; i < 3; i++ {
		m := measure(t, "/", `html[data-first-quote]`, "rtcprice:first-quote", "rtcprice:calc-ready", "rtcprice:form")
		page, ready, cats = append(page, m[0]), append(ready, m[1]), append(cats, m[2])
		floor = append(floor, measure(t, "/__floor/", `html[data-ready="true"]`, "floor:ready")[0])
	}
	p, f := median(page), median(floor)
	t.Logf("navigation to first quote rendered: %.0f ms (runs %s)", p, runs(page))
	t.Logf("  of which: form drawn %.0f ms, calc.wasm ready %.0f ms", median(cats), median(ready))
	t.Logf("navigation to floor module ready:   %.0f ms (runs %s)", f, runs(floor))
	if f > 0 {
		t.Logf("ratio page/floor: %.2f", p/f)
	}
}

// measure loads path in a fresh tab, waits for ready and returns the
// start times (ms from navigation) of the performance marks.
func measure(t *testing.T, path, ready string, marks ...string) []float64 {
	t.Helper()
	plog := &pageLog{}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithListener(plog.listen))
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(server.URL+path), chromedp.WaitReady(chromedp.CSS(ready))); err != nil {
		t.Fatalf("loading %s: %v", path, err)
	}
	var out []float64
	for _, mark := range marks {
		ms := eval[float64](t, ctx, fmt.Sprintf(`performance.getEntriesByName(%q)[0]?.startTime ?? -1`, mark))
		if ms < 0 {
			t.Fatalf("%s: no performance mark %s", path, mark)
		}
		out = append(out, ms)
	}
	plog.checkAt(t, server.URL)
	return out
}

func runs(xs []float64) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprintf("%.0f", x)
	}
	return strings.Join(s, ", ")
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}
