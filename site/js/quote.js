// The quote view: usage in, best purchase plan out.

import { h, replace, idPart, byId, activeId, local, context, within as inContext } from './dom.js';
import { t, lang } from './i18n.js';
import { field, notedPair, fieldNote, input, checkbox } from './form.js';
import { state, save } from './state.js';
import { catalogs, catalog, nameOf, meterName, packageName } from './catalogs.js';
import { money, num, percent, date, month, addMonths } from './format.js';
import { amounts, requestAmount } from './amount.js';
import { view } from './view.js';
import { intOrString, horizon, chartRows, usageByMeter, usedMeters } from './viewdata.js';
import { callsEditor, profileRequest, derivationTable, hasDaily, dailyMonthly } from './calls.js';
import { monthsTable, monthDetails, lotsTable, tableWrap } from './bill.js';
import { costBars, balances, costLines, responsive } from './charts.js';
import { isPositive, cmp, add, sub } from './dec.js';
import { quoteCSV } from './csv.js';
import { details, sumLine, postpaidLines, paygLines, purchaseLines, purchaseSaving, lotOf } from './explain.js';
import { requestCatalog, catalogSelect, useCatalog, customBanner } from './custom.js';

// The view's controller (view.js) and own variables, one set per context.
const ctl = view(compute);
const my = local(() => ({ exportUrl: '', drawn: 0 }));
let first = false; // the page's first quote is on screen
let shown = null;
const firstShown = new Promise((resolve) => { shown = resolve; });

// firstQuote resolves once the page's first quote is on screen (the
// performance mark rtcprice:first-quote; app.js then loads the rest of
// the page).
export function firstQuote() {
  return firstShown;
}

const q = () => state.quote;

// quoteRequest builds the request from the state.
// take(typed, field) reads each typed amount (amount.js amounts()).
export function quoteRequest(qs, cat, take = requestAmount) {
  const req = { catalog: requestCatalog(qs.catalog), start: qs.start.trim(), months: intOrString(qs.months) };
  if (cat && cat.trial) req.trial = !!qs.trial;
  if (qs.mode === 'calls') {
    req.calls = qs.calls.map((p, i) => profileRequest(p, i, take));
  } else if (qs.mode === 'monthly') {
    const cols = monthlyMeters(qs, cat);
    req.monthly = Array.from({ length: horizon(qs.months) }, (_, i) => {
      const row = {};
      for (const m of cols) {
        const v = monthlyValue(qs, m, i).trim();
        if (v !== '') row[m] = take(v, `monthly[${i}].${m}`);
      }
      return row;
    });
  } else {
    const usage = {};
    for (const m of (cat ? cat.meters : [])) {
      const v = (qs.usage[m.id] ?? '').trim();
      if (v !== '') usage[m.id] = take(v, `usage.${m.id}`);
    }
    req.usage = usage;
  }
  return req;
}

// monthlyMeters are the columns of the month-by-month table: the meters
// given a value there or in the per-month mode (the first meter if none).
function monthlyMeters(qs, cat) {
  if (!cat) return [];
  const has = (m) => (qs.monthly[m] && qs.monthly[m].some((v) => v.trim() !== '')) || (qs.usage[m] ?? '').trim() !== '' || m in qs.monthly;
  const cols = cat.meters.map((m) => m.id).filter(has);
  return cols.length ? cols : [cat.meters[0].id];
}

function monthlyValue(qs, meter, i) {
  const col = qs.monthly[meter];
  if (col && col[i] !== undefined) return col[i];
  return qs.usage[meter] ?? '';
}

