// The statement file: a statement's inputs (price list, months, trial,
// purchases, usage) written out and read back, as JSON or as CSV, so that
// importing an exported statement restores the same statement. Also the
// plain CSV rows people have (usage or purchases, with or without a
// header).
//
// JSON ("rtcprice-statement", version 1):
//   {"format": "rtcprice-statement", "version": 1,
//    "catalog": "trtc-2019-cny", "start": "", "end": "", "trial": "2019-07-01",
//    "purchases": [{"package": "entry", "date": "2019-08-01", "count": "1"}],
//    "usage": [{"month": "2019-07", "meter": "call", "minutes": "199.5"},
//              {"month": "2019-08", "meter": "call", "seconds": "3108030"}],
//    "customCatalog": {…}   (when the statement uses a custom price list)
//    "totals": {…}}         (the computed totals, for people; not read back)
//
// CSV: the inputs first, one record per row, its kind in the first cell,
// then the computed statement (csv.js statementCSV), which import skips:
//   rtcprice statement,1
//   record,catalog,start,end,trial
//   statement,trtc-2019-cny,,,2019-07-01
//   record,package,date,count
//   purchase,entry,2019-08-01,1
//   record,month,meter,amount,unit
//   usage,2019-07,call,199.5,minutes
//   usage,2019-08,call,3108030,seconds
//   (blank row)
//   rtcprice results,…
// Every cell goes through csv.js cell() (quoted, formulas defused) and is
// read back with unneutralize(), so ids and text come back exactly.
//
// Reading validates every row and returns every bad one: {line (CSV) or
// path (JSON), key (an i18n key), vars}; nothing is imported then. This
// module is pure (no DOM, no i18n): node --test runs it.
//
// Reading runs in steps (steps.js): readImport reads at once,
// readImportAsync yields to the page every few milliseconds, so a file of
// 100,000 rows is parsed and checked without blocking the page.

import { toCSV, statementCSV, sniffDelimiter, unneutralize, normMonth, normDate, plainAmount, parseRowsSteps } from './csv.js';
import { runSync, runAsync } from './steps.js';

export const FORMAT = 'rtcprice-statement';
export const VERSION = 1;
const CSV_MAGIC = 'rtcprice statement';
const CSV_RESULTS = 'rtcprice results';
// The API's limits (docs/api.md, Limits): usage rows and purchases of
// one statement. A file past them is refused (imp.tooMany, with the limit).
export const MAX_ROWS = 100000;
export const MAX_PURCHASES = 1000;
const STEP_ROWS = 2000; // rows between yields
export const MAX_ERRORS = 50;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const AMOUNT = /^\d+(\.\d+)?$/;
const COUNT = /^[1-9]\d{0,5}$/;

// fileInputs is the inputs part of a statement file for the statement
// state ss (state.statement): usage rows left blank are not written.
export function fileInputs(ss) {
  return runSync(fileInputsSteps(ss));
}

function* fileInputsSteps(ss) {
  const usage = [];
  for (let i = 0; i < ss.usage.length; i++) {
    if (i % STEP_ROWS === STEP_ROWS - 1) yield;
    const u = ss.usage[i];
    if (u.month.trim() === '' && u.amount.trim() === '') continue;
    usage.push({ month: u.month.trim(), meter: u.meter, [u.unit === 'seconds' ? 'seconds' : 'minutes']: u.amount.trim() });
  }
  return {
    catalog: ss.catalog,
    start: ss.start.trim(),
    end: ss.end.trim(),
    trial: ss.trial.trim(),
    purchases: ss.purchases.map((p) => ({ package: p.package, date: p.date.trim(), count: String(p.count).trim() })),
    usage,
  };
}

// statementJSON writes the JSON statement file. opts.customCatalog: the
// custom price list the statement uses (so the file opens anywhere);
// opts.totals: the computed totals, for a reader.
export function statementJSON(ss, opts = {}) {
  const out = { format: FORMAT, version: VERSION, ...fileInputs(ss) };
  if (opts.customCatalog) out.customCatalog = opts.customCatalog;
  if (opts.totals) out.totals = opts.totals;
  return `${JSON.stringify(out, null, 2)}\n`;
}

