//go:build browser

package e2e

import (
	"context"
	"os"
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

// TestPrint: printed, a quote and a statement have a heading with the
// date printed, the price list and its source document, and no controls;
// the PDFs are written to testout/ for a look.
func TestPrint(t *testing.T) {
	ctx := openPage(t, 1000, 1200, "/")
	waitJS(t, ctx, "the quote", quoteReady)
	if eval[bool](t, ctx, shown+`('#print-head')`) {
		t.Errorf("the print heading shows on screen")
	}
	if got := text(t, ctx, "#print-open"); got != "打印" {
		t.Errorf("Print button: %q", got)
	}
	printMedia(t, ctx, true)
	now := time.Now()
	for sel, want := range map[string]bool{
		"#print-head": true, "header.top": false, "#q-form": false, ".foot": false,
		"#share-open": false, "#q-results .best": true, "#q-packages": true,
	} {
		if got := eval[bool](t, ctx, shown+`(`+jsString(sel)+`)`); got != want {
			t.Errorf("printed, %s shown: %v, want %v", sel, got, want)
		}
	}
	head := text(t, ctx, "#print-head")
	for _, want := range []string{"报价单", now.Format("2006") + "年", "打印日期", "腾讯云", "实时音视频 基础服务 价格说明", "Tencent Cloud TRTC documentation"} {
		if !strings.Contains(head, want) {
			t.Errorf("print heading %q lacks %q", head, want)
		}
	}
	screenshot(t, ctx, "print-quote")
	writePDF(t, ctx, "print-quote")
	printMedia(t, ctx, false)

	click(t, ctx, "tab-statement")
	waitTotals(t, ctx, "3,713.025")
	printMedia(t, ctx, true)
	if head := text(t, ctx, "#print-head"); !strings.Contains(head, "账单") || !strings.Contains(head, "腾讯云") {
		t.Errorf("statement print heading: %q", head)
	}
	if eval[bool](t, ctx, shown+`('#st-form')`) {
		t.Errorf("the statement's inputs are printed")
	}
	writePDF(t, ctx, "print-statement")
	printMedia(t, ctx, false)
}

func jsString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
}

// writePDF prints the page to testout/screenshots/name.pdf.
func writePDF(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
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
	if err := os.WriteFile(filepath.Join(dir, name+".pdf"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}