// monthlyTable edits usage month by month: a row per month of the horizon,
// a column per meter in use.
function monthlyTable(qs, cat, onChange, rebuild) {
  const cols = monthlyMeters(qs, cat);
  const H = horizon(qs.months);
  const startOK = /^\d{4}-\d{2}$/.test(qs.start.trim());
  const rows = Array.from({ length: H }, (_, i) => h('tr', null,
    h('th', { scope: 'row', text: startOK ? month(addMonths(qs.start.trim(), i)) : `#${i + 1}` }),
    cols.map((m) => {
      const id = `q-monthly-${i}-${idPart(m)}`;
      const label = `${month(startOK ? addMonths(qs.start.trim(), i) : '')} ${meterName(cat, m)}`;
      return h('td', null, field(label.trim() || `#${i + 1} ${meterName(cat, m)}`, input({
        id, value: monthlyValue(qs, m, i), field: `monthly[${i}].${m}`, inputmode: 'decimal', placeholder: '0',
        oninput: (e) => {
          const col = qs.monthly[m] || (qs.monthly[m] = []);
          for (let k = col.length; k < H; k++) col[k] = monthlyValue(qs, m, k);
          col[i] = e.target.value;
          onChange();
        },
      }), { srLabel: true, errorSlot: 'q-monthly-err' }));
    })));
  const others = cat ? cat.meters.filter((m) => !cols.includes(m.id)) : [];
  const add = others.length ? field(t('q.monthly.add'), h('select', {
    id: 'q-monthly-add',
    onchange: (e) => {
      if (!e.target.value) return;
      qs.monthly[e.target.value] = [];
      rebuild('q-monthly-add');
    },
  }, h('option', { value: '', text: '—' }), others.map((m) => h('option', { value: m.id, text: nameOf(m) })))) : null;
  return h('div', { class: 'monthly', id: 'q-monthly', 'data-field': 'monthly' },
    h('p', { class: 'note', text: t('q.monthly.help') }),
    tableWrap(t('q.mode.monthly'), h('table', { class: 'data monthly-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col', text: t('month') }),
        cols.map((m) => h('th', { scope: 'col', class: 'num' }, h('span', { text: meterName(cat, m) }),
          cols.length > 1 ? h('button', {
            type: 'button', class: 'btn icon ghost tiny', id: `q-monthly-remove-${idPart(m)}`, 'aria-label': t('q.monthly.remove', { meter: meterName(cat, m) }),
            onclick: () => { delete qs.monthly[m]; qs.usage[m] = ''; rebuild('q-mode-monthly'); },
          }, '✕') : null)))),
      h('tbody', null, rows))),
    // The cells' errors share one note under the table (naming the month
    // and the meter): in a cell an error would widen its row and move
    // every row below.
    fieldNote(null, h('span', { class: 'field-error', id: 'q-monthly-err', 'aria-live': 'polite' }), { sticky: true }),
    add);
}

export function mountQuote(el) {
  ctl.mount(el);
}

