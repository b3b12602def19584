//go:build browser

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// placesOf is a JS expression: the places of the elements sels name, in
// the form around them (its own scrolling included; a sticky form moves
// with the page's), as "sel top left, ...": what an error shown or
// cleared in the form must not move.
func placesOf(sels ...string) string {
	q := make([]string, len(sels))
	for i, s := range sels {
		q[i] = fmt.Sprintf("%q", s)
	}
	return `(() => [` + strings.Join(q, ", ") + `].map((sel) => {
	const el = document.querySelector(sel);
	if (!el) return sel + ' missing';
	const form = el.closest('form');
	const f = form.getBoundingClientRect();
	const r = el.getBoundingClientRect();
	return sel + ' ' + Math.round(r.top - f.top + form.scrollTop) + ' ' + Math.round(r.left - f.left);
}).join(', '))()`
}

// errorLines is a JS expression: how many lines the error slot id takes.
func errorLines(id string) string {
	return fmt.Sprintf(`(() => { const e = document.getElementById(%q); return Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)); })()`, id)
}

// step is a value typed into a control, a JS condition that is true once
// the page has answered it, and the name of a screenshot to take then
// (none when ""), when axe-core checks the control's form too.
type step struct {
	value, until string
	shot         string
	// click: the id of a button clicked once the value is typed.
	click string
}

