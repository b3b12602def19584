// The statement view (sales): real purchases and usage in, each month's
// bill out, exportable as CSV.

import { h, replace, debounce, byId, activeId, local, context, within, bound } from './dom.js';
import { t } from './i18n.js';
import { field, input, select, button } from './form.js';
import { state, save, exampleStatement } from './state.js';
import { catalogs, catalog, nameOf } from './catalogs.js';
import { num } from './format.js';
import { callInto, clearErrors, showFieldMessage } from './errors.js';
import { latest, busy } from './api.js';
import { totalsCards, monthsTable, monthDetails, lotsTable } from './bill.js';
import { costBars, balances, responsive } from './charts.js';
import { importBox, exportLinks } from './statementio.js';
import { intOrString } from './quote.js';
import { requestCatalog, catalogSelect, useCatalog, customBanner } from './custom.js';

// The view's own variables, one set per context (dom.js).
const my = local(() => ({ root: null, form: null, results: null, run: latest() }));
const st = () => state.statement;

export function mountStatement(el) {
  my.root = el;
}

const MONTH = /^\d{4}-\d{2}/;

// span returns the first and last month named anywhere in the input, for
// start/end left blank.
function span(ss, cat) {
  const ms = [];
  if (cat && cat.trial && MONTH.test(ss.trial.trim())) ms.push(ss.trial.trim().slice(0, 7));
  for (const p of ss.purchases) if (MONTH.test(p.date.trim())) ms.push(p.date.trim().slice(0, 7));
  for (const u of ss.usage) if (MONTH.test(u.month.trim())) ms.push(u.month.trim().slice(0, 7));
  ms.sort();
  return ms.length ? [ms[0], ms[ms.length - 1]] : ['', ''];
}

const blankUsage = (u) => u.month.trim() === '' && u.amount.trim() === '';

// statementRequest builds the simulate request and, for errors, the map
// from request index to the row it came from.
export function statementRequest(ss, cat) {
  const [s0, s1] = span(ss, cat);
  const req = { catalog: requestCatalog(ss.catalog), start: ss.start.trim() || s0, end: ss.end.trim() || s1 };
  if (cat && cat.trial && ss.trial.trim() !== '') req.trial = ss.trial.trim();
  req.purchases = ss.purchases.map((p) => ({ package: p.package, date: p.date.trim(), count: intOrString(p.count) }));
  const usageRows = [];
  req.usage = [];
  ss.usage.forEach((u, i) => {
    if (blankUsage(u)) return;
    usageRows.push(i);
    req.usage.push({ month: u.month.trim(), meter: u.meter, [u.unit === 'seconds' ? 'seconds' : 'minutes']: u.amount.trim() });
  });
  return { req, usageRows, derived: [s0, s1] };
}

