//go:build browser

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// fieldPath matches a request field path (usage[0].minutes, calls[0].record,
// usage.rtc-hd) as the engine names fields; no user should ever read one.
var fieldPath = regexp.MustCompile(`[A-Za-z]+\[\d+\]|\b(usage|monthly|calls|purchases|catalog|months|start|end|trial)\.[a-z]`)

// englishWord matches a lowercase English word: the engine's developer
// messages are made of them, the Chinese page's messages never are (a
// value the user typed, quoted “…”, aside: see ownWords).
var englishWord = regexp.MustCompile(`[a-z]{3,}`)

// quoted matches the user's own input quoted in a message.
var quoted = regexp.MustCompile(`“[^”]*”`)

// ownWords is a message without the user's own input quoted in it.
func ownWords(s string) string { return quoted.ReplaceAllString(s, "") }

// checkFieldError: the control with id is marked invalid and the error at
// it names it by its on-screen label, in the page's language, with no field
// path (and, on the Chinese page, no English words).
func checkFieldError(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	waitJS(t, ctx, "the error at #"+id, fmt.Sprintf(`document.getElementById(%q)?.getAttribute('aria-invalid') === 'true'`, id))
	var got struct{ Label, Text, Lang string }
	raw := eval[string](t, ctx, fmt.Sprintf(`(() => {
		const el = document.getElementById(%q);
		const slot = document.getElementById(el.getAttribute('data-error-slot') || el.id + '-err');
		const label = ((el.labels && el.labels[0]) ? el.labels[0].textContent : '').replace(/[:：]\s*$/, '').trim();
		return JSON.stringify({label, text: slot ? slot.textContent : '', lang: document.documentElement.lang});
	})()`, id))
	if err := json.Unmarshal([]byte(raw), &got); err != nil {
		t.Fatal(err)
	}
	if got.Text == "" || got.Label == "" || !strings.Contains(got.Text, got.Label) {
		t.Errorf("#%s: the error %q should name the field by its label %q", id, got.Text, got.Label)
	}
	if m := fieldPath.FindString(got.Text); m != "" {
		t.Errorf("#%s: the error %q shows a field path (%s)", id, got.Text, m)
	}
	if got.Lang == "zh-CN" {
		if m := englishWord.FindString(ownWords(got.Text)); m != "" {
			t.Errorf("#%s: the Chinese error %q has English text (%s)", id, got.Text, m)
		}
	}
	return got.Text
}

// setLang switches the page to lang ("zh-CN" or "en") with its button.
func setLang(t *testing.T, ctx context.Context, lang string) {
	t.Helper()
	if eval[string](t, ctx, `document.documentElement.lang`) != lang {
		click(t, ctx, "lang-toggle")
	}
	waitJS(t, ctx, "the page in "+lang, fmt.Sprintf(`document.documentElement.lang === %q`, lang))
}

// quoteIn shows the quote view in lang ("" keeps the page's) on the price
// list cat, usage entered as mode ("minutes" or "calls").
func quoteIn(t *testing.T, ctx context.Context, lang, cat, mode string) {
	t.Helper()
	if lang != "" {
		setLang(t, ctx, lang)
	}
	click(t, ctx, "tab-quote")
	choose(t, ctx, "q-catalog", cat)
	do(t, ctx, "usage as "+mode, chromedp.Click(chromedp.ID("q-mode-"+mode)))
}

// recordedCalls enters the quote's calls as 1,000 calls a month of 4
// participants at 1280×720, cloud recording ticked.
func recordedCalls(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, "switching to calls", chromedp.Click(chromedp.ID("q-mode-calls")))
	typeInto(t, ctx, "q-calls-0-participants", "4")
	choose(t, ctx, "q-calls-0-res", "1280x720")
	typeInto(t, ctx, "q-calls-0-perMonth", "1,000")
	if !eval[bool](t, ctx, `document.getElementById('q-calls-0-record').checked`) {
		click(t, ctx, "q-calls-0-record")
	}
}