// statementFileCSV writes the CSV statement file: the inputs, then (when
// sim is given) the computed statement.
export function statementFileCSV(ss, sim) {
  return runSync(statementFileCSVSteps(ss, sim));
}

// statementFileCSVSteps is statementFileCSV in steps (steps.js): the same
// text, written STEP_ROWS rows at a time.
export function* statementFileCSVSteps(ss, sim) {
  const f = yield* fileInputsSteps(ss);
  const parts = [toCSV([
    [CSV_MAGIC, VERSION],
    ['record', 'catalog', 'start', 'end', 'trial'],
    ['statement', f.catalog, f.start, f.end, f.trial],
    ['record', 'package', 'date', 'count'],
    ...f.purchases.map((p) => ['purchase', p.package, p.date, p.count]),
    ['record', 'month', 'meter', 'amount', 'unit'],
  ])];
  for (let i = 0; i < f.usage.length; i += STEP_ROWS) {
    yield;
    parts.push(toCSV(f.usage.slice(i, i + STEP_ROWS).map((u) => ['usage', u.month, u.meter, u.seconds ?? u.minutes, u.seconds !== undefined ? 'seconds' : 'minutes'])));
  }
  let out = parts.join('');
  if (sim) out += `\r\n${statementCSV(sim)}`;
  return out;
}

// statementJSONSteps is the JSON statement file of a big statement, in
// steps: the same fields as statementJSON, written compact (one line)
// rather than indented. It yields the inputs; the caller writes the text
// (link.js jsonSteps).
export function* statementJSONSteps(ss, opts = {}) {
  const out = { format: FORMAT, version: VERSION, ...(yield* fileInputsSteps(ss)) };
  if (opts.customCatalog) out.customCatalog = opts.customCatalog;
  if (opts.totals) out.totals = opts.totals;
  return out;
}

// ---------------------------------------------------------------------------
// Reading.

// checkRows validates purchases and usage against the catalog cat (null:
// ids are not checked) and normalizes what people type: "2019年7月",
// "2019/7" months, "2019/8/1" dates, "30,000" amounts. where(i, kind)
// gives the location of an error ({line} or {path}).
function* checkRows(purchases, usage, cat, where, errors) {
  const meters = cat ? (Array.isArray(cat.meters) ? cat.meters : []) : null;
  const buyable = cat ? (Array.isArray(cat.packages) ? cat.packages : []).filter((p) => p && p.purchasable) : null;
  const findMeter = (v) => {
    if (!meters) return v;
    const l = v.toLowerCase();
    const m = meters.find((x) => x.id.toLowerCase() === l || (x.name || '').toLowerCase() === l || (x.nameZh || '') === v);
    return m ? m.id : null;
  };
  const findPackage = (v) => {
    if (!buyable) return v;
    const l = v.toLowerCase();
    const p = buyable.find((x) => x.id.toLowerCase() === l || (x.name || '').toLowerCase() === l || (x.nameZh || '') === v);
    return p ? p.id : null;
  };
  const bad = (loc, key, vars) => { if (errors.length < MAX_ERRORS) errors.push({ ...loc, key, vars }); else errors.more = true; };
  const outP = purchases.map((p, i) => {
    const loc = where(i, 'purchase');
    const pk = findPackage(p.package);
    if (pk === null) bad(loc, 'imp.package', { v: p.package });
    const date = normDate(p.date);
    if (!DATE.test(date)) bad(loc, 'imp.date', { v: p.date });
    const count = String(p.count).trim();
    if (!COUNT.test(count)) bad(loc, 'imp.count', { v: p.count });
    return { package: pk ?? p.package, date, count };
  });
  const outU = [];
  for (let i = 0; i < usage.length; i++) {
    if (i % STEP_ROWS === STEP_ROWS - 1) yield;
    const u = usage[i];
    const loc = where(i, 'usage');
    const month = normMonth(u.month);
    if (!MONTH.test(month)) bad(loc, 'imp.month', { v: u.month });
    let meter = u.meter;
    if (meter === '' && meters && meters.length === 1) meter = meters[0].id;
    else if (meter === '' && meters) bad(loc, 'imp.meterMissing', {});
    else {
      const m = findMeter(meter);
      if (m === null) bad(loc, 'imp.meter', { v: u.meter });
      else meter = m;
    }
    const amount = plainAmount(u.amount);
    if (!AMOUNT.test(amount)) bad(loc, 'imp.amount', { v: u.amount });
    if (u.unit !== 'minutes' && u.unit !== 'seconds') bad(loc, 'imp.unit', { v: u.unit });
    outU.push({ month, meter, amount, unit: u.unit === 'seconds' ? 'seconds' : 'minutes' });
  }
  return { purchases: outP, usage: outU };
}

