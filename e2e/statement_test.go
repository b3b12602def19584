//go:build browser

package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// newTRTCStatement opens the statement view and clears it, on TRTC's list
// with the trial granted 2019-07-01.
func newTRTCStatement(t *testing.T, ctx context.Context) {
	t.Helper()
	click(t, ctx, "tab-statement")
	click(t, ctx, "st-clear")
	waitJS(t, ctx, "the cleared form", `!document.getElementById('st-u-0-month') && !!document.getElementById('st-trial')`)
	choose(t, ctx, "st-catalog", "trtc-2019-cny")
	typeInto(t, ctx, "st-trial", "2019-07-01")
}

// enterSeed002 types seed 002's worked example into the statement view:
// trial 2019-07-01, one entry package bought 2019-08-01, usage 199.5
// minutes in July 2019 and 3,108,030 seconds (51,800.5 minutes) in August.
func enterSeed002(t *testing.T, ctx context.Context) {
	t.Helper()
	newTRTCStatement(t, ctx)
	addRow(t, ctx, "st-p-add", "st-p-0-package")
	choose(t, ctx, "st-p-0-package", "entry")
	typeInto(t, ctx, "st-p-0-date", "2019-08-01")
	addRow(t, ctx, "st-u-add", "st-u-0-month")
	typeInto(t, ctx, "st-u-0-month", "2019-07")
	typeInto(t, ctx, "st-u-0-amount", "199.5")
	addRow(t, ctx, "st-u-add", "st-u-1-month")
	typeInto(t, ctx, "st-u-1-month", "2019-08")
	typeInto(t, ctx, "st-u-1-amount", "3108030")
	choose(t, ctx, "st-u-1-unit", "seconds")
}

// statementAnswered: the statement's answer to what was typed is in (the
// results are busy from the first keystroke, and from the moment the view
// is built, until the engine's answer or error is shown).
const statementAnswered = `!document.getElementById('st-results')?.hasAttribute('aria-busy')`

// settled waits for the statement's answer to what was typed.
func settled(t *testing.T, ctx context.Context) {
	t.Helper()
	waitJS(t, ctx, "the statement's answer", statementAnswered)
}

// waiter waits until a JS expression is truthy: waitJS, or waitLong for a
// page at a limit.
type waiter func(t *testing.T, ctx context.Context, what, expr string)

// addRow clicks an "add" button once the statement's answer to what was
// typed is in (an error shown or cleared at a row above moves the
// button while a click is on its way, as a user would see it move), and
// waits for the new row's control.
func addRow(t *testing.T, ctx context.Context, button, control string) {
	t.Helper()
	addRowWith(t, ctx, waitJS, button, control)
}

// addRowWith is addRow waiting with wait.
func addRowWith(t *testing.T, ctx context.Context, wait waiter, button, control string) {
	t.Helper()
	wait(t, ctx, "the statement's answer", statementAnswered)
	click(t, ctx, button)
	wait(t, ctx, "#"+control, `!!document.getElementById('`+control+`')`)
}

func waitTotals(t *testing.T, ctx context.Context, total string) {
	t.Helper()
	waitJS(t, ctx, "the statement totals", `(document.querySelector('#st-totals [data-total="total"] dd')?.textContent || '').includes('`+total+`') && !document.getElementById('st-results').classList.contains('stale') && !document.getElementById('st-results').hasAttribute('aria-busy')`)
}

func TestStatementSeed002(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	enterSeed002(t, ctx)
	waitTotals(t, ctx, "3,713.025")

	for k, want := range map[string]string{"prepaid": "3,688", "postpaid": "25.025", "total": "3,713.025"} {
		if got := text(t, ctx, `#st-totals [data-total="`+k+`"] dd`); !strings.Contains(got, want) {
			t.Errorf("total %s: got %q, want it to show %s", k, got, want)
		}
	}
	aug := `details.month[data-month="2019-08"] .meter-bill[data-meter="call"]`
	if got := text(t, ctx, aug+` [data-k="overageCost"]`); !strings.Contains(got, "25.025") {
		t.Errorf("August overage cost: got %q, want 25.025", got)
	}
	if got := text(t, ctx, aug+` [data-k="billedMinutes"]`); !strings.Contains(got, "51,801") {
		t.Errorf("August billed minutes: got %q, want 51,801", got)
	}
	if got := text(t, ctx, aug+` [data-k="overageMinutes"]`); !strings.Contains(got, "1,001") {
		t.Errorf("August overage minutes: got %q, want 1,001", got)
	}
	if got := text(t, ctx, `details.month[data-month="2019-07"] .meter-bill[data-meter="call"] [data-k="billedMinutes"]`); !strings.Contains(got, "200") {
		t.Errorf("July billed minutes: got %q, want 200", got)
	}
	screenshot(t, ctx, "statement-seed002-desktop")

	// The CSV export downloads the same numbers, exact.
	dir := allowDownloads(t, ctx)
	_, csv := download(t, ctx, dir, "st-export", ".csv")
	for _, want := range []string{"2019-08,call,51801,0,50800,trial:800 P1:50000,1001,25.025,0", "total,3688,25.025,25.03", "total_cost,3713.025"} {
		if !strings.Contains(string(csv), want) {
			t.Errorf("exported CSV lacks %q:\n%s", want, csv)
		}
	}
}