// compareRecordedCalls opens the comparison, which starts from the
// quote's calls (recordedCalls), once both columns are in (extra: what
// else it must show).
func compareRecordedCalls(t *testing.T, ctx context.Context, extra string) {
	t.Helper()
	click(t, ctx, "tab-compare")
	if got := eval[string](t, ctx, `document.getElementById('c-calls-0-participants').value + '|' + document.getElementById('c-calls-0-perMonth').value + '|' + document.getElementById('c-calls-0-record').checked`); got != "4|1,000|true" {
		t.Errorf("the comparison should start from the quote's calls; got %s", got)
	}
	waitJS(t, ctx, "both columns", compareReady+extra)
}

// compareReady: both columns of the comparison, for the input as it is.
const compareReady = `document.querySelectorAll('#c-results .compare-col').length === 2 && !document.getElementById('c-results').hasAttribute('aria-busy') && !document.getElementById('c-results').classList.contains('stale')`

// TestErrorReasonsInLanguage: for a sample of refusals (a horizon of 99
// months, a month that does not exist, negative usage, an unknown package,
// a bad price in a custom list, an unknown catalog, not a number), the
// page's message in each language is its own (never the engine's English
// message), carries no field path, and on the Chinese page no English.
func TestErrorReasonsInLanguage(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		t.Run(lang, func(t *testing.T) { errorReasonsIn(t, lang) })
	}
}

