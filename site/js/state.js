// The page's one state object and its mirror in the URL hash. Everything
// a user typed lives here as plain strings, booleans and arrays, so the
// state serializes to JSON as is; the hash is the share-link format of
// link.js. Views read it, write it on input, and call save().

import { currentMonth } from './format.js';
import { readHash, encodeText, isStateHash } from './link.js';
import { lastWork } from './saved.js';
import { context, pageContext } from './dom.js';

export const RESOLUTIONS = ['audio', '640x360', '1280x720', '1920x1080', '2560x1440', 'custom'];

export function newProfile() {
  // per: 'month' (perMonth is calls a month) or 'day' (perMonth is calls a
  // day, times the days of each calendar month).
  return { perMonth: '1000', per: 'month', participants: '2', minutes: '30', res: '1280x720', width: '', height: '', record: false };
}

export function exampleStatement() {
  // Seed 002's worked example (TRTC, 2019).
  return {
    catalog: 'trtc-2019-cny', start: '', end: '', trial: '2019-07-01',
    purchases: [{ package: 'entry', date: '2019-08-01', count: '1' }],
    usage: [
      { month: '2019-07', meter: 'call', amount: '199.5', unit: 'minutes' },
      { month: '2019-08', meter: 'call', amount: '3108030', unit: 'seconds' },
    ],
  };
}

export function defaults() {
  return {
    view: 'quote',
    lang: 'zh',
    quote: {
      catalog: 'trtc-2019-cny', start: currentMonth(), months: '12', trial: true,
      mode: 'minutes', usage: { call: '30000', 'rtc.hd': '30000' }, calls: [newProfile()],
      monthly: {}, // meter -> per-month amounts (the "month by month" mode)
      chartMeter: '',
    },
    compare: { start: currentMonth(), months: '12', trial: true, calls: [newProfile()], fromQuote: '' },
    statement: exampleStatement(),
    // Custom price lists the views use (custom.js keeps it in step): whole
    // catalog objects, so a share link works where they were never saved.
    customCatalogs: [],
  };
}

// state is the current context's state (dom.js): the page's, or one
// <rtcprice-calculator>'s own, so elements never share inputs.
pageContext.state = defaults();
const own = () => context().state || pageContext.state;
export const state = new Proxy(pageContext.state, {
  get: (_, k) => Reflect.get(own(), k),
  set: (_, k, v) => Reflect.set(own(), k, v),
  has: (_, k) => Reflect.has(own(), k),
  deleteProperty: (_, k) => Reflect.deleteProperty(own(), k),
  ownKeys: () => Reflect.ownKeys(own()),
  getOwnPropertyDescriptor: (_, k) => Reflect.getOwnPropertyDescriptor(own(), k),
  defineProperty: (_, k, d) => Reflect.defineProperty(own(), k, d),
});

const VIEWS = ['quote', 'compare', 'statement', 'lists'];
// Strings are kept exactly as in the link, however long (the link's size
// bounds them, link.js): an amount cut short would be another amount, or
// pass where the whole one is refused.
const str = (v, d) => (typeof v === 'string' ? v : d);
const bool = (v, d) => (typeof v === 'boolean' ? v : d);
const arr = (v, max) => (Array.isArray(v) ? v.slice(0, max) : null);
const obj = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : null);

// profiles are a link's call profiles, however many: past the API's 100
// the engine refuses them, at the calls and in the page's language, as it
// does the statement's rows past theirs (a link of 100 lost 50 here).
function profiles(v, d) {
  const a = arr(v, Infinity);
  if (!a) return d;
  const out = a.map((p) => {
    const o = obj(p) || {};
    const n = newProfile();
    return {
      perMonth: str(o.perMonth, n.perMonth), per: o.per === 'day' ? 'day' : 'month', participants: str(o.participants, n.participants),
      minutes: str(o.minutes, n.minutes), res: RESOLUTIONS.includes(o.res) ? o.res : n.res,
      width: str(o.width, ''), height: str(o.height, ''), record: bool(o.record, false),
    };
  });
  return out.length ? out : d;
}