// entryAndImport clears the statement (TRTC, the default list), types a
// trial granted on 2019-07-01 and an entry package bought on date, and
// imports the usage csv through the import box.
func entryAndImport(t *testing.T, ctx context.Context, date, csv string) {
	t.Helper()
	click(t, ctx, "tab-statement")
	click(t, ctx, "st-clear")
	typeInto(t, ctx, "st-trial", "2019-07-01")
	addRow(t, ctx, "st-p-add", "st-p-0-package")
	choose(t, ctx, "st-p-0-package", "entry")
	typeInto(t, ctx, "st-p-0-date", date)
	openImport(t, ctx)
	typeInto(t, ctx, "st-csv", csv)
	settled(t, ctx)
	click(t, ctx, "st-csv-import")
}

func TestStatementCSVImport(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	// A header row naming a seconds column; 199.5 minutes = 11,970 seconds.
	entryAndImport(t, ctx, "2019-08-01", "month,meter,seconds\n2019-07,call,11970\n2019-08,call,3108030\n")
	waitTotals(t, ctx, "3,713.025")
	if got := eval[int](t, ctx, `document.querySelectorAll('#st-form [id^="st-u-"][id$="-month"]').length`); got != 2 {
		t.Errorf("imported usage rows: got %d, want 2", got)
	}

	// A line the importer cannot read is reported next to the CSV field.
	typeInto(t, ctx, "st-csv", "2019-07\n")
	click(t, ctx, "st-csv-import")
	waitJS(t, ctx, "the CSV error", `document.getElementById('st-csv').getAttribute('aria-invalid') === 'true'`)
	if got := text(t, ctx, `#st-csv-err`); !strings.Contains(got, "1") {
		t.Errorf("CSV error should name line 1, got %q", got)
	}
}

// TestStatementStopsAndForfeits: TRTC with only the trial stops the service
// (docs/billing.md §1.14: no postpaid before a paid package), and an entry package left
// unused is forfeited when it expires (docs/billing.md §3.7).
func TestStatementStopsAndForfeits(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	entryAndImport(t, ctx, "2019-09-01", "2019-07,800\n2019-08,1500\n2019-09,10000")
	typeInto(t, ctx, "st-end", "2020-09")
	waitTotals(t, ctx, "3,688.00")
	waitJS(t, ctx, "the whole range", `!!document.querySelector('details.month[data-month="2020-09"]')`)

	if got := text(t, ctx, `#st-totals [data-total="stopped"] dd`); got != "1" {
		t.Errorf("service-stopped months: got %q, want 1", got)
	}
	if got := text(t, ctx, `#st-totals [data-total="unserved"] dd`); !strings.Contains(got, "1,300") {
		t.Errorf("unserved minutes: got %q, want 1,300 (1,500 − the trial's 200 left)", got)
	}
	if got := eval[bool](t, ctx, `document.querySelector('table.months tr[data-month="2019-08"]').classList.contains('stopped')`); !got {
		t.Errorf("August 2019 is not marked service-stopped in the monthly table")
	}
	// The stopped month is marked in the cost chart with drawn shapes (no
	// font glyph that may be missing), explained in the chart's legend.
	waitJS(t, ctx, "the charts", `document.querySelectorAll('#st-results svg.chart').length === 2`)
	if n := eval[int](t, ctx, `document.querySelectorAll('#st-results svg.chart .bar g.stop-mark circle').length`); n != 1 {
		t.Errorf("service-stopped markers in the cost chart: got %d, want 1", n)
	}
	if eval[bool](t, ctx, `[...document.querySelectorAll('#st-results svg.chart text')].some(e => /[⏸⛔✕]/.test(e.textContent))`) {
		t.Errorf("a chart marks a month with a font glyph")
	}
	if got := eval[string](t, ctx, `[...document.querySelectorAll('#st-results .legend li')].filter(li => li.querySelector('.legend-mark .stop-mark')).map(li => li.textContent).join('|')`); got != "当月服务停止（用量未获服务）" {
		t.Errorf("the legend's stopped entry: got %q", got)
	}
	do(t, ctx, "scrolling to the charts", chromedp.Evaluate[chromedp.Void](`document.getElementById('st-charts-title').scrollIntoView()`))
	shot(t, ctx, "statement-stopped-charts")
	if got := text(t, ctx, `#st-totals [data-total="forfeited"] dd`); !strings.Contains(got, "40,000") {
		t.Errorf("forfeited minutes: got %q, want 40,000", got)
	}
	// A month's details are drawn when it is opened (bill.js, on its toggle
	// event, a task after the click): each is waited for before the next
	// click, which would otherwise aim at a summary about to move down.
	for _, m := range []string{"2019-09", "2020-09"} {
		do(t, ctx, "opening "+m, chromedp.Click(chromedp.CSS(`details.month[data-month="`+m+`"] > summary`), chromedp.NodeVisible))
		waitJS(t, ctx, "the opened month "+m, `!!document.querySelector('details.month[data-month="`+m+`"] .month-side')`)
	}
	if got := text(t, ctx, `details.month[data-month="2020-09"] .month-side`); !strings.Contains(got, "40,000") || !strings.Contains(got, "入门包") {
		t.Errorf("September 2020 should list the entry package's 40,000 forfeited minutes; got %q", got)
	}
	if got := text(t, ctx, `details.month[data-month="2019-09"] .month-side`); !strings.Contains(got, "2020年9月30日") {
		t.Errorf("balances should show the entry package's expiry, 2020-09-30; got %q", got)
	}
}

