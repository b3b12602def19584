//go:build browser

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// quoteNumbers reads what a quote shows: the cards, the plan and the
// package table.
const quoteNumbers = `JSON.stringify({
  cards: [...document.querySelectorAll('#q-results .cards.best > div')].map((c) => c.dataset.k + '=' + c.querySelector('dd').textContent),
  plan: document.getElementById('q-plan')?.textContent,
  packages: document.getElementById('q-packages')?.textContent,
  catalog: document.getElementById('q-catalog')?.value,
  lang: document.documentElement.lang,
})`

// TestShareLink: the link of "Copy link" opened in a fresh browser (no
// storage, no history) shows the same numbers; it is compact, carries the
// catalog id and leaves the other views' inputs behind; a damaged link
// says so and leaves a working page with the defaults.
func TestShareLink(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	click(t, ctx, "lang-toggle")
	waitJS(t, ctx, "English", `document.documentElement.lang === 'en'`)
	agoraQuote(t, ctx)
	// A statement input that must not travel with the quote.
	do(t, ctx, "marking the statement", chromedp.Evaluate[chromedp.Void](`import('./js/state.js').then((m) => { m.state.statement.trial = '2019-07-02'; })`, chromedp.EvalAwaitPromise))
	want := eval[string](t, ctx, quoteNumbers)

	click(t, ctx, "share-open")
	waitJS(t, ctx, "the share link", `document.getElementById('share-url').value.includes('#s=1.') && document.getElementById('share-status').textContent !== ''`)
	link := eval[string](t, ctx, `document.getElementById('share-url').value`)
	if !strings.HasPrefix(link, server.URL+"/#s=1.") {
		t.Fatalf("share link %q: want %s/#s=1.<payload>", link, server.URL)
	}
	if len(link) > 700 {
		t.Errorf("share link is %d characters: not compact", len(link))
	}
	if got := eval[string](t, ctx, `document.activeElement.id`); got != "share-url" {
		t.Errorf("focus after Copy link: %q, want the link field", got)
	}
	t.Logf("share link (%d chars), status %q", len(link), text(t, ctx, "#share-status"))
	screenshot(t, ctx, "share-box")
	payload := decodeLink(t, ctx, link)
	if payload["v"] != float64(1) || payload["catalog"] != "agora-2021-cny" || payload["view"] != "quote" {
		t.Errorf("share payload: v=%v catalog=%v view=%v, want 1, agora-2021-cny, quote", payload["v"], payload["catalog"], payload["view"])
	}
	if _, ok := payload["statement"]; ok {
		t.Errorf("a quote's share link carries the statement's inputs")
	}
	// The page's own hash is the same format, with every view.
	if h := eval[string](t, ctx, `location.hash`); !strings.HasPrefix(h, "#s=1.") {
		t.Errorf("the page's hash %q is not in the share format", h)
	}
	do(t, ctx, "closing the share box with Escape", chromedp.Focus(chromedp.ID("share-url")), chromedp.KeyEvent(kb.Escape))
	waitJS(t, ctx, "the share box closed", `document.getElementById('share-box').hidden && document.activeElement.id === 'share-open'`)

	// Opened elsewhere.
	fresh := openAt(t, server.URL, strings.TrimPrefix(link, server.URL), 1280, 900, `html[data-ready="true"] #app`)
	waitJS(t, fresh, "the shared quote", quoteReady)
	if got := eval[string](t, fresh, quoteNumbers); got != want {
		t.Errorf("the shared link shows other numbers:\n got %s\nwant %s", got, want)
	}
	if got := evalAsync[string](t, fresh, `import('./js/state.js').then((m) => m.state.statement.trial)`); got == "2019-07-02" {
		t.Errorf("the statement's input travelled with the quote")
	}
	if n := eval[int](t, fresh, `document.querySelectorAll('#notices [data-notice]').length`); n != 0 {
		t.Errorf("a good link shows %d notices: %s", n, text(t, fresh, "#notices"))
	}

	// Damaged: one character of the payload changed (the zlib check fails).
	i := len(link) - 12
	c := byte('A')
	if link[i] == 'A' {
		c = 'B'
	}
	bad := link[:i] + string(c) + link[i+1:]
	do(t, fresh, "opening a damaged link", chromedp.Navigate("about:blank"), chromedp.Navigate(bad), chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #app`)))
	waitJS(t, fresh, "the damaged-link notice", `!!document.querySelector('#notices [data-notice="link"]')`)
	if got := text(t, fresh, `#notices [data-notice="link"] p`); !strings.Contains(got, "损坏") {
		t.Errorf("damaged-link notice: %q", got)
	}
	waitJS(t, fresh, "the default quote", quoteReady)
	if got := eval[string](t, fresh, `document.getElementById('q-catalog').value`); got != "trtc-2019-cny" {
		t.Errorf("after a damaged link the catalog is %q, want the default", got)
	}
	typeInto(t, fresh, "q-usage-call", "40000")
	waitJS(t, fresh, "a quote after a damaged link", quoteReady)
	screenshot(t, fresh, "share-damaged-link")
	// A link pasted over the page (a hash change): read, and the notice goes.
	do(t, fresh, "pasting the good link", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`location.hash = %q`, link[strings.Index(link, "#"):])))
	waitJS(t, fresh, "the shared quote again", `!document.querySelector('#notices [data-notice="link"]') && document.getElementById('q-catalog')?.value === 'agora-2021-cny' && `+quoteReady)
	// A link naming a price list that does not exist (a newer format is
	// TestLinkCodec's).
	missing := evalAsync[string](t, ctx, `import('./js/link.js').then((m) => m.encode({view: 'quote', quote: {catalog: 'gone-2020-usd'}}))`)
	do(t, fresh, "opening a link to a missing catalog", chromedp.Navigate("about:blank"), chromedp.Navigate(server.URL+"/#s="+missing), chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #app`)))
	waitJS(t, fresh, "the missing-catalog notice", `(document.querySelector('#notices [data-notice="catalog"]')?.textContent || '').includes('gone-2020-usd')`)
	waitJS(t, fresh, "the quote on the first catalog", quoteReady)
	click(t, fresh, "lang-toggle") // the dismiss button follows the language
	do(t, fresh, "dismissing the notice", chromedp.Click(chromedp.CSS(`#notices [data-notice="catalog"] button`), chromedp.NodeVisible))
	waitJS(t, fresh, "no notice", `!document.querySelector('#notices [data-notice]')`)
}

