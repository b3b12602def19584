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

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/calc"
)

// customKey is the localStorage key of the saved custom price lists.
const customKey = "rtcprice.customCatalogs"

// clearCustom forgets every saved custom price list (the browser profile
// is shared by all tests) and reloads the page at "/".
func clearCustom(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, "clearing saved price lists",
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`localStorage.removeItem(%q)`, customKey)),
		chromedp.Navigate(server.URL+"/?fresh"),
		chromedp.Navigate(server.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #app`)))
}

// cleanupCustom clears the saved lists when the test ends, in a tab of its
// own, so later tests see only the published catalogs.
func cleanupCustom(t *testing.T) {
	t.Cleanup(func() {
		ctx, cancel := chromedp.NewContext(browserCtx)
		defer cancel()
		_ = chromedp.Do(ctx, chromedp.Navigate(server.URL+"/?fresh"),
			chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`localStorage.removeItem(%q)`, customKey)))
	})
}

// catalogFile reads a published catalog file as the JSON object a custom
// price list is.
func catalogFile(t *testing.T, id string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "calc", "catalog", "data", id+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// pkgOf returns the package object with the given id.
func pkgOf(t *testing.T, c map[string]any, id string) (int, map[string]any) {
	t.Helper()
	for i, p := range c["packages"].([]any) {
		if m := p.(map[string]any); m["id"] == id {
			return i, m
		}
	}
	t.Fatalf("catalog %v has no package %s", c["id"], id)
	return 0, nil
}

// goQuote prices a quote request with the Go core.
func goQuote(t *testing.T, req map[string]any) *calc.QuoteResult {
	t.Helper()
	b, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	r, err := calc.QuoteJSON(b)
	if err != nil {
		t.Fatalf("calc.QuoteJSON: %v", err)
	}
	return r
}

// yuan formats an amount as the page does in zh-CN: "¥10,474.50" (at
// least two decimals, grouped thousands).
func yuan(d decimal.Decimal) string {
	intPart, frac, _ := strings.Cut(d.String(), ".")
	for len(frac) < 2 {
		frac += "0"
	}
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return "¥" + b.String() + "." + frac
}

// planOf is a quote's purchases as "package×count" in order.
func planOf(r *calc.QuoteResult) []string {
	var out []string
	for _, p := range r.Best.Purchases {
		out = append(out, fmt.Sprintf("%s×%d", p.Package, p.Count))
	}
	return out
}

const pagePlan = `[...document.querySelectorAll('#q-plan tbody tr')].map(tr => tr.dataset.package + '×' + tr.querySelector('[data-k="count"]').textContent.replace(/\D/g, ''))`

// copyAndEdit opens the lists view and starts a custom list from a
// published catalog, named name.
func copyAndEdit(t *testing.T, ctx context.Context, base, name string) {
	t.Helper()
	click(t, ctx, "tab-lists")
	waitJS(t, ctx, "the lists view", `!document.getElementById('view-lists').hidden && !!document.getElementById('cl-copy')`)
	choose(t, ctx, "cl-base", base)
	click(t, ctx, "cl-copy")
	waitJS(t, ctx, "the editor", `!!document.getElementById('cl-editor') && document.activeElement?.id === 'cl-name'`)
	typeInto(t, ctx, "cl-name", name)
}

// savedList returns the saved lists as localStorage holds them.
func savedLists(t *testing.T, ctx context.Context) []map[string]any {
	t.Helper()
	raw := eval[string](t, ctx, fmt.Sprintf(`localStorage.getItem(%q) || '[]'`, customKey))
	var out []map[string]any
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	return out
}

// TestCustomPriceList: a salesperson copies TRTC's price list, takes 20%
// off the standard package, quotes with it, finds it again after a reload
// (localStorage), opens the share link in a browser that never saved it,
// exports it, and deletes it.
func TestCustomPriceList(t *testing.T) {
	cleanupCustom(t)
	ctx := openPage(t, 1280, 900, "/")
	clearCustom(t, ctx)

	// The expectation, computed independently: the published file with
	// standard at 80% of its list price, priced by the Go core.
	want := catalogFile(t, "trtc-2019-cny")
	stdIdx, std := pkgOf(t, want, "standard")
	listPrice := decimal.RequireFromString(std["price"].(string))
	discounted := listPrice.Mul(decimal.RequireFromString("0.8"))
	std["price"] = discounted.String()
	want["id"], want["custom"] = "custom-expected", true
	req := map[string]any{"catalog": want, "start": "2026-01", "months": 12, "usage": map[string]any{"call": 30000}, "trial": true}
	exp := goQuote(t, req)
	published := goQuote(t, map[string]any{"catalog": "trtc-2019-cny", "start": "2026-01", "months": 12, "usage": map[string]any{"call": 30000}, "trial": true})
	if exp.Best.Total.Equal(published.Best.Total) {
		t.Fatalf("the discount does not change the best plan (%s): pick another package for this test", exp.Best.Total)
	}
	wantTotal := yuan(exp.Best.Total)
	t.Logf("expected: %s, plan %v (published: %s)", wantTotal, planOf(exp), published.Best.Total)

	const name = "ACME 2026 negotiated"
	copyAndEdit(t, ctx, "trtc-2019-cny", name)
	click(t, ctx, fmt.Sprintf("cl-p-%d-sel", stdIdx))
	typeInto(t, ctx, "cl-discount", "20")
	click(t, ctx, "cl-apply-selected")
	waitJS(t, ctx, "the discounted price", fmt.Sprintf(`document.getElementById('cl-p-%d-price')?.value === %q`, stdIdx, discounted.String()))
	entryIdx, entry := pkgOf(t, want, "entry")
	if got := eval[string](t, ctx, fmt.Sprintf(`document.getElementById('cl-p-%d-price').value`, entryIdx)); got != entry["price"] {
		t.Errorf("an unselected package changed price: entry %q, want %q", got, entry["price"])
	}
	if got := text(t, ctx, fmt.Sprintf("#cl-p-%d-change", stdIdx)); got != "−20%" {
		t.Errorf("the change against the list price reads %q, want −20%%", got)
	}
	click(t, ctx, "cl-save")
	waitJS(t, ctx, "the saved list", `document.querySelectorAll('#cl-saved li.cl-item').length === 1 && document.getElementById('cl-dirty').hidden`)
	id := eval[string](t, ctx, `document.querySelector('#cl-saved li.cl-item').dataset.id`)
	if !strings.HasPrefix(id, "custom-acme-2026-negotiated-") {
		t.Errorf("saved list id %q, want custom-acme-2026-negotiated-…", id)
	}
	stored := savedLists(t, ctx)
	if len(stored) != 1 {
		t.Fatalf("localStorage holds %d lists, want 1", len(stored))
	}
	if stored[0]["custom"] != true || stored[0]["name"] != name || stored[0]["id"] != id {
		t.Errorf("stored list: custom %v, name %v, id %v", stored[0]["custom"], stored[0]["name"], stored[0]["id"])
	}
	if _, p := pkgOf(t, stored[0], "standard"); p["price"] != discounted.String() {
		t.Errorf("stored standard price %v, want %s", p["price"], discounted)
	}
	// What the page saved prices the same in the Go core.
	req["catalog"] = stored[0]
	if got := goQuote(t, req); !got.Best.Total.Equal(exp.Best.Total) || !got.Custom {
		t.Errorf("the stored list quotes %s (custom %v) in the Go core, want %s", got.Best.Total, got.Custom, exp.Best.Total)
	}

	// Quote with it.
	click(t, ctx, "cl-use-"+id)
	waitJS(t, ctx, "the quote view on the custom list", fmt.Sprintf(`!document.getElementById('view-quote').hidden && document.getElementById('q-catalog').value === %q`, id))
	typeInto(t, ctx, "q-start", "2026-01")
	typeInto(t, ctx, "q-months", "12")
	typeInto(t, ctx, "q-usage-call", "30000")
	if !eval[bool](t, ctx, `document.getElementById('q-trial').checked`) {
		click(t, ctx, "q-trial")
	}
	checkQuote := func(when string) {
		t.Helper()
		waitJS(t, ctx, "the custom quote "+when, quoteReady+fmt.Sprintf(` && document.querySelector('#q-results [data-k="total"] dd')?.textContent === %q`, wantTotal))
		if got := eval[[]string](t, ctx, pagePlan); strings.Join(got, " ") != strings.Join(planOf(exp), " ") {
			t.Errorf("%s: the page's plan %v, want %v", when, got, planOf(exp))
		}
		if got := text(t, ctx, `#q-results [data-k="custom-catalog"] .custom-name`); got != name {
			t.Errorf("%s: the custom banner names %q, want %q", when, got, name)
		}
	}
	checkQuote("after choosing it")
	if got := text(t, ctx, `#q-results [data-k="prepaid"] dd`); got != yuan(exp.Best.Prepaid) {
		t.Errorf("prepaid %q, want %s", got, yuan(exp.Best.Prepaid))
	}
	if got := eval[string](t, ctx, fmt.Sprintf(`document.querySelector('#q-catalog option[value=%q]').textContent`, id)); got != "自定义 · "+name {
		t.Errorf("the picker shows the custom list as %q", got)
	}
	// The banner prints.
	do(t, ctx, "print media", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	if !eval[bool](t, ctx, `(() => { const b = document.querySelector('#q-results .custom-banner'); return !!b && getComputedStyle(b).display !== 'none' && b.getClientRects().length > 0 && getComputedStyle(document.getElementById('q-form')).display === 'none'; })()`) {
		t.Errorf("the custom banner is not shown in print")
	}
	screenshot(t, ctx, "custom-quote-print")
	do(t, ctx, "screen media", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
		return err
	}))
	screenshot(t, ctx, "custom-quote-desktop")
	// The share link (the header's "Copy link" box).
	click(t, ctx, "share-open")
	waitJS(t, ctx, "the share link", `(document.getElementById('share-url')?.value || '').includes('#s=')`)
	shareLink := eval[string](t, ctx, `document.getElementById('share-url').value`)

	// Reload without the link's state: the list is still saved here.
	do(t, ctx, "reloading", chromedp.Navigate(server.URL+"/?fresh"), chromedp.Navigate(server.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #app`)))
	click(t, ctx, "tab-lists")
	waitJS(t, ctx, "the saved list after a reload", fmt.Sprintf(`document.querySelector('#cl-saved li[data-id=%q] .cl-item-name')?.textContent === %q`, id, name))
	click(t, ctx, "tab-quote")
	choose(t, ctx, "q-catalog", id)
	typeInto(t, ctx, "q-start", "2026-01")
	typeInto(t, ctx, "q-months", "12")
	typeInto(t, ctx, "q-usage-call", "30000")
	checkQuote("after a reload")

	// The share link works where the list was never saved.
	do(t, ctx, "forgetting the saved list", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`localStorage.removeItem(%q)`, customKey)),
		chromedp.Navigate(server.URL+"/?fresh"), chromedp.Navigate(shareLink), chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #app`)))
	checkQuote("from the share link")
	click(t, ctx, "tab-lists")
	waitJS(t, ctx, "the link's list", fmt.Sprintf(`!!document.querySelector('#cl-link li[data-id=%q]') && !document.querySelector('#cl-saved li')`, id))
	click(t, ctx, "cl-keep-"+id)
	waitJS(t, ctx, "the link's list saved", fmt.Sprintf(`!!document.querySelector('#cl-saved li[data-id=%q]')`, id))
	if n := len(savedLists(t, ctx)); n != 1 {
		t.Errorf("after saving the link's list localStorage holds %d lists", n)
	}

	// Export: the file is the list, and the Go core prices it the same.
	dir := allowDownloads(t, ctx)
	path, file := download(t, ctx, dir, "cl-export-"+id, ".json")
	if filepath.Base(path) != id+".json" {
		t.Errorf("the export's file is %s, want %s.json", filepath.Base(path), id)
	}
	var exported map[string]any
	if err := json.Unmarshal(file, &exported); err != nil {
		t.Fatal(err)
	}
	req["catalog"] = exported
	if got := goQuote(t, req); !got.Best.Total.Equal(exp.Best.Total) {
		t.Errorf("the exported file quotes %s in the Go core, want %s", got.Best.Total, exp.Best.Total)
	}

	// Delete: asks once more, then the list is gone everywhere.
	click(t, ctx, "cl-delete-"+id)
	waitJS(t, ctx, "the delete confirmation", fmt.Sprintf(`document.activeElement?.id === %q && document.activeElement.classList.contains('danger')`, "cl-delete-"+id))
	click(t, ctx, "cl-delete-"+id)
	waitJS(t, ctx, "the list deleted", `!document.querySelector('#cl-saved li') && !document.querySelector('#cl-link li')`)
	if n := len(savedLists(t, ctx)); n != 0 {
		t.Errorf("after deleting localStorage holds %d lists", n)
	}
	click(t, ctx, "tab-quote")
	waitJS(t, ctx, "the quote on a published list", `!document.getElementById('q-catalog').value.startsWith('custom-') && !document.querySelector('#q-catalog optgroup') && !document.querySelector('#q-results .custom-banner') && `+quoteReady)
}

// TestCustomPriceListNameIsText: a list's name is user input and is shown
// as text everywhere, never as markup.
func TestCustomPriceListNameIsText(t *testing.T) {
	cleanupCustom(t)
	ctx := openPage(t, 1280, 900, "/")
	clearCustom(t, ctx)
	const name = `<img src=x onerror=alert(1)>`
	copyAndEdit(t, ctx, "agora-2021-cny", name)
	click(t, ctx, "cl-save")
	waitJS(t, ctx, "the saved list", `document.querySelectorAll('#cl-saved li.cl-item').length === 1`)
	if got := text(t, ctx, "#cl-saved .cl-item-name"); got != name {
		t.Errorf("the saved list's name reads %q, want the literal %q", got, name)
	}
	id := eval[string](t, ctx, `document.querySelector('#cl-saved li.cl-item').dataset.id`)
	if ok, _ := regexp.MatchString(`^custom-img-src-x-onerror-alert-1-[0-9a-f]{6}$`, id); !ok {
		t.Errorf("id %q", id)
	}
	click(t, ctx, "cl-use-"+id)
	typeInto(t, ctx, "q-start", "2026-01")
	waitJS(t, ctx, "the quote", quoteReady+` && !!document.querySelector('#q-results .custom-banner')`)
	if got := text(t, ctx, "#q-results .custom-name"); got != name {
		t.Errorf("the banner's name reads %q, want the literal %q", got, name)
	}
	click(t, ctx, "tab-compare")
	typeInto(t, ctx, "c-start", "2026-01")
	waitJS(t, ctx, "three columns", `document.querySelectorAll('#c-results .compare-col').length === 3 && !document.getElementById('c-results').hasAttribute('aria-busy')`)
	if got := text(t, ctx, fmt.Sprintf(`#c-results .compare-col[data-catalog=%q] h3 span`, id)); got != name {
		t.Errorf("the compare column's name reads %q", got)
	}
	click(t, ctx, "tab-statement")
	waitJS(t, ctx, "the statement picker", fmt.Sprintf(`!!document.querySelector('#st-catalog option[value=%q]')`, id))
	if n := eval[int](t, ctx, `document.querySelectorAll('img').length`); n != 0 {
		t.Errorf("the name became markup: %d img elements", n)
	}
	if got := eval[string](t, ctx, `document.title`); strings.Contains(got, "<img") {
		t.Errorf("title %q", got)
	}
}

// TestCustomPriceListErrors: a JSON price list pasted or loaded from a
// file is validated by the engine, whose error names the field; an edit
// the engine refuses is marked next to its control; a discount keeps
// unitPer1000 consistent with the price.
func TestCustomPriceListErrors(t *testing.T) {
	cleanupCustom(t)
	ctx := openPage(t, 1280, 900, "/")
	clearCustom(t, ctx)
	click(t, ctx, "tab-lists")
	waitJS(t, ctx, "the lists view", `!!document.getElementById('cl-json')`)
	do(t, ctx, "opening the import", chromedp.Click(chromedp.CSS(`details.cl-import > summary`), chromedp.NodeVisible))

	// Pasted: a negative price.
	bad := catalogFile(t, "trtc-2019-cny")
	_, p3 := pkgOf(t, bad, "standard")
	p3["price"] = "-1"
	b, _ := json.Marshal(bad)
	typeInto(t, ctx, "cl-json", string(b))
	click(t, ctx, "cl-json-load")
	waitJS(t, ctx, "the paste error", `(document.getElementById('cl-import-err')?.textContent || '') !== ''`)
	if got := text(t, ctx, "#cl-import-err"); !strings.Contains(got, "价格表第 4 个套餐包的价格") || fieldPath.MatchString(got) {
		t.Errorf("the paste error should name the 4th package's price in words (no field path); got %q", got)
	}
	if !eval[bool](t, ctx, `document.getElementById('cl-json').getAttribute('aria-invalid') === 'true' && !document.getElementById('cl-editor')`) {
		t.Errorf("an invalid list should mark the paste box and open no editor")
	}
	typeInto(t, ctx, "cl-json", "{not json")
	click(t, ctx, "cl-json-load")
	waitJS(t, ctx, "the JSON error", `(document.getElementById('cl-import-err')?.textContent || '').startsWith('不是有效的 JSON')`)

	// From a file: an overage rate that is not a number.
	bad = catalogFile(t, "agora-2021-cny")
	bad["meters"].([]any)[2].(map[string]any)["overagePer1000"] = "abc"
	b, _ = json.Marshal(bad)
	path := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "choosing the file", chromedp.SetUploadFiles(chromedp.ID("cl-file"), []string{path}))
	waitJS(t, ctx, "the file error", `(document.getElementById('cl-import-err')?.textContent || '').includes('价格表第 3 个计费项的超量单价')`)

	// A valid file (Agora, with unitPer1000 on every package) opens.
	good := catalogFile(t, "agora-2021-cny")
	good["name"] = "Agora file"
	b, _ = json.Marshal(good)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "choosing the file", chromedp.SetUploadFiles(chromedp.ID("cl-file"), []string{path}))
	waitJS(t, ctx, "the editor on the file", `document.getElementById('cl-name')?.value === 'Agora file' && (document.getElementById('cl-import-err')?.textContent || '') === ''`)

	// Edits the engine refuses are marked next to their control.
	typeInto(t, ctx, "cl-m-0", "-5")
	waitJS(t, ctx, "the overage error", `document.getElementById('cl-m-0').getAttribute('aria-invalid') === 'true'`)
	checkFieldError(t, ctx, "cl-m-0")
	typeInto(t, ctx, "cl-m-0", "6.5")
	typeInto(t, ctx, "cl-p-1-price", "abc")
	waitJS(t, ctx, "the price error", `document.getElementById('cl-p-1-price').getAttribute('aria-invalid') === 'true' && document.getElementById('cl-m-0').getAttribute('aria-invalid') !== 'true'`)
	checkFieldError(t, ctx, "cl-p-1-price")
	click(t, ctx, "cl-save")
	waitJS(t, ctx, "not saved", `(document.getElementById('cl-status')?.textContent || '') === '未保存：请修正标出的字段。'`)
	if n := len(savedLists(t, ctx)); n != 0 {
		t.Errorf("an invalid list was saved")
	}
	// A hand-typed price that breaks price = minutes/1000 × unitPer1000
	// drops unitPer1000; a discount scales both.
	typeInto(t, ctx, "cl-p-1-price", "1500")
	typeInto(t, ctx, "cl-discount", "12.5")
	click(t, ctx, "cl-apply-all")
	waitJS(t, ctx, "the discount on all", `document.getElementById('cl-p-0-price')?.value === '145.46875'`)
	typeInto(t, ctx, "cl-p-2-price", "5000")
	typeInto(t, ctx, "cl-free", "500")
	click(t, ctx, "cl-save")
	waitJS(t, ctx, "the saved list", `document.querySelectorAll('#cl-saved li.cl-item').length === 1`)
	stored := savedLists(t, ctx)[0]
	pk := stored["packages"].([]any)
	for i, want := range []struct{ price, unit string }{{"145.46875", "5.81875"}, {"1378.125", "5.5125"}, {"5000", ""}} {
		p := pk[i].(map[string]any)
		unit, _ := p["unitPer1000"].(string)
		if p["price"] != want.price || unit != want.unit {
			t.Errorf("package %d: price %v unitPer1000 %q, want %s and %q", i, p["price"], unit, want.price, want.unit)
		}
	}
	if fa, _ := stored["freeAllowance"].(map[string]any); fa == nil || fa["minutesPerMonth"] != float64(500) || len(fa["order"].([]any)) != 10 {
		t.Errorf("free minutes: %v, want 500 a month on the 10 meters", stored["freeAllowance"])
	}
	req := map[string]any{"catalog": stored, "start": "2026-01", "months": 1, "usage": map[string]any{"rtc.audio": 40000}}
	if r := goQuote(t, req); r.Months[0].Meters[0].FreeMinutes != 500 {
		t.Errorf("the Go core gives %d free minutes, want 500", r.Months[0].Meters[0].FreeMinutes)
	}

	// A bad discount is refused by the page, next to its field.
	typeInto(t, ctx, "cl-discount", "120")
	click(t, ctx, "cl-apply-all")
	waitJS(t, ctx, "the discount error", `document.getElementById('cl-discount').getAttribute('aria-invalid') === 'true'`)

	// Every control of the view has a label.
	unlabelled := eval[[]string](t, ctx, `[...document.querySelectorAll('#view-lists input, #view-lists select, #view-lists textarea, #view-lists button')].filter(el => el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim()).map(el => el.id || el.outerHTML.slice(0, 60))`)
	if len(unlabelled) > 0 {
		t.Errorf("controls without a label: %v", unlabelled)
	}
}

