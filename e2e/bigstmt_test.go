//go:build browser

package e2e

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/calc"
)

// Big statements (issue 15): a statement of 10,000 or 100,000 usage rows,
// from a share link or a CSV file, opens without a main-thread task over
// a second, and shows the totals the engine computes for those exact rows;
// a link that would inflate past the limit is refused while inflating.

// longTasks records the page's main-thread long tasks (PerformanceObserver
// 'longtask', buffered) from the first script on: [startTime, duration].
const longTasks = `window.__longtasks = [];
try {
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longtasks.push([Math.round(e.startTime), Math.round(e.duration)]); })
    .observe({ type: 'longtask', buffered: true });
} catch (e) { window.__longtasks = null; }`

// openWatched opens path like openPage, with the long-task recorder
// installed before the page's own scripts.
func openWatched(t *testing.T, path string, timeout time.Duration) context.Context {
	t.Helper()
	return open(t, tab{base: server.URL, path: path, w: 1280, h: 900, init: longTasks, ready: pageReady, timeout: timeout})
}

// longestTask returns the longest main-thread task (ms) that started at or
// after since (performance.now() ms), and how many were over 50 ms.
func longestTask(t *testing.T, ctx context.Context, since float64) (int, int) {
	t.Helper()
	raw := eval[string](t, ctx, `JSON.stringify(window.__longtasks)`)
	var tasks [][2]float64
	if err := json.Unmarshal([]byte(raw), &tasks); err != nil || raw == "null" {
		t.Fatalf("no long-task record (%s): %v", raw, err)
	}
	longest, n := 0, 0
	for _, x := range tasks {
		if x[0]+x[1] < since {
			continue
		}
		n++
		if int(x[1]) > longest {
			longest = int(x[1])
		}
	}
	return longest, n
}

type usageRow struct {
	Month, Meter, Amount, Unit string
}

var bigMeters = []string{"rtc.audio", "rtc.hd", "rtc.fhd", "recording.hd"}

// bigUsage is n usage rows over 24 months of 2021-2022 on four Agora
// meters: decimal minutes, every fifth row in seconds.
func bigUsage(n int) []usageRow {
	rows := make([]usageRow, n)
	for i := range rows {
		m := i % 24
		r := usageRow{Month: fmt.Sprintf("%d-%02d", 2021+m/12, m%12+1), Meter: bigMeters[(i/24)%len(bigMeters)], Unit: "minutes"}
		if i%5 == 4 {
			r.Amount, r.Unit = fmt.Sprint((i*104729)%30000), "seconds"
		} else {
			r.Amount = fmt.Sprintf("%d.%d", (i*7919)%500, i%10)
		}
		rows[i] = r
	}
	return rows
}

var bigPurchases = []map[string]string{{"package": "rtc.hd.250k", "date": "2021-01-01", "count": "2"}, {"package": "rtc.audio.25k", "date": "2021-06-15", "count": "1"}}

// bigTotals is what calc computes for the exact rows (start and end as
// the page derives them: the first and last month named).
func bigTotals(t *testing.T, rows []usageRow) map[string]string {
	t.Helper()
	usage := make([]map[string]string, len(rows))
	for i, r := range rows {
		usage[i] = map[string]string{"month": r.Month, "meter": r.Meter, r.Unit: r.Amount}
	}
	req := map[string]any{"catalog": "agora-2021-cny", "start": "2021-01", "end": "2022-12", "usage": usage,
		"purchases": []map[string]any{{"package": "rtc.hd.250k", "date": "2021-01-01", "count": 2}, {"package": "rtc.audio.25k", "date": "2021-06-15", "count": 1}}}
	b, _ := json.Marshal(req)
	sim, err := calc.SimulateJSON(b)
	if err != nil {
		t.Fatalf("calc.SimulateJSON: %v", err)
	}
	var out map[string]any
	tb, _ := json.Marshal(sim.Totals)
	_ = json.Unmarshal(tb, &out)
	return map[string]string{"total": fmt.Sprint(out["total"]), "prepaid": fmt.Sprint(out["prepaid"]), "postpaid": fmt.Sprint(out["postpaid"])}
}