// buildQuote (re)builds the form and computes.
export function buildQuote(focusId) {
  const qs = q();
  if (!catalog(qs.catalog) && catalogs().length) qs.catalog = catalogs()[0].id;
  const cat = catalog(qs.catalog);
  const onChange = () => { save(); ctl.schedule(); };
  const rebuild = (fid) => { save(); buildQuote(fid || activeId()); };
  const redrawMonthly = () => {
    const box = byId('q-monthly-box');
    if (box && qs.mode === 'monthly') replace(box, monthlyTable(qs, cat, onChange, rebuild));
  };

  // The meters' errors share one note under them all (it names the
  // meter): in a column as narrow as a meter's, an error takes lines
  // and would move every meter below it.
  const meters = cat ? cat.meters.map((m) => field(`${nameOf(m)}`, input({
    id: `q-usage-${idPart(m.id)}`, value: qs.usage[m.id] ?? '', field: `usage.${m.id}`, inputmode: 'decimal', placeholder: '0',
    oninput: (e) => { qs.usage[m.id] = e.target.value; onChange(); },
  }), { hint: `${t('overageRate')} ${money(m.overagePer1000, cat.currency)} / 1,000 ${t('unit.min')}`, errorSlot: 'q-usage-err' })) : [];
  if (meters.length) meters.push(fieldNote(null, h('span', { class: 'field-error', id: 'q-usage-err', 'aria-live': 'polite' }), { sticky: true }));

  const form = h('form', { class: 'panel inputs', id: 'q-form', 'aria-labelledby': 'q-form-title', onsubmit: (e) => e.preventDefault() },
    h('h2', { id: 'q-form-title', text: t('q.inputs') }),
    h('div', { class: 'grid' },
      field(t('catalog'), catalogSelect({ id: 'q-catalog', value: qs.catalog, field: 'catalog', onchange: (e) => { useCatalog(qs, e.target.value); rebuild('q-catalog'); } }), { wide: true }),
      // The first month and the months share one note (form.js notedPair):
      // an error at either moves nothing after them.
      notedPair('q-range-err',
        [t('q.start'), input({ id: 'q-start', value: qs.start, field: 'start', placeholder: 'YYYY-MM', inputmode: 'numeric', oninput: (e) => { qs.start = e.target.value; redrawMonthly(); onChange(); } }), t('hint.month')],
        [t('q.months'), input({ id: 'q-months', type: 'number', min: 1, max: 36, value: qs.months, field: 'months', inputmode: 'numeric', oninput: (e) => { qs.months = e.target.value; redrawMonthly(); onChange(); } }), t('hint.months')]),
      cat && cat.trial ? field(t('q.trial'), checkbox({ id: 'q-trial', checked: qs.trial, field: 'trial', onchange: (e) => { qs.trial = e.target.checked; onChange(); } }), { inline: true, wide: true, hint: t('q.trial.hint') }) : null),
    h('fieldset', { class: 'mode' },
      h('legend', { text: t('q.mode') }),
      ['minutes', 'monthly', 'calls'].map((mode) => h('label', { class: 'radio' },
        h('input', { type: 'radio', name: 'q-mode', id: `q-mode-${mode}`, value: mode, checked: qs.mode === mode, onchange: () => { qs.mode = mode; rebuild(`q-mode-${mode}`); } }),
        h('span', { text: t(`q.mode.${mode}`) })))),
    qs.mode === 'calls' ? callsEditor(qs.calls, 'q', onChange, (fid) => rebuild(fid)) : null,
    qs.mode === 'monthly' ? h('div', { id: 'q-monthly-box' }, monthlyTable(qs, cat, onChange, rebuild)) : null,
    qs.mode === 'minutes' ? h('div', { class: 'grid meters', 'data-field': 'usage' }, meters) : null,
    h('div', { class: 'view-error', 'aria-live': 'assertive', id: 'q-error' }));

  ctl.showForm(form, 'q-results', focusId);
}

async function compute(job) {
  if (!job.form) return;
  const qs = q();
  const cat = catalog(qs.catalog);
  const typed = amounts();
  const req = quoteRequest(qs, cat, typed.take);
  if (typed.errors.length) {
    job.refuse(typed.errors);
    return;
  }
  let result;
  if (qs.mode === 'calls' && hasDaily(qs.calls)) {
    // Calls per day: the engine derives each profile's minutes (its number
    // taken as calls a month, over one month), the page multiplies a
    // per-day profile's by the days of each month, and the quote prices
    // that month by month.
    const derived = await job.call('quote', { ...req, months: 1 });
    if (!derived) return;
    const monthly = dailyMonthly(derived.calls, qs.calls, String(req.start), horizon(qs.months));
    const { calls, ...rest } = req;
    void calls;
    result = await job.call('quote', { ...rest, months: req.months, monthly });
    if (!result) return;
    result.calls = derived.calls;
    result.daily = true;
  } else {
    result = await job.call('quote', req);
  }
  if (!result) return;
  // The page's first quote is drawn in two steps: the result's summary
  // (the best plan, its total, prepaid, overage, pay-as-you-go and
  // savings, what to buy and when), then, after the browser has painted
  // it, the rest (charts, the packages, each month's bill). The marks:
  // rtcprice:first-answer when the result is back from the engine,
  // rtcprice:first-quote (and html[data-first-quote]) once the summary is
  // in the page; the results stay aria-busy until the rest is too (the
  // browser tests' quoteReady waits for that). make bench-load times
  // navigation to rtcprice:first-quote.
  const page = !first && job.c.page;
  if (page) performance.mark('rtcprice:first-answer');
  job.within(renderQuote, result, cat, page);
  if (page) {
    first = true;
    performance.mark('rtcprice:first-quote');
    document.documentElement.setAttribute('data-first-quote', 'done');
    shown();
  }
}