// TestCustomPriceListScreens writes the editor at desktop and phone width
// and checks nothing is wider than the viewport.
func TestCustomPriceListScreens(t *testing.T) {
	cleanupCustom(t)
	for _, sz := range screens {
		t.Run(sz.name, func(t *testing.T) {
			ctx := openPage(t, sz.w, sz.h, "/")
			clearCustom(t, ctx)
			copyAndEdit(t, ctx, "trtc-2019-cny", "ACME 2026")
			click(t, ctx, "cl-p-3-sel")
			click(t, ctx, "cl-p-4-sel")
			typeInto(t, ctx, "cl-discount", "15")
			click(t, ctx, "cl-apply-selected")
			click(t, ctx, "cl-save")
			waitJS(t, ctx, "the saved list", `document.querySelectorAll('#cl-saved li.cl-item').length === 1`)
			settle(t, ctx)
			screenshot(t, ctx, "custom-editor-"+sz.name)
			typeInto(t, ctx, "cl-m-0", "-20")
			waitJS(t, ctx, "the overage error", `document.getElementById('cl-m-0').getAttribute('aria-invalid') === 'true'`)
			screenshot(t, ctx, "custom-editor-error-"+sz.name)
			if over := eval[int](t, ctx, `document.documentElement.scrollWidth - window.innerWidth`); over > 0 {
				t.Errorf("the page is %dpx wider than the %dpx viewport", over, sz.w)
			}
		})
	}
}