// keepsPlace types each of steps into control id in turn, each waited for
// (until is a JS condition on it), and checks that the places of what
// sels name are the same at every step as before the first: an error
// shown, changed or cleared at the control moves nothing else. At a step
// with a screenshot, axe-core finds nothing wrong in the page with the
// error shown, the view's stale results included.
func keepsPlace(t *testing.T, ctx context.Context, id string, sels []string, steps []step) {
	t.Helper()
	expr := placesOf(sels...)
	settle(t, ctx)
	before := eval[string](t, ctx, expr)
	for _, s := range steps {
		typeInto(t, ctx, id, s.value)
		if s.click != "" {
			click(t, ctx, s.click)
		}
		waitJS(t, ctx, fmt.Sprintf("#%s holding %q", id, s.value), s.until)
		slot := eval[string](t, ctx, fmt.Sprintf(`(() => { const el = document.getElementById(%q); const s = document.getElementById(el.getAttribute('data-error-slot') || el.id + '-err'); return s ? s.textContent : '<no slot>'; })()`, id))
		settle(t, ctx)
		if s.shot != "" {
			do(t, ctx, "showing #"+id, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%q).scrollIntoView({block: 'center'})`, id)))
			shot(t, ctx, s.shot)
			reportAxe(t, s.shot, runAxe(t, ctx, axeSource(t)))
		}
		if got := eval[string](t, ctx, expr); got != before {
			t.Errorf("#%s = %q (its error: %q) moved what is after it:\n before: %s\n now:    %s", id, s.value, slot, before, got)
		} else {
			t.Logf("#%s = %q (its error: %q): nothing moved", id, s.value, slot)
		}
	}
}

// invalid is a JS condition: control id is marked invalid and its error
// is shown (in its slot, given by data-error-slot or id-err).
func invalid(id string) string {
	return fmt.Sprintf(`(() => { const el = document.getElementById(%q); const s = document.getElementById(el.getAttribute('data-error-slot') || el.id + '-err'); return el.getAttribute('aria-invalid') === 'true' && !!s && s.textContent !== ''; })()`, id)
}

// invalidWith is invalid(id) with an error that says part.
func invalidWith(id, part string) string {
	return fmt.Sprintf(`%s && (() => { const el = document.getElementById(%q); return document.getElementById(el.getAttribute('data-error-slot') || el.id + '-err').textContent.includes(%q); })()`, invalid(id), id, part)
}

// valid is a JS condition: control id is not marked invalid and its
// error slot is empty.
func valid(id string) string {
	return fmt.Sprintf(`(() => { const el = document.getElementById(%q); const s = document.getElementById(el.getAttribute('data-error-slot') || el.id + '-err'); return !el.hasAttribute('aria-invalid') && !!s && s.textContent === ''; })()`, id)
}

// TestStatementFieldErrorKeepsPlace: the statement form's first fields
// (first and last month, the trial's date) typed a character at a time
// show an error while the value is half typed and clear it once it is
// whole: neither moves the fields, rows and buttons after them, so that
// a click on its way lands where it was aimed. At desktop and phone
// width, in Chinese and English, with screenshots of each error.
func TestStatementFieldErrorKeepsPlace(t *testing.T) {
	after := []string{"#st-end", "#st-trial", "#st-p-add", "#st-u-0-month", "#st-u-add", "details.csv-import > summary"}
	onEachScreen(t, func(t *testing.T, ctx context.Context, screen string) {
		statementWithUsage(t, ctx)
		waitJS(t, ctx, "the statement", `!!document.querySelector('#st-totals [data-total="total"]')`)
		name := "statement-field-error-" + screen
		ok := func(id string) string { return valid(id) + ` && ` + statementAnswered }
		bad := func(id string) string { return invalid(id) + ` && ` + statementAnswered }
		keepsPlace(t, ctx, "st-start", after, []step{
			{"2019-0", bad("st-start"), name + "-start", ""},
			{"2019-07", ok("st-start"), "", ""},
		})
		if lines := eval[int](t, ctx, errorLines(eval[string](t, ctx, `document.getElementById('st-start').getAttribute('data-error-slot') || 'st-start-err'`))); lines > 2 {
			t.Errorf("the first month's error slot takes %d lines", lines)
		}
		keepsPlace(t, ctx, "st-end", after[1:], []step{
			{"2019-1", bad("st-end"), name + "-end", ""},
			{"2019-06", bad("st-end"), name + "-end-before-start", ""},
			{"2019-09", ok("st-end"), "", ""},
		})
		keepsPlace(t, ctx, "st-trial", after[2:], []step{
			{"2019-07-0", bad("st-trial"), name + "-trial", ""},
			{"2019-07-01", ok("st-trial"), "", ""},
		})
	})
}

// TestListEditorErrorKeepsPlace: a price typed wrong in the custom price
// list editor (an overage price, a package's price), then typed right,
// moves none of the rows and buttons after it. At desktop and phone
// width, in Chinese and English, with screenshots of each error.
func TestListEditorErrorKeepsPlace(t *testing.T) {
	cleanupCustom(t)
	for _, sz := range screens {
		for _, lang := range []string{"zh-CN", "en"} {
			t.Run(sz.name+"-"+lang, func(t *testing.T) {
				ctx := openPage(t, sz.w, sz.h, "/")
				clearCustom(t, ctx)
				setLang(t, ctx, lang)
				copyAndEdit(t, ctx, "trtc-2019-cny", "Keeps place")
				name := "list-editor-error-" + sz.name + "-" + lang
				after := []string{"#cl-discount", "#cl-p-0-price", "#cl-p-1-price", "#cl-save"}
				keepsPlace(t, ctx, "cl-m-0", after, []step{
					{"-5", invalidWith("cl-m-0", "-5"), name + "-overage", ""},
					{"6.5", valid("cl-m-0"), "", ""},
				})
				keepsPlace(t, ctx, "cl-p-0-price", []string{"#cl-p-1-price", "#cl-p-2-price", "#cl-save"}, []step{
					{"abc", invalidWith("cl-p-0-price", "abc"), name + "-price", ""},
					{"-1", invalidWith("cl-p-0-price", "-1"), "", ""},
					{"1.1234567", invalidWith("cl-p-0-price", "6"), name + "-places", ""},
					{"150", valid("cl-p-0-price"), "", ""},
				})
				// The list's name, its free minutes and the discount: an
				// error at each moves none of the rows.
				keepsPlace(t, ctx, "cl-name", []string{"#cl-free", "#cl-m-0", "#cl-discount", "#cl-save"}, []step{
					{"", invalid("cl-name"), name + "-name", ""},
					{"Keeps place", valid("cl-name"), "", ""},
				})
				keepsPlace(t, ctx, "cl-free", []string{"#cl-m-0", "#cl-discount", "#cl-save"}, []step{
					{"-5", invalidWith("cl-free", "-5"), name + "-free", ""},
					{"500", valid("cl-free"), "", ""},
				})
				keepsPlace(t, ctx, "cl-discount", []string{"#cl-apply-all", "#cl-p-0-price", "#cl-save"}, []step{
					{"120", invalid("cl-discount"), name + "-discount", "cl-apply-all"},
					{"15", valid("cl-discount"), "", ""},
				})
				for _, id := range []string{"cl-m-0-err", "cl-p-0-err"} {
					if lines := eval[int](t, ctx, errorLines(id)); lines > 2 {
						t.Errorf("#%s takes %d lines", id, lines)
					}
				}
			})
		}
	}
}

// TestQuoteFieldErrorKeepsPlace: the quote's and the comparison's first
// month and number of months typed wrong, then right, move nothing after
// them (the new-account box, the way usage is given, the usage). At
// desktop and phone width, in Chinese and English, with screenshots.
func TestQuoteFieldErrorKeepsPlace(t *testing.T) {
	onEachScreen(t, func(t *testing.T, ctx context.Context, screen string) {
		name := "quote-field-error-" + screen
		for _, v := range []struct{ view, p, after string }{
			{"quote", "q", "#q-mode-minutes"},
			{"compare", "c", "#c-calls-add"},
		} {
			click(t, ctx, "tab-"+v.view)
			answered := ` && !document.getElementById('` + v.p + `-results')?.hasAttribute('aria-busy')`
			ok := func(id string) string { return valid(id) + answered }
			bad := func(id, part string) string { return invalidWith(id, part) + answered }
			typeInto(t, ctx, v.p+"-start", "2026-01")
			typeInto(t, ctx, v.p+"-months", "12")
			waitJS(t, ctx, "the "+v.view, ok(v.p+"-start")+` && `+ok(v.p+"-months"))
			after := []string{"#" + v.p + "-trial", v.after}
			keepsPlace(t, ctx, v.p+"-start", append([]string{"#" + v.p + "-months"}, after...), []step{
				{"2026-0", bad(v.p+"-start", "2026-0"), name + "-" + v.view + "-start", ""},
				{"2026-01", ok(v.p + "-start"), name + "-" + v.view + "-cleared", ""},
			})
			keepsPlace(t, ctx, v.p+"-months", after, []step{
				{"40", bad(v.p+"-months", "40"), name + "-" + v.view + "-months", ""},
				{"12", ok(v.p + "-months"), "", ""},
			})
		}
	})
}

// TestQuoteUsageErrorKeepsPlace: the quote's usage per meter, on Agora's
// list (ten meters, two or three to a row): an error at one meter (its
// message names the meter, in one note under them all) moves none of
// the meters after it or what follows them in the form.
func TestQuoteUsageErrorKeepsPlace(t *testing.T) {
	onEachScreen(t, func(t *testing.T, ctx context.Context, screen string) {
		click(t, ctx, "tab-quote")
		choose(t, ctx, "q-catalog", "agora-2021-cny")
		answered := ` && !document.getElementById('q-results').hasAttribute('aria-busy')`
		waitJS(t, ctx, "Agora's meters", `document.querySelectorAll('#q-form .meters input').length === 10`+answered)
		ids := eval[[]string](t, ctx, `[...document.querySelectorAll('#q-form .meters input')].map(e => e.id)`)
		name := "quote-usage-error-" + screen
		for _, k := range []int{0, 4} { // the first meter, one in the middle
			id := ids[k]
			var after []string
			for _, o := range ids[k+1:] {
				after = append(after, "#"+o)
			}
			after = append(after, "#q-error")
			keepsPlace(t, ctx, id, after, []step{
				{"-400", invalidWith(id, "-400") + answered, fmt.Sprintf("%s-%d-negative", name, k), ""},
				{"3,00", invalid(id) + answered, "", ""},
				{"30000", valid(id) + answered, "", ""},
			})
		}
	})
}

// TestCallsErrorKeepsPlace: the calls editor, in the quote and the
// comparison: an error at a profile's field (in one note under the
// profile's fields, naming the field) moves none of the fields after it
// or the buttons below.
func TestCallsErrorKeepsPlace(t *testing.T) {
	onEachScreen(t, func(t *testing.T, ctx context.Context, screen string) {
		name := "calls-error-" + screen
		for _, p := range []string{"q", "c"} {
			if p == "q" {
				click(t, ctx, "tab-quote")
				click(t, ctx, "q-mode-calls")
			} else {
				click(t, ctx, "tab-compare")
			}
			answered := ` && !document.getElementById('` + p + `-results').hasAttribute('aria-busy')`
			f := func(k string) string { return p + "-calls-0-" + k }
			waitJS(t, ctx, "the calls editor", `!!document.getElementById('`+f("perMonth")+`')`+answered)
			typeInto(t, ctx, f("perMonth"), "100")
			typeInto(t, ctx, f("participants"), "2")
			typeInto(t, ctx, f("minutes"), "30")
			waitJS(t, ctx, "a valid profile", valid(f("perMonth"))+answered)
			after := []string{"#" + f("participants"), "#" + f("minutes"), "#" + f("res"), "#" + f("record"), "#" + p + "-calls-add"}
			keepsPlace(t, ctx, f("perMonth"), after, []step{
				{"-3", invalidWith(f("perMonth"), "-3") + answered, name + "-" + p + "-negative", ""},
				{"100", valid(f("perMonth")) + answered, "", ""},
			})
			keepsPlace(t, ctx, f("minutes"), after[2:], []step{
				{"3,0", invalid(f("minutes")) + answered, name + "-" + p + "-minutes", ""},
				{"30", valid(f("minutes")) + answered, "", ""},
			})
		}
	})
}

// TestMonthlyErrorKeepsPlace: the quote's usage month by month: an error
// at a cell (in one note under the table, naming the month and the
// meter) moves none of the rows after it.
func TestMonthlyErrorKeepsPlace(t *testing.T) {
	onEachScreen(t, func(t *testing.T, ctx context.Context, screen string) {
		click(t, ctx, "tab-quote")
		click(t, ctx, "q-mode-monthly")
		answered := ` && !document.getElementById('q-results').hasAttribute('aria-busy')`
		waitJS(t, ctx, "the monthly table", `document.querySelectorAll('#q-monthly tbody input').length >= 12`+answered)
		ids := eval[[]string](t, ctx, `[...document.querySelectorAll('#q-monthly tbody input')].map(e => e.id)`)
		id := ids[1]
		var after []string
		for _, o := range ids[2:] {
			after = append(after, "#"+o)
		}
		after = append(after, "#q-error")
		keepsPlace(t, ctx, id, after, []step{
			{"-5", invalidWith(id, "-5") + answered, "monthly-error-" + screen, ""},
			{"1000", valid(id) + answered, "", ""},
		})
	})
}

// onEachScreen runs f as a subtest at each of screens' sizes in Chinese
// and in English, on a new page in that language; screen names the
// pair ("phone-en"), for screenshots.
func onEachScreen(t *testing.T, f func(t *testing.T, ctx context.Context, screen string)) {
	for _, sz := range screens {
		for _, lang := range []string{"zh-CN", "en"} {
			t.Run(sz.name+"-"+lang, func(t *testing.T) {
				ctx := openPage(t, sz.w, sz.h, "/")
				setLang(t, ctx, lang)
				f(t, ctx, sz.name+"-"+lang)
			})
		}
	}
}