// errorReasonsIn runs TestErrorReasonsInLanguage's checks on a page of its
// own in one language (a page's browser context lasts 60 s).
func errorReasonsIn(t *testing.T, lang string) {
	ctx := openPage(t, 1280, 900, "/")
	cases := []struct{ name, fn, req string }{
		{"months 99", "quote", `{"catalog":"trtc-2019-cny","start":"2026-01","months":99,"usage":{"call":"30000"}}`},
		{"bad month", "quote", `{"catalog":"trtc-2019-cny","start":"2026-13","months":12,"usage":{"call":"30000"}}`},
		{"negative usage", "quote", `{"catalog":"trtc-2019-cny","start":"2026-01","months":12,"usage":{"call":"-400"}}`},
		{"not a number", "quote", `{"catalog":"trtc-2019-cny","start":"2026-01","months":12,"usage":{"call":"NaN"}}`},
		{"unknown catalog", "quote", `{"catalog":"nope","start":"2026-01","months":12,"usage":{"call":"1"}}`},
		{"recording not sold", "quote", `{"catalog":"trtc-2019-cny","start":"2026-01","months":12,"calls":[{"perMonth":10,"participants":2,"minutes":30,"record":true}]}`},
		{"unknown package", "simulate", `{"catalog":"trtc-2019-cny","start":"2019-07","end":"2019-08","purchases":[{"package":"gold","date":"2019-08-01"}],"usage":[]}`},
		{"bad date", "simulate", `{"catalog":"trtc-2019-cny","start":"2019-07","end":"2019-08","purchases":[{"package":"entry","date":"2019-02-30"}],"usage":[]}`},
	}
	// A custom price list with a bad price: a copy of TRTC's with "abc".
	custom := evalAsync[string](t, ctx, `window.rtcprice.catalogs().then((env) => {
		const c = structuredClone(env.result.catalogs.find((x) => x.id === 'trtc-2019-cny'));
		c.id = 'mine'; c.packages[1].price = '-3,688';
		for (const p of c.packages) delete p.per1000;
		return JSON.stringify({catalog: c, start: '2026-01', months: 12, usage: {call: '30000'}});
	})`)
	cases = append(cases, struct{ name, fn, req string }{"bad custom-list price", "quote", custom})
	{
		setLang(t, ctx, lang)
		for _, c := range cases {
			raw := evalAsync[string](t, ctx, fmt.Sprintf(`(async () => {
				const env = await window.rtcprice[%q](JSON.parse(%q));
				const m = await import('./js/errors.js');
				return JSON.stringify({ok: env.ok, error: env.error, text: env.ok ? '' : m.message(env.error)});
			})()`, c.fn, c.req))
			var got struct {
				OK    bool
				Error struct{ Code, Field, Reason, Message string }
				Text  string
			}
			if err := json.Unmarshal([]byte(raw), &got); err != nil {
				t.Fatal(err)
			}
			if got.OK {
				t.Errorf("%s: the engine accepted %s", c.name, c.req)
				continue
			}
			e := got.Error
			t.Logf("%s %s: %s/%s at %q -> %q", lang, c.name, e.Code, e.Reason, e.Field, got.Text)
			if got.Text == "" {
				t.Errorf("%s %s: no message", lang, c.name)
			}
			if e.Message != "" && strings.Contains(got.Text, e.Message) {
				t.Errorf("%s %s: the message %q shows the engine's %q", lang, c.name, got.Text, e.Message)
			}
			if e.Field != "" && strings.ContainsAny(e.Field, ".[") && strings.Contains(got.Text, e.Field) {
				t.Errorf("%s %s: the message %q shows the field path %q", lang, c.name, got.Text, e.Field)
			}
			if m := fieldPath.FindString(got.Text); m != "" {
				t.Errorf("%s %s: the message %q shows a field path (%s)", lang, c.name, got.Text, m)
			}
			if lang == "zh-CN" {
				if m := englishWord.FindString(ownWords(got.Text)); m != "" {
					t.Errorf("%s %s: the Chinese message %q has English text (%s)", lang, c.name, got.Text, m)
				}
			}
		}
		// The same refusals on the page, at their controls.
		click(t, ctx, "tab-quote")
		choose(t, ctx, "q-catalog", "trtc-2019-cny")
		do(t, ctx, "minutes per month", chromedp.Click(chromedp.ID("q-mode-minutes")))
		typeInto(t, ctx, "q-start", "2026-01")
		typeInto(t, ctx, "q-usage-call", "30000")
		typeInto(t, ctx, "q-months", "99")
		checkFieldError(t, ctx, "q-months")
		typeInto(t, ctx, "q-months", "12")
		typeInto(t, ctx, "q-start", "2026-13")
		checkFieldError(t, ctx, "q-start")
		typeInto(t, ctx, "q-start", "2026-01")
		typeInto(t, ctx, "q-usage-call", "-400")
		checkFieldError(t, ctx, "q-usage-call")
		typeInto(t, ctx, "q-usage-call", "3,00")
		checkFieldError(t, ctx, "q-usage-call")
		typeInto(t, ctx, "q-usage-call", "30000")
		waitJS(t, ctx, "a quote again", quoteReady)
		// The damaged-link notice follows the language too.
		do(t, ctx, "a damaged link", chromedp.Evaluate[chromedp.Void](`location.hash = '#s=1.AAAA'`))
		waitJS(t, ctx, "the damaged-link notice", `!!document.querySelector('#notices [data-notice="link"]')`)
	}
	// The notice follows a switch of language, both ways.
	for _, l := range []string{"zh-CN", "en", "zh-CN"} {
		setLang(t, ctx, l)
		got := text(t, ctx, `#notices [data-notice="link"] p`)
		if l == "zh-CN" && (englishWord.MatchString(got) || got == "") {
			t.Errorf("the damaged-link notice on the Chinese page: %q", got)
		}
		if l == "en" && !strings.Contains(got, "link") {
			t.Errorf("the damaged-link notice on the English page: %q", got)
		}
	}
}