export function buildStatement(focusId) {
  const ss = st();
  if (!catalog(ss.catalog) && catalogs().length) ss.catalog = catalogs()[0].id;
  const cat = catalog(ss.catalog);
  const buyable = cat ? cat.packages.filter((p) => p.purchasable) : [];
  for (const p of ss.purchases) if (!buyable.some((b) => b.id === p.package) && buyable.length) p.package = buyable[0].id;
  for (const u of ss.usage) if (cat && !cat.meters.some((m) => m.id === u.meter)) u.meter = cat.meters[0].id;
  const onChange = () => { save(); schedule(); };
  const rebuild = (fid) => { save(); buildStatement(fid || activeId()); };

  const oneMeter = !!cat && cat.meters.length === 1;
  const rowErr = (id) => h('p', { class: 'field-error row-error', id, 'aria-live': 'polite' });
  const cell = (label, control, errId) => field(label, control, { srLabel: true, errorSlot: errId });
  const head = (...labels) => h('div', { class: 'row head', 'aria-hidden': 'true' }, labels.map((l) => h('span', { text: l })));

  const purchaseRows = ss.purchases.map((p, i) => h('div', { class: 'row', 'data-row': i },
    cell(t('package'), select({ id: `st-p-${i}-package`, value: p.package, field: `purchases[${i}].package purchases[${i}]`, onchange: (e) => { p.package = e.target.value; onChange(); } },
      buyable.map((b) => ({ value: b.id, label: nameOf(b) }))), `st-p-${i}-err`),
    cell(t('date'), input({ id: `st-p-${i}-date`, value: p.date, field: `purchases[${i}].date`, placeholder: 'YYYY-MM-DD', inputmode: 'numeric', oninput: (e) => { p.date = e.target.value; onChange(); } }), `st-p-${i}-err`),
    cell(t('count'), input({ id: `st-p-${i}-count`, type: 'number', min: 1, value: p.count, field: `purchases[${i}].count`, inputmode: 'numeric', oninput: (e) => { p.count = e.target.value; onChange(); } }), `st-p-${i}-err`),
    button('✕', () => { ss.purchases.splice(i, 1); rebuild('st-p-add'); }, { class: 'btn icon ghost', id: `st-p-${i}-remove`, ariaLabel: t('st.removePurchase', { n: num(i + 1) }), title: t('remove') }),
    rowErr(`st-p-${i}-err`)));

  const usageRows = ss.usage.map((u, i) => h('div', { class: ['row', oneMeter && 'one-meter'], 'data-row': i },
    cell(t('month'), input({ id: `st-u-${i}-month`, value: u.month, placeholder: 'YYYY-MM', inputmode: 'numeric', oninput: (e) => { u.month = e.target.value; onChange(); } }), `st-u-${i}-err`),
    oneMeter ? null : cell(t('meter'), select({ id: `st-u-${i}-meter`, value: u.meter, onchange: (e) => { u.meter = e.target.value; onChange(); } },
      (cat ? cat.meters : []).map((m) => ({ value: m.id, label: nameOf(m) }))), `st-u-${i}-err`),
    cell(t('amount'), input({ id: `st-u-${i}-amount`, value: u.amount, placeholder: '0', inputmode: 'decimal', oninput: (e) => { u.amount = e.target.value; onChange(); } }), `st-u-${i}-err`),
    cell(t('unit'), select({ id: `st-u-${i}-unit`, value: u.unit, onchange: (e) => { u.unit = e.target.value; onChange(); } },
      [{ value: 'minutes', label: t('unit.minutes') }, { value: 'seconds', label: t('unit.seconds') }]), `st-u-${i}-err`),
    button('✕', () => { ss.usage.splice(i, 1); rebuild('st-u-add'); }, { class: 'btn icon ghost', id: `st-u-${i}-remove`, ariaLabel: t('st.removeUsage', { n: num(i + 1) }), title: t('remove') }),
    rowErr(`st-u-${i}-err`)));

  my.form = h('form', { class: 'panel inputs', id: 'st-form', 'aria-labelledby': 'st-form-title', onsubmit: (e) => e.preventDefault() },
    h('div', { class: 'panel-head' }, h('h2', { id: 'st-form-title', text: t('st.inputs') }),
      h('div', { class: 'actions' },
        button(t('st.example'), () => { Object.assign(ss, exampleStatement()); rebuild('st-example'); }, { class: 'btn small ghost', id: 'st-example' }),
        button(t('st.clear'), () => { Object.assign(ss, { start: '', end: '', trial: '', purchases: [], usage: [] }); rebuild('st-clear'); }, { class: 'btn small ghost', id: 'st-clear' }))),
    h('div', { class: 'grid' },
      field(t('catalog'), catalogSelect({ id: 'st-catalog', value: ss.catalog, field: 'catalog', onchange: (e) => { useCatalog(ss, e.target.value); rebuild('st-catalog'); } }), { wide: true }),
      field(t('st.start'), input({ id: 'st-start', value: ss.start, field: 'start', placeholder: 'YYYY-MM', inputmode: 'numeric', oninput: (e) => { ss.start = e.target.value; onChange(); } }), { hint: t('st.auto') }),
      field(t('st.end'), input({ id: 'st-end', value: ss.end, field: 'end', placeholder: 'YYYY-MM', inputmode: 'numeric', oninput: (e) => { ss.end = e.target.value; onChange(); } }), { hint: t('st.auto') }),
      cat && cat.trial ? field(t('st.trial'), input({ id: 'st-trial', value: ss.trial, field: 'trial', placeholder: 'YYYY-MM-DD', inputmode: 'numeric', oninput: (e) => { ss.trial = e.target.value; onChange(); } }), { hint: t('st.trial.hint'), wide: true }) : null),
    h('fieldset', { class: 'rows purchases', 'data-field': 'purchases' }, h('legend', { text: t('st.purchases') }),
      purchaseRows.length ? [head(t('package'), t('date'), t('count')), purchaseRows] : h('p', { class: 'muted small', text: t('st.noPurchases') }),
      button(t('st.addPurchase'), () => { ss.purchases.push({ package: buyable[0]?.id || '', date: '', count: '1' }); rebuild(`st-p-${ss.purchases.length - 1}-date`); }, { class: 'btn small', id: 'st-p-add' })),
    h('fieldset', { class: ['rows', 'usage', oneMeter && 'one-meter'], 'data-field': 'usage' }, h('legend', { text: oneMeter ? `${t('st.usage')} · ${nameOf(cat.meters[0])}` : t('st.usage') }),
      usageRows.length ? [oneMeter ? head(t('month'), t('amount'), t('unit')) : head(t('month'), t('meter'), t('amount'), t('unit')), usageRows] : h('p', { class: 'muted small', text: t('st.noUsage') }),
      button(t('st.addUsage'), () => {
        const last = ss.usage[ss.usage.length - 1];
        ss.usage.push({ month: '', meter: last?.meter || cat?.meters[0]?.id || '', amount: '', unit: last?.unit || 'minutes' });
        rebuild(`st-u-${ss.usage.length - 1}-month`);
      }, { class: 'btn small', id: 'st-u-add' })),
    importBox(ss, cat, rebuild),
    h('p', { class: 'sr-only', id: 'st-status', 'aria-live': 'polite' }),
    h('div', { class: 'view-error', 'aria-live': 'assertive', id: 'st-error' }));

  my.results = h('div', { class: 'results', id: 'st-results' });
  replace(my.root, h('div', { class: 'layout wide-inputs' }, my.form, my.results));
  if (focusId) byId(focusId)?.focus();
  recompute.flush();
}

