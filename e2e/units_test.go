//go:build browser

package e2e

import (
	"encoding/json"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPageHelpers checks the page's pure helpers in the browser that runs
// them: money formatted exactly from decimal strings, exact break-even
// minutes and axis ticks, and the CSV reader and writer.
func TestPageHelpers(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
		const f = await import('./js/format.js');
		const d = await import('./js/dec.js');
		const c = await import('./js/csv.js');
		const sf = await import('./js/statementfile.js');
		const i = await import('./js/i18n.js');
		const out = {};
		out.money = [f.money('25.025', 'CNY'), f.money('3713.025', 'CNY'), f.money('123456789012345678.123456', 'CNY'), f.money('24.629333', 'CNY'), f.money('0.1', 'CNY'), f.money(0.1, 'CNY')];
		out.num = [f.num(51801), f.num('1000000000000'), f.percent('0.985173')];
		out.dates = [f.month('2019-07'), f.date('2020-02-29')];
		i.setLang('en');
		out.datesEn = [f.month('2019-07'), f.date('2020-02-29'), f.money('3713.025', 'CNY')];
		i.setLang('zh');
		out.breakEven = [String(d.breakEven(0, '0', '665.00', '28.00')), String(d.breakEven(50000, '3688', '73888', '25')), String(d.breakEven(0, '0', '0.1', '0.3'))];
		out.cmp = [d.cmp('25.025', '25.03'), d.cmp('3688', '3688.000'), d.cmp('0.1', '0.10000001')];
		out.ticks = d.ticks(3713.025, 4).values;
		const cat = { meters: [{ id: 'call', name: 'Call time', nameZh: '通话时长' }] };
		const lookup = () => null;
		out.csv = { rows: sf.readImport('month,seconds\n2019/7,11970\n2019-08,"3,108,030"\n', cat, lookup).usage };
		out.csvComma = sf.readImport('2019-07,199,5', cat, lookup);
		out.cell = [c.cell('=SUM(A1)'), c.cell('-5'), c.cell('a,"b"'), c.cell("pkg;=cmd|' /C calc'!A0;")];
		return JSON.stringify(out);
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Money, Num, Dates, DatesEn, BreakEven, Ticks, Cell []string
		Cmp                                                []int
		CSV                                                struct {
			Rows []struct{ Month, Meter, Amount, Unit string }
		}
		CSVComma struct {
			Usage  []struct{ Amount string }
			Errors []struct {
				Key  string
				Vars struct{ V string }
			}
		}
	}
	if err := json.Unmarshal([]byte(raw), &got); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	want := map[string][2][]string{
		"money":     {got.Money, {"¥25.025", "¥3,713.025", "¥123,456,789,012,345,678.123456", "¥24.629333", "¥0.10", "—"}},
		"num":       {got.Num, {"51,801", "1,000,000,000,000", "98.52%"}},
		"dates":     {got.Dates, {"2019年7月", "2020年2月29日"}},
		"datesEn":   {got.DatesEn, {"Jul 2019", "Feb 29, 2020", "¥3,713.025"}},
		"breakEven": {got.BreakEven, {"23750", "2858000", "334"}},
		"ticks":     {got.Ticks, {"0", "1000", "2000", "3000", "4000"}},
		"cell":      {got.Cell, {"'=SUM(A1)", "-5", `"a,""b"""`, `"pkg;'=cmd|' /C calc'!A0;"`}},
	}
	for name, w := range want {
		if len(w[0]) != len(w[1]) {
			t.Errorf("%s: got %q, want %q", name, w[0], w[1])
			continue
		}
		for i := range w[1] {
			if w[0][i] != w[1][i] {
				t.Errorf("%s[%d]: got %q, want %q", name, i, w[0][i], w[1][i])
			}
		}
	}
	if len(got.Cmp) != 3 || got.Cmp[0] != -1 || got.Cmp[1] != 0 || got.Cmp[2] != -1 {
		t.Errorf("cmp: got %v, want [-1 0 -1]", got.Cmp)
	}
	rows := got.CSV.Rows
	if len(rows) != 2 || rows[0].Month != "2019-07" || rows[0].Meter != "call" || rows[0].Unit != "seconds" || rows[1].Amount != "3108030" {
		t.Errorf("CSV with a seconds header: got %+v", rows)
	}
	// "199,5" with a comma delimiter is month, 199, 5: never read as 199.5
	// nor 1995; the import refuses the meter "199" and imports nothing.
	if len(got.CSVComma.Usage) != 0 || len(got.CSVComma.Errors) != 1 || got.CSVComma.Errors[0].Key != "imp.meter" || got.CSVComma.Errors[0].Vars.V != "199" {
		t.Errorf("CSV 2019-07,199,5: got %+v", got.CSVComma)
	}
}