// tooMany is the error of a file past the limits, or null.
function tooMany(purchases, usage, loc = {}) {
  if (usage > MAX_ROWS) return { errors: [{ ...loc, key: 'imp.tooManyRows', vars: { v: String(MAX_ROWS) } }] };
  if (purchases > MAX_PURCHASES) return { errors: [{ ...loc, key: 'imp.tooManyPurchases', vars: { v: String(MAX_PURCHASES) } }] };
  return null;
}

const str = (v) => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);

// readJSON reads a JSON statement file. lookup(id) returns a catalog (or
// null); a customCatalog in the file is used for its own id when lookup
// does not know it (the caller adds it to the page).
function* readJSON(text, lookup) {
  let v;
  try {
    v = JSON.parse(text);
  } catch {
    return { errors: [{ key: 'imp.json' }] };
  }
  if (!v || typeof v !== 'object' || Array.isArray(v) || v.format !== FORMAT) return { errors: [{ key: 'imp.format' }] };
  if (v.version !== VERSION) return { errors: [{ key: 'imp.version', vars: { v: String(v.version) } }] };
  const errors = [];
  const custom = v.customCatalog && typeof v.customCatalog === 'object' && v.customCatalog.id === v.catalog ? v.customCatalog : null;
  const cat = typeof v.catalog === 'string' ? (lookup(v.catalog) || custom) : null;
  if (!cat) errors.push({ path: 'catalog', key: 'imp.catalog', vars: { v: String(v.catalog) } });
  const field = (o, k, path) => {
    const x = o && typeof o === 'object' ? str(o[k]) : null;
    if (x === null) errors.push({ path, key: 'imp.field', vars: { v: k } });
    return x ?? '';
  };
  const top = (k) => (v[k] === undefined ? '' : field(v, k, k));
  const start = top('start');
  const end = top('end');
  const trial = top('trial');
  if (!Array.isArray(v.purchases ?? [])) errors.push({ path: 'purchases', key: 'imp.field', vars: { v: 'purchases' } });
  if (!Array.isArray(v.usage ?? [])) errors.push({ path: 'usage', key: 'imp.field', vars: { v: 'usage' } });
  const ps = Array.isArray(v.purchases) ? v.purchases : [];
  const us = Array.isArray(v.usage) ? v.usage : [];
  const over = tooMany(ps.length, us.length, { path: us.length > MAX_ROWS ? 'usage' : 'purchases' });
  if (over) return over;
  const purchases = ps.map((p, i) => ({ package: field(p, 'package', `purchases[${i}]`), date: field(p, 'date', `purchases[${i}]`), count: field(p, 'count', `purchases[${i}]`) }));
  const usage = [];
  for (let i = 0; i < us.length; i++) {
    if (i % STEP_ROWS === STEP_ROWS - 1) yield;
    const u = us[i];
    const secs = u && typeof u === 'object' && u.seconds !== undefined;
    usage.push({ month: field(u, 'month', `usage[${i}]`), meter: field(u, 'meter', `usage[${i}]`), amount: field(u, secs ? 'seconds' : 'minutes', `usage[${i}]`), unit: secs ? 'seconds' : 'minutes' });
  }
  const rows = yield* checkRows(purchases, usage, cat, (i, kind) => ({ path: `${kind === 'purchase' ? 'purchases' : 'usage'}[${i}]` }), errors);
  if (trial !== '' && !DATE.test(normDate(trial))) errors.push({ path: 'trial', key: 'imp.date', vars: { v: trial } });
  for (const [k, m] of [['start', start], ['end', end]]) if (m !== '' && !MONTH.test(normMonth(m))) errors.push({ path: k, key: 'imp.month', vars: { v: m } });
  if (errors.length) return { errors };
  return {
    kind: 'statement',
    statement: { catalog: v.catalog, start: start && normMonth(start), end: end && normMonth(end), trial: trial && normDate(trial), ...rows },
    customCatalog: custom && !lookup(v.catalog) ? custom : null,
  };
}