// bindFields points each usage row's controls at its request index.
function bindFields(usageRows) {
  for (const el of my.form.querySelectorAll('[id^="st-u-"]')) {
    if (/-(month|meter|amount|unit)$/.test(el.id)) el.removeAttribute('data-field');
  }
  usageRows.forEach((row, k) => {
    const f = `usage[${k}]`;
    const set = (suffix, fields) => byId(`st-u-${row}-${suffix}`)?.setAttribute('data-field', fields);
    set('month', `${f}.month ${f}`);
    set('meter', `${f}.meter`);
    set('amount', `${f}.minutes ${f}.seconds`);
  });
}

async function compute() {
  if (!my.form) return;
  const { form, results, run } = my;
  const c = context();
  const ss = st();
  const cat = catalog(ss.catalog);
  const { req, usageRows, derived } = statementRequest(ss, cat);
  bindFields(usageRows);
  const ps = byId('st-start');
  const pe = byId('st-end');
  if (ps) ps.placeholder = derived[0] || 'YYYY-MM';
  if (pe) pe.placeholder = derived[1] || 'YYYY-MM';
  if (!req.start && !req.end && !req.trial && !req.purchases.length && !req.usage.length) {
    run(null); // a call still running is superseded
    busy(results, false);
    clearErrors(form);
    setExport(null);
    replace(results, h('p', { class: 'empty panel', text: t('st.empty') }));
    return;
  }
  const result = await callInto(form, results, run, 'simulate', req);
  if (result) within(c, render, result, cat);
}

const recompute = debounce(compute, 120);
// schedule recomputes soon; results are aria-busy until then.
function schedule() {
  busy(my.results, true);
  recompute();
}

function setExport(sim) {
  return exportLinks(st(), sim, sim ? catalog(st().catalog) : null);
}

function render(sim, cat) {
  const cur = sim.currency;
  const link = setExport(sim);
  const months = sim.months.map((m) => ({ month: m.month, prepaid: m.prepaid, postpaid: m.postpaid, stopped: m.serviceStopped }));
  replace(my.results,
    customBanner(cat),
    h('section', { class: 'panel', 'aria-labelledby': 'st-totals-title', id: 'st-totals' },
      h('div', { class: 'panel-head' }, h('h2', { id: 'st-totals-title', text: t('st.totals') }), link),
      h('p', { class: 'note', text: `${nameOf(cat)} · ${sim.start} – ${sim.end}` }),
      totalsCards(sim.totals, cur)),
    h('section', { class: 'panel charts', 'aria-labelledby': 'st-charts-title' },
      h('h2', { id: 'st-charts-title', text: t('q.charts') }),
      h('div', { class: 'chart-grid' },
        responsive((w) => costBars(months, cur, w)),
        sim.lots.length ? responsive((w) => balances(sim.months, sim.lots, cat, w)) : null)),
    h('section', { class: 'panel', 'aria-labelledby': 'st-months-title' },
      h('h2', { id: 'st-months-title', text: t('st.months') }),
      monthsTable(sim.months, cur),
      monthDetails(sim.months, cat, cur, sim.months.length <= 3)),
    sim.lots.length ? h('section', { class: 'panel', 'aria-labelledby': 'st-lots-title' },
      h('h2', { id: 'st-lots-title', text: t('lots') }), lotsTable(sim.lots, cat, cur)) : null);
}