// TestCompareRecordedCalls: the comparison starts from the quote's calls;
// with cloud recording ticked, TRTC (no recording meter) is priced for the
// calls alone and its card says recording is not included, never an
// error; bad input leaves no verdict or numbers looking current.
func TestCompareRecordedCalls(t *testing.T) {
	for _, size := range screens {
		ctx := openPage(t, size.w, size.h, "/")
		for _, lang := range []string{"zh-CN", "en"} {
			quoteIn(t, ctx, lang, "agora-2021-cny", "calls")
			recordedCalls(t, ctx)
			waitJS(t, ctx, "the recorded-calls quote", quoteReady)
			compareRecordedCalls(t, ctx, ` && !!document.getElementById('c-verdict')`)
			if n := eval[int](t, ctx, `document.querySelectorAll('#c-results .callout.bad, #c-form [aria-invalid="true"]').length`); n != 0 {
				t.Errorf("%s: recorded calls on TRTC should not be an error; %d errors shown: %s", lang, n, text(t, ctx, "#c-results"))
			}
			trtc := text(t, ctx, `#c-results [data-catalog="trtc-2019-cny"] [data-k="not-included"]`)
			if strings.HasPrefix(trtc, "<missing") || !strings.Contains(trtc, map[string]string{"zh-CN": "云端录制", "en": "recording"}[lang]) {
				t.Errorf("%s: the TRTC card should say recording is not included; got %q", lang, trtc)
			}
			if n := eval[int](t, ctx, `document.querySelectorAll('#c-results [data-catalog="agora-2021-cny"] [data-k="not-included"]').length`); n != 0 {
				t.Errorf("%s: Agora sells recording; its card should not say it is missing", lang)
			}
			if got := text(t, ctx, `#c-verdict [data-k="unlike"]`); strings.HasPrefix(got, "<missing") {
				t.Errorf("%s: the verdict should say the lists price different services", lang)
			}
			for _, cat := range []string{"agora-2021-cny", "trtc-2019-cny"} {
				if got := text(t, ctx, `#c-results [data-catalog="`+cat+`"] [data-k="total"] dd`); !strings.ContainsAny(got, "0123456789") {
					t.Errorf("%s: %s total %q", lang, cat, got)
				}
			}
			screenshot(t, ctx, fmt.Sprintf("compare-recorded-%s-%s", map[string]string{"zh-CN": "zh", "en": "en"}[lang], size.name))
			// Bad input: no verdict, and the old numbers say they are old.
			typeInto(t, ctx, "c-months", "99")
			checkFieldError(t, ctx, "c-months")
			waitJS(t, ctx, "stale results", `document.getElementById('c-results').classList.contains('stale') && !document.getElementById('c-verdict') && !!document.querySelector('#c-results .stale-note')`)
			typeInto(t, ctx, "c-months", "12")
			waitJS(t, ctx, "current results", `!!document.getElementById('c-verdict') && !document.querySelector('#c-results .stale-note')`)
		}
	}
}