// bigLink is a share link (hash token) of the statement view with rows.
func bigLink(t *testing.T, rows []usageRow) string {
	t.Helper()
	usage := make([]map[string]string, len(rows))
	for i, r := range rows {
		usage[i] = map[string]string{"month": r.Month, "meter": r.Meter, "amount": r.Amount, "unit": r.Unit}
	}
	st := map[string]any{"v": 1, "view": "statement", "lang": "en", "catalog": "agora-2021-cny",
		"statement": map[string]any{"catalog": "agora-2021-cny", "start": "", "end": "", "trial": "", "purchases": bigPurchases, "usage": usage}}
	b, _ := json.Marshal(st)
	var z bytes.Buffer
	w, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	w.Write(b)
	w.Close()
	t.Logf("link of %d rows: %d bytes of JSON, %d of token", len(rows), len(b), base64.RawURLEncoding.EncodedLen(z.Len()))
	return "1." + base64.RawURLEncoding.EncodeToString(z.Bytes())
}

// statementSettled: the totals shown, nothing pending.
const statementSettled = `!!document.querySelector('#st-totals [data-total="total"] dd') && !document.getElementById('st-results').classList.contains('stale') && !document.getElementById('st-results').hasAttribute('aria-busy')`

var notMoney = regexp.MustCompile(`[^0-9.]`)

// checkTotals compares the totals the page shows with calc's, exactly.
func checkTotals(t *testing.T, ctx context.Context, want map[string]string) {
	t.Helper()
	for k, w := range want {
		shown := text(t, ctx, `#st-totals [data-total="`+k+`"] dd`)
		got, err1 := decimal.NewFromString(notMoney.ReplaceAllString(shown, ""))
		wd, err2 := decimal.NewFromString(w)
		if err1 != nil || err2 != nil || !got.Equal(wd) {
			t.Errorf("total %s: the page shows %q, calc computes %s", k, shown, w)
		}
	}
}

// referenceTask is the longest main-thread task of opening the page at
// the same statement's shape with one usage row per month and meter (96
// rows: what the big statements are shown as), measured in the same run:
// on a loaded machine every task is slower, and the page's own work
// (charts, layout) is not the rows'.
func referenceTask(t *testing.T) int {
	t.Helper()
	ctx := openWatched(t, "/#s="+bigLink(t, bigUsage(96)), 4*time.Minute)
	return settleBig(t, ctx, 0, "the 96-row reference")
}

// checkTask reports the longest task of opening a big statement beside
// the reference's (the same page with 96 rows, this run), as a ratio: the
// goal is no task over ~1 s, a speed goal, measured and printed rather
// than asserted to the millisecond (a loaded machine makes every task
// slower, by a factor that changes from one page to the next: ratios from
// 0.2 to 4.1 were seen for the same code). It fails only when the task is
// over a second and over ten times the reference: the page doing per-row
// work again (before this change a 10,000-row link took a 131,790 ms task
// here, 88 times its reference; 100,000 rows, minutes).
func checkTask(t *testing.T, what string, longest, ref int) {
	t.Helper()
	t.Logf("%s: the longest task %d ms; the reference %d ms (ratio %.2f)", what, longest, ref, float64(longest)/float64(max(ref, 1)))
	if longest > 1000 && longest > 10*ref {
		t.Errorf("%s blocked the page for %d ms: over 1 s and over ten times the reference (%d ms)", what, longest, ref)
	}
}

// settle waits for the statement and then a quiet second (incremental
// rendering done), and returns the longest task since since.
func settleBig(t *testing.T, ctx context.Context, since float64, what string) int {
	t.Helper()
	waitAcross(t, ctx, what, statementSettled, 4*time.Minute)
	time.Sleep(1500 * time.Millisecond)
	longest, n := longestTask(t, ctx, since)
	t.Logf("%s: %d long tasks, the longest %d ms", what, n, longest)
	return longest
}

