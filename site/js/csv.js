// CSV in (rows, read by statementfile.js) and out (a statement, a quote, a
// comparison: quoteCSV, compareCSV), safe in any spreadsheet. Parsing
// never evaluates anything; amounts stay the strings typed, for the
// calculator to check.

import { per1000, sub } from './dec.js';
import { runSync } from './steps.js';

// normMonth turns "2019/7", "2019-7" or "2019年7月" into "2019-07"; other
// text is kept.
export function normMonth(m) {
  const x = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(m.trim());
  return x ? `${x[1]}-${x[2].padStart(2, '0')}` : m.trim();
}

// normDate turns "2019/8/1", "2019-8-1" or "2019年8月1日" into
// "2019-08-01"; other text is kept.
export function normDate(d) {
  const x = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(d.trim());
  return x ? `${x[1]}-${x[2].padStart(2, '0')}-${x[3].padStart(2, '0')}` : d.trim();
}

// sniffDelimiter picks the separator of a CSV text from its first line,
// counting outside quotes: a tab, else ';' (Excel in many locales, and
// then "30,000" is a number with a thousands separator), else ','.
export function sniffDelimiter(text) {
  const first = String(text).replace(/^\uFEFF/, '').split(/\r\n|\n|\r/).find((l) => l.trim() !== '') || '';
  let quoted = false;
  const n = { '\t': 0, ';': 0, ',': 0 };
  for (const ch of first) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in n) n[ch]++;
  }
  return n['\t'] ? '\t' : n[';'] ? ';' : ',';
}

// parseRows reads CSV text (RFC 4180: quoted fields may hold separators,
// quotes doubled, line breaks) into rows {line, cells}: line is the line
// number the row starts on; cells are trimmed. A BOM is dropped; CRLF, LF
// and CR all end a row; blank rows are left out.
export function parseRows(text, delim = sniffDelimiter(text)) {
  return runSync(parseRowsSteps(text, delim));
}

// ROW_STEP is how many characters parseRowsSteps reads between yields.
const ROW_STEP = 1 << 16;

// parseRowsSteps is parseRows in steps (steps.js), for files of 100,000
// rows: a generator that yields every ROW_STEP characters and returns the
// rows.
export function* parseRowsSteps(text, delim = sniffDelimiter(text)) {
  const src = String(text).replace(/^\uFEFF/, '');
  const rows = [];
  let cells = [];
  let cur = '';
  let quoted = false;
  let wasQuoted = false;
  let line = 1;
  let start = 1;
  const endCell = () => { cells.push(wasQuoted ? cur : cur.trim()); cur = ''; wasQuoted = false; };
  const endRow = () => {
    endCell();
    if (cells.some((c) => c !== '')) rows.push({ line: start, cells });
    cells = [];
  };
  let next = ROW_STEP;
  for (let i = 0; i < src.length; i++) {
    if (i >= next) {
      next = i + ROW_STEP;
      yield;
    }
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') quoted = false;
      else {
        if (ch === '\n' || (ch === '\r' && src[i + 1] !== '\n')) line++;
        cur += ch;
      }
    } else if (ch === '"' && cur.trim() === '') { quoted = true; wasQuoted = true; cur = ''; }
    else if (ch === delim) endCell();
    else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRow();
      line++;
      start = line;
    } else cur += ch;
  }
  endRow();
  return rows;
}

// plainAmount drops thousands separators ("51,800.5"); any other text is
// kept as typed for the calculator to accept or refuse ("199,5" is refused,
// never read as 1995).
export function plainAmount(a) {
  const x = a.trim();
  return /^\d{1,3}([, _]\d{3})+(\.\d+)?$/.test(x) ? x.replace(/[, _]/g, '') : x;
}