// afterPaint runs fn once the browser has painted what is in the page now
// (a task queued from the frame's animation callback runs after it).
function afterPaint(fn) {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

// exportTools: the quote as CSV (a download of exact figures) and print.
function exportTools(r, cat) {
  if (my.exportUrl) URL.revokeObjectURL(my.exportUrl);
  const exportUrl = URL.createObjectURL(new Blob([quoteCSV(r, cat)], { type: 'text/csv;charset=utf-8' }));
  my.exportUrl = exportUrl;
  return h('span', { class: 'tools-inline' },
    h('a', { class: 'btn small', id: 'q-export', href: exportUrl, download: `rtcprice-quote-${r.catalog && typeof r.catalog === 'string' ? r.catalog : 'custom'}-${r.start}.csv`, text: t('export.csv') }),
    // Printing is the page's (print.js): an element has no print button.
    context().page ? h('button', { type: 'button', class: 'btn small ghost', id: 'q-print', text: t('export.print'), onclick: () => document.getElementById('print-open')?.click() }) : null);
}

// explainCards returns the arithmetic of each summary figure, by card key.
function explainCards(r, cat) {
  const cur = r.currency;
  const best = r.best;
  const out = {};
  if (add(best.prepaid, best.postpaid) !== null && cmp(add(best.prepaid, best.postpaid), best.total) === 0) {
    out.total = [t('calc.total', { prepaid: money(best.prepaid, cur), postpaid: money(best.postpaid, cur), total: money(best.total, cur) })];
  }
  const costs = (best.purchases || []).map((p) => p.cost);
  if (costs.length) out.prepaid = [sumLine(costs, best.prepaid, cur)];
  if (cat) {
    out.postpaid = postpaidLines(r, cat);
    out.payg = paygLines(r, cat);
  }
  if (r.payg && r.payg.feasible && best.savings != null && cmp(sub(r.payg.total, best.total), best.savings) === 0) {
    out.savings = [t('calc.savings', { payg: money(r.payg.total, cur), best: money(best.total, cur), s: money(best.savings, cur) })];
  }
  return out;
}

function bestSection(r, cat, usageLine) {
  const cur = r.currency;
  const best = r.best;
  const payg = r.payg;
  const how = explainCards(r, cat);
  const card = (k, label, value, cls, sub) => h('div', { class: ['card', cls], 'data-k': k }, h('dt', { text: label }), h('dd', { text: value }), sub ? h('dd', { class: 'sub', text: sub }) : null,
    how[k] ? h('dd', { class: 'how' }, details(t('calc.show'), how[k], k)) : null);
  let saving;
  if (!payg.feasible) saving = card('savings', t('savings'), '—', null, t('q.payg.none'));
  else if (best.savings !== null && best.savings !== undefined && isPositive(best.savings)) saving = card('savings', t('savings'), money(best.savings, cur), 'good');
  else saving = card('savings', t('savings'), money('0', cur), null, t('q.savings.zero'));

  const cards = h('dl', { class: 'cards best' },
    card('total', t('q.bestTotal'), money(best.total, cur), 'primary', t('q.over', { n: num(r.months.length) })),
    card('prepaid', t('prepaid'), money(best.prepaid, cur)),
    card('postpaid', t('overage'), money(best.postpaid, cur)),
    card('payg', t('payg'), payg.feasible ? money(payg.total, cur) : t('q.notPossible'), payg.feasible ? null : 'warn'),
    saving);

  let paygNote = null;
  if (!payg.feasible) {
    const reason = cat && cat.postpaid === 'after_paid_package'
      ? t('q.payg.after', { n: num(payg.unservedMinutes ?? 0) })
      : t('q.payg.generic', { n: num(payg.unservedMinutes ?? 0) });
    paygNote = h('p', { class: 'callout warn', 'data-k': 'payg-reason', text: reason });
  }
  const proof = best.optimal
    ? h('span', { class: 'badge good', 'data-k': 'optimal', text: t('q.optimal') })
    : h('span', { class: 'badge warn', 'data-k': 'optimal', text: t('q.notProven') });

  const purchases = best.purchases || [];
  const plan = purchases.length
    ? tableWrap(t('q.buy'), h('table', { class: 'data plan', id: 'q-plan' },
      h('caption', { text: t('q.buy') }),
      h('thead', null, h('tr', null, [t('q.when'), t('package'), t('count'), t('price'), t('cost'), t('calc.saving')].map((x, i) => h('th', { scope: 'col', class: i >= 2 ? 'num' : null, text: x })))),
      h('tbody', null, purchases.map((p, i) => {
        const lot = lotOf(r, i, p);
        const s = cat ? purchaseSaving(p, lot, cat) : null;
        return h('tr', { 'data-package': p.package },
          h('td', { text: date(p.date) }),
          h('td', { text: packageName(cat, p.package) }),
          h('td', { class: 'num', 'data-k': 'count', text: `× ${num(p.count)}` }),
          h('td', { class: 'num', text: money(p.price, cur) }),
          h('td', { class: 'num', 'data-k': 'cost' }, cat ? details(money(p.cost, cur), purchaseLines(p, lot, cat, cur), 'purchase') : money(p.cost, cur)),
          h('td', { class: ['num', s && cmp(s.saving, '0') < 0 ? 'dear' : null], 'data-k': 'saving', text: s ? money(s.saving, cur) : '—' }));
      }))))
    : h('p', { class: 'callout', id: 'q-plan', text: t('q.buyNothing') });

  return h('section', { class: 'panel best', 'aria-labelledby': 'q-best-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'q-best-title', text: t('q.best') }), proof, exportTools(r, cat)),
    cards, paygNote, plan, usageLine,
    best.forfeitedMinutes > 0 ? h('p', { class: 'note', text: t('q.forfeitNote', { n: num(best.forfeitedMinutes) }) }) : null,
    best.feasible === false ? h('p', { class: 'callout bad', text: t('q.infeasible') }) : null);
}

function packagesTable(r, cat, usedMeters) {
  const cur = r.currency;
  let rows = r.packages || [];
  const filtered = usedMeters.size ? rows.filter((p) => usedMeters.has(p.meter)) : rows;
  const hidden = rows.length - filtered.length;
  rows = filtered;
  const manyMeters = new Set(rows.map((p) => p.meter)).size > 1;
  const bestIds = new Set((r.best.purchases || []).map((p) => p.package));
  return h('section', { class: 'panel', 'aria-labelledby': 'q-pk-title' },
    h('h2', { id: 'q-pk-title', text: t('q.packages') }),
    tableWrap(t('q.packages'), h('table', { class: 'data packages', id: 'q-packages' },
      h('thead', null, h('tr', null, [t('package'), manyMeters ? t('meter') : null, t('minutes'), t('price'), t('per1000'), t('vsOverage')].filter(Boolean).map((x, i) => h('th', { scope: 'col', class: i >= (manyMeters ? 2 : 1) ? 'num' : null, text: x })))),
      h('tbody', null, rows.map((p) => {
        const dear = cmp(p.vsOverage, '1') === 1;
        return h('tr', { class: bestIds.has(p.package) ? 'chosen' : null, 'data-package': p.package },
          h('td', null, h('span', { text: lang() === 'zh' && p.nameZh ? p.nameZh : (p.name || p.package) }), bestIds.has(p.package) ? h('span', { class: 'badge good small', text: t('q.inPlan') }) : null),
          manyMeters ? h('td', { text: meterName(cat, p.meter) }) : null,
          h('td', { class: 'num', text: num(p.minutes) }),
          h('td', { class: 'num', text: money(p.price, cur) }),
          h('td', { class: 'num', text: money(p.per1000, cur) }),
          h('td', { class: ['num', dear ? 'dear' : 'cheap'], text: percent(p.vsOverage) }));
      })))),
    h('p', { class: 'note', text: t('q.vsOverage.note') }),
    hidden > 0 ? h('p', { class: 'note', text: t('q.pk.hidden', { n: num(hidden) }) }) : null);
}

// renderQuote draws the result r. In two steps when progressive (the
// page's first quote, see compute): the summary now, the rest after the
// next paint, unless another result has been drawn meanwhile.
function renderQuote(r, cat, progressive) {
  const cur = r.currency;
  const per = usageByMeter(r);
  const constant = !(r.usage || []).some((u) => u.month); // the same usage every month
  const used = new Set(usedMeters(per).map(([k]) => k));
  const H = (r.months || []).length || 1;
  // Minutes of a meter over the first 12 months (a package's validity),
  // net of the monthly free minutes: the chart's lines price minutes
  // beyond the free ones, so its marker counts those too (one basis).
  const within = (meter) => (r.months || []).slice(0, 12).reduce((a, m) => {
    const mb = (m.meters || []).find((x) => x.meter === meter);
    return mb ? a + mb.billedMinutes - (mb.freeMinutes || 0) : a;
  }, 0);
  const meters = [...used];
  let chartMeter = q().chartMeter;
  if (!used.has(chartMeter)) chartMeter = meters.sort((a, b) => (per.get(b) || 0) - (per.get(a) || 0))[0] || (cat && cat.meters[0]?.id);

  const usageList = h('div', { class: 'usage-box' }, h('h3', { text: constant ? t('q.usage') : t('q.usageTotal') }),
    h('ul', { class: 'usage-list' }, usedMeters(per).map(([m, v]) => h('li', { 'data-meter': m },
      h('span', { text: meterName(cat, m) }), h('span', { class: 'num', text: `${num(v)} ${t('unit.min')}${constant ? ` / ${t('unit.month')}` : ''}` })))));
  const derived = derivationTable(r.calls, cat, meterName);

  const months = chartRows(r.months);
  const chartSel = meters.length > 1 ? field(t('chart.be.meter'), h('select', {
    id: 'q-chart-meter',
    onchange: (e) => { q().chartMeter = e.target.value; save(); ctl.now(); byId('q-chart-meter')?.focus(); },
  }, meters.map((m) => h('option', { value: m, selected: m === chartMeter, text: meterName(cat, m) })))) : null;

  const rest = () => [
    derived ? h('section', { class: 'panel', 'aria-labelledby': 'q-usage-title' },
      h('h2', { id: 'q-usage-title', text: t('calls.derived') }), derived,
      r.daily ? h('p', { class: 'note', 'data-k': 'daily', text: t('calls.daily.note') }) : null) : null,
    h('section', { class: 'panel charts', 'aria-labelledby': 'q-charts-title' },
      h('h2', { id: 'q-charts-title', text: t('q.charts') }),
      h('div', { class: 'chart-grid' },
        responsive((w) => costBars(months, cur, w)),
        (r.lots && r.lots.length) ? responsive((w) => balances(r.months, r.lots, cat, w)) : null),
      cat && chartMeter ? h('div', { class: 'be' }, chartSel, responsive((w) => costLines(cat, chartMeter, within(chartMeter), Math.min(H, 12), w))) : null),
    packagesTable(r, cat, used),
    h('section', { class: 'panel', 'aria-labelledby': 'q-months-title' },
      h('h2', { id: 'q-months-title', text: t('q.statements') }),
      monthsTable(r.months || [], cur),
      (r.lots && r.lots.length) ? lotsTable(r.lots, cat, cur) : null,
      monthDetails(r.months || [], cat, cur, false))];

  const drawn = ++my.drawn;
  const results = ctl.results;
  if (!progressive) {
    replace(results, customBanner(cat), bestSection(r, cat, usageList), ...rest());
    return;
  }
  replace(results, customBanner(cat), bestSection(r, cat, usageList));
  results.setAttribute('aria-busy', 'true');
  const c = context();
  afterPaint(() => inContext(c, () => {
    if (my.drawn !== drawn || results !== ctl.results) return;
    results.append(...rest().filter(Boolean));
    // A call running meanwhile (busy) keeps the results busy.
    if (!results.classList.contains('busy')) results.removeAttribute('aria-busy');
  }));
}