// sanitize merges an untrusted object (from the hash) over the defaults,
// keeping only known fields of the right types.
export function sanitize(x) {
  const d = defaults();
  const o = obj(x);
  if (!o) return d;
  const out = d;
  if (VIEWS.includes(o.view)) out.view = o.view;
  if (o.lang === 'en' || o.lang === 'zh') out.lang = o.lang;
  const q = obj(o.quote);
  if (q) {
    out.quote.catalog = str(q.catalog, d.quote.catalog);
    out.quote.start = str(q.start, d.quote.start);
    out.quote.months = str(q.months, d.quote.months);
    out.quote.trial = bool(q.trial, d.quote.trial);
    out.quote.mode = ['calls', 'monthly'].includes(q.mode) ? q.mode : 'minutes';
    // The per-meter maps are kept whole, every key and every amount
    // exactly as in the link (bounded, like the statement's rows, by the
    // link's size: link.js). They hold the amounts of every price list's
    // meters the user typed (custom lists add up to 32 meters each), so
    // no count of keys is too many for a good link, and the views read
    // them only by the chosen list's meter ids: keys naming no meter are
    // carried along, never used. Built with Object.fromEntries, a key
    // "__proto__" is data, not the map's prototype. A month-by-month
    // column keeps its first 36 amounts, all that can be read: the
    // horizon is at most 36 months (viewdata.js horizon, tested in
    // test/js/viewdata.test.mjs), and the table edits no month past it.
    const mo = obj(q.monthly);
    if (mo) {
      out.quote.monthly = Object.fromEntries(Object.entries(mo).flatMap(([k, v]) => {
        const a = arr(v, 36);
        return a ? [[k, a.map((x) => (typeof x === 'string' ? x : ''))]] : [];
      }));
    }
    const u = obj(q.usage);
    if (u) {
      out.quote.usage = Object.fromEntries(Object.entries(u).filter(([, v]) => typeof v === 'string'));
    }
    out.quote.calls = profiles(q.calls, d.quote.calls);
    out.quote.chartMeter = str(q.chartMeter, '');
  }
  const c = obj(o.compare);
  if (c) {
    out.compare.start = str(c.start, d.compare.start);
    out.compare.months = str(c.months, d.compare.months);
    out.compare.trial = bool(c.trial, d.compare.trial);
    out.compare.calls = profiles(c.calls, d.compare.calls);
    out.compare.fromQuote = str(c.fromQuote, '');
  }
  const st = obj(o.statement);
  if (st) {
    out.statement.catalog = str(st.catalog, d.statement.catalog);
    out.statement.start = str(st.start, '');
    out.statement.end = str(st.end, '');
    out.statement.trial = str(st.trial, '');
    // Rows are kept however many there are (a link is bounded by its
    // size, link.js): past the API's limits the engine refuses the
    // statement with its structured error, at the rows, instead of this
    // silently dropping the rows past the limit.
    const ps = arr(st.purchases, Infinity);
    if (ps) {
      out.statement.purchases = ps.map((p) => {
        const po = obj(p) || {};
        return { package: str(po.package, ''), date: str(po.date, ''), count: str(po.count, '1') };
      });
    }
    const us = arr(st.usage, Infinity);
    if (us) {
      out.statement.usage = us.map((r) => {
        const ro = obj(r) || {};
        return {
          month: str(ro.month, ''), meter: str(ro.meter, ''), amount: str(ro.amount, ''),
          unit: ro.unit === 'seconds' ? 'seconds' : 'minutes',
        };
      });
    }
  }
  // Custom price lists: objects with a custom id, however many the link
  // carries (its size bounds them); calc.wasm validates them before any
  // view uses one (custom.js).
  const cc = arr(o.customCatalogs, Infinity);
  if (cc) out.customCatalogs = cc.filter((x) => obj(x) && typeof x.id === 'string' && x.id.startsWith('custom-'));
  return out;
}

// load replaces the state with the one in the URL hash (or the defaults).
// It resolves with '' or, when the hash holds a state that cannot be read,
// why ('corrupt', 'version', 'large': see link.js); the state is then the
// defaults. It never rejects.
//
// With no state in the hash (the page or the offline file reopened), the
// last work kept in this browser comes back (saved.js). A link's state
// is opened exactly as it is; the views it does not carry keep the last
// work.
export async function load() {
  const { value, error } = await readHash(location.hash);
  const last = lastWork();
  let merged = value;
  if (last && !error) {
    const prev = last.state;
    if (value && typeof value === 'object') {
      merged = { ...prev, ...value };
      const link = Array.isArray(value.customCatalogs) ? value.customCatalogs : [];
      const kept = Array.isArray(prev.customCatalogs) ? prev.customCatalogs.filter((c) => c && !link.some((x) => x && x.id === c.id)) : [];
      merged.customCatalogs = [...link, ...kept];
    } else if (!isStateHash(location.hash)) {
      merged = prev;
    }
  }
  Object.assign(state, sanitize(merged));
  return error;
}

let lastHash = '';
let writing = false;
let again = false;
// save mirrors the state into the URL hash without adding history entries.
// Encoding is asynchronous: the hash follows a moment later, and a burst of
// saves ends with one more write of the last state. Each write dispatches
// rtcprice:saved on window. Only the page's state has a hash: an element's
// is not saved.
export function save() {
  if (!context().page) return;
  if (writing) {
    again = true;
    return;
  }
  writing = true;
  let token = '';
  let json = '';
  (async () => {
    do {
      again = false;
      ({ token, json } = await encodeText(state));
      const hash = `#s=${token}`;
      if (hash !== lastHash) {
        lastHash = hash;
        history.replaceState(null, '', hash);
      }
    } while (again);
  })().catch(() => {}).finally(() => {
    writing = false;
    // detail.json: the state's JSON text as just written (saved.js keeps
    // it as the last work without writing 100,000 rows out again).
    window.dispatchEvent(new CustomEvent('rtcprice:saved', { detail: { json } }));
  });
}

// isOwnHash reports whether the current hash is the one save() last wrote.
export function isOwnHash() {
  return location.hash === lastHash;
}