// readStatementCSV reads the CSV statement file's inputs.
function* readStatementCSV(rows, lookup) {
  const errors = [];
  let head = null;
  const purchases = [];
  const usage = [];
  const pLines = [];
  const uLines = [];
  for (let k = 1; k < rows.length; k++) {
    if (k % STEP_ROWS === 0) yield;
    const { line, cells } = rows[k];
    const c = cells.map(unneutralize);
    const kind = c[0].toLowerCase();
    if (kind === CSV_RESULTS) break;
    if (kind === 'record') continue;
    if (kind === 'statement') {
      if (head) errors.push({ line, key: 'imp.twice' });
      head = { line, catalog: c[1] ?? '', start: c[2] ?? '', end: c[3] ?? '', trial: c[4] ?? '' };
    } else if (kind === 'purchase') {
      purchases.push({ package: c[1] ?? '', date: c[2] ?? '', count: c[3] ?? '' });
      pLines.push(line);
    } else if (kind === 'usage') {
      usage.push({ month: c[1] ?? '', meter: c[2] ?? '', amount: c[3] ?? '', unit: (c[4] || 'minutes').toLowerCase() });
      uLines.push(line);
    } else {
      errors.push({ line, key: 'imp.record', vars: { v: c[0] } });
    }
    const over = tooMany(purchases.length, usage.length, { line });
    if (over) return over;
  }
  if (!head) return { errors: [{ line: 1, key: 'imp.noStatement' }] };
  const cat = lookup(head.catalog);
  if (!cat) errors.push({ line: head.line, key: 'imp.catalog', vars: { v: head.catalog } });
  const r = yield* checkRows(purchases, usage, cat, (i, kind) => ({ line: kind === 'purchase' ? pLines[i] : uLines[i] }), errors);
  if (head.trial !== '' && !DATE.test(normDate(head.trial))) errors.push({ line: head.line, key: 'imp.date', vars: { v: head.trial } });
  for (const m of [head.start, head.end]) if (m !== '' && !MONTH.test(normMonth(m))) errors.push({ line: head.line, key: 'imp.month', vars: { v: m } });
  if (errors.length) return { errors };
  return {
    kind: 'statement',
    statement: { catalog: head.catalog, start: head.start && normMonth(head.start), end: head.end && normMonth(head.end), trial: head.trial && normDate(head.trial), ...r },
  };
}

const HEAD = {
  month: ['month', '月份', '月'],
  meter: ['meter', '计费项', '用量项', 'item'],
  minutes: ['minutes', 'minute', 'min', '分钟', '分钟数'],
  seconds: ['seconds', 'second', 'sec', 's', '秒', '秒数'],
  package: ['package', '套餐', '套餐包', '资源包'],
  date: ['date', '日期', '购买日期'],
  count: ['count', '数量', '个数'],
};

function headKind(cell) {
  const c = cell.toLowerCase();
  for (const [k, names] of Object.entries(HEAD)) if (names.includes(c)) return k;
  return null;
}