// decodeLink reads a share link's payload with the page's own decoder.
func decodeLink(t *testing.T, ctx context.Context, link string) map[string]any {
	t.Helper()
	raw := evalAsync[string](t, ctx, fmt.Sprintf(`import('./js/link.js').then((m) => m.decode(%q)).then((r) => JSON.stringify(r))`, link[strings.Index(link, "#s=")+3:]))
	var r struct {
		Value map[string]any
		Error string
	}
	if err := json.Unmarshal([]byte(raw), &r); err != nil || r.Error != "" {
		t.Fatalf("decoding the share link: %v %s", err, r.Error)
	}
	return r.Value
}

// evalAsync evaluates a JS expression whose value is a promise.
func evalAsync[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// TestLinkCodec: link.js's decoder on damaged, foreign and hostile input
// answers an error and never throws.
func TestLinkCodec(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
		const l = await import('./js/link.js');
		const out = {};
		const good = await l.encode({view: 'quote', lang: 'en', quote: {catalog: 'trtc-2019-cny', usage: {call: '30000'}}, note: '价格 ✓'});
		out.good = await l.decode(good);
		out.truncated = (await l.decode(good.slice(0, -6))).error;
		out.empty = (await l.decode('')).error;
		out.noPayload = (await l.decode('1.')).error;
		out.notBase64 = (await l.decode('1.%%%')).error;
		out.newer = (await l.decode('7.abc')).error;
		out.older = (await l.decode('0.abc')).error;
		out.garbage = (await l.decode('1.' + 'A'.repeat(400))).error;
		out.legacy = (await l.decode(encodeURIComponent('{"view":"compare"}'))).value;
		out.legacyBad = (await l.decode('%7Bnot-json')).error;
		// An array, a number, and an object without v, compressed properly.
		const raw = async (text) => {
			const z = await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer();
			return '1.' + btoa(String.fromCharCode(...new Uint8Array(z))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
		};
		out.array = (await l.decode(await raw('[1,2]'))).error;
		out.noVersion = (await l.decode(await raw('{"view":"quote"}'))).error;
		out.notUTF8 = (await l.decode(await raw('\xff\xfe'))).error;
		// A bomb: 33 MB of spaces inside a JSON string, a few kB compressed.
		const bomb = await (async () => {
			const parts = ['{"v":1,"x":"'];
			const chunk = ' '.repeat(1 << 20);
			for (let i = 0; i < 33; i++) parts.push(chunk);
			parts.push('"}');
			const z = await new Response(new Blob(parts).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer();
			const b = new Uint8Array(z);
			let s = '';
			for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
			return '1.' + btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
		})();
		out.bombLength = bomb.length;
		out.bomb = (await l.decode(bomb)).error;
		out.hash = await l.readHash('#app');
		return JSON.stringify(out);
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(raw), &got); err != nil {
		t.Fatal(err)
	}
	good, _ := got["good"].(map[string]any)
	value, _ := good["value"].(map[string]any)
	if value == nil || value["v"] != float64(1) || value["note"] != "价格 ✓" || value["lang"] != "en" {
		t.Errorf("round trip: got %v", got["good"])
	}
	for k, want := range map[string]string{
		"truncated": "corrupt", "empty": "corrupt", "noPayload": "corrupt", "notBase64": "corrupt",
		"newer": "version", "older": "corrupt", "garbage": "corrupt", "legacyBad": "corrupt",
		"array": "corrupt", "noVersion": "corrupt", "notUTF8": "corrupt", "bomb": "large",
	} {
		if got[k] != want {
			t.Errorf("decode %s: error %v, want %q", k, got[k], want)
		}
	}
	if l, _ := got["legacy"].(map[string]any); l == nil || l["view"] != "compare" {
		t.Errorf("legacy JSON hash: got %v", got["legacy"])
	}
	if h, _ := got["hash"].(map[string]any); h == nil || h["value"] != nil || h["error"] != "" {
		t.Errorf("readHash('#app') (the skip link): got %v, want no state and no error", got["hash"])
	}
	t.Logf("a 33 MB bomb is a %v-character link", got["bombLength"])
}

// TestLinkKeepsEveryMeter: a link's per-meter maps (the quote's amounts
// and its month-by-month columns) are opened whole, however many meters
// they name: the amounts of many price lists' meters, custom ones too
// (8 lists of 32 meters), can name more than 100, and the page reads
// them by the chosen list's meter ids. Here the chosen list's meter comes
// after 150 others and a "__proto__" key, and is still priced; an amount
// is kept exactly as typed, whatever its length; a map's key is data,
// never the map's prototype; a month-by-month column keeps the 36
// months a quote can have.
func TestLinkKeepsEveryMeter(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	token := evalAsync[string](t, ctx, `(async () => {
		const usage = {}, monthly = {};
		for (let i = 0; i < 150; i++) {
			usage['custom.m' + i] = String(i);
			monthly['custom.m' + i] = ['1'];
		}
		Object.defineProperty(usage, '__proto__', { value: '5', enumerable: true });
		Object.defineProperty(monthly, '__proto__', { value: ['5'], enumerable: true });
		usage.call = '1' + ' '.repeat(250) + '9';
		usage['rtc.hd'] = '34000';
		monthly['rtc.hd'] = ['34000'];
		monthly['rtc.fhd'] = Array.from({ length: 40 }, (_, i) => String(i));
		const m = await import('./js/link.js');
		return m.encode({ view: 'quote', lang: 'en', quote: { catalog: 'agora-2021-cny', start: '2026-01', months: '1', mode: 'minutes', usage, monthly } });
	})()`)
	do(t, ctx, "opening the link", chromedp.Navigate("about:blank"), chromedp.Navigate(server.URL+"/#s="+token), chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #app`)))
	waitJS(t, ctx, "the link's quote", quoteReady)
	if got := eval[string](t, ctx, `document.getElementById('q-usage-rtc-hd')?.value`); got != "34000" {
		t.Errorf("the HD amount after 150 other meters: %q, want 34000", got)
	}
	if got := eval[string](t, ctx, totalJS); !strings.Contains(got, "665.00") {
		t.Errorf("the link's quote total %q, want ¥665.00 (34,000 HD minutes, 10,000 free)", got)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#notices [data-notice]').length`); n != 0 {
		t.Errorf("a good link shows %d notices: %s", n, text(t, ctx, "#notices"))
	}
	got := evalAsync[string](t, ctx, `import('./js/state.js').then(({ state: { quote: q } }) => JSON.stringify({
		usage: Object.keys(q.usage).length, monthly: Object.keys(q.monthly).length,
		protoUsage: Object.getPrototypeOf(q.usage) === Object.prototype && Object.hasOwn(q.usage, '__proto__') && q.usage['__proto__'] === '5',
		protoMonthly: Object.getPrototypeOf(q.monthly) === Object.prototype && Object.hasOwn(q.monthly, '__proto__'),
		call: q.usage.call.length, hd: q.monthly['rtc.hd'], fhd: q.monthly['rtc.fhd'].length + ' ' + q.monthly['rtc.fhd'][35],
	}))`)
	// A month-by-month column keeps the 36 months a quote can have (the
	// horizon is at most 36: test/js/viewdata.test.mjs).
	if want := `{"usage":153,"monthly":153,"protoUsage":true,"protoMonthly":true,"call":252,"hd":["34000"],"fhd":"36 35"}`; got != want {
		t.Errorf("the link's maps in the state: %s, want %s", got, want)
	}
}

// TestLinkKeepsEveryProfile: a link's call profiles are opened however
// many: 101 are refused by the engine, in the page's language, with the
// limit (100), as 101 added with the button are (TestPageLimits), never
// cut to fewer and priced; the statement's text is kept exactly as in the
// link, whatever its length.
func TestLinkKeepsEveryProfile(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	token := evalAsync[string](t, ctx, `import('./js/link.js').then((m) => m.encode({
		view: 'quote', lang: 'en',
		quote: { catalog: 'agora-2021-cny', start: '2026-01', months: '12', mode: 'calls',
			calls: Array.from({ length: 101 }, () => ({ perMonth: '10', per: 'month', participants: '2', minutes: '30', res: '1280x720', width: '', height: '', record: false })) },
		statement: { catalog: 'trtc-2019-cny', start: '', end: '', trial: '', purchases: [], usage: [{ month: '2019-07', meter: 'call', amount: '1' + ' '.repeat(250) + '9', unit: 'minutes' }] },
	}))`)
	do(t, ctx, "opening the link", chromedp.Navigate("about:blank"), chromedp.Navigate(server.URL+"/#s="+token), chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #app`)))
	waitJS(t, ctx, "the 101 profiles refused", `(document.getElementById('q-error')?.textContent || '') !== ''`)
	if n := eval[int](t, ctx, `document.querySelectorAll('#view-quote fieldset.profile').length`); n != 101 {
		t.Errorf("the link's 101 call profiles open as %d", n)
	}
	if got := text(t, ctx, "#q-error"); !strings.Contains(got, reasonWords["too_many_items"]["en"]) || !strings.Contains(nonDigits.ReplaceAllString(got, ""), "100") {
		t.Errorf("101 call profiles from a link: the error %q should say, in English, that at most 100 are allowed", got)
	}
	if n := evalAsync[int](t, ctx, `import('./js/state.js').then((m) => m.state.statement.usage[0].amount.length)`); n != 252 {
		t.Errorf("the statement's 252-character amount is kept as %d characters", n)
	}
}