// TestBigStatementLink: a link of 10,000 usage rows opens without a task
// over a second, summarized by month and meter, with calc's totals; a row
// edited changes only its month/meter.
func TestBigStatementLink(t *testing.T) {
	rows := bigUsage(10000)
	want := bigTotals(t, rows)
	ref := referenceTask(t)
	ctx := openWatched(t, "/#s="+bigLink(t, rows), 6*time.Minute)
	checkTask(t, "opening the 10,000-row link", settleBig(t, ctx, 0, "the 10,000-row link"), ref)
	checkTotals(t, ctx, want)
	// Summarized: 24 months x 4 meters, and the page says so.
	if n := eval[int](t, ctx, `document.querySelectorAll('#st-form [id^="st-u-"][id$="-amount"]').length`); n != 96 {
		t.Errorf("usage rows shown: %d, want 96 (one per month and meter)", n)
	}
	if got := text(t, ctx, "#st-u-summary"); !strings.Contains(got, "10,000") || !strings.Contains(got, "96") {
		t.Errorf("the summary note says %q, want it to name 10,000 rows and 96", got)
	}
	screenshot(t, ctx, "statement-10000-rows")
	reportAxe(t, "the summarized statement", runAxe(t, ctx, axeSource(t)))

	// The export carries the exact rows (nothing was edited).
	dir := allowDownloads(t, ctx)
	_, csv := download(t, ctx, dir, "st-export", ".csv")
	var exported []string
	for _, l := range strings.Split(string(csv), "\r\n") {
		if strings.HasPrefix(l, "usage,") {
			exported = append(exported, l)
		}
	}
	if len(exported) != len(rows) {
		t.Fatalf("the CSV export has %d usage rows, want the %d exact rows", len(exported), len(rows))
	}
	for i, r := range rows {
		if want := fmt.Sprintf("usage,%s,%s,%s,%s", r.Month, r.Meter, r.Amount, r.Unit); exported[i] != want {
			t.Fatalf("exported usage row %d: %q, want %q", i, exported[i], want)
		}
	}

	// Editing a summed row sets its month and meter's total: January's
	// audio (its rows mix minutes and seconds: shown in seconds) becomes
	// 1,000 seconds; every other month/meter keeps its exact rows.
	if got := eval[string](t, ctx, `document.getElementById('st-u-0-month').value + ' ' + document.getElementById('st-u-0-meter').value + ' ' + document.getElementById('st-u-0-unit').value`); got != "2021-01 rtc.audio seconds" {
		t.Fatalf("the first summed row is %q, want 2021-01 rtc.audio seconds", got)
	}
	var edited []usageRow
	for _, r := range rows {
		if r.Month != "2021-01" || r.Meter != "rtc.audio" {
			edited = append(edited, r)
		}
	}
	edited = append([]usageRow{{"2021-01", "rtc.audio", "1000", "seconds"}}, edited...)
	wantEdited := bigTotals(t, edited)
	if wantEdited["total"] == want["total"] {
		t.Fatalf("the edit does not change the total: the check could not fail")
	}
	typeInto(t, ctx, "st-u-0-amount", "1000")
	waitAcross(t, ctx, "the edited statement", statementSettled+` && document.getElementById('st-u-0-amount-hint').textContent.includes('105')`, 2*time.Minute)
	time.Sleep(time.Second)
	waitAcross(t, ctx, "the edited statement", statementSettled, 2*time.Minute)
	checkTotals(t, ctx, wantEdited)
	if n := evalAsync[int](t, ctx, `import('./js/state.js').then((m) => m.state.statement.usage.length)`); n != len(edited) {
		t.Errorf("after the edit the statement has %d rows, want %d (January's audio rows became one)", n, len(edited))
	}
}

