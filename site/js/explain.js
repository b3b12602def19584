// "Show the calculation": the arithmetic behind each money figure of a
// quote, in the user's language and locale, computed exactly from the
// result's decimal strings (dec.js, BigInt; never a float). A line is
// only shown as "= figure" when the arithmetic gives exactly that figure;
// otherwise the page says the figure is the engine's.

import { h } from './dom.js';
import { t } from './i18n.js';
import { money, num } from './format.js';
import { meter, meterName } from './catalogs.js';
import { add, sub, per1000, sum, cmp } from './dec.js';

// rateOf is a meter's overage price per 1,000 minutes (a decimal string).
export function rateOf(cat, meterId) {
  const m = meter(cat, meterId);
  return m ? m.overagePer1000 : null;
}

// overageLine: "9,000 min × ¥25.00 / 1,000 min = ¥225.00".
export function overageLine(minutes, rate, cur, result) {
  const value = result ?? per1000(minutes, rate);
  return t('calc.overage', { min: num(minutes), rate: money(rate, cur), k: num(1000), cost: money(value, cur) });
}

// details is the <details> holding a figure's arithmetic: lines (strings)
// under a summary (the figure itself, or "How it adds up").
export function details(summary, lines, k) {
  const kept = lines.filter(Boolean);
  if (!kept.length) return null;
  return h('details', { class: 'calc', 'data-calc': k || null },
    h('summary', null, typeof summary === 'string' ? h('span', { text: summary }) : summary),
    h('ul', { class: 'plain calc-lines' }, kept.map((l) => h('li', { text: l }))));
}

// sumLine: "¥3,688.00 + ¥6.60 = ¥3,694.60" (the terms' exact sum must be
// the figure; else null).
export function sumLine(terms, figure, cur) {
  if (!terms.length) return null;
  const s = sum(terms);
  if (s === null || cmp(s, figure) !== 0) return null;
  return `${terms.map((x) => money(x, cur)).join(' + ')} = ${money(figure, cur)}`;
}

// overageByMeter sums a plan's overage minutes and cost per meter over
// its months.
export function overageByMeter(months) {
  const per = new Map();
  for (const m of months || []) {
    for (const mb of m.meters || []) {
      const o = per.get(mb.meter) || { minutes: 0n, cost: '0' };
      o.minutes += BigInt(mb.overageMinutes || 0);
      o.cost = add(o.cost, mb.overageCost || '0') ?? o.cost;
      per.set(mb.meter, o);
    }
  }
  return per;
}

// postpaidLines explains best.postpaid: per meter, the period's overage
// minutes × the rate / 1,000, then the sum.
export function postpaidLines(r, cat) {
  const cur = r.currency;
  const lines = [];
  const costs = [];
  for (const [m, o] of overageByMeter(r.months)) {
    if (o.minutes === 0n) continue;
    const rate = rateOf(cat, m);
    const exact = rate !== null ? per1000(o.minutes.toString(), rate) : null;
    if (exact !== null && cmp(exact, o.cost) === 0) lines.push(`${meterName(cat, m)}: ${overageLine(o.minutes.toString(), rate, cur, o.cost)}`);
    else lines.push(`${meterName(cat, m)}: ${t('calc.overageMin', { min: num(o.minutes.toString()) })} = ${money(o.cost, cur)}`);
    costs.push(o.cost);
  }
  if (!lines.length) return [t('calc.noOverage')];
  if (costs.length > 1) lines.push(sumLine(costs, r.best.postpaid, cur));
  return lines;
}

// paygLines explains payg.total: each meter's billed minutes less its free
// minutes, at the overage rate (shown only when that is the engine's sum).
export function paygLines(r, cat) {
  const cur = r.currency;
  if (!r.payg || !r.payg.feasible) return [];
  const per = new Map();
  for (const m of r.months || []) {
    for (const mb of m.meters || []) {
      const o = per.get(mb.meter) || { billed: 0n, free: 0n };
      o.billed += BigInt(mb.billedMinutes || 0);
      o.free += BigInt(mb.freeMinutes || 0);
      per.set(mb.meter, o);
    }
  }
  const lines = [];
  const costs = [];
  for (const [m, o] of per) {
    const net = o.billed - o.free;
    if (o.billed === 0n) continue;
    const rate = rateOf(cat, m);
    if (rate === null) return [];
    const cost = per1000(net.toString(), rate);
    costs.push(cost);
    lines.push(o.free > 0n
      ? `${meterName(cat, m)}: ${t('calc.freeFirst', { billed: num(o.billed.toString()), free: num(o.free.toString()), net: num(net.toString()) })}; ${overageLine(net.toString(), rate, cur, cost)}`
      : `${meterName(cat, m)}: ${overageLine(net.toString(), rate, cur, cost)}`);
  }
  const total = sum(costs);
  if (total === null || cmp(total, r.payg.total) !== 0) return [];
  if (costs.length > 1) lines.push(sumLine(costs, r.payg.total, cur));
  return lines;
}

// purchaseSaving is what a purchase line saves against overage: the
// minutes its packages cover over the horizon at the overage rate, less
// its cost (negative: dearer than overage). lot is its pooled lot.
export function purchaseSaving(p, lot, cat) {
  const pk = (cat.packages || []).find((x) => x.id === p.package);
  const r = pk ? rateOf(cat, pk.meter) : null;
  if (!lot || r === null) return null;
  const asOverage = per1000(String(lot.deducted), r);
  return { covered: lot.deducted, rate: r, asOverage, saving: sub(asOverage, p.cost), activates: !!(pk && pk.activatesPostpaid) };
}

// purchaseLines explains one purchase line: price × count = cost, and
// what it saves against overage.
export function purchaseLines(p, lot, cat, cur) {
  const lines = [t('calc.priceCount', { price: money(p.price, cur), count: num(p.count), cost: money(p.cost, cur) })];
  const s = purchaseSaving(p, lot, cat);
  if (s) {
    lines.push(t('calc.covered', { min: num(s.covered), line: overageLine(String(s.covered), s.rate, cur, s.asOverage) }));
    lines.push(cmp(s.saving, '0') >= 0
      ? t('calc.saves', { a: money(s.asOverage, cur), b: money(p.cost, cur), s: money(s.saving, cur) })
      : t('calc.dearer', { a: money(s.asOverage, cur), b: money(p.cost, cur), s: money(sub('0', s.saving), cur) }));
    if (s.activates) lines.push(t('calc.activates'));
    if (lot.forfeited > 0) lines.push(t('calc.forfeited', { min: num(lot.forfeited) }));
  }
  return lines;
}

// lotOf finds the pooled lot of purchase line i (P1, P2, … in order).
export function lotOf(r, i, p) {
  const lot = (r.lots || []).find((l) => l.lot === `P${i + 1}`);
  return lot && lot.package === p.package ? lot : null;
}
