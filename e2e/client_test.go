//go:build browser

package e2e

import (
	"encoding/json"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// clientEnvelope is an envelope as the tests read it back.
type clientEnvelope struct {
	OK     bool            `json:"ok"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    string         `json:"code"`
		Field   string         `json:"field"`
		Reason  string         `json:"reason"`
		Params  map[string]any `json:"params"`
		Message string         `json:"message"`
	} `json:"error"`
	Threw string `json:"threw"` // the call threw synchronously (it must not)
}

// testScripts are served under /__test/ (handler): a worker that runs
// rtcprice-worker.js but dies, with an uncaught error, on a call whose
// request mentions "die-now" (before the module sees it).
var testScripts = map[string]string{
	"/__test/dying-worker.js": "import '/__test/die-hook.js';\nimport '/rtcprice-worker.js';\n",
	"/__test/die-hook.js": `addEventListener('message', (e) => {
  const m = e.data;
  if (m && m.type === 'call' && typeof m.text === 'string' && m.text.includes('die-now')) {
    e.stopImmediatePropagation();
    setTimeout(() => { throw new Error('the test worker dies'); });
  }
});
`,
}

// The JS prelude of the client tests: a simulate request with three
// purchases (seed 002's), helpers that run a call and record how it
// ended, and a log of unhandled rejections.
const clientPrelude = `
window.__rejections = window.__rejections || [];
if (!window.__listening) {
  window.__listening = true;
  addEventListener('unhandledrejection', (e) => { window.__rejections.push(String(e.reason)); });
}
const c = window.rtcprice;
const base = () => ({
  catalog: 'trtc-2019-cny', start: '2019-07', end: '2019-08', trial: '2019-07-01',
  purchases: [{package: 'entry', date: '2019-08-01', count: 1}, {package: 'entry', date: '2019-08-02', count: 1}, {package: 'entry', date: '2019-08-03', count: 1}],
  usage: [{month: '2019-07', meter: 'call', minutes: '199.5'}, {month: '2019-08', meter: 'call', seconds: 3108030}],
});
const good = {catalog: 'trtc-2019-cny', start: '2026-01', months: 12, usage: {call: 30000}, trial: true};
const settle = (fn) => {
  let p;
  try { p = fn(); } catch (e) { return Promise.resolve({threw: String(e)}); }
  if (!p || typeof p.then !== 'function') return Promise.resolve({threw: 'no promise: ' + typeof p});
  return p.then((env) => env, (e) => ({threw: 'rejected: ' + String(e)}));
};
`

// Every hostile value the client must turn into an envelope naming the
// field, each placed at purchases[2].count of a simulate request, and the
// reason it must give.
func TestClientHostileValues(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	waitJS(t, ctx, "the client", `!!window.rtcprice && typeof window.rtcprice.quote === 'function'`)
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {`+clientPrelude+`
    const at = (v) => { const r = base(); r.purchases[2].count = v; return r; };
    const getter = (fn) => { const r = base(); Object.defineProperty(r.purchases[2], 'count', {get: fn, enumerable: true}); return r; };
    const throwingProxy = new Proxy({}, {get() { throw throwingProxyInner; }, getOwnPropertyDescriptor() { throw throwingProxyInner; }, ownKeys() { throw throwingProxyInner; }, getPrototypeOf() { throw throwingProxyInner; }});
    var throwingProxyInner = new Proxy({}, {get() { throw null; }, getOwnPropertyDescriptor() { throw null; }, getPrototypeOf() { throw null; }, ownKeys() { throw null; }});
    const revocable = Proxy.revocable({}, {}); revocable.revoke();
    const cyc = base(); cyc.purchases[2].count = cyc.purchases;
    const holey = base(); holey.purchases = [holey.purchases[0], holey.purchases[1], , ]; holey.purchases.length = 3;
    let deep = 1; for (let i = 0; i < 100; i++) deep = [deep];
    class Box { constructor() { this.n = 1; } }
    const cases = {
      NaN: at(NaN), Infinity: at(Infinity), negInfinity: at(-Infinity),
      undefined: at(undefined), bigint: at(1n), function: at(() => 1), symbol: at(Symbol('s')),
      map: at(new Map([[1, 2]])), date: at(new Date(0)), classInstance: at(new Box()), boxedNumber: at(new Number(1)),
      typedArray: at(new Uint8Array(2)), regexp: at(/x/),
      cycle: cyc, hole: holey, tooDeep: at(deep),
      getterThrows: getter(() => { throw new Error('boom'); }),
      getterThrowsNull: getter(() => { throw null; }),
      getterThrowsUndefined: getter(() => { throw undefined; }),
      getterThrowsProxy: getter(() => { throw throwingProxy; }),
      proxyThrows: at(throwingProxy),
      revokedProxy: at(revocable.proxy),
      symbolKey: at({[Symbol('k')]: 1}),
    };
    const got = {};
    for (const [name, req] of Object.entries(cases)) got[name] = await settle(() => c.simulate(req));
    // A getter that calls the client again: the inner call answers
    // "reentrant" without recursing, the outer goes on with the value.
    let inner = null;
    const reentrant = getter(() => { inner = settle(() => c.simulate(base())); return 1; });
    got.reentrantOuter = await settle(() => c.simulate(reentrant));
    got.reentrantInner = inner ? await inner : {threw: 'the getter did not run'};
    // A string request is JSON text; 20 MB of it, or inside a field, is "limit".
    const big = 'x'.repeat(20 << 20);
    got.bigString = await settle(() => c.quote(big));
    got.bigField = await settle(() => c.quote({...good, catalog: big}));
    got.textRequest = await settle(() => c.quote(JSON.stringify(good)));
    got.badSignal = await settle(() => c.quote(good, {signal: 'nope'}));
    got.abortedBefore = await settle(() => c.quote(good, {signal: AbortSignal.abort()}));
    got.after = await settle(() => c.simulate(base()));
    await new Promise((r) => setTimeout(r, 50));
    got.rejections = {threw: window.__rejections.join(' | ')};
    return JSON.stringify(got);
  })()`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	var got map[string]clientEnvelope
	require.NoError(t, json.Unmarshal([]byte(out), &got))

	want := map[string]struct{ code, field, reason string }{
		"NaN":                   {"invalid", "purchases[2].count", "not_finite"},
		"Infinity":              {"invalid", "purchases[2].count", "not_finite"},
		"negInfinity":           {"invalid", "purchases[2].count", "not_finite"},
		"undefined":             {"invalid", "purchases[2].count", "not_plain_data"},
		"bigint":                {"invalid", "purchases[2].count", "not_plain_data"},
		"function":              {"invalid", "purchases[2].count", "not_plain_data"},
		"symbol":                {"invalid", "purchases[2].count", "not_plain_data"},
		"map":                   {"invalid", "purchases[2].count", "not_plain_data"},
		"date":                  {"invalid", "purchases[2].count", "not_plain_data"},
		"classInstance":         {"invalid", "purchases[2].count", "not_plain_data"},
		"boxedNumber":           {"invalid", "purchases[2].count", "not_plain_data"},
		"typedArray":            {"invalid", "purchases[2].count", "not_plain_data"},
		"regexp":                {"invalid", "purchases[2].count", "not_plain_data"},
		"cycle":                 {"invalid", "purchases[2].count", "cycle"},
		"hole":                  {"invalid", "purchases[2]", "not_plain_data"},
		"tooDeep":               {"limit", "purchases[2].count" + repeat("[0]", 64-3), "too_deep"},
		"getterThrows":          {"invalid", "purchases[2].count", "getter_threw"},
		"getterThrowsNull":      {"invalid", "purchases[2].count", "getter_threw"},
		"getterThrowsUndefined": {"invalid", "purchases[2].count", "getter_threw"},
		"getterThrowsProxy":     {"invalid", "purchases[2].count", "getter_threw"},
		"proxyThrows":           {"invalid", "purchases[2].count", "getter_threw"},
		"revokedProxy":          {"invalid", "purchases[2].count", "getter_threw"},
		"symbolKey":             {"invalid", "purchases[2].count", "not_plain_data"},
		"reentrantInner":        {"invalid", "", "reentrant"},
		"bigString":             {"limit", "", "request_too_large"},
		"bigField":              {"limit", "catalog", "request_too_large"},
		"badSignal":             {"invalid", "signal", "bad_option"},
		"abortedBefore":         {"aborted", "", "aborted"},
	}
	for name, w := range want {
		e, ok := got[name]
		if !assert.True(t, ok, name) {
			continue
		}
		if !assert.Empty(t, e.Threw, name) || !assert.False(t, e.OK, name) || !assert.NotNil(t, e.Error, name) {
			continue
		}
		assert.Equal(t, w.code, e.Error.Code, name)
		assert.Equal(t, w.field, e.Error.Field, name)
		assert.Equal(t, w.reason, e.Error.Reason, name)
		assert.NotNil(t, e.Error.Params, name+": params")
		assert.NotEmpty(t, e.Error.Message, name)
	}
	assert.Equal(t, "NaN", got["NaN"].Error.Params["value"])
	assert.Equal(t, "bigint", got["bigint"].Error.Params["type"])
	assert.Equal(t, "Map", got["map"].Error.Params["type"])
	assert.Equal(t, "hole", got["hole"].Error.Params["type"])
	assert.EqualValues(t, 64, got["tooDeep"].Error.Params["limit"])
	assert.EqualValues(t, 8<<20, got["bigString"].Error.Params["limit"])
	assert.Equal(t, "boom", got["getterThrows"].Error.Params["error"])
	for _, name := range []string{"reentrantOuter", "textRequest", "after"} {
		assert.Empty(t, got[name].Threw, name)
		assert.True(t, got[name].OK, "%s: %+v", name, got[name].Error)
	}
	var sim struct {
		Totals struct{ Total string } `json:"totals"`
	}
	require.NoError(t, json.Unmarshal(got["after"].Result, &sim))
	assert.NotEmpty(t, sim.Totals.Total, "a normal call works after them all")
	assert.Empty(t, got["rejections"].Threw, "no promise rejected")
}

func repeat(s string, n int) string {
	out := ""
	for i := 0; i < n; i++ {
		out += s
	}
	return out
}

// The client captures the built-ins it uses when it loads: a page that
// patches them afterwards changes nothing (the Array.prototype.map
// patch once turned count: NaN into 1).
func TestClientPatchedBuiltins(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	// The page's own first quote and charts drawn first: the page's code
	// is not what runs with the built-ins patched (on a busy machine it
	// otherwise draws its charts meanwhile, with a patched Array).
	waitJS(t, ctx, "the first quote", quoteReady)
	waitJS(t, ctx, "the charts", `!!document.querySelector('#q-results .chart-wrap svg')`)
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {`+clientPrelude+`
    const saved = {map: Array.prototype.map, keys: Object.keys, stringify: JSON.stringify, isArray: Array.isArray, isFinite: Number.isFinite, ownKeys: Reflect.ownKeys, push: Array.prototype.push, parse: JSON.parse};
    const stringify = JSON.stringify;
    Array.prototype.map = function () { return [1, 1, 1]; };
    Object.keys = () => [];
    JSON.stringify = () => '"hacked"';
    JSON.parse = () => ({ok: true, result: 'hacked'});
    Array.isArray = () => false;
    Number.isFinite = () => true;
    Reflect.ownKeys = () => [];
    Array.prototype.push = function () { return 0; };
    Object.defineProperty(Array.prototype, '3', {set() { throw new Error('setter'); }, configurable: true});
    const got = {};
    let nan, goodP;
    try {
      const r = base(); r.purchases[2].count = NaN;
      nan = settle(() => c.simulate(r));
      goodP = settle(() => c.quote(good));
    } finally {
      // The page's own code needs these back (the calls were read on this
      // turn); JSON stays patched until the answers are in.
      Object.assign(Array.prototype, {map: saved.map, push: saved.push});
      delete Array.prototype[3];
      Object.keys = saved.keys; Array.isArray = saved.isArray; Number.isFinite = saved.isFinite; Reflect.ownKeys = saved.ownKeys;
    }
    try {
      got.nan = await nan;
      got.good = await goodP;
    } finally {
      JSON.stringify = saved.stringify; JSON.parse = saved.parse;
    }
    return stringify(got);
  })()`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	var got map[string]clientEnvelope
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.NotNil(t, got["nan"].Error, "%+v", got["nan"])
	assert.Equal(t, "not_finite", got["nan"].Error.Reason)
	assert.Equal(t, "purchases[2].count", got["nan"].Error.Field)
	assert.True(t, got["good"].OK, "%+v", got["good"].Error)
	assert.Contains(t, string(got["good"].Result), `"best"`)
}

// A call made from near the JS stack limit either answers with an
// envelope or fails to start (throws at the call site); it never rejects
// and never breaks the client: a normal call works after.
func TestClientNearStackLimit(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	waitJS(t, ctx, "the client", `!!window.rtcprice`)
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {`+clientPrelude+`
    // The deepest a recursion of this very function reaches, then calls
    // made from a little above that, up to half of it.
    const outcomes = [];
    let reached = 0;
    const dive = (n, target) => {
      reached = n;
      if (n < target) return dive(n + 1, target);
      outcomes.push(settle(() => c.quote(good)));
      return n;
    };
    try { dive(0, Infinity); } catch { /* the stack ran out: reached is the depth */ }
    const limit = reached;
    for (let k = 1; k <= limit / 2; k += (k < 60 ? 2 : Math.max(50, Math.floor(limit / 40)))) {
      try { dive(0, limit - k); } catch (e) { outcomes.push(Promise.resolve({threw: 'outside: ' + String(e)})); }
    }
    const all = await Promise.all(outcomes);
    const kinds = {};
    for (const e of all) {
      const k = e.threw ? (e.threw.startsWith('rejected') ? 'rejected' : 'threw') : (e.ok ? 'ok' : e.error.code + '/' + e.error.reason);
      kinds[k] = (kinds[k] || 0) + 1;
    }
    const after = await settle(() => c.quote(good));
    await new Promise((r) => setTimeout(r, 50));
    return JSON.stringify({limit, kinds, after, rejections: window.__rejections});
  })()`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	var got struct {
		Limit      int
		Kinds      map[string]int
		After      clientEnvelope
		Rejections []string
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	t.Logf("stack depth %d; outcomes near the limit: %v", got.Limit, got.Kinds)
	assert.Zero(t, got.Kinds["rejected"], "no call rejected")
	for k := range got.Kinds {
		assert.Contains(t, []string{"ok", "threw", "limit/stack_exhausted"}, k)
	}
	assert.Positive(t, got.Kinds["ok"], "calls a little further from the limit answer normally")
	assert.True(t, got.After.OK, "a normal call works after")
	assert.Empty(t, got.Rejections)
}

// heavyJS builds the heavy custom-list quote: a custom catalog of 32
// meters and 200 packages, each priced just under its meter's overage,
// with 36 months of spiky usage on every meter.
const heavyJS = `
const heavyCatalog = () => {
  const meters = [], packages = [];
  for (let m = 0; m < 32; m++) meters.push({id: 'm' + m, name: 'Meter ' + m, overagePer1000: (10 + m) + '.00'});
  for (let i = 0; i < 200; i++) {
    const m = i % 32, k = 1 + ((i * 7) % 23);
    const cents = (10 + m) * 100 * k - 1 - (i % 3);
    packages.push({id: 'p' + i, name: 'Package ' + i, meter: 'm' + m, minutes: k * 1000, price: Math.floor(cents / 100) + '.' + String(cents % 100).padStart(2, '0'), purchasable: true});
  }
  return {format: 1, id: 'custom-heavy', vendor: 'Test', name: 'Heavy', currency: 'CNY', source: {document: 'test'},
    validity: 'one_year', postpaid: 'always', tieBreak: ['expiry', 'size', 'purchase', 'input'],
    meters, packages, calls: {model: 'participant_minutes', meter: 'm0'}, custom: true};
};
// heavySim is a statement at the documented limits (240 months, 10,000
// lots, 100,000 usage rows): seconds of the engine's work, whatever the
// optimizer's speed.
const heavySim = () => {
  const meters = ['rtc.audio', 'rtc.hd', 'rtc.fhd', 'rtc.2k', 'rtc.2kplus', 'recording.audio', 'recording.hd', 'recording.fhd', 'recording.2k', 'recording.2kplus'];
  const month = (i) => (2000 + Math.floor(i / 12)) + '-' + String(i % 12 + 1).padStart(2, '0');
  const purchases = Array.from({length: 1000}, (_, i) => ({package: meters[i % 10] + '.25k', date: month(i % 240) + '-01', count: 10}));
  const usage = Array.from({length: 100000}, (_, i) => ({month: month(i % 240), meter: meters[Math.floor(i / 240) % 10], minutes: String(1000 + i % 5000)}));
  return {catalog: 'agora-2021-cny', start: '2000-01', end: '2019-12', purchases, usage};
};
const heavyQuote = () => ({catalog: heavyCatalog(), start: '2026-01', months: 36,
  monthly: Array.from({length: 36}, (_, i) => Object.fromEntries(Array.from({length: 32}, (_, m) => ['m' + m, ((i * 13 + m * 5) % 7 === 0 ? 90000 + m * 1000 : 2000 + ((i + m) % 5) * 3000)])))});
`

// A heavy quote aborted after 100 ms answers "aborted" within a second and
// the next quote answers promptly (the Worker running it is replaced);
// while a heavy quote runs, the page's main thread has no long task.
func TestClientAbortHeavyQuote(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	// The page's own first quote drawn: the main thread is then idle but
	// for what the client does.
	waitJS(t, ctx, "the first quote", quoteReady)
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {`+clientPrelude+heavyJS+`
    await new Promise((r) => setTimeout(r, 500));
    // The heavy quote, run to the end: how long it takes, and how big its
    // answer is (parsing it is the one piece of main-thread work it costs).
    // Twice: the first run is cold (the engine's code not yet optimized),
    // the watch below is sized by the warm one.
    let t0 = performance.now();
    let full = await settle(() => c.quote(heavyQuote()));
    const coldMs = performance.now() - t0;
    t0 = performance.now();
    full = await settle(() => c.quote(heavyQuote()));
    const fullMs = Math.min(coldMs, performance.now() - t0);
    const resultChars = full.ok ? JSON.stringify(full.result).length : 0;
    // (A task of its own: the one that parsed the answer has ended.)
    await new Promise((r) => setTimeout(r, 200));
    // While it runs: the main thread is watched for long tasks for most of
    // its run (it must still be running at the end), then it is abandoned.
    const longTasks = [];
    const req2 = heavyQuote(); // built before the watch: the test's work, not the client's
    const longAt = [];
    let tw = performance.now();
    const obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) { if (e.startTime < tw) continue; longTasks.push(Math.round(e.duration)); longAt.push(Math.round(e.startTime - tw)); } });
    obs.observe({type: 'longtask'});
    const watch = new AbortController();
    let finished = false;
    tw = performance.now();
    const watched = settle(() => c.quote(req2, {signal: watch.signal})).then((e) => { finished = true; return e; });
    const callMs = performance.now() - tw; // the caller's turn: the client reads the request
    // A quarter of the round trip: the rest is the answer's transfer and
    // parsing, which follow the engine's work.
    await new Promise((r) => setTimeout(r, Math.min(2000, fullMs * 0.25)));
    await new Promise((r) => setTimeout(r, 50)); // let the observer report
    obs.disconnect();
    const stillRunning = !finished;
    watch.abort();
    await watched;
    // The caller's own task (the client reading the request, callMs,
    // logged) is the call, not the time it runs in the Worker.
    const longDuringFull = longTasks.filter((_, i) => longAt[i] >= callMs);
    // Aborted after 100 ms.
    const ctl = new AbortController();
    t0 = performance.now();
    const p = settle(() => c.quote(heavyQuote(), {signal: ctl.signal}));
    setTimeout(() => ctl.abort(), 100);
    const aborted = await p;
    const abortMs = performance.now() - t0;
    t0 = performance.now();
    const next = await settle(() => c.quote(good));
    const nextMs = performance.now() - t0;
    // The next call does not wait for an abandoned one: a statement at the
    // limits, run whole, then abandoned after 100 ms, then a quote.
    const sim = heavySim();
    t0 = performance.now();
    const simFull = await settle(() => c.simulate(sim));
    const simMs = performance.now() - t0;
    const ctl2 = new AbortController();
    const p2 = settle(() => c.simulate(sim, {signal: ctl2.signal}));
    setTimeout(() => ctl2.abort(), 100);
    const simAborted = await p2;
    t0 = performance.now();
    const afterSim = await settle(() => c.quote(good));
    const afterSimMs = performance.now() - t0;
    return JSON.stringify({full: {ok: full.ok, threw: full.threw, error: full.error}, fullMs, resultChars, stillRunning, longDuringFull, longAll: longTasks, longAt, callMs, aborted, abortMs, next: {ok: next.ok, error: next.error}, nextMs, simFull: {ok: simFull.ok, error: simFull.error}, simMs, simAborted: {ok: simAborted.ok, error: simAborted.error}, afterSim: {ok: afterSim.ok, error: afterSim.error}, afterSimMs, rejections: window.__rejections});
  })()`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	var got struct {
		Full           clientEnvelope
		FullMs         float64
		ResultChars    int
		StillRunning   bool
		LongDuringFull []float64
		LongAll        []float64
		LongAt         []float64
		CallMs         float64
		Aborted        clientEnvelope
		AbortMs        float64
		Next           clientEnvelope
		NextMs         float64
		SimFull        clientEnvelope
		SimMs          float64
		SimAborted     clientEnvelope
		AfterSim       clientEnvelope
		AfterSimMs     float64
		Rejections     []string
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	t.Logf("heavy quote: %.0f ms, %d characters of result; aborted after 100 ms answered at %.0f ms; next quote %.0f ms; reading the request %.0f ms; long tasks %v ms starting at %v ms of the call, of which after the caller's turn %v", got.FullMs, got.ResultChars, got.AbortMs, got.NextMs, got.CallMs, got.LongAll, got.LongAt, got.LongDuringFull)
	assert.True(t, got.StillRunning, "the heavy quote was still running while the main thread was watched")
	assert.True(t, got.Full.OK, "the heavy quote is valid: %+v", got.Full.Error)
	require.NotNil(t, got.Aborted.Error)
	assert.Equal(t, "aborted", got.Aborted.Error.Code)
	assert.Equal(t, "aborted", got.Aborted.Error.Reason)
	assert.Less(t, got.AbortMs, 1000.0, "aborted within a second")
	assert.True(t, got.Next.OK, "the next quote answers: %+v", got.Next.Error)
	assert.True(t, got.SimFull.OK, "the statement at the limits is valid: %+v", got.SimFull.Error)
	require.NotNil(t, got.SimAborted.Error)
	assert.Equal(t, "aborted", got.SimAborted.Error.Code)
	assert.True(t, got.AfterSim.OK, "the quote after it answers: %+v", got.AfterSim.Error)
	t.Logf("statement at the limits: %.0f ms; a quote after abandoning it: %.0f ms", got.SimMs, got.AfterSimMs)
	assert.Less(t, got.AfterSimMs, 0.5*got.SimMs, "the next call does not wait for the abandoned one")
	for _, d := range got.LongDuringFull {
		assert.LessOrEqual(t, d, 150.0, "a long task on the main thread while the heavy quote ran")
	}
	assert.Empty(t, got.Rejections)
}

// A Worker that dies answers its pending call with "internal" and is
// replaced: the next call works. Clients share a Worker per URL; closing
// one leaves the others working.
func TestClientWorkerDies(t *testing.T) {
	ctx := openPage(t, 1280, 900, "/")
	waitJS(t, ctx, "the client", `!!window.rtcprice`)
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {`+clientPrelude+`
    const {load} = await import('/rtcprice.js');
    const dying = await load({worker: '/__test/dying-worker.js', shared: false});
    const died = await settle(() => dying.quote({...good, catalog: 'die-now'}));
    const next = await settle(() => dying.quote(good));
    const diedAgain = await settle(() => dying.quote({...good, catalog: 'die-now'}));
    const nextAgain = await settle(() => dying.quote(good));
    dying.close();
    const own = await load({shared: false});
    const shared = await load();
    const sameVersion = own.version === c.version && shared.version === c.version && c.version !== '';
    own.close();
    shared.close();
    const closed = await settle(() => own.quote(good));
    const page = await settle(() => c.quote(good));
    return JSON.stringify({died, next, diedAgain, nextAgain, sameVersion, closed, page, rejections: window.__rejections});
  })()`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	var got struct {
		Died, Next, DiedAgain, NextAgain clientEnvelope
		SameVersion                      bool
		Closed, Page                     clientEnvelope
		Rejections                       []string
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	for _, e := range []clientEnvelope{got.Died, got.DiedAgain} {
		require.NotNil(t, e.Error, "%+v", e)
		assert.Equal(t, "internal", e.Error.Code)
		assert.Equal(t, "worker_died", e.Error.Reason)
	}
	assert.True(t, got.Next.OK, "the next call works, in a new worker: %+v", got.Next.Error)
	assert.True(t, got.NextAgain.OK, "%+v", got.NextAgain.Error)
	assert.True(t, got.SameVersion)
	require.NotNil(t, got.Closed.Error)
	assert.Equal(t, "closed", got.Closed.Error.Reason)
	assert.True(t, got.Page.OK, "the page's client is unaffected by another's close: %+v", got.Page.Error)
	assert.Empty(t, got.Rejections)
}