// TestQuoteCalculation: the summary figures, the plan and the month details
// open into exact arithmetic in the page's language (TRTC, 30,000 minutes
// a month for 12 months from 2026-01, new account: the entry package, the
// experience package, and 308,700 overage minutes at 25 per 1,000).
func TestQuoteCalculation(t *testing.T) {
	for _, size := range screens {
		ctx := openPage(t, size.w, size.h, "/")
		for _, lang := range []string{"zh-CN", "en"} {
			quoteIn(t, ctx, lang, "trtc-2019-cny", "minutes")
			typeInto(t, ctx, "q-start", "2026-01")
			typeInto(t, ctx, "q-months", "12")
			if !eval[bool](t, ctx, `document.getElementById('q-trial').checked`) {
				click(t, ctx, "q-trial")
			}
			// 3万 is 30,000 minutes, exactly.
			typeInto(t, ctx, "q-usage-call", map[string]string{"zh-CN": "3万", "en": "30,000"}[lang])
			waitJS(t, ctx, "the TRTC quote", quoteReady+` && (document.querySelector('#q-results [data-k="total"] dd')?.textContent || '').includes('11,412.1')`)
			calc := func(sel string) string {
				t.Helper()
				return eval[string](t, ctx, fmt.Sprintf(`(() => { const d = document.querySelector(%q); if (!d) return '<missing>'; d.open = true; return d.querySelector('.calc-lines').textContent; })()`, sel))
			}
			min := map[string]string{"zh-CN": "分钟", "en": "min"}[lang]
			checks := []struct{ sel, want string }{
				{`#q-results [data-k="total"] details.calc`, "= ¥11,412.10"},
				{`#q-results [data-k="total"] details.calc`, "¥3,694.60"},
				{`#q-results [data-k="prepaid"] details.calc`, "¥3,688.00 + ¥6.60 = ¥3,694.60"},
				{`#q-results [data-k="postpaid"] details.calc`, "308,700 " + min + " × ¥25.00 / 1,000 " + min + " = ¥7,717.50"},
				{`#q-plan tr[data-package="experience"] details.calc`, "¥6.60"},
				{`#q-plan tr[data-package="experience"] details.calc`, "300 " + min + " × ¥25.00 / 1,000 " + min + " = ¥7.50"},
			}
			for _, c := range checks {
				if got := calc(c.sel); !strings.Contains(got, c.want) {
					t.Errorf("%s: %s should show %q; got %q", lang, c.sel, c.want, got)
				}
			}
			if got := text(t, ctx, `#q-plan tr[data-package="experience"] [data-k="saving"]`); !strings.Contains(got, "0.90") {
				t.Errorf("%s: the experience package saves ¥0.90 against overage (¥7.50 − ¥6.60); got %q", lang, got)
			}
			if got := text(t, ctx, `#q-results table.months tfoot [data-k="overageMinutes"]`); got != "308,700" {
				t.Errorf("%s: the period's overage minutes: got %q, want 308,700 (360,000 − 1,000 trial − 50,000 entry − 300 experience)", lang, got)
			}
			// A month's overage cost: 30,000 minutes at 25 per 1,000 in December.
			got := eval[string](t, ctx, `(() => { const m = document.querySelector('#q-results details.month[data-month="2026-12"]'); m.open = true; m.dispatchEvent(new Event('toggle')); const d = m.querySelector('[data-k="overageCost"] details.calc'); if (!d) return '<missing>'; d.open = true; return d.textContent; })()`)
			if !strings.Contains(got, " × ¥25.00 / 1,000 "+min+" = ¥") {
				t.Errorf("%s: December's overage cost should open into minutes × rate / 1,000; got %q", lang, got)
			}
			shotOf(t, ctx, "#q-results section.best", fmt.Sprintf("quote-calculation-%s-%s", map[string]string{"zh-CN": "zh", "en": "en"}[lang], size.name))
		}
	}
}

