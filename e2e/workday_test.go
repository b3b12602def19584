//go:build browser

package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// allowDownloads makes the tab (its browser context) save downloads into a
// new temporary folder, which it returns.
func allowDownloads(t *testing.T, ctx context.Context) string {
	t.Helper()
	dir := t.TempDir()
	bc := chromedp.FromContext(ctx).BrowserContextID // the tab's own browser context, if any
	do(t, ctx, "allowing downloads", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, BrowserContextID: bc,
		})
		return err
	}))
	return dir
}

// download clicks the link #id and returns the path and contents of the
// file it saves into dir (whose name ends in ext).
func download(t *testing.T, ctx context.Context, dir, id, ext string) (string, []byte) {
	t.Helper()
	// In the middle of the screen: not under the sticky header.
	do(t, ctx, "scrolling to #"+id, chromedp.Evaluate[chromedp.Void](`document.getElementById(`+jsString(id)+`).scrollIntoView({block: 'center'})`))
	click(t, ctx, id)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		matches, _ := filepath.Glob(filepath.Join(dir, "*"+ext))
		if len(matches) == 1 {
			if b, err := os.ReadFile(matches[0]); err == nil && len(b) > 0 {
				return matches[0], b
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	t.Fatalf("#%s did not download a %s file (the folder holds %q; the link: %s)", id, ext, names,
		eval[string](t, ctx, `(() => { const a = document.getElementById(`+jsString(id)+`); return a ? a.getAttribute('download') + ' ' + a.href : 'none'; })()`))
	return "", nil
}

const statementTotalsJS = `[...document.querySelectorAll('#st-totals [data-total] dd')].map(e => e.textContent).join(' | ')`

// statementShape is the statement's inputs as the form shows them.
const statementShape = `JSON.stringify({
	catalog: document.getElementById('st-catalog').value,
	trial: document.getElementById('st-trial')?.value,
	purchases: [...document.querySelectorAll('#st-form [id^="st-p-"][id$="-date"]')].map(e => e.value),
	usage: [...document.querySelectorAll('#st-form [id^="st-u-"][id$="-amount"]')].map(e => e.value),
})`

// openImport opens the statement's import box, once the statement's
// answer to what was typed is in (an error shown or cleared at a row
// above moves the box while a click is on its way).
func openImport(t *testing.T, ctx context.Context) {
	t.Helper()
	settled(t, ctx)
	if !eval[bool](t, ctx, `document.querySelector('details.csv-import').open`) {
		do(t, ctx, "opening the import box", chromedp.Click(chromedp.CSS(`details.csv-import > summary`), chromedp.NodeVisible))
	}
	waitJS(t, ctx, "the import box", `document.querySelector('details.csv-import').open`)
}

// TestStatementFileRoundTrip: a statement exported as CSV or as a JSON
// statement file and imported back is the same statement, with the same
// totals; an import can be undone; bad rows are each named, in the page's
// language, and nothing is imported; purchases can be imported.
func TestStatementFileRoundTrip(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	enterSeed002(t, ctx)
	waitTotals(t, ctx, "3,713.025")
	wantTotals := eval[string](t, ctx, statementTotalsJS)
	wantShape := eval[string](t, ctx, statementShape)
	dir := allowDownloads(t, ctx)
	csvPath, csv := download(t, ctx, dir, "st-export", ".csv")
	_, jsonFile := download(t, ctx, dir, "st-export-json", ".json")
	if !strings.HasPrefix(string(csv), "rtcprice statement,1\r\n") || !strings.Contains(string(csv), "\r\nusage,2019-08,call,3108030,seconds\r\n") {
		t.Errorf("the CSV export does not carry the inputs:\n%s", csv)
	}

	// The CSV file (CRLF, as exported) back in, over a cleared statement.
	click(t, ctx, "st-clear")
	waitJS(t, ctx, "the cleared form", `!document.getElementById('st-u-0-month')`)
	openImport(t, ctx)
	do(t, ctx, "choosing the CSV file", chromedp.SetUploadFiles(chromedp.ID("st-csv-file"), []string{csvPath}))
	waitTotals(t, ctx, "3,713.025")
	if got := eval[string](t, ctx, statementTotalsJS); got != wantTotals {
		t.Errorf("totals after importing the CSV: got %q, want %q", got, wantTotals)
	}
	if got := eval[string](t, ctx, statementShape); got != wantShape {
		t.Errorf("statement after importing the CSV: got %s, want %s", got, wantShape)
	}
	if got := eval[string](t, ctx, `document.activeElement?.id`); got != "st-import-undo" {
		t.Errorf("focus after the import: got #%s, want the undo button", got)
	}

	// Undo gives back the cleared statement.
	click(t, ctx, "st-import-undo")
	waitJS(t, ctx, "the undone import", `!document.getElementById('st-u-0-month') && !document.getElementById('st-p-0-date')`)
	if got := text(t, ctx, "#st-import-note"); !strings.Contains(got, "撤销") {
		t.Errorf("the undo note: got %q", got)
	}

	// The JSON statement file, pasted.
	openImport(t, ctx)
	typeInto(t, ctx, "st-csv", string(jsonFile))
	click(t, ctx, "st-csv-import")
	waitTotals(t, ctx, "3,713.025")
	if got := eval[string](t, ctx, statementTotalsJS); got != wantTotals {
		t.Errorf("totals after importing the JSON file: got %q, want %q", got, wantTotals)
	}
	if got := eval[string](t, ctx, statementShape); got != wantShape {
		t.Errorf("statement after importing the JSON file: got %s, want %s", got, wantShape)
	}

	// Bad rows, in English: each named at the text box, nothing imported.
	click(t, ctx, "lang-toggle")
	waitJS(t, ctx, "English", `document.documentElement.lang === 'en'`)
	openImport(t, ctx)
	typeInto(t, ctx, "st-csv", "month;meter;minutes\n2019年7月;call;30,000\n2019-13;call;1\n2019-08;video;x\n")
	click(t, ctx, "st-csv-import")
	waitJS(t, ctx, "the import errors", `document.getElementById('st-csv').getAttribute('aria-invalid') === 'true'`)
	errs := eval[[]string](t, ctx, `[...document.querySelectorAll('#st-csv-err li')].map(e => e.textContent)`)
	want := []string{"Line 3: “2019-13” is not a month (YYYY-MM)", "Line 4: this price list has no meter “video”", "Line 4: amount “x” is not a number of minutes or seconds"}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("import errors: got %q, want %q", errs, want)
	}
	if got := eval[string](t, ctx, statementShape); got != wantShape {
		t.Errorf("a refused import changed the statement: %s", got)
	}

	// The good rows of that paste: ; separators, 年/月, 30,000.
	typeInto(t, ctx, "st-csv", "month;meter;minutes\n2019年7月;call;30,000\n")
	click(t, ctx, "st-csv-import")
	waitJS(t, ctx, "the imported usage", `document.getElementById('st-u-0-amount')?.value === '30000' && !document.getElementById('st-u-1-amount')`)
	// Purchases.
	openImport(t, ctx)
	typeInto(t, ctx, "st-csv", "package,date,count\nentry,2019/8/1,2\n")
	click(t, ctx, "st-csv-import")
	waitJS(t, ctx, "the imported purchases", `document.getElementById('st-p-0-date')?.value === '2019-08-01' && document.getElementById('st-p-0-count')?.value === '2' && !document.getElementById('st-p-1-date')`)
	screenshot(t, ctx, "statement-import-en-desktop")
}

// TestNoServiceWorker: with service workers unavailable (blocked by
// policy, some private modes: navigator.serviceWorker undefined, or a
// registration that yields nothing) the page works and says nothing: no
// exception, no console error, no failure shown.
func TestNoServiceWorker(t *testing.T) {
	for name, script := range map[string]string{
		"undefined":       `Object.defineProperty(Navigator.prototype, 'serviceWorker', { get() { return undefined; }, configurable: true });`,
		"no registration": `Object.defineProperty(Navigator.prototype, 'serviceWorker', { get() { return { controller: null, register: () => Promise.resolve(undefined), addEventListener() {} }; }, configurable: true });`,
	} {
		t.Run(name, func(t *testing.T) {
			site := newTestSite(t)
			if setupErr != nil {
				t.Fatal(setupErr)
			}
			plog := &pageLog{}
			ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext(), chromedp.WithListener(plog.listen))
			defer cancel()
			ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
			defer cancelTimeout()
			do(t, ctx, "a blank tab", chromedp.Navigate("about:blank"))
			do(t, ctx, "hiding service workers", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script})
				return err
			}))
			do(t, ctx, "opening the page", chromedp.Navigate(site.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #app`)))
			if eval[bool](t, ctx, `!!navigator.serviceWorker?.getRegistration`) {
				t.Fatal("service workers are not hidden: the test tests nothing")
			}
			// startOffline ran in the task that set data-ready, before the
			// quote: a registration that yields nothing is answered at once.
			agoraQuote(t, ctx)
			if n := eval[int](t, ctx, `document.querySelectorAll('#notices > *, #loading.failed').length`); n != 0 {
				t.Errorf("the page shows %d notices or failures: %s", n, eval[string](t, ctx, `document.body.innerText.slice(0, 300)`))
			}
			plog.checkAt(t, site.URL)
		})
	}
}

