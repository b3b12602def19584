//go:build browser

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rtcprice/rtcprice/internal/limitreq"
)

// reasonWords are words of each reason's sentence in each language
// (site/js/i18n-*.js): an error shown at a control says the right rule.
var reasonWords = map[string]map[string]string{
	"above_maximum":    {"zh-CN": "不能大于", "en": "at most"},
	"below_minimum":    {"zh-CN": "不能小于", "en": "at least"},
	"past_last_month":  {"zh-CN": "最后可计算的月份", "en": "last month"},
	"too_many_months":  {"zh-CN": "最多能计算", "en": "can be calculated"},
	"too_precise":      {"zh-CN": "位数太多", "en": "too many digits"},
	"text_too_long":    {"zh-CN": "太长了", "en": "Too long"},
	"too_many_lots":    {"zh-CN": "套餐包总数太多", "en": "in all"},
	"too_many_items":   {"zh-CN": "太多了", "en": "Too many"},
	"too_many_minutes": {"zh-CN": "每月分钟数太多", "en": "minutes a month"},
}

var nonDigits = regexp.MustCompile(`[^0-9]`)

// waitLong waits until expr is truthy, for up to two minutes (a page at a
// limit computes for a while on a loaded machine).
func waitLong(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(2*time.Minute))); err != nil {
		msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('.view:not([hidden]) .view-error')?.textContent || '') + ' | ' + [...document.querySelectorAll('.view:not([hidden]) .field-error')].map(e => e.textContent).filter(Boolean).join(' | ') + ' | quote total: ' + (document.querySelector('#q-results [data-k="total"] dd')?.textContent || '') + ' | statement total: ' + (document.querySelector('#st-totals [data-total="total"] dd')?.textContent || '')`))
		t.Fatalf("waiting for %s: %v; on the page: %s", what, err, msg)
	}
}

// refusedAt checks that the page shows, at the control id, the error of
// reason in lang, naming the control by its label and giving the limit
// (its digits, whatever the grouping).
func refusedAt(t *testing.T, ctx context.Context, lang, id, reason, limit string) {
	t.Helper()
	waitLong(t, ctx, "the error at #"+id, fmt.Sprintf(`document.getElementById(%q)?.getAttribute('aria-invalid') === 'true'`, id))
	got := checkFieldError(t, ctx, id)
	if w := reasonWords[reason][lang]; !strings.Contains(got, w) {
		t.Errorf("#%s: the error %q is not %s's (%q) in %s", id, got, reason, w, lang)
	}
	if d := nonDigits.ReplaceAllString(limit, ""); !strings.Contains(nonDigits.ReplaceAllString(got, ""), d) {
		t.Errorf("#%s: the error %q does not give the limit %s", id, got, limit)
	}
}

// clientAnswer is what the client answers req (export "quote" or
// "simulate"): its total as the page formats money, or "refused ...".
func clientAnswer(t *testing.T, ctx context.Context, export, req string) string {
	t.Helper()
	got := evalAsync[string](t, ctx, fmt.Sprintf(`(async () => {
		const env = await window.rtcprice[%q](JSON.parse(%q));
		if (!env.ok) return 'refused: ' + env.error.reason + ' at ' + env.error.field;
		const f = await import('./js/format.js');
		const r = env.result;
		return f.money(r.best ? r.best.total : r.totals.total, r.currency);
	})()`, export, req))
	if strings.HasPrefix(got, "refused") {
		t.Fatalf("the client %s: %s", got, req)
	}
	return got
}

// quoteShows waits until the quote view shows req's best total (the page
// computed the request the form makes, the test the one it means) and no
// control is marked invalid.
func quoteShows(t *testing.T, ctx context.Context, what, req string) {
	t.Helper()
	want := clientAnswer(t, ctx, "quote", req)
	waitLong(t, ctx, what+" priced ("+want+")", quoteReady+fmt.Sprintf(` && (document.querySelector('#q-results [data-k="total"] dd')?.textContent || '').includes(%q) && !document.querySelector('#view-quote [aria-invalid="true"]')`, want))
}

// statementShows waits until the statement view shows req's total.
func statementShows(t *testing.T, ctx context.Context, what, req string) {
	t.Helper()
	want := clientAnswer(t, ctx, "simulate", req)
	waitLong(t, ctx, what+" billed ("+want+")", fmt.Sprintf(`(document.querySelector('#st-totals [data-total="total"] dd')?.textContent || '').includes(%q) && !document.getElementById('st-results').classList.contains('stale') && !document.getElementById('st-results').hasAttribute('aria-busy') && !document.querySelector('#view-statement [aria-invalid="true"]')`, want))
}

// Every documented limit a page user can reach from a form control
// (docs/api.md, "Limits"), in each language: the value at the limit is
// priced (the page shows what the client answers for the request the
// test means), the value just past it is refused at its control, in the
// page's language, naming the control and giving the limit. (The
// custom price list's are TestPageCustomListLimits's; the statement's
// 100,000 usage rows, reached by a link or a CSV import, are
// statement_test's; the 1,000 purchase lines are tested at the API and
// through the client only.)
func TestPageLimits(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		t.Run(lang, func(t *testing.T) { pageLimitsIn(t, lang) })
	}
}

func pageLimitsIn(t *testing.T, lang string) {
	ctx := openPageFor(t, 1280, 900, "/", 15*time.Minute)
	setLang(t, ctx, lang)

	// Quote, minutes per month: agora, rtc.audio.
	click(t, ctx, "tab-quote")
	choose(t, ctx, "q-catalog", "agora-2021-cny")
	do(t, ctx, "minutes per month", chromedp.Click(chromedp.ID("q-mode-minutes")))
	quote := func(start string, months int, audio string) string {
		b, _ := json.Marshal(map[string]any{"catalog": "agora-2021-cny", "start": start, "months": months, "usage": map[string]any{"rtc.audio": audio}})
		return string(b)
	}
	typeInto(t, ctx, "q-start", "2026-01")
	for _, id := range eval[[]string](t, ctx, `[...document.querySelectorAll('#view-quote input[id^="q-usage-"]')].filter((e) => e.value !== '').map((e) => e.id)`) {
		typeInto(t, ctx, id, "") // the page starts with 30,000 minutes of rtc.hd
	}
	typeInto(t, ctx, "q-usage-rtc-audio", "30000")
	typeInto(t, ctx, "q-months", "36")
	quoteShows(t, ctx, "36 months", quote("2026-01", 36, "30000"))
	typeInto(t, ctx, "q-months", "37")
	refusedAt(t, ctx, lang, "q-months", "above_maximum", "36")
	typeInto(t, ctx, "q-months", "1")
	quoteShows(t, ctx, "1 month", quote("2026-01", 1, "30000"))
	typeInto(t, ctx, "q-months", "0")
	refusedAt(t, ctx, lang, "q-months", "below_minimum", "1")

	// The horizon's end: 9999-12.
	typeInto(t, ctx, "q-start", "9999-01")
	typeInto(t, ctx, "q-months", "12")
	quoteShows(t, ctx, "up to 9999-12", quote("9999-01", 12, "30000"))
	typeInto(t, ctx, "q-months", "13")
	refusedAt(t, ctx, lang, "q-months", "past_last_month", "9999-12")
	typeInto(t, ctx, "q-start", "2026-01")
	typeInto(t, ctx, "q-months", "12")

	// One amount: 10^12 minutes; 40 significant digits.
	typeInto(t, ctx, "q-usage-rtc-audio", "1000000000000")
	quoteShows(t, ctx, "10^12 minutes a month", quote("2026-01", 12, "1000000000000"))
	typeInto(t, ctx, "q-usage-rtc-audio", "1000000000001")
	refusedAt(t, ctx, lang, "q-usage-rtc-audio", "above_maximum", "1000000000000")
	digits40 := "11000." + strings.Repeat("0", 34) + "1"
	typeInto(t, ctx, "q-usage-rtc-audio", digits40)
	quoteShows(t, ctx, "40 digits", quote("2026-01", 12, digits40))
	typeInto(t, ctx, "q-usage-rtc-audio", digits40+"1")
	refusedAt(t, ctx, lang, "q-usage-rtc-audio", "too_precise", "40")

	// Calls: participants, a custom resolution, minutes a month on a meter.
	do(t, ctx, "calls", chromedp.Click(chromedp.ID("q-mode-calls")))
	waitLong(t, ctx, "the call profile", `!!document.getElementById('q-calls-0-participants')`)
	choose(t, ctx, "q-calls-0-res", "audio")
	if eval[bool](t, ctx, `document.getElementById('q-calls-0-record').checked`) {
		click(t, ctx, "q-calls-0-record")
	}
	calls := func(p map[string]any) string {
		b, _ := json.Marshal(map[string]any{"catalog": "agora-2021-cny", "start": "2026-01", "months": 12, "calls": []any{p}})
		return string(b)
	}
	typeInto(t, ctx, "q-calls-0-perMonth", "1")
	typeInto(t, ctx, "q-calls-0-minutes", "1")
	typeInto(t, ctx, "q-calls-0-participants", "1000")
	quoteShows(t, ctx, "1,000 participants", calls(map[string]any{"perMonth": 1, "participants": 1000, "minutes": 1}))
	typeInto(t, ctx, "q-calls-0-participants", "1001")
	refusedAt(t, ctx, lang, "q-calls-0-participants", "above_maximum", "1000")
	typeInto(t, ctx, "q-calls-0-participants", "1000")
	typeInto(t, ctx, "q-calls-0-perMonth", "1000000")
	typeInto(t, ctx, "q-calls-0-minutes", "1000")
	quoteShows(t, ctx, "10^12 call minutes a month", calls(map[string]any{"perMonth": 1000000, "participants": 1000, "minutes": 1000}))
	typeInto(t, ctx, "q-calls-0-minutes", "1000.000000001")
	refusedAt(t, ctx, lang, "q-calls-0-perMonth", "too_many_minutes", "1000000000000")
	typeInto(t, ctx, "q-calls-0-perMonth", "1")
	typeInto(t, ctx, "q-calls-0-participants", "2")
	typeInto(t, ctx, "q-calls-0-minutes", "10")
	choose(t, ctx, "q-calls-0-res", "custom")
	waitLong(t, ctx, "the width and height", `!!document.getElementById('q-calls-0-width')`)
	typeInto(t, ctx, "q-calls-0-width", "16384")
	typeInto(t, ctx, "q-calls-0-height", "16384")
	quoteShows(t, ctx, "16,384 x 16,384", calls(map[string]any{"perMonth": 1, "participants": 2, "minutes": 10, "width": 16384, "height": 16384}))
	typeInto(t, ctx, "q-calls-0-width", "16385")
	refusedAt(t, ctx, lang, "q-calls-0-width", "above_maximum", "16384")
	typeInto(t, ctx, "q-calls-0-width", "16384")
	typeInto(t, ctx, "q-calls-0-height", "16385")
	refusedAt(t, ctx, lang, "q-calls-0-height", "above_maximum", "16384")
	typeInto(t, ctx, "q-calls-0-height", "16384")

	// 100 call profiles: 99 added with the button (each a new profile's
	// defaults: 1,000 calls of 2 participants for 30 minutes at 1280x720);
	// the 101st is refused in the view's error, with the limit.
	profiles := []any{map[string]any{"perMonth": 1, "participants": 2, "minutes": 10, "width": 16384, "height": 16384}}
	for i := 1; i < 100; i++ {
		profiles = append(profiles, map[string]any{"perMonth": 1000, "participants": 2, "minutes": 30, "width": 1280, "height": 720})
	}
	for i := 1; i < 100; i++ {
		do(t, ctx, "adding a call profile", chromedp.Evaluate[chromedp.Void](`document.getElementById('q-calls-add').click()`))
	}
	waitLong(t, ctx, "100 call profiles", `document.querySelectorAll('#view-quote fieldset.profile').length === 100`)
	b, _ := json.Marshal(map[string]any{"catalog": "agora-2021-cny", "start": "2026-01", "months": 12, "calls": profiles})
	quoteShows(t, ctx, "100 call profiles", string(b))
	do(t, ctx, "adding the 101st call profile", chromedp.Evaluate[chromedp.Void](`document.getElementById('q-calls-add').click()`))
	waitLong(t, ctx, "the 101st profile refused", `(document.getElementById('q-error')?.textContent || '') !== ''`)
	if got := text(t, ctx, "#q-error"); !strings.Contains(got, reasonWords["too_many_items"][lang]) || !strings.Contains(nonDigits.ReplaceAllString(got, ""), "100") ||
		fieldPath.MatchString(got) || (lang == "zh-CN" && englishWord.MatchString(ownWords(got))) {
		t.Errorf("101 call profiles: the error %q should say, in %s, that at most 100 are allowed", got, lang)
	}

	// Statement: 240 months, a count of 1,000, 10,000 lots, one amount.
	click(t, ctx, "tab-statement")
	click(t, ctx, "st-clear")
	waitLong(t, ctx, "the cleared form", `!document.getElementById('st-u-0-month') && !!document.getElementById('st-start')`)
	choose(t, ctx, "st-catalog", "agora-2021-cny")
	typeInto(t, ctx, "st-start", "2001-01")
	typeInto(t, ctx, "st-end", "2020-12")
	addRowWith(t, ctx, waitLong, "st-u-add", "st-u-0-amount")
	choose(t, ctx, "st-u-0-meter", "rtc.audio")
	typeInto(t, ctx, "st-u-0-month", "2020-12")
	typeInto(t, ctx, "st-u-0-amount", "11000")
	sim := func(start, end string, purchases []any, amount, unit string) string {
		b, _ := json.Marshal(map[string]any{"catalog": "agora-2021-cny", "start": start, "end": end, "purchases": purchases,
			"usage": []any{map[string]any{"month": "2020-12", "meter": "rtc.audio", unit: amount}}})
		return string(b)
	}
	statementShows(t, ctx, "240 months", sim("2001-01", "2020-12", []any{}, "11000", "minutes"))
	typeInto(t, ctx, "st-end", "2021-01")
	refusedAt(t, ctx, lang, "st-end", "too_many_months", "240")
	typeInto(t, ctx, "st-start", "2020-01")
	typeInto(t, ctx, "st-end", "2020-12")

	typeInto(t, ctx, "st-u-0-amount", "1000000000000")
	statementShows(t, ctx, "10^12 minutes", sim("2020-01", "2020-12", []any{}, "1000000000000", "minutes"))
	typeInto(t, ctx, "st-u-0-amount", "1000000000001")
	refusedAt(t, ctx, lang, "st-u-0-amount", "above_maximum", "1000000000000")
	choose(t, ctx, "st-u-0-unit", "seconds")
	typeInto(t, ctx, "st-u-0-amount", "60000000000000")
	statementShows(t, ctx, "6x10^13 seconds", sim("2020-01", "2020-12", []any{}, "60000000000000", "seconds"))
	typeInto(t, ctx, "st-u-0-amount", "60000000000001")
	refusedAt(t, ctx, lang, "st-u-0-amount", "above_maximum", "60000000000000")
	typeInto(t, ctx, "st-u-0-amount", "11000")
	choose(t, ctx, "st-u-0-unit", "minutes")

	var purchases []any
	for i := 0; i < 11; i++ {
		id := fmt.Sprintf("st-p-%d", i)
		addRowWith(t, ctx, waitLong, "st-p-add", id+"-count")
		choose(t, ctx, id+"-package", "rtc.audio.25k")
		typeInto(t, ctx, id+"-date", "2020-06-01")
		count := 1000
		if i == 0 {
			typeInto(t, ctx, id+"-count", "1000")
			statementShows(t, ctx, "a count of 1,000", sim("2020-01", "2020-12", []any{map[string]any{"package": "rtc.audio.25k", "date": "2020-06-01", "count": 1000}}, "11000", "minutes"))
			typeInto(t, ctx, id+"-count", "1001")
			refusedAt(t, ctx, lang, id+"-count", "above_maximum", "1000")
		}
		if i == 10 {
			count = 1
		}
		typeInto(t, ctx, id+"-count", fmt.Sprint(count))
		if i == 9 {
			purchases = append(purchases, map[string]any{"package": "rtc.audio.25k", "date": "2020-06-01", "count": count})
			statementShows(t, ctx, "10,000 lots", sim("2020-01", "2020-12", purchases, "11000", "minutes"))
			continue
		}
		purchases = append(purchases, map[string]any{"package": "rtc.audio.25k", "date": "2020-06-01", "count": count})
	}
	refusedAt(t, ctx, lang, "st-p-10-count", "too_many_lots", "10000")
}

// catalogOf is the custom catalog of a quote request of internal/limitreq.
func catalogOf(t *testing.T, req string) string {
	t.Helper()
	var r struct {
		Catalog json.RawMessage `json:"catalog"`
	}
	if err := json.Unmarshal([]byte(req), &r); err != nil || len(r.Catalog) == 0 || r.Catalog[0] != '{' {
		t.Fatalf("no custom catalog in %.200s: %v", req, err)
	}
	return string(r.Catalog)
}

// The custom price list's documented limits in the page (docs/api.md,
// "Limits": 32 meters, 200 packages, names of 500 bytes), in Chinese: a
// list at the limits imports into the editor with every meter and
// package; one past them is refused in the import's error, in Chinese,
// with the limit; a name of 500 bytes is saved, one of 501 refused at the
// name's control.
func TestPageCustomListLimits(t *testing.T) {
	cases := map[string]limitreq.Case{}
	for _, c := range limitreq.Cases() {
		cases[c.Name] = c
	}
	cleanupCustom(t)
	ctx := openPageFor(t, 1280, 900, "/", 10*time.Minute)
	clearCustom(t, ctx)
	click(t, ctx, "tab-lists")
	waitLong(t, ctx, "the lists view", `!!document.getElementById('cl-json')`)
	do(t, ctx, "opening the import", chromedp.Click(chromedp.CSS(`details.cl-import > summary`), chromedp.NodeVisible))
	importErr := func(what, reason, limit string) {
		t.Helper()
		waitLong(t, ctx, what+" refused", `(document.getElementById('cl-import-err')?.textContent || '') !== ''`)
		got := text(t, ctx, "#cl-import-err")
		if !strings.Contains(got, reasonWords[reason]["zh-CN"]) || !strings.Contains(nonDigits.ReplaceAllString(got, ""), limit) {
			t.Errorf("%s: the import's error %q should be %s's, with the limit %s", what, got, reason, limit)
		}
		if m := englishWord.FindString(ownWords(got)); m != "" || fieldPath.MatchString(got) {
			t.Errorf("%s: the Chinese error %q has English or a field path", what, got)
		}
		if eval[bool](t, ctx, `!!document.getElementById('cl-editor')`) {
			t.Errorf("%s: a refused list opened the editor", what)
		}
	}
	typeInto(t, ctx, "cl-json", catalogOf(t, cases["32 meters"].Past))
	click(t, ctx, "cl-json-load")
	importErr("33 meters", "too_many_items", "32")
	typeInto(t, ctx, "cl-json", catalogOf(t, cases["200 packages"].Past))
	click(t, ctx, "cl-json-load")
	importErr("201 packages", "too_many_items", "200")

	// 32 meters and 200 packages: the editor has every one.
	typeInto(t, ctx, "cl-json", catalogOf(t, cases["200 packages"].At))
	click(t, ctx, "cl-json-load")
	waitLong(t, ctx, "the editor on 32 meters x 200 packages", `!!document.getElementById('cl-editor') && !!document.getElementById('cl-m-31') && !document.getElementById('cl-m-32') && !!document.getElementById('cl-p-199-price') && !document.getElementById('cl-p-200-price') && (document.getElementById('cl-import-err')?.textContent || '') === ''`)

	// A name of 500 bytes (166 three-byte characters and two bytes) is
	// saved; one more byte is refused at the name.
	name500 := strings.Repeat("价", 166) + "ab"
	typeInto(t, ctx, "cl-name", name500+"c")
	click(t, ctx, "cl-save")
	refusedAt(t, ctx, "zh-CN", "cl-name", "text_too_long", "500")
	typeInto(t, ctx, "cl-name", name500)
	click(t, ctx, "cl-save")
	waitLong(t, ctx, "the list of 500 bytes saved", fmt.Sprintf(`(localStorage.getItem(%q) || '').includes(%q) && document.getElementById('cl-name')?.getAttribute('aria-invalid') !== 'true'`, customKey, name500))
}