// TestBreakEvenChart: Agora, 200 calls a month of 4 participants at
// 1280×720 for 30 minutes (24,000 minutes a month on 2K video, 10,000 of
// them free): the chart's marker counts minutes net of the free ones, as
// its lines and its note do (14,000 × 12 = 168,000); pay as you go is
// drawn last, dashed, over package lines drawn wide to narrow; the
// marker's label stays inside the chart; months on axes read 2026-11.
func TestBreakEvenChart(t *testing.T) {
	for _, size := range screens {
		ctx := openPage(t, size.w, size.h, "/")
		for _, lang := range []string{"zh-CN", "en"} {
			quoteIn(t, ctx, lang, "agora-2021-cny", "calls")
			typeInto(t, ctx, "q-start", "2026-11")
			typeInto(t, ctx, "q-months", "12")
			typeInto(t, ctx, "q-calls-0-perMonth", "200")
			typeInto(t, ctx, "q-calls-0-participants", "4")
			typeInto(t, ctx, "q-calls-0-minutes", "30")
			choose(t, ctx, "q-calls-0-res", "1280x720")
			if eval[bool](t, ctx, `document.getElementById('q-calls-0-record').checked`) {
				click(t, ctx, "q-calls-0-record")
			}
			waitJS(t, ctx, "the Agora calls quote", quoteReady+` && !!document.querySelector('#q-results .be svg.chart .usage-label')`)
			if got := text(t, ctx, `#q-results .be .usage-label`); !strings.Contains(got, "168,000") {
				t.Errorf("%s %s: the marker should count 168,000 minutes net of the free ones; got %q", lang, size.name, got)
			}
			if got := text(t, ctx, `#q-results .be [data-k="basis"]`); !strings.Contains(got, map[string]string{"zh-CN": "免费分钟", "en": "free minutes"}[lang]) {
				t.Errorf("%s: the chart's note should state its basis (net of free minutes); got %q", lang, got)
			}
			raw := eval[string](t, ctx, `(() => {
				const svg = document.querySelector('#q-results .be svg.chart');
				const lines = [...svg.querySelectorAll('polyline.line.series')];
				const label = svg.querySelector('.usage-label').getBBox();
				const months = [...document.querySelectorAll('#q-results svg.chart .axis.x text')].map((x) => x.textContent);
				return JSON.stringify({
					order: lines.map((l) => l.getAttribute('data-series')),
					widths: lines.map((l) => parseFloat(getComputedStyle(l).strokeWidth)),
					dashed: lines.map((l) => getComputedStyle(l).strokeDasharray !== 'none'),
					label: [label.x, label.x + label.width], width: svg.viewBox.baseVal.width,
					months,
				});
			})()`)
			var got struct {
				Order  []string
				Widths []float64
				Dashed []bool
				Label  []float64
				Width  float64
				Months []string
			}
			if err := json.Unmarshal([]byte(raw), &got); err != nil {
				t.Fatal(err)
			}
			n := len(got.Order)
			if n < 2 || got.Order[n-1] != "payg" || !got.Dashed[n-1] {
				t.Errorf("%s %s: pay as you go should be drawn last, dashed: %+v", lang, size.name, got)
			}
			for i := 1; i < n-1; i++ {
				if got.Widths[i] > got.Widths[i-1] {
					t.Errorf("%s %s: package lines should be drawn wide to narrow: %v", lang, size.name, got.Widths)
				}
			}
			if got.Label[0] < 0 || got.Label[1] > got.Width {
				t.Errorf("%s %s: the marker's label %v is cut by the chart (0..%v)", lang, size.name, got.Label, got.Width)
			}
			for _, m := range got.Months {
				if regexp.MustCompile(`^[A-Z][a-z]{2} \d{2}$|^\d{2}年`).MatchString(m) {
					t.Errorf("%s: the month label %q is ambiguous; want 2026-11", lang, m)
				}
			}
			if !strings.Contains(strings.Join(got.Months, " "), "2026-11") {
				t.Errorf("%s: the first month should read 2026-11; labels %v", lang, got.Months)
			}
			shotOf(t, ctx, "#q-results .be", fmt.Sprintf("breakeven-agora-calls-%s-%s", map[string]string{"zh-CN": "zh", "en": "en"}[lang], size.name))
		}
	}
}

