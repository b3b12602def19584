//go:build browser

package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// printMedia switches the tab's CSS media to print (on) or back.
func printMedia(t *testing.T, ctx context.Context, on bool) {
	t.Helper()
	media := ""
	if on {
		media = "print"
		// What the browser does before printing: the heading is filled.
		do(t, ctx, "beforeprint", chromedp.Evaluate[chromedp.Void](`dispatchEvent(new Event('beforeprint'))`))
	}
	do(t, ctx, "emulating print media", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	}))
}

const shown = `((sel) => { const el = document.querySelector(sel); return !!el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0; })`

// overflowJS lists what sticks out of the printed page's width (A4
// portrait's printable width, the narrower of A4 and Letter, is the
// viewport), or is cut inside a box that would scroll on screen: paper
// does not scroll.
const overflowJS = `(() => {
	const w = document.documentElement.clientWidth;
	const out = [];
	for (const el of document.querySelectorAll('#app .panel, #app .card, #app details.month, #app table, #app .table-wrap, #app figure, #app svg, #print-head p')) {
		if (el.getClientRects().length === 0) continue;
		const r = el.getBoundingClientRect();
		if (r.right > w + 1) out.push(el.tagName.toLowerCase() + '.' + (el.className.baseVal ?? el.className) + ' right ' + Math.round(r.right) + ' > ' + w);
		if (el.classList.contains('table-wrap') && el.scrollWidth > el.clientWidth + 1) out.push('table-wrap cut: ' + el.scrollWidth + ' > ' + el.clientWidth + ' ' + (el.querySelector('caption, th')?.textContent || ''));
	}
	return out.slice(0, 10);
})()`

// printableA4 is A4 portrait's width less the page margins (tools.css
// @page: 12 mm a side), in CSS pixels: 186 mm at 96 px per inch.
const printableA4 int64 = 186 * 96 * 10 / 254

// checkPrinted checks the printed view: a heading in the page's language
// with the date, the price list and its source by title (never a file
// path), the inputs, no controls, nothing wider than the paper.
func checkPrinted(t *testing.T, ctx context.Context, what string, want []string) {
	t.Helper()
	head := text(t, ctx, "#print-head")
	for _, w := range want {
		if !strings.Contains(head, w) {
			t.Errorf("%s: print heading %q lacks %q", what, head, w)
		}
	}
	for _, bad := range []string{"seeds/", ".txt", "file:"} {
		if strings.Contains(head, bad) {
			t.Errorf("%s: print heading %q shows a file path (%q)", what, head, bad)
		}
	}
	if out := eval[[]string](t, ctx, overflowJS); len(out) > 0 {
		t.Errorf("%s: printed on A4, cut at the right edge: %q", what, out)
	}
}

// TestPrint: printed on A4 and Letter portrait, in Chinese and English, a
// quote and a statement have a heading with the date printed, the price
// list and its source document by title and date, the inputs asked, and no
// controls; nothing is wider than the paper. The PDFs (and PNGs of their
// pages, when pdftoppm is installed) are written to testout/screenshots.
func TestPrint(t *testing.T) {
	ctx := openPageFor(t, 1000, 1200, "/", 4*time.Minute)
	waitJS(t, ctx, "the quote", quoteReady)
	if eval[bool](t, ctx, shown+`('#print-head')`) {
		t.Errorf("the print heading shows on screen")
	}
	if got := text(t, ctx, "#print-open"); got != "打印" {
		t.Errorf("Print button: %q", got)
	}
	now := time.Now()
	for _, lang := range []string{"zh", "en"} {
		if lang == "en" {
			click(t, ctx, "lang-toggle")
			waitJS(t, ctx, "English", `document.documentElement.lang === 'en'`)
		}
		click(t, ctx, "tab-quote")
		waitJS(t, ctx, "the quote", quoteReady)
		do(t, ctx, "the printable width", chromedp.EmulateViewport(printableA4, 1000))
		printMedia(t, ctx, true)
		for sel, want := range map[string]bool{
			"#print-head": true, "header.top": false, "#q-form": false, ".foot": false,
			"#share-open": false, "#q-results .best": true, "#q-packages": true, "#print-head .print-inputs": true,
		} {
			if got := eval[bool](t, ctx, shown+`(`+jsString(sel)+`)`); got != want {
				t.Errorf("printed (%s), %s shown: %v, want %v", lang, sel, got, want)
			}
		}
		quoteWant := map[string][]string{
			"zh": {"报价单", now.Format("2006") + "年", "打印日期", "腾讯云", "《实时音视频 基础服务 价格说明》", "输入", "起始月份", "每月 30,000 分钟"},
			"en": {"Quote", now.Format("2006"), "Printed on", "Tencent Cloud", "“实时音视频 基础服务 价格说明” (vendor document, in Chinese)", "Inputs", "First month", "30,000 minutes a month"},
		}[lang]
		checkPrinted(t, ctx, "quote ("+lang+")", quoteWant)
		if lang == "zh" {
			screenshot(t, ctx, "print-quote")
		}
		writePDF(t, ctx, "print-quote-a4-"+lang, chromedp.PaperA4)
		writePDF(t, ctx, "print-quote-letter-"+lang, chromedp.PaperLetter)
		printMedia(t, ctx, false)
		do(t, ctx, "the screen width", chromedp.EmulateViewport(1000, 1200))

		click(t, ctx, "tab-statement")
		waitTotals(t, ctx, "3,713.025")
		do(t, ctx, "the printable width", chromedp.EmulateViewport(printableA4, 1000))
		printMedia(t, ctx, true)
		stWant := map[string][]string{
			"zh": {"账单", "腾讯云", "《实时音视频 基础服务 价格说明》"},
			"en": {"Statement", "Tencent Cloud", "(vendor document, in Chinese)"},
		}[lang]
		checkPrinted(t, ctx, "statement ("+lang+")", stWant)
		if eval[bool](t, ctx, shown+`('#st-form')`) {
			t.Errorf("the statement's inputs form is printed")
		}
		writePDF(t, ctx, "print-statement-a4-"+lang, chromedp.PaperA4)
		writePDF(t, ctx, "print-statement-letter-"+lang, chromedp.PaperLetter)
		printMedia(t, ctx, false)
		do(t, ctx, "the screen width", chromedp.EmulateViewport(1000, 1200))
	}
}

func jsString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
}

// writePDF prints the page on paper to testout/screenshots/name.pdf and,
// when pdftoppm (poppler-utils) is installed, each page to name-N.png.
func writePDF(t *testing.T, ctx context.Context, name string, paper chromedp.PaperSize) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(paper)))
	if err != nil {
		t.Fatalf("printing to PDF: %v", err)
	}
	if len(buf) < 1000 || !strings.HasPrefix(string(buf), "%PDF") {
		t.Fatalf("printing to PDF gave %d bytes", len(buf))
	}
	dir := filepath.Join("..", "testout", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	if tool, err := exec.LookPath("pdftoppm"); err == nil {
		if out, err := exec.Command(tool, "-png", "-r", "60", p, filepath.Join(dir, name)).CombinedOutput(); err != nil {
			t.Errorf("pdftoppm %s: %v\n%s", p, err, out)
		}
	}
}
