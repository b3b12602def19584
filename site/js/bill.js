// Rendering of monthly statements, lots and totals: shared by the quote
// (the best plan's months) and the statement view.

import { h, bound } from './dom.js';
import { t } from './i18n.js';
import { money, num, month, date } from './format.js';
import { lotName, meterName } from './catalogs.js';
import { isPositive, cmp, per1000, sum as dsum } from './dec.js';
import { details, overageLine, rateOf } from './explain.js';

function sum(xs) {
  // Minute counts are integers; money is never summed here.
  return xs.reduce((a, b) => a + b, 0);
}

// tableWrap is the box of a data table: where the table is wider than
// the screen (a phone) it scrolls sideways, and so is a focusable region
// named by the table (keyboard users scroll it with the arrow keys).
export function tableWrap(label, ...children) {
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': label }, ...children);
}

function table(cls, head, rows, caption, foot) {
  return tableWrap(caption || head.map((c) => c.label).join(', '), h('table', { class: cls },
    caption ? h('caption', { text: caption }) : null,
    h('thead', null, h('tr', null, head.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null, text: c.label })))),
    h('tbody', null, rows),
    foot ? h('tfoot', null, foot) : null));
}

const td = (text, cls, k) => h('td', { class: cls, 'data-k': k, text });
const tdn = (text, k) => td(text, 'num', k);

// totalsCards renders the totals of a simulation.
export function totalsCards(totals, currency) {
  const card = (k, label, value, cls) => h('div', { class: ['card', cls], 'data-total': k },
    h('dt', { text: label }), h('dd', { text: value }));
  return h('div', null, h('dl', { class: 'cards money' },
    card('total', t('total'), money(totals.total, currency), 'primary'),
    card('prepaid', t('prepaid'), money(totals.prepaid, currency)),
    card('postpaid', t('overage'), money(totals.postpaid, currency)),
    card('payable', t('payable'), money(totals.payable, currency))),
  h('dl', { class: 'cards stats' },
    card('forfeited', t('forfeitedMinutes'), `${num(totals.forfeitedMinutes)} ${t('unit.min')}`, totals.forfeitedMinutes > 0 ? 'warn' : null),
    card('unserved', t('unservedMinutes'), `${num(totals.unservedMinutes)} ${t('unit.min')}`, totals.unservedMinutes > 0 ? 'bad' : null),
    card('stopped', t('stoppedMonths'), num(totals.serviceStoppedMonths ?? 0), totals.serviceStoppedMonths > 0 ? 'bad' : null)));
}

// lotsTable renders the lots of a simulation.
export function lotsTable(lots, cat, currency) {
  const rows = lots.map((l) => h('tr', null,
    td(lotName(cat, l.lot, l.package)), td(date(l.purchased)), td(date(l.expires)),
    tdn(num(l.minutes)), tdn(money(l.price, currency)), tdn(num(l.deducted)),
    tdn(num(l.forfeited), 'forfeited'), tdn(num(l.remaining))));
  return table('data lots', [
    { label: t('lot') }, { label: t('purchased') }, { label: t('expires') }, { label: t('minutes'), num: true },
    { label: t('price'), num: true }, { label: t('deducted'), num: true }, { label: t('forfeited'), num: true },
    { label: t('remaining'), num: true }], rows, t('lots'));
}

// monthsTable renders one summary row per month.
export function monthsTable(months, currency) {
  const rows = months.map((m) => {
    const billed = sum(m.meters.map((x) => x.billedMinutes));
    const covered = sum(m.meters.map((x) => x.freeMinutes + sum(x.deductions.map((d) => d.minutes))));
    const over = sum(m.meters.map((x) => x.overageMinutes));
    const unserved = sum(m.meters.map((x) => x.unservedMinutes));
    const forfeited = sum((m.forfeited || []).map((f) => f.minutes));
    const notes = [];
    if (m.serviceStopped) notes.push(h('span', { class: 'badge bad', text: t('serviceStopped') }));
    if (unserved) notes.push(h('span', { class: 'badge bad', text: t('unservedN', { n: num(unserved) }) }));
    if (forfeited) notes.push(h('span', { class: 'badge warn', text: t('forfeitedN', { n: num(forfeited) }) }));
    return h('tr', { class: m.serviceStopped ? 'stopped' : null, 'data-month': m.month },
      h('th', { scope: 'row', text: month(m.month) }), tdn(num(billed)), tdn(num(covered)), tdn(num(over)),
      tdn(money(m.prepaid, currency), 'prepaid'), tdn(money(m.postpaid, currency), 'postpaid'),
      tdn(money(m.payable, currency), 'payable'), h('td', { class: 'notes' }, notes));
  });
  // The period's totals: minutes as integers, money summed exactly.
  const all = (f) => sum(months.map(f));
  const foot = months.length > 1 ? h('tr', { class: 'total', 'data-month': 'total' },
    h('th', { scope: 'row', text: t('calc.periodTotal') }),
    tdn(num(all((m) => sum(m.meters.map((x) => x.billedMinutes))))),
    tdn(num(all((m) => sum(m.meters.map((x) => x.freeMinutes + sum(x.deductions.map((d) => d.minutes))))))),
    tdn(num(all((m) => sum(m.meters.map((x) => x.overageMinutes)))), 'overageMinutes'),
    tdn(money(dsum(months.map((m) => m.prepaid)), currency), 'prepaid'),
    tdn(money(dsum(months.map((m) => m.postpaid)), currency), 'postpaid'),
    tdn(money(dsum(months.map((m) => m.payable)), currency), 'payable'),
    h('td')) : null;
  return table('data months', [
    { label: t('month') }, { label: t('billed'), num: true }, { label: t('covered'), num: true },
    { label: t('overageMin'), num: true }, { label: t('prepaid'), num: true }, { label: t('overage'), num: true },
    { label: t('payable'), num: true }, { label: t('notes') }], rows, t('monthly'), foot);
}