// shotOf writes a PNG of the element matching sel under
// testout/screenshots (name.png).
func shotOf(t *testing.T, ctx context.Context, sel, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("screenshot of %s: %v", sel, err)
	}
	dir := filepath.Join("..", "testout", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestExports: a quote and a comparison export as CSV with exact figures
// (the plan's savings against overage, what a list does not include), and
// read as text.
func TestExports(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	quoteIn(t, ctx, "en", "trtc-2019-cny", "minutes")
	typeInto(t, ctx, "q-start", "2026-01")
	typeInto(t, ctx, "q-months", "12")
	if !eval[bool](t, ctx, `document.getElementById('q-trial').checked`) {
		click(t, ctx, "q-trial")
	}
	typeInto(t, ctx, "q-usage-call", "30 000")
	waitJS(t, ctx, "the TRTC quote", quoteReady+` && (document.querySelector('#q-results [data-k="total"] dd')?.textContent || '').includes('11,412.1')`)
	quote := downloadCSV(t, ctx, "q-export")
	for _, want := range []string{
		"rtcprice quote,trtc-2019-cny,CNY,2026-01,2026-12",
		"best_total,11412.1\r\n", "prepaid,3694.6\r\n", "postpaid,7717.5\r\n",
		"2026-01-01,entry,call,1,3688,3688,50000,1250,-2438\r\n",
		"2026-12-01,experience,call,1,6.6,6.6,300,7.5,0.9\r\n",
		"every,call,30000\r\n",
		"2026-12,call,30000,0,300,P2:300,29700,742.5,0\r\n",
	} {
		if !strings.Contains(quote, want) {
			t.Errorf("the quote CSV should contain %q; got\n%s", want, quote)
		}
	}
	if name := eval[string](t, ctx, `document.getElementById('q-export').getAttribute('download')`); !strings.HasSuffix(name, ".csv") {
		t.Errorf("the export's file name: %q", name)
	}
	// The comparison: recorded calls, TRTC without recording.
	recordedCalls(t, ctx)
	compareRecordedCalls(t, ctx, ` && !!document.getElementById('c-export')`)
	cmpCSV := downloadCSV(t, ctx, "c-export")
	lines := strings.Split(cmpCSV, "\r\n")
	var agora, trtc string
	for _, l := range lines {
		if strings.HasPrefix(l, "agora-2021-cny,CNY,") {
			agora = l
		}
		if strings.HasPrefix(l, "trtc-2019-cny,CNY,") {
			trtc = l
		}
	}
	if agora == "" || strings.HasSuffix(agora, "recording,") {
		t.Errorf("the comparison CSV's Agora line: %q\n%s", agora, cmpCSV)
	}
	if !strings.HasSuffix(trtc, ",recording,") {
		t.Errorf("the comparison CSV's TRTC line should say recording is not included: %q\n%s", trtc, cmpCSV)
	}
	// Both exports, opened as text.
	for name, text := range map[string]string{"export-quote-csv": quote, "export-compare-csv": cmpCSV} {
		lit, _ := json.Marshal(text)
		do(t, ctx, "showing the CSV as text", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
			const pre = document.createElement('pre');
			pre.id = 'csv-as-text';
			pre.style.cssText = 'margin:0;padding:12px;font:13px/1.45 monospace;white-space:pre;background:#fff';
			pre.textContent = %s;
			document.getElementById('csv-as-text')?.remove();
			document.body.prepend(pre);
		})()`, lit)))
		shotOf(t, ctx, "#csv-as-text", name)
	}
}

// downloadCSV clicks the link with id and returns the file it downloads.
func downloadCSV(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	_, b := download(t, ctx, allowDownloads(t, ctx), id, ".csv")
	return string(b)
}

// TestTablesNeverHideColumns: at 1280 px every table of a quote (Agora,
// several meters and packages) and of the statement fits its panel; on a
// phone a table that does not fit scrolls in a focusable, labelled region
// with a visible scrollbar.
func TestTablesNeverHideColumns(t *testing.T) {
	for _, size := range screens {
		ctx := openPage(t, size.w, size.h, "/")
		for _, lang := range []string{"zh-CN", "en"} {
			quoteIn(t, ctx, lang, "agora-2021-cny", "minutes")
			typeInto(t, ctx, "q-months", "12")
			typeInto(t, ctx, "q-usage-rtc-hd", "300,000")
			waitJS(t, ctx, "the Agora quote", quoteReady+` && !!document.querySelector('#q-plan tbody tr')`)
			checkTables(t, ctx, size.name+" "+lang+" quote", "#q-results", size.w > 600)
			click(t, ctx, "tab-statement")
			waitJS(t, ctx, "the statement", `!!document.querySelector('#view-statement table.lots tbody tr')`)
			checkTables(t, ctx, size.name+" "+lang+" statement", "#view-statement", size.w > 600)
		}
	}
}

func checkTables(t *testing.T, ctx context.Context, what, root string, mustFit bool) {
	t.Helper()
	raw := eval[string](t, ctx, fmt.Sprintf(`JSON.stringify([...document.querySelectorAll('%s table.data')].filter((x) => x.offsetParent).map((tb) => {
		const wrap = tb.closest('.table-wrap');
		const sb = wrap ? getComputedStyle(wrap, '::-webkit-scrollbar') : null;
		return {cls: tb.className, table: tb.scrollWidth, box: wrap ? wrap.clientWidth : -1,
			tabindex: wrap ? wrap.getAttribute('tabindex') : null, label: wrap ? (wrap.getAttribute('aria-label') || '') : '',
			role: wrap ? wrap.getAttribute('role') : null, overflow: wrap ? getComputedStyle(wrap).overflowX : ''};
	}))`, root))
	var tables []struct {
		Cls, Label, Overflow string
		Table, Box           int
		Tabindex, Role       *string
	}
	if err := json.Unmarshal([]byte(raw), &tables); err != nil {
		t.Fatal(err)
	}
	if len(tables) == 0 {
		t.Fatalf("%s: no tables", what)
	}
	for _, tb := range tables {
		fits := tb.Table <= tb.Box+1
		if mustFit && !fits {
			t.Errorf("%s: table %q is %dpx wide in a %dpx panel: columns are cut off", what, tb.Cls, tb.Table, tb.Box)
		}
		if !fits && (tb.Overflow != "auto" || tb.Tabindex == nil || *tb.Tabindex != "0" || tb.Role == nil || *tb.Role != "region" || tb.Label == "") {
			t.Errorf("%s: table %q (%dpx in %dpx) scrolls, but its box is not a focusable, labelled region: %+v", what, tb.Cls, tb.Table, tb.Box, tb)
		}
	}
}

// TestCallsPerDay: a profile counted per day is priced on the days of each
// calendar month: 10 calls a day of 2 participants for 30 minutes is 600
// minutes a day, 18,600 in January 2026 and 16,800 in February; the
// comparison prices the same.
func TestCallsPerDay(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	setLang(t, ctx, "en")
	choose(t, ctx, "q-catalog", "trtc-2019-cny")
	typeInto(t, ctx, "q-start", "2026-01")
	typeInto(t, ctx, "q-months", "2")
	if eval[bool](t, ctx, `document.getElementById('q-trial').checked`) {
		click(t, ctx, "q-trial")
	}
	do(t, ctx, "switching to calls", chromedp.Click(chromedp.ID("q-mode-calls")))
	choose(t, ctx, "q-calls-0-per", "day")
	waitJS(t, ctx, "the per-day label", `(document.querySelector('label[for="q-calls-0-perMonth"]')?.textContent || '') === 'Calls per day'`)
	typeInto(t, ctx, "q-calls-0-perMonth", "10")
	typeInto(t, ctx, "q-calls-0-participants", "2")
	typeInto(t, ctx, "q-calls-0-minutes", "30")
	if eval[bool](t, ctx, `document.getElementById('q-calls-0-record').checked`) {
		click(t, ctx, "q-calls-0-record")
	}
	// The quote of the typed profile (not one of the defaults', drawn
	// before the last keystroke was quoted).
	waitJS(t, ctx, "the per-day quote", quoteReady+` && !!document.querySelector('#q-results [data-k="daily"]') && (document.querySelector('#q-results table.months tr[data-month="2026-02"] td')?.textContent || '') === '16,800'`)
	for month, want := range map[string]string{"2026-01": "18,600", "2026-02": "16,800"} {
		if got := text(t, ctx, `#q-results table.months tr[data-month="`+month+`"] td`); got != want {
			t.Errorf("%s billed minutes: got %q, want %s", month, got, want)
		}
	}
	total := text(t, ctx, `#q-results [data-k="total"] dd`)
	click(t, ctx, "tab-compare")
	waitJS(t, ctx, "the comparison", compareReady)
	if got := text(t, ctx, `#c-results [data-catalog="trtc-2019-cny"] [data-k="total"] dd`); got != total {
		t.Errorf("the comparison's TRTC total %q should be the quote's %q", got, total)
	}
}