// TestBigStatementCSVImport: a statement file of 100,000 usage rows (the
// limit) imported from a file opens without a task over a second, with
// calc's totals; one row more is refused at the import box with the limit.
func TestBigStatementCSVImport(t *testing.T) {
	rows := bigUsage(100000)
	want := bigTotals(t, rows)
	var b strings.Builder
	b.WriteString("rtcprice statement,1\r\nrecord,catalog,start,end,trial\r\nstatement,agora-2021-cny,,,\r\nrecord,package,date,count\r\n")
	for _, p := range bigPurchases {
		fmt.Fprintf(&b, "purchase,%s,%s,%s\r\n", p["package"], p["date"], p["count"])
	}
	b.WriteString("record,month,meter,amount,unit\r\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "usage,%s,%s,%s,%s\r\n", r.Month, r.Meter, r.Amount, r.Unit)
	}
	path := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ref := referenceTask(t)
	ctx := openWatched(t, "/", 8*time.Minute)
	click(t, ctx, "lang-toggle")
	click(t, ctx, "tab-statement")
	waitJS(t, ctx, "the statement", statementSettled)
	openImport(t, ctx)
	since := eval[float64](t, ctx, `performance.now()`)
	do(t, ctx, "choosing the 100,000-row file", chromedp.SetUploadFiles(chromedp.ID("st-csv-file"), []string{path}))
	waitAcross(t, ctx, "the import note", `!!document.getElementById('st-import-note')`, 4*time.Minute)
	checkTask(t, "importing 100,000 rows", settleBig(t, ctx, since, "the 100,000-row CSV import"), ref)
	checkTotals(t, ctx, want)
	if n := eval[int](t, ctx, `document.querySelectorAll('#st-form [id^="st-u-"][id$="-amount"]').length`); n != 96 {
		t.Errorf("usage rows shown: %d, want 96", n)
	}

	// One row past the limit: refused at the import box, naming the limit.
	b.WriteString("usage,2021-01,rtc.hd,1,minutes\r\n")
	over := filepath.Join(t.TempDir(), "over.csv")
	if err := os.WriteFile(over, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "choosing the 100,001-row file", chromedp.SetUploadFiles(chromedp.ID("st-csv-file"), []string{over}))
	waitAcross(t, ctx, "the refusal", `document.getElementById('st-csv').getAttribute('aria-invalid') === 'true'`, 2*time.Minute)
	if got := text(t, ctx, "#st-csv-err"); !strings.Contains(got, "100,000") {
		t.Errorf("the refusal of 100,001 rows says %q, want the limit 100,000", got)
	}
	checkTotals(t, ctx, want) // the statement shown is still the imported one
}