// Spreadsheet safety (OWASP "CSV Injection"). A spreadsheet splits on ','
// or ';' or a tab depending on its locale, honours a quote only at the
// start of what it takes for a cell, and runs a cell that starts with '=',
// '+', '-', '@' (or a tab or CR before one) as a formula. A field written
// for ',' can so be cut by a ';' reader in the middle: "pkg;=cmd…" becomes
// the cells `"pkg` and `=cmd…`. So:
//   - every field holding any separator (',' ';' tab), a quote, CR or LF
//     is quoted, quotes doubled;
//   - the field and every part of it after a separator, CR or LF (where
//     another reader may start a cell) gets a "'" in front when it starts
//     with '=', '+', '-', '@', tab, CR or LF (also after spaces, which some
//     spreadsheets trim), or with "'" itself, so that unneutralize() gives
//     back exactly the value written;
//   - except a part that is a plain number: an optional '-', digits and an
//     optional decimal part ("-5", "3713.025"). A spreadsheet reads it as
//     the number it is, never as a formula, and money stays a number to sum.
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const FORMULA_START = /^[ ]*[=+\-@\t\r\n]/;
const PARTS = /([,;\t\r\n])/;

function neutralizePart(x) {
  if (PLAIN_NUMBER.test(x)) return x;
  return FORMULA_START.test(x) || x.startsWith("'") ? `'${x}` : x;
}

function unneutralizePart(x) {
  return x.startsWith("'") && (FORMULA_START.test(x.slice(1)) || x[1] === "'") ? x.slice(1) : x;
}

// neutralize returns the text a CSV cell carries for value x.
export function neutralize(x) {
  const y = x.split(PARTS).map((p, i) => (i % 2 ? p : neutralizePart(p))).join('');
  return /^[\t\r\n]/.test(y) ? `'${y}` : y;
}

// unneutralize undoes neutralize on a cell read back.
export function unneutralize(x) {
  const y = /^'[\t\r\n]/.test(x) ? x.slice(1) : x;
  return y.split(PARTS).map((p, i) => (i % 2 ? p : unneutralizePart(p))).join('');
}