// TestCustomDecimals checks custom.js's exact decimal helpers in the
// browser that runs them: discounts on decimal strings (against the Go
// decimal package), the money syntax of the catalog format, the change
// against a list price, and ids from names.
func TestCustomDecimals(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
		const c = await import('./js/custom.js');
		const off = (price, pct) => { const p = c.percentOff(pct); return p ? c.discounted(price, p) : null; };
		return JSON.stringify({
			discounted: [off('9688', '20'), off('6.6', '12.5'), off('166.25', '12.5'), off('3688', '100'), off('73888', '33.33'), off('0.01', '0.01'), off('25', '20%')],
			refused: ['0', '100.5', '-5', '20.125', '1e1', 'abc', ''].map((p) => c.percentOff(p)),
			canonical: ['+1e3', '1.50', '.5', '1e-3', '0.000', '12.', 'abc', '-1'].map(c.canonical),
			change: [c.change('7750.4', '9688'), c.change('1', '3'), c.change('2', '3'), c.change('10', '8'), c.change('5', '5.0'), c.change('5', '0')],
			ids: [c.customId('ACME 2026'), c.customId(' ACME 2026 '), c.customId('某客户'), c.customId('<img src=x onerror=alert(1)>')],
		});
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Discounted, Canonical, Change, IDs []string
		Refused                            []any
	}
	if err := json.Unmarshal([]byte(raw), &got); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	// The discounts, computed by the Go decimal package.
	var want []string
	for _, c := range [][2]string{{"9688", "20"}, {"6.6", "12.5"}, {"166.25", "12.5"}, {"3688", "100"}, {"73888", "33.33"}, {"0.01", "0.01"}, {"25", "20"}} {
		p, d := decimal.RequireFromString(c[0]), decimal.RequireFromString(c[1])
		want = append(want, p.Mul(decimal.NewFromInt(100).Sub(d)).Div(decimal.NewFromInt(100)).String())
	}
	if strings.Join(got.Discounted, " ") != strings.Join(want, " ") {
		t.Errorf("discounted: got %v, want %v", got.Discounted, want)
	}
	for i, r := range got.Refused {
		if r != nil {
			t.Errorf("discount %d should be refused, got %v", i, r)
		}
	}
	for name, c := range map[string][2][]string{
		"canonical": {got.Canonical, {"1000", "1.5", "0.5", "0.001", "0", "12", "abc", "-1"}},
		"change":    {got.Change, {"−20%", "−66.7%", "−33.3%", "+25%", "", ""}},
	} {
		if strings.Join(c[0], "|") != strings.Join(c[1], "|") {
			t.Errorf("%s: got %q, want %q", name, c[0], c[1])
		}
	}
	if len(got.IDs) != 4 || got.IDs[0] != got.IDs[1] || !regexp.MustCompile(`^custom-acme-2026-[0-9a-f]{6}$`).MatchString(got.IDs[0]) ||
		!regexp.MustCompile(`^custom-[0-9a-f]{6}$`).MatchString(got.IDs[2]) || !strings.HasPrefix(got.IDs[3], "custom-img-src-x-onerror-alert-1-") {
		t.Errorf("ids: %q", got.IDs)
	}
}