// TestBigStatementLimitLink: a link of exactly 100,000 usage rows (the
// documented limit) works in the page with calc's totals; 100,001 rows are
// refused by the engine with its structured error, shown at the usage rows.
func TestBigStatementLimitLink(t *testing.T) {
	rows := bigUsage(100000)
	want := bigTotals(t, rows)
	ref := referenceTask(t)
	ctx := openWatched(t, "/#s="+bigLink(t, rows), 8*time.Minute)
	checkTask(t, "opening the 100,000-row link", settleBig(t, ctx, 0, "the 100,000-row link"), ref)
	checkTotals(t, ctx, want)

	over := append(rows, usageRow{"2021-01", "rtc.hd", "1", "minutes"})
	do(t, ctx, "opening the 100,001-row link", chromedp.Navigate("about:blank"), chromedp.Navigate(server.URL+"/#s="+bigLink(t, over)), chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #app`)))
	waitAcross(t, ctx, "the limit error at the usage rows", `(document.getElementById('st-u-err')?.textContent || '') !== ''`, 4*time.Minute)
	got := text(t, ctx, "#st-u-err")
	if !strings.Contains(got, "100,000") || !strings.Contains(got, "100,001") {
		t.Errorf("the error at the usage rows says %q, want the count 100,001 and the limit 100,000", got)
	}
	if eval[bool](t, ctx, `!!document.querySelector('#st-totals')`) {
		t.Errorf("a statement past the limit shows totals")
	}
}

// TestLinkTooLarge: a 1 GB state compressed into a link of about 1 MB is
// refused while inflating: decoding stops just past the 8 MiB limit, in
// well under the time inflating it all takes, and the page says why in the
// page's language.
func TestLinkTooLarge(t *testing.T) {
	var z bytes.Buffer
	w, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	w.Write([]byte(`{"v":1,"view":"statement","x":"`))
	zeros := bytes.Repeat([]byte("0"), 1<<20)
	for i := 0; i < 1024; i++ {
		w.Write(zeros)
	}
	w.Write([]byte(`"}`))
	w.Close()
	token := "1." + base64.RawURLEncoding.EncodeToString(z.Bytes())
	t.Logf("link: %d characters for 1 GiB of JSON", len(token))

	ctx := openWatched(t, "/", 4*time.Minute)
	// The reference: this page opened without a link.
	waitAcross(t, ctx, "the first quote", `performance.getEntriesByName('rtcprice:first-quote').length > 0`, 2*time.Minute)
	time.Sleep(1500 * time.Millisecond)
	ref, _ := longestTask(t, ctx, 0)
	// The decoder itself: how far it inflated, how long it took.
	raw := evalAsync[string](t, ctx, fmt.Sprintf(`(async () => {
  const m = await import('./js/link.js');
  const t0 = performance.now();
  const r = await m.decode(%q);
  return JSON.stringify({ ...r, ms: Math.round(performance.now() - t0), max: m.MAX_JSON });
})()`, token))
	var r struct {
		Error    string
		Inflated int
		Ms       int
		Max      int
	}
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		t.Fatal(err)
	}
	t.Logf("decode: %s after %d bytes inflated (limit %d) in %d ms", r.Error, r.Inflated, r.Max, r.Ms)
	if r.Error != "large" || r.Max != 8<<20 || r.Inflated <= r.Max || r.Inflated > r.Max+2<<20 {
		t.Errorf("decode of a 1 GiB link: %s, inflated %d bytes; want 'large', stopped within 2 MiB past %d", raw, r.Inflated, 8<<20)
	}

	// The page opened at the link: refused, said at the link notice.
	since := 0.0
	do(t, ctx, "opening the link", chromedp.Navigate("about:blank"), chromedp.Navigate(server.URL+"/#s="+token), chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #app`)))
	waitAcross(t, ctx, "the too-large notice", `!!document.querySelector('#notices [data-notice="link"]')`, time.Minute)
	if got := text(t, ctx, `#notices [data-notice="link"] p`); !strings.Contains(got, "8 MiB") || !strings.Contains(got, "上限") {
		t.Errorf("too-large notice (zh): %q", got)
	}
	click(t, ctx, "lang-toggle")
	waitJS(t, ctx, "English", `document.documentElement.lang === 'en'`)
	if got := text(t, ctx, `#notices [data-notice="link"] p`); !strings.Contains(got, "8 MiB") || !strings.Contains(got, "limit") {
		t.Errorf("too-large notice (en): %q", got)
	}
	time.Sleep(time.Second)
	longest, _ := longestTask(t, ctx, since)
	heap := eval[float64](t, ctx, `performance.memory ? performance.memory.usedJSHeapSize / 1048576 : -1`)
	// Logged, not checked: what remains of opening a 1.4 MB address is the
	// browser's own (a CPU profile puts it in "(program)", not in the
	// page's scripts: decoding stopped at 8 MiB, above).
	t.Logf("opening the page at the too-large link: the longest task %d ms; the page without a link %d ms; JS heap %.0f MiB after", longest, ref, heap)
}

// TestBigStatementShowMore: a statement of 960 month/meter rows (240
// months x 4 meters, nothing to sum) shows 200 rows, then 200 more from
// the keyboard ("Show more"), and stays clean for axe.
func TestBigStatementShowMore(t *testing.T) {
	rows := make([]usageRow, 0, 960)
	for m := 0; m < 240; m++ {
		for _, meter := range bigMeters {
			rows = append(rows, usageRow{fmt.Sprintf("%d-%02d", 2002+m/12, m%12+1), meter, fmt.Sprint(1000 + m), "minutes"})
		}
	}
	ctx := openWatched(t, "/#s="+bigLink(t, rows), 4*time.Minute)
	waitAcross(t, ctx, "the statement", statementSettled, 3*time.Minute)
	shown := `document.querySelectorAll('#st-form [id^="st-u-"][id$="-amount"]').length`
	if n := eval[int](t, ctx, shown); n != 200 {
		t.Errorf("rows rendered at first: %d, want 200", n)
	}
	if eval[bool](t, ctx, `!!document.getElementById('st-u-summary')`) {
		t.Errorf("a summary note for rows that sum nothing")
	}
	if got := text(t, ctx, "#st-u-more"); !strings.Contains(got, "200") || !strings.Contains(got, "960") {
		t.Errorf("the Show more button says %q", got)
	}
	do(t, ctx, "Show more from the keyboard", chromedp.Focus(chromedp.ID("st-u-more")), chromedp.KeyEvent("\r"))
	waitJS(t, ctx, "400 rows", shown+` === 400`)
	if got := eval[string](t, ctx, `document.getElementById('st-u-399-month').value + ' ' + document.activeElement.id`); got != "2010-04 st-u-more" {
		t.Errorf("after Show more: the last row and focus are %q, want 2010-04 st-u-more", got)
	}
	reportAxe(t, "the statement with Show more", runAxe(t, ctx, axeSource(t)))
}