// readRowsCSV reads plain rows: usage (month,meter,minutes; a header
// optional; a seconds column; the meter left out for a one-meter list) or,
// with a header naming package and date, purchases (package,date,count).
function* readRowsCSV(rows, cat) {
  const errors = [];
  let cols = null;
  let unit = 'minutes';
  let kind = 'usage';
  const head = rows[0].cells.map(headKind);
  if (head.some(Boolean)) {
    cols = {};
    head.forEach((k, i) => {
      if (k === 'minutes' || k === 'seconds') { cols.amount = i; unit = k; } else if (k) cols[k] = i;
    });
    rows = rows.slice(1);
    if (cols.package !== undefined && cols.date !== undefined) kind = 'purchases';
    else if (cols.month === undefined || cols.amount === undefined) return { errors: [{ line: 1, key: 'csv.header' }] };
  }
  if (!rows.length) return { errors: [{ key: 'csv.empty' }] };
  const over = kind === 'purchases' ? tooMany(rows.length, 0) : tooMany(0, rows.length);
  if (over) return over;
  const usage = [];
  const purchases = [];
  const lines = [];
  for (let k = 0; k < rows.length; k++) {
    if (k % STEP_ROWS === STEP_ROWS - 1) yield;
    const { line, cells } = rows[k];
    const c = cells.map(unneutralize);
    const at = (k) => (cols[k] !== undefined ? (c[cols[k]] ?? '') : '');
    if (kind === 'purchases') {
      purchases.push({ package: at('package'), date: at('date'), count: cols.count !== undefined ? at('count') : '1' });
    } else if (cols) {
      usage.push({ month: at('month'), meter: at('meter'), amount: at('amount'), unit });
    } else if (c.length >= 3) {
      usage.push({ month: c[0], meter: c[1], amount: c[2], unit });
    } else if (c.length === 2) {
      usage.push({ month: c[0], meter: '', amount: c[1], unit });
    } else {
      errors.push({ line, key: 'csv.columns' });
      continue;
    }
    lines.push(line);
  }
  const r = yield* checkRows(purchases, usage, cat, (i) => ({ line: lines[i] }), errors);
  if (errors.length) return { errors };
  return kind === 'purchases' ? { kind: 'purchases', purchases: r.purchases } : { kind: 'usage', usage: r.usage };
}

// readImport reads what a user imports into a statement: a JSON or CSV
// statement file, or plain usage or purchase rows (for the catalog cat).
// It returns {errors} (each bad row, nothing imported) or
//   {kind: 'statement', statement, customCatalog?}
//   {kind: 'usage', usage} | {kind: 'purchases', purchases}.
// lookup(id) finds a catalog by id.
export function readImport(text, cat, lookup) {
  return runSync(readImportSteps(text, cat, lookup));
}

// readImportAsync is readImport in slices (steps.js): it resolves with
// readImport's answer without blocking the page for more than a few
// milliseconds at a time.
export function readImportAsync(text, cat, lookup) {
  return runAsync(readImportSteps(text, cat, lookup));
}

function* readImportSteps(text, cat, lookup) {
  const src = String(text).replace(/^\uFEFF/, '');
  if (/^\s*$/.test(src.slice(0, 4096)) && src.trim() === '') return { errors: [{ key: 'csv.empty' }] };
  if (/^\s*\{/.test(src)) return yield* readJSON(src, lookup);
  // The separator from the first line (a bounded head of the text).
  const rows = yield* parseRowsSteps(src, sniffDelimiter(src.slice(0, 1 << 20)));
  if (!rows.length) return { errors: [{ key: 'csv.empty' }] };
  const first = rows[0].cells.map((c) => c.toLowerCase());
  if (first[0] === CSV_MAGIC) {
    // An older export began "rtcprice statement,<catalog>,…" and held only
    // the computed statement.
    if (!/^\d+$/.test(first[1] ?? '')) return { errors: [{ line: rows[0].line, key: 'imp.resultsOnly' }] };
    if (first[1] !== String(VERSION)) return { errors: [{ line: rows[0].line, key: 'imp.version', vars: { v: rows[0].cells[1] } }] };
    return yield* readStatementCSV(rows, lookup);
  }
  if (first[0] === CSV_RESULTS) return { errors: [{ line: rows[0].line, key: 'imp.resultsOnly' }] };
  return yield* readRowsCSV(rows.filter((r) => !r.cells[0].startsWith('#')), cat);
}