// cell quotes a CSV cell and defuses spreadsheet formulas.
export function cell(v) {
  const x = neutralize(v === null || v === undefined ? '' : String(v));
  return /[",;\t\n\r]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x;
}

export function toCSV(rows) {
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

// statementCSV writes a simulation as CSV: per (month, meter) lines, then
// per month lines with the totals, then the lots. Money is exact, as the
// calculator returned it.
export function statementCSV(sim) {
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const rows = [
    ['rtcprice results', sim.catalog, sim.currency, sim.start, sim.end],
    [],
    ['month', 'meter', 'billed_minutes', 'free_minutes', 'deducted_minutes', 'deductions', 'overage_minutes', 'overage_cost', 'unserved_minutes'],
  ];
  for (const m of sim.months) {
    for (const mb of m.meters) {
      rows.push([m.month, mb.meter, mb.billedMinutes, mb.freeMinutes, sum(mb.deductions.map((d) => d.minutes)),
        mb.deductions.map((d) => `${d.lot}:${d.minutes}`).join(' '), mb.overageMinutes, mb.overageCost, mb.unservedMinutes]);
    }
  }
  rows.push([], ['month', 'prepaid', 'postpaid', 'payable', 'forfeited_minutes', 'balances', 'postpaid_on', 'service_stopped']);
  for (const m of sim.months) {
    rows.push([m.month, m.prepaid, m.postpaid, m.payable, sum((m.forfeited || []).map((f) => f.minutes)),
      (m.balances || []).map((b) => `${b.lot}:${b.remaining}@${b.expires}`).join(' '), m.postpaidOn ? 'yes' : 'no', m.serviceStopped ? 'yes' : 'no']);
  }
  const tt = sim.totals;
  rows.push(['total', tt.prepaid, tt.postpaid, tt.payable, tt.forfeitedMinutes, '', '', tt.serviceStoppedMonths ?? '']);
  rows.push(['total_cost', tt.total], ['unserved_minutes', tt.unservedMinutes]);
  rows.push([], ['lot', 'package', 'meter', 'purchased', 'expires', 'minutes', 'price', 'deducted', 'forfeited', 'remaining']);
  for (const l of sim.lots) rows.push([l.lot, l.package, l.meter, l.purchased, l.expires, l.minutes, l.price, l.deducted, l.forfeited, l.remaining]);
  return toCSV(rows);
}

// purchaseRows lists a quote's purchases with what each saves against
// overage: its pooled lot's (P1, P2, …) deducted minutes at the meter's
// overage rate, less its cost (exact; empty when unknown).
function purchaseRows(r, cat) {
  const meters = new Map(((cat && cat.meters) || []).map((m) => [m.id, m.overagePer1000]));
  const pkMeter = new Map(((cat && cat.packages) || []).map((p) => [p.id, p.meter]));
  return (r.best.purchases || []).map((p, i) => {
    const lot = (r.lots || []).find((l) => l.lot === `P${i + 1}` && l.package === p.package);
    const rate = meters.get(pkMeter.get(p.package));
    const asOverage = lot && rate !== undefined ? per1000(String(lot.deducted), rate) : null;
    return [p.date, p.package, pkMeter.get(p.package) ?? '', p.count, p.price, p.cost,
      lot ? lot.deducted : '', asOverage ?? '', asOverage !== null ? sub(asOverage, p.cost) : ''];
  });
}

const PURCHASE_HEAD = ['date', 'package', 'meter', 'count', 'price', 'cost', 'minutes_used', 'as_overage', 'saving_vs_overage'];

// quoteCSV writes a quote: the summary, the plan (with each line's saving
// against overage), the usage per month, and the plan's months and lots
// as in a statement. Money is exact, as the calculator returned it.
export function quoteCSV(r, cat) {
  const b = r.best;
  const rows = [
    ['rtcprice quote', r.catalog, r.currency, r.start, r.end],
    [],
    ['best_total', b.total], ['prepaid', b.prepaid], ['postpaid', b.postpaid], ['payable', b.payable],
    ['payg_total', r.payg.feasible ? r.payg.total : 'not_possible'], ['savings_vs_payg', b.savings ?? ''],
    ['forfeited_minutes', b.forfeitedMinutes], ['optimal', b.optimal ? 'yes' : 'no'],
    [],
    PURCHASE_HEAD,
    ...purchaseRows(r, cat),
    [],
    ['usage_month', 'meter', 'minutes_per_month'],
    ...(r.usage || []).map((u) => [u.month ?? 'every', u.meter, u.minutes]),
  ];
  const months = statementCSV({
    catalog: r.catalog, currency: r.currency, start: r.start, end: r.end, months: r.months || [], lots: r.lots || [],
    totals: { prepaid: b.prepaid, postpaid: b.postpaid, payable: b.payable, total: b.total, forfeitedMinutes: b.forfeitedMinutes, unservedMinutes: sumMinutes(r.months, 'unservedMinutes') },
  });
  return toCSV(rows) + '\r\n' + months.split('\r\n').slice(2).join('\r\n');
}

function sumMinutes(months, k) {
  let n = 0;
  for (const m of months || []) for (const mb of m.meters || []) n += mb[k] || 0;
  return n;
}

// compareCSV writes a comparison: one line per price list (what it does
// not include, when the calls ask for something it does not sell), then
// each list's plan.
export function compareCSV(items) {
  const rows = [
    ['rtcprice comparison'],
    [],
    ['catalog', 'currency', 'best_total', 'prepaid', 'postpaid', 'payg_total', 'savings_vs_payg', 'optimal', 'not_included', 'error'],
  ];
  for (const it of items) {
    const r = it.result;
    if (!r) {
      rows.push([it.catalog, '', '', '', '', '', '', '', (it.omitted || []).join(' '), it.error || 'error']);
      continue;
    }
    rows.push([it.catalog, r.currency, r.best.total, r.best.prepaid, r.best.postpaid, r.payg.feasible ? r.payg.total : 'not_possible',
      r.best.savings ?? '', r.best.optimal ? 'yes' : 'no', (it.omitted || []).join(' '), '']);
  }
  rows.push([], ['catalog', ...PURCHASE_HEAD]);
  for (const it of items) {
    if (!it.result) continue;
    for (const p of purchaseRows(it.result, it.cat)) rows.push([it.catalog, ...p]);
  }
  return toCSV(rows);
}