// TestSavedWork: the work is kept in this browser as the user goes:
// reopening the page with no link brings back the last work; a statement
// saved under a name is listed, reopened, exported and deleted; a share
// link opens exactly what it carries, the other views keeping the last work.
func TestSavedWork(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	enterSeed002(t, ctx)
	waitTotals(t, ctx, "3,713.025")
	wantShape := eval[string](t, ctx, statementShape)
	waitJS(t, ctx, "the last work in localStorage", `(localStorage.getItem('rtcprice.lastWork') || '').includes('3108030')`)

	// Reopened with no hash: the statement is back.
	do(t, ctx, "reopening the page", chromedp.Navigate(server.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #app`)))
	waitTotals(t, ctx, "3,713.025")
	if got := eval[string](t, ctx, statementShape); got != wantShape {
		t.Errorf("reopened statement: got %s, want %s", got, wantShape)
	}

	// Saved under a name, then the form cleared, then reopened.
	click(t, ctx, "saved-open")
	waitJS(t, ctx, "the saved-work box", `!document.getElementById('saved-box').hidden && document.activeElement?.id === 'saved-name'`)
	typeInto(t, ctx, "saved-name", "Acme 2019")
	click(t, ctx, "saved-save")
	waitJS(t, ctx, "the saved item", `document.querySelector('#saved-list [data-saved] strong')?.textContent === 'Acme 2019'`)
	screenshot(t, ctx, "saved-work-desktop")
	click(t, ctx, "st-clear")
	waitJS(t, ctx, "the cleared form", `!document.getElementById('st-u-0-month') && !document.getElementById('st-p-0-date')`)
	click(t, ctx, "saved-open-0")
	waitTotals(t, ctx, "3,713.025")
	if got := eval[string](t, ctx, statementShape); got != wantShape {
		t.Errorf("reopened saved statement: got %s, want %s", got, wantShape)
	}
	dir := allowDownloads(t, ctx)
	_, file := download(t, ctx, dir, "saved-export-0", ".json")
	if !strings.Contains(string(file), `"format": "rtcprice-statement"`) || !strings.Contains(string(file), `"seconds": "3108030"`) {
		t.Errorf("exported saved statement:\n%s", file)
	}
	click(t, ctx, "saved-delete-0")
	waitJS(t, ctx, "the deleted item", `!!document.getElementById('saved-empty') && !(localStorage.getItem('rtcprice.savedWork') || '').includes('Acme')`)

	// A share link of a quote opens exactly its quote; the statement stays.
	click(t, ctx, "tab-quote")
	agoraQuote(t, ctx)
	click(t, ctx, "share-open")
	waitJS(t, ctx, "the share link", `document.getElementById('share-url').value.includes('#s=1.')`)
	link := eval[string](t, ctx, `document.getElementById('share-url').value`)
	typeInto(t, ctx, "q-usage-rtc-hd", "999")
	waitJS(t, ctx, "the changed quote in the last work", `(localStorage.getItem('rtcprice.lastWork') || '').includes('"999"')`)
	do(t, ctx, "opening the link", chromedp.Navigate("about:blank"), chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #app`)))
	waitJS(t, ctx, "the link's quote", quoteReady+` && document.getElementById('q-usage-rtc-hd')?.value === '34000'`)
	click(t, ctx, "tab-statement")
	waitTotals(t, ctx, "3,713.025")
}

// TestWorkdayScreens writes screenshots of the saved-work box and the
// statement's import box (after an import, with its undo) at desktop and
// phone sizes, in Chinese and English, and checks nothing is wider than the
// phone's screen.
func TestWorkdayScreens(t *testing.T) {
	for _, sz := range screens {
		for _, lang := range []string{"zh", "en"} {
			t.Run(sz.name+"-"+lang, func(t *testing.T) {
				ctx := openPage(t, sz.w, sz.h, "/")
				if lang == "en" {
					click(t, ctx, "lang-toggle")
					waitJS(t, ctx, "English", `document.documentElement.lang === 'en'`)
				}
				click(t, ctx, "tab-statement")
				waitTotals(t, ctx, "3,713.025")
				openImport(t, ctx)
				typeInto(t, ctx, "st-csv", "month,meter,minutes\n2019-07,call,199.5\n2019-08,call,51800.5\n")
				click(t, ctx, "st-csv-import")
				waitJS(t, ctx, "the undo", `!!document.getElementById('st-import-undo')`)
				click(t, ctx, "saved-open")
				typeInto(t, ctx, "saved-name", "Acme")
				click(t, ctx, "saved-save")
				waitJS(t, ctx, "the saved item", `!!document.querySelector('#saved-list [data-saved]')`)
				wide := eval[[]string](t, ctx, `[...document.querySelectorAll('#saved-box *, details.csv-import *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5)`)
				if len(wide) > 0 {
					t.Errorf("wider than the screen: %q", wide)
				}
				screenshot(t, ctx, "workday-saved-"+sz.name+"-"+lang)
				do(t, ctx, "scrolling to the import box", chromedp.Evaluate[chromedp.Void](`document.getElementById('st-import-note').scrollIntoView({block: 'center'})`))
				shot(t, ctx, "workday-import-"+sz.name+"-"+lang)
			})
		}
	}
}

// TestCSVInjection: a custom price list whose package id is the issue's
// formula, "pkg;=cmd|' /C calc'!A0;", bought in a statement: the CSV export
// quotes the field and defuses the formula wherever a spreadsheet (one that
// splits on ',' or on ';') would start a cell there; importing the CSV
// gives the id back exactly.
func TestCSVInjection(t *testing.T) {
	const evil = "pkg;=cmd|' /C calc'!A0;"
	cat := catalogFile(t, "trtc-2019-cny")
	cat["id"] = "custom-evil-000001"
	cat["name"] = "Evil"
	cat["custom"] = true
	_, entry := pkgOf(t, cat, "entry")
	entry["id"] = evil
	catJSON, err := json.Marshal(cat)
	if err != nil {
		t.Fatal(err)
	}
	file, err := json.Marshal(map[string]any{
		"format": "rtcprice-statement", "version": 1, "catalog": cat["id"], "trial": "2019-07-01",
		"purchases":     []map[string]string{{"package": evil, "date": "2019-08-01", "count": "1"}},
		"usage":         []map[string]string{{"month": "2019-07", "meter": "call", "minutes": "199.5"}, {"month": "2019-08", "meter": "call", "seconds": "3108030"}},
		"customCatalog": json.RawMessage(catJSON),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := openPage(t, 1280, 900, "/")
	click(t, ctx, "tab-statement")
	openImport(t, ctx)
	typeInto(t, ctx, "st-csv", string(file))
	click(t, ctx, "st-csv-import")
	// The import is done when it says so (the example it replaces has the
	// same total).
	waitJS(t, ctx, "the import's note", `!!document.getElementById('st-import-note')`)
	waitTotals(t, ctx, "3,713.025")
	if got := eval[string](t, ctx, `document.getElementById('st-p-0-package').value`); got != evil {
		t.Fatalf("the imported purchase's package: %q", got)
	}
	dir := allowDownloads(t, ctx)
	_, csv := download(t, ctx, dir, "st-export", ".csv")
	text := string(csv)
	for _, want := range []string{
		`purchase,"pkg;'=cmd|' /C calc'!A0;",2019-08-01,1`,
		`P1,"pkg;'=cmd|' /C calc'!A0;",call,2019-08-01`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the CSV lacks %s:\n%s", want, text)
		}
	}
	// What a spreadsheet splitting on ',' or ';' sees: quotes count only at
	// the start of a cell; no cell may start a formula.
	for _, sep := range []string{",", ";"} {
		for n, line := range strings.Split(text, "\r\n") {
			for _, c := range excelCells(line, sep) {
				if c != "" && strings.ContainsAny(c[:1], "=+-@\t\r") && !isPlainNumber(c) {
					t.Errorf("split on %q, line %d has the cell %q: a formula", sep, n+1, c)
				}
			}
		}
	}
	// And back.
	click(t, ctx, "st-clear")
	waitJS(t, ctx, "the cleared form", `!document.getElementById('st-p-0-date')`)
	openImport(t, ctx)
	typeInto(t, ctx, "st-csv", strings.ReplaceAll(text, "\r\n", "\n"))
	click(t, ctx, "st-csv-import")
	waitTotals(t, ctx, "3,713.025")
	if got := eval[string](t, ctx, `document.getElementById('st-p-0-package').value`); got != evil {
		t.Errorf("after importing the CSV the package is %q, want %q", got, evil)
	}
}

// excelCells splits a CSV line as a spreadsheet does: on sep, a quote
// opening a quoted cell only at the start of a cell.
func excelCells(line, sep string) []string {
	var cells []string
	var cur strings.Builder
	quoted, start := false, true
	for i := 0; i < len(line); i++ {
		ch := line[i]
		switch {
		case quoted && ch == '"' && i+1 < len(line) && line[i+1] == '"':
			cur.WriteByte('"')
			i++
		case quoted && ch == '"':
			quoted = false
		case quoted:
			cur.WriteByte(ch)
		case ch == '"' && start:
			quoted = true
		case string(ch) == sep:
			cells = append(cells, cur.String())
			cur.Reset()
			start = true
			continue
		default:
			cur.WriteByte(ch)
		}
		start = false
	}
	return append(cells, cur.String())
}

func isPlainNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	dot := false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && !dot && i > 0 && i < len(s)-1:
			dot = true
		default:
			return false
		}
	}
	return true
}