// formPlaces are the places, in the statement form (its own scrolling
// included), of what a click aims at below the rows: the "add" buttons
// and the import box.
const formPlaces = `(() => {
	const form = document.getElementById('st-form');
	const top = form.getBoundingClientRect().top - form.scrollTop;
	return ['#st-p-add', '#st-u-add', 'details.csv-import > summary', '#st-u-0-month']
		.map((sel) => sel + ' ' + Math.round(document.querySelector(sel).getBoundingClientRect().top - top)).join(', ');
})()`

// TestStatementRowErrorKeepsPlace: a purchase row's error (its date not
// typed yet) shown, then cleared once the date is typed, moves nothing
// below it: the row keeps its error line's place, so that a click on its
// way to "add usage" or the import box lands where it was aimed. At
// desktop and phone width, in Chinese and English, with screenshots of
// the row showing its error.
func TestStatementRowErrorKeepsPlace(t *testing.T) {
	onEachScreen(t, func(t *testing.T, ctx context.Context, screen string) {
		statementWithUsage(t, ctx)
		clean := eval[string](t, ctx, formPlaces)
		addRow(t, ctx, "st-p-add", "st-p-0-date")
		settled(t, ctx)
		waitJS(t, ctx, "the purchase's error", `document.getElementById('st-p-0-date').getAttribute('aria-invalid') === 'true' && document.getElementById('st-p-0-err').textContent !== ''`)
		withError := eval[string](t, ctx, formPlaces)
		t.Logf("the purchase row's error: %q", text(t, ctx, "#st-p-0-err"))
		if lines := eval[int](t, ctx, `(() => { const e = document.getElementById('st-p-0-err'); return Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)); })()`); lines != 1 {
			t.Errorf("the purchase row's error takes %d lines, want 1 (the line kept for it)", lines)
		}
		do(t, ctx, "showing the purchase row", chromedp.Evaluate[chromedp.Void](`document.getElementById('st-p-0-date').scrollIntoView({block: 'center'})`))
		shot(t, ctx, "statement-row-error-"+screen)
		typeInto(t, ctx, "st-p-0-date", "2019-08-01")
		settled(t, ctx)
		waitJS(t, ctx, "the error cleared", `!document.getElementById('st-p-0-date').hasAttribute('aria-invalid') && document.getElementById('st-p-0-err').textContent === '' && !!document.querySelector('#st-totals [data-total="total"]')`)
		cleared := eval[string](t, ctx, formPlaces)
		if withError != cleared {
			t.Errorf("the error cleared moved what is below the row:\n with the error: %s\n cleared:        %s", withError, cleared)
		}
		t.Logf("places: before the purchase %s; with its error %s; cleared %s", clean, withError, cleared)
	})
}

// statementWithUsage opens the statement view, clears it and enters a
// small valid statement: TRTC's list, the trial granted 2019-07-01, 1,000
// minutes used in 2019-08; it returns once the statement is answered.
func statementWithUsage(t *testing.T, ctx context.Context) {
	t.Helper()
	newTRTCStatement(t, ctx)
	addRow(t, ctx, "st-u-add", "st-u-0-month")
	typeInto(t, ctx, "st-u-0-month", "2019-08")
	typeInto(t, ctx, "st-u-0-amount", "1000")
	settled(t, ctx)
}