// trtcCopies is the JSON of n custom price lists, copies of TRTC's
// catalog, the i-th with the id and the English name the formats give i.
func trtcCopies(t *testing.T, n int, idFormat, nameFormat string) []byte {
	t.Helper()
	lists := make([]map[string]any, n)
	for i := range lists {
		c := catalogFile(t, "trtc-2019-cny")
		c["id"] = fmt.Sprintf(idFormat, i)
		c["name"] = fmt.Sprintf(nameFormat, i)
		delete(c, "nameZh")
		c["custom"] = true
		lists[i] = c
	}
	raw, err := json.Marshal(lists)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestEverySavedPriceListComesBack: however many price lists were saved,
// each is there when the page is opened again (the page read back only
// the first 50, so a 51st saved list vanished on the next visit).
func TestEverySavedPriceListComesBack(t *testing.T) {
	cleanupCustom(t)
	ctx := openPage(t, 1280, 900, "/")
	clearCustom(t, ctx)
	raw := trtcCopies(t, 51, "custom-saved-%02d", "Saved %02d")
	do(t, ctx, "saving 51 price lists and opening the page again",
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`localStorage.setItem(%q, %q)`, customKey, raw)),
		chromedp.Navigate(server.URL+"/?fresh"),
		chromedp.Navigate(server.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #app`)))
	click(t, ctx, "tab-lists")
	waitJS(t, ctx, "the saved lists", `document.querySelectorAll('#cl-saved li.cl-item').length > 0`)
	if n := eval[int](t, ctx, `document.querySelectorAll('#cl-saved li.cl-item').length`); n != 51 {
		t.Errorf("%d saved lists shown, want all 51", n)
	}
	if !eval[bool](t, ctx, `!!document.querySelector('#cl-saved li.cl-item[data-id="custom-saved-50"]')`) {
		t.Error("the 51st saved list is not among them")
	}
}

// TestLinkKeepsEveryPriceList: a share link's custom price lists are
// opened however many it carries (the page kept the first 8 and dropped
// the rest without a word), each offered to be saved.
func TestLinkKeepsEveryPriceList(t *testing.T) {
	cleanupCustom(t)
	ctx := openPage(t, 1280, 900, "/")
	clearCustom(t, ctx)
	raw := trtcCopies(t, 9, "custom-link-%d", "Link %d")
	token := evalAsync[string](t, ctx, fmt.Sprintf(`import('./js/link.js').then((m) => m.encode({ view: 'lists', lang: 'en', customCatalogs: %s }))`, raw))
	do(t, ctx, "opening the link", chromedp.Navigate("about:blank"), chromedp.Navigate(server.URL+"/#s="+token), chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #app`)))
	waitJS(t, ctx, "the link's lists", `document.querySelectorAll('#cl-link li.cl-item').length > 0`)
	if n := eval[int](t, ctx, `document.querySelectorAll('#cl-link li.cl-item').length`); n != 9 {
		t.Errorf("%d of the link's 9 price lists offered", n)
	}
	if !eval[bool](t, ctx, `!!document.querySelector('#cl-link li.cl-item[data-id="custom-link-8"]')`) {
		t.Error("the link's ninth price list is not among them")
	}
}
