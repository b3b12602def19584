//go:build browser

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rtcprice/rtcprice/calc/fault"
)

// documentedReasons is every reason docs/api.md documents, with its code:
// the module's (fault.Table, which TestReasonsDocumented keeps equal to
// the doc's table) and the client's own ("Reasons the client produces").
func documentedReasons(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, r := range fault.Table {
		out[string(r.Reason)] = r.Code
	}
	data, err := os.ReadFile("../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	i := strings.Index(doc, "#### Reasons the client produces")
	if i < 0 {
		t.Fatal("docs/api.md has no section \"Reasons the client produces\"")
	}
	row := regexp.MustCompile("(?m)^\\| `([a-z_]+)` \\| `([a-z_]+)` \\|")
	n := 0
	for _, m := range row.FindAllStringSubmatch(doc[i:i+strings.Index(doc[i:], "\n### ")], -1) {
		out[m[2]] = m[1]
		n++
	}
	if n < 10 {
		t.Fatalf("read %d client reasons from docs/api.md", n)
	}
	return out
}

// fuzzJS runs in the probe page: random JS values and mutated requests
// through the client for budgetMs, checking each answer. It resolves to
// JSON: {calls, reasons: {reason: n}, failures: [...], longTasks: [ms]}.
const fuzzJS = `(async (seed, budgetMs, reasons) => {
  const {load} = await import('/rtcprice.js');
  const calc = await load({shared: false});

  // mulberry32: a small seeded generator.
  let s = seed >>> 0;
  const rnd = () => { s = (s + 0x6D2B79F5) >>> 0; let x = s; x = Math.imul(x ^ (x >>> 15), x | 1); x ^= x + Math.imul(x ^ (x >>> 7), x | 61); return ((x ^ (x >>> 14)) >>> 0) / 4294967296; };
  const int = (n) => Math.floor(rnd() * n);
  const pick = (a) => a[int(a.length)];
  const chance = (p) => rnd() < p;

  const good = {catalog: 'trtc-2019-cny', start: '2026-01', months: 12, usage: {call: 30000}, trial: true};
  const seeds = [
    ['quote', good],
    ['quote', {catalog: 'agora-2021-cny', start: '2026-01', months: 3, monthly: [{'rtc.hd': 33750}, {}, {'rtc.fhd': '1e6'}]}],
    ['quote', {catalog: 'agora-2021-cny', start: '2026-01', months: 12, calls: [{perMonth: 200, participants: 4, minutes: 30, width: 1280, height: 720, record: true}, {perMonth: '0.5', participants: 1, minutes: '90.25'}]}],
    ['simulate', {catalog: 'trtc-2019-cny', start: '2019-07', end: '2019-08', trial: '2019-07-01',
      purchases: [{package: 'entry', date: '2019-08-01', count: 1}],
      usage: [{month: '2019-07', meter: 'call', minutes: '199.5'}, {month: '2019-08', meter: 'call', seconds: 3108030}]}],
    ['simulate', {catalog: 'agora-2021-cny', start: '2021-01', end: '2021-12',
      purchases: [{package: 'rtc.hd.250k', date: '2021-03-15', count: 2}], usage: [{month: '2021-05', meter: 'rtc.hd', minutes: 400000}]}],
  ];
  const want = await calc.quote(good);
  if (!want || want.ok !== true) return JSON.stringify({failures: ['the good quote failed: ' + JSON.stringify(want)]});
  const wantTotal = want.result.best.total;
  // Long tasks from here on (not the client's loading).
  const longTasks = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) longTasks.push({start: e.startTime, ms: Math.round(e.duration)}); }).observe({type: 'longtask'});
  const clientSpans = []; // [start, end] of each call's synchronous part

  const keys = ['catalog', 'start', 'end', 'months', 'usage', 'monthly', 'calls', 'trial', 'purchases', 'package', 'date', 'count',
    'month', 'meter', 'minutes', 'seconds', 'perMonth', 'participants', 'width', 'height', 'record', 'call', 'rtc.hd',
    '__proto__', 'constructor', 'toJSON', '', 'x'.repeat(300), '\u0000', '\ud800', 'format', 'packages', 'meters'];
  const strings = ['', ' ', '0', '-0', '1e3', '1e999', '1e-41', 'NaN', 'Infinity', '-Infinity', '0x10', '1,000', '１２３', '199.5',
    '2019-02-30', '2026-13', '9999-12', '0000-01', '2019-07-01', 'trtc-2019-cny', 'agora-2021-cny', 'entry', 'call', 'rtc.hd',
    '\ud800', '\udfff\ud800', '\u0000', '"', '\\', '</script>', '💥'.repeat(50), '9'.repeat(41), '0.' + '0'.repeat(39) + '1',
    '1000000000001', '60000000000001', '-1'];
  const numbers = [0, -0, 1, -1, 0.1, 1.5, 36, 37, 240, 241, 1000, 1001, 10000, 10001, 16384, 16385, 1e12, 1e12 + 1, 6e13, 6e13 + 1,
    Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, Number.MAX_VALUE, Number.MIN_VALUE, 5e-324, 1e21, 1e-7, -1e300,
    NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31), 2 ** 53];

  // randomValue is any JS value, plain or not, as deep as depth allows
  // (null when making it threw: a cyclic __proto__, a frozen object).
  const randomValue = (depth) => { try { return anyValue(depth); } catch { return null; } };
  const anyValue = (depth) => {
    switch (int(depth > 0 ? 26 : 14)) {
      case 0: return pick(numbers);
      case 1: return (rnd() - 0.5) * 10 ** int(30);
      case 2: return pick(strings);
      case 3: return chance(0.5);
      case 4: return null;
      case 5: return undefined;
      case 6: return pick([1n, -(2n ** 70n), Symbol('s'), Symbol.iterator, () => 1, function named() {}, async () => 1, class K {}]);
      case 7: return pick([new Date(0), new Date(NaN), new Map([[1, 2]]), new Set([1]), /x/g, new Error('e'), new Number(1), new String('s'), new Boolean(false), Object(1n), new WeakMap(), Promise.resolve(1)]);
      case 8: return pick([new Uint8Array(int(5)), new Float64Array([NaN, -0]), new DataView(new ArrayBuffer(4)), new ArrayBuffer(8), new BigInt64Array(1)]);
      case 9: return chance(0.1) ? 'z'.repeat(1 << 16) : 'y'.repeat(int(5000)); // (megabytes: TestClientDocumentedLimits's)
      case 10: return String.fromCharCode(...Array.from({length: int(40)}, () => int(0x10000)));
      case 11: return pick(strings) + pick(strings);
      case 12: return String(pick(numbers));
      case 13: return -0;
      case 14: case 15: case 16: { // a plain object
        const o = chance(0.1) ? Object.create(null) : {};
        for (let i = int(6); i > 0; i--) o[pick(keys)] = randomValue(depth - 1);
        return o;
      }
      case 17: case 18: { // an array
        const a = [];
        for (let i = int(6); i > 0; i--) a.push(randomValue(depth - 1));
        if (chance(0.1)) a.length += 2; // holes
        if (chance(0.05)) a.extra = 1;
        return a;
      }
      case 19: { // getters
        const o = {};
        for (let i = int(4); i > 0; i--) {
          const v = randomValue(depth - 1);
          const mode = int(4);
          Object.defineProperty(o, pick(keys), {enumerable: chance(0.8), configurable: true, get() {
            if (mode === 0) throw pick([new Error('boom'), null, undefined, 7, Symbol('thrown'), {toString() { throw 1; }}]);
            if (mode === 1) return randomValue(1);
            if (mode === 2) { calc.quote(good); return v; } // re-entrant
            return v;
          }});
        }
        return o;
      }
      case 20: { // proxies
        // (Its traps are cheap and its length small: what a long read costs
        // the client is TestClientDocumentedLimits's and make bench's.)
        const target = chance(0.5) ? [] : {};
        const bad = int(6);
        const val = randomValue(0);
        const length = pick([0, 1, 3, 1000, -1, 1.5, 'x', NaN]);
        return new Proxy(target, {
          get(t, k) { if (bad === 0) throw new Error('get'); return k === 'length' ? length : val; },
          ownKeys(t) { if (bad === 1) throw null; if (bad === 2) return ['a', 'a']; return Reflect.ownKeys(t).concat(bad === 3 ? ['ghost'] : []); },
          getOwnPropertyDescriptor(t, k) { if (bad === 4) throw 'gopd'; return Reflect.getOwnPropertyDescriptor(t, k); },
          getPrototypeOf(t) { if (bad === 5) throw new RangeError('proto'); return Reflect.getPrototypeOf(t); },
        });
      }
      case 21: { // a cycle
        const o = {a: 1};
        const inner = [o, randomValue(0)];
        o[pick(keys)] = chance(0.5) ? o : inner;
        return o;
      }
      case 22: { // deep
        let v = randomValue(0);
        for (let i = 50 + int(100); i > 0; i--) v = chance(0.5) ? [v] : {k: v};
        return v;
      }
      case 23: { // wide
        const n = pick([10, 1000, 5000]); // (a read of a million values is TestClientDocumentedLimits's and make bench's)
        return chance(0.5) ? new Array(n).fill(pick([0, 'a', null, {}])) : Object.fromEntries(Array.from({length: Math.min(n, 20000)}, (_, i) => ['k' + i, i]));
      }
      case 24: { // symbol keys, odd prototypes
        const o = pick([{[Symbol('k')]: 1}, Object.create(Array.prototype), Object.create({inherited: 1}), Object.freeze({a: 1}), JSON.parse('{"__proto__": {"months": 1}}')]);
        return o;
      }
      default: return pick(numbers);
    }
  };

  // clone copies plain JSON data; anything else (a proxy, a BigInt, a
  // cycle put there by an earlier mutation) is shared as it is.
  const clone = (v) => { try { const t = JSON.stringify(v); return t === undefined ? v : JSON.parse(t); } catch { return v; } };
  const text = (v) => { try { return String(JSON.stringify(v)); } catch { return '{"catalog": "trtc-2019-cny", "months": '; } };
  // mutate changes a copy of a valid request a few ways.
  const mutate = (req) => {
    const r = clone(req);
    for (let m = 1 + int(4); m > 0; m--) try {
      // a random container and key in r (an earlier mutation may have put
      // a proxy that throws there: then this one is skipped)
      let parent = r;
      let key = pick(Object.keys(parent));
      for (let d = int(4); d > 0; d--) {
        const v = parent[key];
        if (v === null || typeof v !== 'object') break;
        const ks = Object.keys(v);
        if (!ks.length) break;
        parent = v;
        key = pick(ks);
      }
      // (A mutation may fail: a frozen object, a typed array; it is skipped.)
      try { switch (int(7)) {
        case 0: delete parent[key]; break;
        case 1: parent[key] = randomValue(2); break;
        case 2: parent[key] = pick(numbers); break;
        case 3: parent[key] = pick(strings); break;
        case 4: if (Array.isArray(parent)) parent.push(clone(parent[key] ?? null)); else parent[pick(keys)] = clone(parent[key] ?? null); break;
        case 5: parent[key] = Array.isArray(parent[key]) ? parent[key].concat(parent[key]) : [parent[key]]; break;
        case 6: parent[key] = pick([{}, [], '', null, 0]); break;
      } } catch { /* skipped */ }
    } catch { /* skipped */ }
    return r;
  };
  const options = () => {
    switch (int(12)) {
      case 0: return {signal: AbortSignal.abort()};
      case 1: { const c = new AbortController(); setTimeout(() => c.abort(), int(20)); return {signal: c.signal}; }
      case 2: return {signal: pick(['x', 1, {}, null, undefined])};
      case 3: return pick([null, 5, 'o', [], new Proxy({}, {getOwnPropertyDescriptor() { throw 1; }})]);
      default: return undefined;
    }
  };

  const isPlain = (o) => o !== null && typeof o === 'object' && Object.getPrototypeOf(o) === Object.prototype;
  const check = (env) => {
    if (!isPlain(env)) return 'not an object: ' + typeof env;
    if (env.ok === true) return isPlain(env.result) && !('error' in env) ? '' : 'ok without a result';
    if (env.ok !== false) return 'ok is ' + String(env.ok);
    const e = env.error;
    if (!isPlain(e)) return 'no error object';
    for (const k of ['code', 'field', 'reason', 'message']) if (typeof e[k] !== 'string') return 'error.' + k + ' is ' + typeof e[k];
    if (!isPlain(e.params)) return 'error.params is not an object';
    for (const [k, v] of Object.entries(e.params)) if (typeof v !== 'string' && !Number.isInteger(v)) return 'params.' + k + ' is ' + typeof v;
    if (!(e.reason in reasons)) return 'undocumented reason ' + e.reason;
    if (reasons[e.reason] !== e.code) return 'reason ' + e.reason + ' with code ' + e.code + ', documented ' + reasons[e.reason];
    if (e.code === 'internal') return 'internal error: ' + e.reason + ': ' + e.message;
    if (!e.message) return 'empty message';
    return '';
  };
  const describe = (v) => { try { const s = JSON.stringify(v); return s === undefined ? String(typeof v) : s.slice(0, 300); } catch (e) { return '(' + typeof v + ', not JSON: it threw ' + (e instanceof Error ? e.message : typeof e) + ')'; } };
  const tick = () => new Promise((r) => setTimeout(r, 0));
  const hang = (ms) => new Promise((r) => setTimeout(() => r({hung: true}), ms));

  const failures = [];
  const slowest = {ms: 0, what: ''}; // the longest a call took to return its promise
  let genMs = 0; // the longest a batch took to make its requests
  const byReason = {};
  let calls = 0;
  const start = performance.now();
  let batch = 0;
  while (performance.now() - start < budgetMs && failures.length < 20) {
    batch++;
    const pending = [];
    for (let k = 1 + int(4); k > 0; k--) {
      const n = calls++;
      const g0 = performance.now();
      const [fn0, base] = pick(seeds);
      const fn = chance(0.05) ? pick(['quote', 'simulate']) : fn0;
      let req, what;
      switch (int(4)) {
        // (More than 8 MiB as text: refused by its length. Exactly at the
        // limit is TestClientDocumentedLimits's, its time make bench's.)
        case 0: req = chance(0.03) ? 'x'.repeat((8 << 20) + 1 + int(1000)) : randomValue(3); what = 'random value'; break;
        case 1: req = mutate(base); what = 'mutated ' + fn0; break;
        case 2: { const m = mutate(base); req = chance(0.2) ? text(m).slice(0, int(200)) : text(m); what = 'mutated ' + fn0 + ' as text'; break; }
        default: { const m = mutate(base); m[pick(keys)] = randomValue(2); req = m; what = 'mutated ' + fn0 + ' with a random value'; }
      }
      const opts = options();
      genMs = Math.max(genMs, performance.now() - g0);
      // Making the request and the client's synchronous part (reading it)
      // are tasks of their own, so that a long task is the client's.
      await tick();
      let p;
      const t0 = performance.now();
      try { p = calc[fn](req, opts); } catch (e) { failures.push({n, what, fn, req: describe(req), problem: 'threw: ' + String(e)}); continue; }
      const t1 = performance.now();
      clientSpans.push([t0, t1]);
      const ms = t1 - t0;
      if (ms > slowest.ms) { slowest.ms = Math.round(ms); slowest.what = what + ': ' + describe(req).slice(0, 200); }
      await tick();
      pending.push(Promise.race([
        Promise.resolve(p).then((env) => ({env}), (e) => ({rejected: String(e)})),
        hang(120000),
      ]).then((r) => {
        let problem = r.hung ? 'never resolved (2 minutes)' : r.rejected !== undefined ? 'rejected: ' + r.rejected : check(r.env);
        if (!problem && r.env.ok === false) byReason[r.env.error.reason] = (byReason[r.env.error.reason] || 0) + 1;
        if (!problem && r.env.ok === true) byReason.ok = (byReason.ok || 0) + 1;
        if (problem) failures.push({n, what, fn, req: describe(req), problem, env: describe(r.env)});
      }));
    }
    await Promise.all(pending);
    // The Worker survives: every few batches a valid call answers right.
    if (batch % 10 === 0) {
      const env = await calc.quote(good);
      if (!env || env.ok !== true || env.result.best.total !== wantTotal) failures.push({n: calls, problem: 'the good quote after the batch: ' + describe(env)});
    }
  }
  const last = await calc.quote(good);
  if (!last || last.ok !== true || last.result.best.total !== wantTotal) failures.push({n: calls, problem: 'the good quote at the end: ' + describe(last)});
  await new Promise((r) => setTimeout(r, 100));
  calc.close();
  // A long task is the client's when a call's synchronous part ran in it;
  // the others are this test's own (making requests).
  const client = (t) => clientSpans.some(([a, b]) => a < t.start + t.ms && b > t.start);
  return JSON.stringify({calls, reasons: byReason, failures, slowest, genMs: Math.round(genMs),
    longTasks: longTasks.filter(client).map((t) => t.ms), ownLongTasks: longTasks.filter((t) => !client(t)).map((t) => t.ms)});
})`

// TestClientFuzz sends random JS values (nested objects and arrays, odd
// numbers, -0, NaN, huge strings, getters, proxies, symbols, cycles,
// typed arrays, ...) and mutations of valid quote and simulate requests
// (as data and as JSON text, with odd options) through the client,
// rtcprice.js, for a bounded time (RTCPRICE_FUZZ_SECONDS, default 40), a
// few calls at a time. Every promise resolves (never rejects, never
// hangs) to a valid envelope whose reason docs/api.md documents with that
// code, never "internal"; the Worker survives (a valid quote answers
// right every few batches and at the end); no main-thread task takes
// more than a second. The seed is random (RTCPRICE_FUZZ_SEED to replay
// one) and printed with every failure.
func TestClientFuzz(t *testing.T) {
	seed := time.Now().UnixNano() % 1_000_000_007
	if s := os.Getenv("RTCPRICE_FUZZ_SEED"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("RTCPRICE_FUZZ_SEED: %v", err)
		}
		seed = n
	}
	budget := 40 * time.Second
	if s := os.Getenv("RTCPRICE_FUZZ_SECONDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("RTCPRICE_FUZZ_SECONDS: %v", err)
		}
		budget = time.Duration(n) * time.Second
	}
	reasons, err := json.Marshal(documentedReasons(t))
	if err != nil {
		t.Fatal(err)
	}
	p := newProbeSite(t, nil)
	ctx := openProbe(t, p, budget+10*time.Minute)
	t.Logf("seed %d (replay: RTCPRICE_FUZZ_SEED=%d)", seed, seed)
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf("%s(%d, %d, %s)", fuzzJS, seed, budget.Milliseconds(), reasons), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	var got struct {
		Calls    int            `json:"calls"`
		Reasons  map[string]int `json:"reasons"`
		Failures []struct {
			N       int    `json:"n"`
			What    string `json:"what"`
			Fn      string `json:"fn"`
			Req     string `json:"req"`
			Problem string `json:"problem"`
			Env     string `json:"env"`
		} `json:"failures"`
		LongTasks    []int `json:"longTasks"`
		OwnLongTasks []int `json:"ownLongTasks"`
		Slowest      struct {
			Ms   int    `json:"ms"`
			What string `json:"what"`
		} `json:"slowest"`
		GenMs int `json:"genMs"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("seed %d: %v: %.500s", seed, err, out)
	}
	t.Logf("seed %d: %d calls; answers by reason: %v", seed, got.Calls, got.Reasons)
	if got.Calls < 50 {
		t.Errorf("seed %d: only %d calls in %s", seed, got.Calls, budget)
	}
	for _, f := range got.Failures {
		t.Errorf("seed %d, call %d (%s, %s): %s\n  request: %s\n  answer: %s", seed, f.N, f.Fn, f.What, f.Problem, f.Req, f.Env)
	}
	for _, ms := range got.LongTasks {
		if ms > 1000 {
			t.Errorf("seed %d: a main-thread task of %d ms (the client must never block the page for over a second)", seed, ms)
		}
	}
	t.Logf("the client's main-thread long tasks (ms): %v; this test's own: %v; the longest a call took to return: %d ms (%s); the longest a request took to make: %d ms",
		got.LongTasks, got.OwnLongTasks, got.Slowest.Ms, got.Slowest.What, got.GenMs)
}
