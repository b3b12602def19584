// Summarizing a statement's usage rows by month and meter, for showing
// and editing a big statement (100,000 rows) as a table a person can read:
// one row per month and meter.
//
// What a salesperson gets (the choice, also in docs/):
// - The statement keeps every row exactly as imported or linked
//   (state.statement.usage). The engine bills a month's *total* usage of
//   a meter (seconds summed over the month, rounded up once: SPEC §2), so
//   the exact rows and their summary price the same; the request and the
//   exports still carry the exact rows, so nothing the customer gave is
//   lost or changed by looking at it.
// - A summarized row shows the month/meter total (exact decimal sum; in
//   seconds when its rows mix minutes and seconds). Editing it (amount,
//   unit, month or meter) edits that total: the month/meter's rows are
//   replaced by one row holding the total, then the edit applies to it.
//   Only that month/meter changes; every other keeps its exact rows.
// - Rows that cannot be summed (a month or amount that does not read) stay
//   rows of their own, where the engine's error can name them.
//
// This module is pure (no DOM): node --test runs it.

import { runSync } from './steps.js';

// SUMMARIZE_OVER: statements with more usage rows than this are shown
// summarized; smaller ones row by row, as typed.
export const SUMMARIZE_OVER = 500;
const STEP = 4000; // rows between yields

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const AMOUNT = /^(\d+)(?:\.(\d+))?$/;

// dec reads a plain decimal ("199.5") as [digits as BigInt, scale].
function dec(s) {
  const m = AMOUNT.exec(s);
  return m ? [BigInt(m[1] + (m[2] || '')), (m[2] || '').length] : null;
}

// decString writes [n, scale] as a plain decimal without trailing zeros.
function decString([n, scale]) {
  let s = n.toString();
  if (scale === 0) return s;
  s = s.padStart(scale + 1, '0');
  const int = s.slice(0, s.length - scale);
  const frac = s.slice(s.length - scale).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

function add(a, b) {
  const scale = Math.max(a[1], b[1]);
  return [a[0] * 10n ** BigInt(scale - a[1]) + b[0] * 10n ** BigInt(scale - b[1]), scale];
}

// sumDecimals adds plain non-negative decimal strings exactly; null when
// one does not read as such.
export function sumDecimals(list, times = 1n) {
  let acc = [0n, 0];
  for (const s of list) {
    const d = dec(String(s).trim());
    if (!d) return null;
    acc = add(acc, [d[0] * times, d[1]]);
  }
  return decString(acc);
}

// summable reports whether a usage row can join its month/meter's total.
export function summable(u) {
  return MONTH.test(u.month.trim()) && AMOUNT.test(u.amount.trim());
}

// summarize groups usage rows (state.statement.usage: {month, meter,
// amount, unit}) by month and meter, in the order each month/meter first
// appears. It returns {groups, merged}: each group {month, meter, amount,
// unit, rows} where rows are the row objects themselves (not indices, so
// a group stays valid when others are collapsed); a group of one row
// shows that row as typed. merged counts the rows folded into another
// row's group (0: nothing was summarized).
export function summarize(usage) {
  return runSync(summarizeSteps(usage));
}

// summarizeSteps is summarize in steps (steps.js runAsync): it yields every
// STEP rows.
export function* summarizeSteps(usage) {
  const groups = [];
  const byKey = new Map();
  for (let i = 0; i < usage.length; i++) {
    if (i % STEP === STEP - 1) yield;
    const u = usage[i];
    if (!summable(u)) {
      groups.push({ rows: [u] });
      continue;
    }
    const key = `${u.month.trim()}\u0000${u.meter}`;
    const g = byKey.get(key);
    if (g) g.rows.push(u);
    else {
      const ng = { rows: [u] };
      byKey.set(key, ng);
      groups.push(ng);
    }
  }
  let merged = 0;
  for (let i = 0; i < groups.length; i++) {
    if (i % STEP === STEP - 1) yield;
    const g = groups[i];
    merged += g.rows.length - 1;
    Object.assign(g, total(g.rows));
  }
  return { groups, merged };
}

// total is what a group shows: one row as typed; several rows as their
// exact sum, in their unit, or in seconds when they mix units.
export function total(rows) {
  const [first] = rows;
  if (rows.length === 1) return { month: first.month, meter: first.meter, amount: first.amount, unit: first.unit };
  const unit = rows.every((r) => r.unit === first.unit) ? first.unit : 'seconds';
  let acc = [0n, 0];
  for (const r of rows) {
    const d = dec(r.amount.trim());
    acc = add(acc, unit === 'seconds' && r.unit !== 'seconds' ? [d[0] * 60n, d[1]] : d);
  }
  return { month: first.month.trim(), meter: first.meter, amount: decString(acc), unit };
}

// collapse replaces a group's rows in usage by one row holding the
// group's total (the group's first row object, rewritten), before the
// group is edited. It returns the new usage array (usage itself when the
// group had one row) and leaves the group holding that one row.
export function collapse(usage, group) {
  if (group.rows.length === 1) return usage;
  const keep = group.rows[0];
  const drop = new Set(group.rows.slice(1));
  Object.assign(keep, { month: group.month, meter: group.meter, amount: group.amount, unit: group.unit });
  group.rows = [keep];
  return usage.filter((u) => !drop.has(u));
}
