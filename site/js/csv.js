// CSV in (usage rows) and out (a statement). Parsing never evaluates
// anything; amounts stay the strings typed, for the calculator to check.
// Quotes and comparisons export too (quoteCSV, compareCSV).

import { per1000, sub } from './dec.js';

function splitLine(line, delim) {
  const cells = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur.trim() === '') { quoted = true; cur = ''; }
    else if (ch === delim) { cells.push(cur.trim()); cur = ''; }
    else cur += ch;
  }
  cells.push(cur.trim());
  return cells;
}

const HEAD = {
  month: ['month', '月份', '月'],
  meter: ['meter', '计费项', '用量项', 'item'],
  minutes: ['minutes', 'minute', 'min', '分钟', '分钟数'],
  seconds: ['seconds', 'second', 'sec', 's', '秒', '秒数'],
};

function headKind(cell) {
  const c = cell.toLowerCase();
  for (const [k, names] of Object.entries(HEAD)) if (names.includes(c)) return k;
  return null;
}

// normMonth turns "2019/7" or "2019-7" into "2019-07"; other text is kept.
export function normMonth(m) {
  const x = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(m.trim());
  return x ? `${x[1]}-${x[2].padStart(2, '0')}` : m.trim();
}

// plainAmount drops thousands separators ("51,800.5"); any other text is
// kept as typed for the calculator to accept or refuse ("199,5" is refused,
// never read as 1995).
function plainAmount(a) {
  const x = a.trim();
  return /^\d{1,3}([, _]\d{3})+(\.\d+)?$/.test(x) ? x.replace(/[, _]/g, '') : x;
}

// parseUsage reads month,meter,minutes rows (a header row optional; a
// seconds column instead of minutes; the meter column may be left out when
// the catalog has one meter). It returns {rows} or {error: {line, key,
// vars}} for the first line it cannot read.
export function parseUsage(text, cat) {
  const lines = String(text).split(/\r\n|\n|\r/).map((l, i) => [i + 1, l]).filter(([, l]) => l.trim() !== '' && !l.trim().startsWith('#'));
  if (!lines.length) return { error: { line: 0, key: 'csv.empty' } };
  const first = lines[0][1];
  const delim = first.includes('\t') ? '\t' : (first.includes(';') && !first.includes(',')) ? ';' : ',';
  let cols = null;
  let unit = 'minutes';
  const head = splitLine(first, delim).map(headKind);
  if (head.some(Boolean)) {
    cols = {};
    head.forEach((k, i) => {
      if (k === 'minutes' || k === 'seconds') { cols.amount = i; unit = k; } else if (k) cols[k] = i;
    });
    lines.shift();
    if (cols.month === undefined || cols.amount === undefined) return { error: { line: 1, key: 'csv.header' } };
  }
  const meters = cat ? cat.meters : [];
  const findMeter = (v) => {
    const l = v.toLowerCase();
    const m = meters.find((x) => x.id.toLowerCase() === l || (x.name || '').toLowerCase() === l || (x.nameZh || '') === v);
    return m ? m.id : v;
  };
  const rows = [];
  for (const [n, line] of lines) {
    const cells = splitLine(line, delim);
    let month;
    let meter;
    let amount;
    if (cols) {
      month = cells[cols.month] ?? '';
      meter = cols.meter !== undefined ? (cells[cols.meter] ?? '') : '';
      amount = cells[cols.amount] ?? '';
    } else if (cells.length >= 3) {
      [month, meter, amount] = cells;
    } else if (cells.length === 2) {
      [month, amount] = cells;
      meter = '';
    } else {
      return { error: { line: n, key: 'csv.columns' } };
    }
    if (meter === '') {
      if (meters.length !== 1) return { error: { line: n, key: 'csv.meter' } };
      meter = meters[0].id;
    }
    rows.push({ month: normMonth(month), meter: findMeter(meter), amount: plainAmount(amount), unit });
    if (rows.length > 100000) return { error: { line: n, key: 'csv.tooMany' } };
  }
  if (!rows.length) return { error: { line: 0, key: 'csv.empty' } };
  return { rows };
}

// cell quotes a CSV cell and defuses spreadsheet formulas.
export function cell(v) {
  let x = v === null || v === undefined ? '' : String(v);
  if (/^[=+@\t\r]/.test(x) || (/^-/.test(x) && !/^-\d+(\.\d+)?$/.test(x))) x = `'${x}`;
  return /[",\n\r]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x;
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
    ['rtcprice statement', sim.catalog, sim.currency, sim.start, sim.end],
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