// overageCostCell is a month's overage cost of one meter, expandable into
// minutes × rate / 1,000 (when that is exactly the figure).
function overageCostCell(mb, cat, currency) {
  const rate = rateOf(cat, mb.meter);
  const figure = money(mb.overageCost, currency);
  if (rate === null || cmp(per1000(String(mb.overageMinutes), rate), mb.overageCost) !== 0) return figure;
  return details(figure, [overageLine(String(mb.overageMinutes), rate, currency, mb.overageCost)], 'overage');
}

// billedCell is a month's billed minutes, expandable into where they went:
// free + each deduction + overage + unserved.
function billedCell(mb, cat) {
  const u = t('unit.min');
  const figure = `${num(mb.billedMinutes)} ${u}`;
  const parts = [];
  if (mb.freeMinutes) parts.push(`${t('free')} ${num(mb.freeMinutes)}`);
  for (const d of mb.deductions) parts.push(`${lotName(cat, d.lot, d.package)} ${num(d.minutes)}`);
  if (mb.overageMinutes) parts.push(`${t('overageMin')} ${num(mb.overageMinutes)}`);
  if (mb.unservedMinutes) parts.push(`${t('unserved')} ${num(mb.unservedMinutes)}`);
  if (parts.length < 2) return figure;
  return details(figure, [`${parts.join(' + ')} = ${figure}`], 'billed');
}

function meterBlock(mb, cat, currency) {
  const deds = mb.deductions.length
    ? h('ul', { class: 'plain' }, mb.deductions.map((d) => h('li', null, `${lotName(cat, d.lot, d.package)}: `, h('span', { class: 'num', text: `${num(d.minutes)} ${t('unit.min')}` }))))
    : h('span', { class: 'muted', text: '—' });
  const row = (label, value, k, cls) => h('tr', { class: cls }, h('th', { scope: 'row', text: label }), h('td', { class: 'num', 'data-k': k }, value));
  return h('div', { class: 'meter-bill', 'data-meter': mb.meter },
    h('h3', { class: 'h5', text: meterName(cat, mb.meter) }),
    h('table', { class: 'kv' }, h('tbody', null,
      row(t('billed'), billedCell(mb, cat), 'billedMinutes'),
      mb.freeMinutes ? row(t('free'), `${num(mb.freeMinutes)} ${t('unit.min')}`, 'freeMinutes') : null,
      row(t('deductions'), deds, 'deductions'),
      row(t('overageMin'), `${num(mb.overageMinutes)} ${t('unit.min')}`, 'overageMinutes'),
      row(t('overageCost'), overageCostCell(mb, cat, currency), 'overageCost', isPositive(mb.overageCost) ? 'em' : null),
      mb.unservedMinutes ? row(t('unserved'), `${num(mb.unservedMinutes)} ${t('unit.min')}`, 'unservedMinutes', 'bad') : null)));
}

// monthDetails renders each month's full bill in a <details>; a closed
// month's body is built when it is first opened.
export function monthDetails(months, cat, currency, open) {
  return h('div', { class: 'month-details' }, months.map((m) => {
    const el = h('details', { class: ['month', m.serviceStopped && 'stopped'], open: !!open, 'data-month': m.month },
      h('summary', null, h('span', { class: 'm', text: month(m.month) }),
        m.serviceStopped ? h('span', { class: 'badge bad', text: t('serviceStopped') }) : null,
        h('span', { class: 'sum num', text: `${t('payable')} ${money(m.payable, currency)}` })));
    let built = false;
    const build = () => {
      if (built) return;
      built = true;
      el.append(monthBody(m, cat, currency));
    };
    if (open) build();
    else el.addEventListener('toggle', bound(() => { if (el.open) build(); }));
    return el;
  }));
}

function monthBody(m, cat, currency) {
  const used = m.meters.filter((x) => x.billedMinutes > 0 || x.deductions.length);
  const kv = (label, k, value) => h('tr', null, h('th', { scope: 'row', text: label }), h('td', { class: 'num', 'data-k': k, text: value }));
  return h('div', { class: 'month-body' },
    used.length ? used.map((mb) => meterBlock(mb, cat, currency)) : h('p', { class: 'muted', text: t('noUsage') }),
    h('div', { class: 'month-side' },
      h('table', { class: 'kv' }, h('tbody', null,
        kv(t('prepaid'), 'prepaid', money(m.prepaid, currency)),
        kv(t('overage'), 'postpaid', money(m.postpaid, currency)),
        kv(t('payable'), 'payable', money(m.payable, currency)),
        h('tr', null, h('th', { scope: 'row', text: t('postpaid') }), h('td', { text: m.postpaidOn ? t('on') : t('off') })))),
      (m.forfeited && m.forfeited.length)
        ? h('div', null, h('h3', { class: 'h5', text: t('forfeited') }), h('ul', { class: 'plain' }, m.forfeited.map((f) => h('li', { class: 'warn' }, `${lotName(cat, f.lot, f.package)}: ${num(f.minutes)} ${t('unit.min')}`))))
        : null,
      h('div', null, h('h3', { class: 'h5', text: t('balances') }), (m.balances && m.balances.length)
        ? h('ul', { class: 'plain' }, m.balances.map((b) => h('li', null, `${lotName(cat, b.lot, b.package)}: `,
          h('span', { class: 'num', text: `${num(b.remaining)} ${t('unit.min')}` }), h('span', { class: 'muted', text: ` ${t('until', { date: date(b.expires) })}` }))))
        : h('p', { class: 'muted', text: '—' }))));
}
