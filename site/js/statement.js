// The statement view (sales): real purchases and usage in, each month's
// bill out, exportable as CSV.
//
// Big statements (up to the API's 100,000 usage rows, from a link or a
// file) stay responsive:
// - The rows stay data (state.statement.usage); the form shows them
//   summarized by month and meter once there are more than
//   SUMMARIZE_OVER (usagesum.js says what editing a summarized row does:
//   it sets that month and meter's total; rows not edited are priced and
//   exported exactly as they are), with a note saying so.
// - The table is rendered PAGE rows at a time: "Show more" adds the next
//   ones (and a row an error names, or focus goes to, is rendered first).
// - The request is built once per change (debounced), never per row; the
//   engine runs in the Worker (rtcprice.js); a big statement's export
//   files are written when asked for, in steps.

import { h, replace, byId, activeId, local, context, within, bound } from './dom.js';
import { t } from './i18n.js';
import { field, fieldNote, input, select, button } from './form.js';
import { state, save, exampleStatement } from './state.js';
import { catalogs, catalog, nameOf } from './catalogs.js';
import { num } from './format.js';
import { view, callInto } from './view.js';
import { busy } from './api.js';
import { totalsCards, monthsTable, monthDetails, lotsTable } from './bill.js';
import { costBars, balances, responsive } from './charts.js';
import { importBox, exportLinks } from './statementio.js';
import { catalogSelect, useCatalog, customBanner } from './custom.js';
import { requestSteps, STEP } from './statementreq.js';
import { summarizeSteps, collapse, SUMMARIZE_OVER } from './usagesum.js';
import { runAsync } from './steps.js';
import { jsonSteps } from './link.js';
import { chartRows } from './viewdata.js';

// Usage rows rendered at a time.
export const PAGE = 200;

// The view's own variables, one set per context (dom.js). groups: the
// usage rows as shown (usagesum.js groups); shown: how many are rendered;
// renderRow(i): the element of group i; more: the "Show more" row;
// bound: the controls given an error's request field (bindError).
// sum: the summary of a big statement's rows, kept while the rows array
// is the same (summarized in steps, then the view is built again);
// pending: that summary is being made (compute waits for it).
const my = local(() => ({ groups: [], shown: 0, renderRow: null, list: null, more: null, bound: [], sum: null, summing: null, gen: 0, pending: false }));
// The view controller (view.js): mount, scheduling, the latest call wins.
const ctl = view(compute);
const st = () => state.statement;

export function mountStatement(el) {
  ctl.mount(el);
}

// showRows renders the usage groups up to index n (exclusive) and updates
// the "Show more" row.
function showRows(n) {
  const { groups, list, renderRow } = my;
  if (!list) return;
  const upto = Math.min(n, groups.length);
  if (upto > my.shown) {
    const frag = document.createDocumentFragment();
    for (let i = my.shown; i < upto; i++) frag.appendChild(renderRow(i));
    list.appendChild(frag);
    my.shown = upto;
  }
  if (my.more) {
    const left = groups.length - my.shown;
    my.more.hidden = left <= 0;
    const b = my.more.querySelector('button');
    if (b) b.textContent = t('st.moreRows', { n: num(Math.min(PAGE, left)), shown: num(my.shown), total: num(groups.length) });
  }
}

// rowOf is the group index a control id names ("st-u-17-amount": 17).
const rowOf = (id) => {
  const m = /^st-u-(\d+)-/.exec(id || '');
  return m ? Number(m[1]) : -1;
};

export function buildStatement(focusId) {
  const ss = st();
  if (!catalog(ss.catalog) && catalogs().length) ss.catalog = catalogs()[0].id;
  const cat = catalog(ss.catalog);
  const buyable = cat ? cat.packages.filter((p) => p.purchasable) : [];
  for (const p of ss.purchases) if (!buyable.some((b) => b.id === p.package) && buyable.length) p.package = buyable[0].id;
  const big = ss.usage.length > SUMMARIZE_OVER;
  // A big statement is summarized in steps first (a note shows
  // meanwhile), then built again with the summary.
  const ready = my.sum && my.sum.usage === ss.usage && my.sum.len === ss.usage.length && my.sum.catalog === ss.catalog;
  if (big && !ready) {
    summarizeLater(ss, cat);
  } else if (cat && !big) {
    const ids = new Set(cat.meters.map((m) => m.id));
    for (const u of ss.usage) if (!ids.has(u.meter)) u.meter = cat.meters[0].id;
  }
  const onChange = () => { save(); ctl.schedule(); };
  const rebuild = (fid) => { save(); buildStatement(fid || activeId()); };

  const oneMeter = !!cat && cat.meters.length === 1;
  const rowErr = (id) => h('p', { class: 'field-error row-error', id, 'aria-live': 'polite' });
  const cell = (label, control, errId, hint) => field(label, control, { srLabel: true, errorSlot: errId, hint });
  const head = (...labels) => h('div', { class: 'row head', 'aria-hidden': 'true' }, labels.map((l) => h('span', { text: l })));

  const purchaseRows = ss.purchases.map((p, i) => h('div', { class: 'row', 'data-row': i },
    cell(t('package'), select({ id: `st-p-${i}-package`, value: p.package, field: `purchases[${i}].package purchases[${i}]`, onchange: (e) => { p.package = e.target.value; onChange(); } },
      buyable.map((b) => ({ value: b.id, label: nameOf(b) }))), `st-p-${i}-err`),
    cell(t('date'), input({ id: `st-p-${i}-date`, value: p.date, field: `purchases[${i}].date`, placeholder: 'YYYY-MM-DD', inputmode: 'numeric', oninput: (e) => { p.date = e.target.value; onChange(); } }), `st-p-${i}-err`),
    cell(t('count'), input({ id: `st-p-${i}-count`, type: 'number', min: 1, value: p.count, field: `purchases[${i}].count`, inputmode: 'numeric', oninput: (e) => { p.count = e.target.value; onChange(); } }), `st-p-${i}-err`),
    button('✕', () => { ss.purchases.splice(i, 1); rebuild('st-p-add'); }, { class: 'btn icon ghost', id: `st-p-${i}-remove`, ariaLabel: t('st.removePurchase', { n: num(i + 1) }), title: t('remove') }),
    rowErr(`st-p-${i}-err`)));

  // Usage: one group per row as typed, or per month and meter for a big
  // statement (usagesum.js).
  const sum = big ? (ready ? my.sum : { groups: [], merged: 0, pending: true }) : null;
  // A group of one row shows the row as it is now.
  const live = (g) => (g.rows.length === 1 ? Object.assign(g, { month: g.rows[0].month, meter: g.rows[0].meter, amount: g.rows[0].amount, unit: g.rows[0].unit }) : g);
  const groups = sum ? sum.groups.map(live) : ss.usage.map((u) => ({ rows: [u], month: u.month, meter: u.meter, amount: u.amount, unit: u.unit }));
  // keep follows a change of the rows array that the summary already
  // accounts for (a collapse, a removal, a row added).
  const keep = () => { if (sum && !sum.pending) Object.assign(sum, { usage: ss.usage, len: ss.usage.length }); };
  // edit(g) is the row an edit of group g changes: a summarized group
  // first becomes one row holding its total (usagesum.js collapse).
  const edit = (g) => {
    if (g.rows.length > 1) {
      ss.usage = collapse(ss.usage, g);
      keep();
    }
    return g.rows[0];
  };
  const meterOptions = (cat ? cat.meters : []).map((m) => ({ value: m.id, label: nameOf(m) }));
  const unitOptions = [{ value: 'minutes', label: t('unit.minutes') }, { value: 'seconds', label: t('unit.seconds') }];
  const renderRow = (i) => {
    const g = groups[i];
    const n = g.rows.length;
    const set = (k) => (e) => {
      edit(g)[k] = e.target.value;
      if (n > 1 && !g.edited) {
        g.edited = true;
        // Its rows became one: say so where the count was.
        const hint = byId(`st-u-${i}-amount-hint`);
        if (hint) hint.textContent = t('st.sumEdited', { n: num(n) });
      }
      onChange();
    };
    return h('div', { class: ['row', oneMeter && 'one-meter', n > 1 && 'summed'], 'data-row': i },
      cell(t('month'), input({ id: `st-u-${i}-month`, value: g.month, placeholder: 'YYYY-MM', inputmode: 'numeric', oninput: set('month') }), `st-u-${i}-err`),
      oneMeter ? null : cell(t('meter'), select({ id: `st-u-${i}-meter`, value: g.meter, onchange: set('meter') }, meterOptions), `st-u-${i}-err`),
      cell(t('amount'), input({ id: `st-u-${i}-amount`, value: g.amount, placeholder: '0', inputmode: 'decimal', oninput: set('amount') }), `st-u-${i}-err`,
        n > 1 ? t('st.sumOf', { n: num(n) }) : null),
      cell(t('unit'), select({ id: `st-u-${i}-unit`, value: g.unit, onchange: set('unit') }, unitOptions), `st-u-${i}-err`),
      button('✕', () => {
        const drop = new Set(g.rows);
        ss.usage = ss.usage.filter((u) => !drop.has(u));
        if (sum && !sum.pending) {
          sum.groups = sum.groups.filter((x) => x !== g);
          keep();
        }
        rebuild('st-u-add');
      }, { class: 'btn icon ghost', id: `st-u-${i}-remove`, ariaLabel: n > 1 ? t('st.removeUsageSum', { n: num(i + 1), rows: num(n) }) : t('st.removeUsage', { n: num(i + 1) }), title: t('remove') }),
      rowErr(`st-u-${i}-err`));
  };

  const list = h('div', { class: 'usage-rows', id: 'st-u-rows' });
  const more = h('div', { class: 'more-rows', hidden: true },
    button('', () => {
      const from = my.shown;
      showRows(my.shown + PAGE);
      // Focus stays on the button (still after the rows); the new rows
      // are announced.
      announce(t('st.shownRows', { shown: num(my.shown), total: num(my.groups.length) }));
      if (my.shown >= my.groups.length) byId(`st-u-${from}-month`)?.focus();
    }, { class: 'btn small ghost', id: 'st-u-more' }));

  const form = h('form', { class: 'panel inputs', id: 'st-form', 'aria-labelledby': 'st-form-title', onsubmit: (e) => e.preventDefault() },
    h('div', { class: 'panel-head' }, h('h2', { id: 'st-form-title', text: t('st.inputs') }),
      h('div', { class: 'actions' },
        button(t('st.example'), () => { Object.assign(ss, exampleStatement()); rebuild('st-example'); }, { class: 'btn small ghost', id: 'st-example' }),
        button(t('st.clear'), () => { Object.assign(ss, { start: '', end: '', trial: '', purchases: [], usage: [] }); rebuild('st-clear'); }, { class: 'btn small ghost', id: 'st-clear' }))),
    h('div', { class: 'grid' },
      field(t('catalog'), catalogSelect({ id: 'st-catalog', value: ss.catalog, field: 'catalog', onchange: (e) => { useCatalog(ss, e.target.value); rebuild('st-catalog'); } }), { wide: true }),
      // The first and last month side by side share one note under both:
      // the hint they share, and the error of either (the error names its
      // field), in a place that keeps its size (form.js fieldNote).
      field(t('st.start'), input({ id: 'st-start', value: ss.start, field: 'start', placeholder: 'YYYY-MM', inputmode: 'numeric', oninput: (e) => { ss.start = e.target.value; onChange(); } }), { errorSlot: 'st-range-err', describedBy: ['st-range-hint'] }),
      field(t('st.end'), input({ id: 'st-end', value: ss.end, field: 'end', placeholder: 'YYYY-MM', inputmode: 'numeric', oninput: (e) => { ss.end = e.target.value; onChange(); } }), { errorSlot: 'st-range-err', describedBy: ['st-range-hint'] }),
      fieldNote(h('span', { class: 'hint', id: 'st-range-hint', text: t('st.auto') }), h('span', { class: 'field-error', id: 'st-range-err', 'aria-live': 'polite' }), { wide: true }),
      cat && cat.trial ? field(t('st.trial'), input({ id: 'st-trial', value: ss.trial, field: 'trial', placeholder: 'YYYY-MM-DD', inputmode: 'numeric', oninput: (e) => { ss.trial = e.target.value; onChange(); } }), { hint: t('st.trial.hint'), wide: true, note: true }) : null),
    h('fieldset', { class: 'rows purchases', 'data-field': 'purchases' }, h('legend', { text: t('st.purchases') }),
      purchaseRows.length ? [head(t('package'), t('date'), t('count')), purchaseRows] : h('p', { class: 'muted small', text: t('st.noPurchases') }),
      button(t('st.addPurchase'), () => { ss.purchases.push({ package: buyable[0]?.id || '', date: '', count: '1' }); rebuild(`st-p-${ss.purchases.length - 1}-date`); }, { class: 'btn small', id: 'st-p-add' })),
    // An error about the usage as a whole (too many rows) is shown in the
    // fieldset's own slot, st-u-err.
    h('fieldset', { class: ['rows', 'usage', oneMeter && 'one-meter'], 'data-field': 'usage', 'data-error-slot': 'st-u-err', 'aria-describedby': 'st-u-err' },
      h('legend', { text: oneMeter ? `${t('st.usage')} · ${nameOf(cat.meters[0])}` : t('st.usage') }),
      h('p', { class: 'field-error', id: 'st-u-err', 'aria-live': 'polite' }),
      sum && sum.pending ? h('p', { class: 'note', id: 'st-u-summing', text: t('st.summarizing', { rows: num(ss.usage.length) }) }) : null,
      sum && sum.merged ? h('p', { class: 'callout note', id: 'st-u-summary', text: t('st.summarized', { rows: num(ss.usage.length), shown: num(groups.length) }) }) : null,
      groups.length ? [oneMeter ? head(t('month'), t('amount'), t('unit')) : head(t('month'), t('meter'), t('amount'), t('unit')), list, more]
        : sum && sum.pending ? null : h('p', { class: 'muted small', text: t('st.noUsage') }),
      button(t('st.addUsage'), () => {
        const last = ss.usage[ss.usage.length - 1];
        const row = { month: '', meter: last?.meter || cat?.meters[0]?.id || '', amount: '', unit: last?.unit || 'minutes' };
        ss.usage.push(row);
        if (sum && !sum.pending) {
          sum.groups.push({ rows: [row], ...row });
          keep();
        }
        // The new row is the last group (a blank row is never summarized).
        rebuild(`st-u-${groups.length}-month`);
      }, { class: 'btn small', id: 'st-u-add' })),
    importBox(ss, cat, rebuild),
    h('p', { class: 'sr-only', id: 'st-status', 'aria-live': 'polite' }),
    h('div', { class: 'view-error', 'aria-live': 'assertive', id: 'st-error' }));

  Object.assign(my, { groups, shown: 0, renderRow, list, more, bound: [] });
  // The first PAGE rows, and any row focus goes back to.
  showRows(Math.max(PAGE, rowOf(focusId) + 1));
  const results = h('div', { class: 'results', id: 'st-results' });
  // The results are busy from now until the answer to this form is shown
  // (or nothing is to be computed): show() computes at once, but the
  // request is built in steps before the call that would mark them busy,
  // and a "settled" form (no aria-busy) in that moment would be one whose
  // error, still to come, moves the rows below it. While the rows are
  // being summarized the results wait (compute draws nothing): the view
  // is built again, and computed, when the summary is ready.
  my.pending = !!(sum && sum.pending);
  busy(results, true);
  ctl.show(h('div', { class: 'layout wide-inputs' }, form, results), form, results, focusId);
}

// summarizeLater summarizes a big statement's rows in steps (and puts
// rows of a meter the price list does not have on its first meter, as a
// small statement's are at once), then builds the view again.
function summarizeLater(ss, cat) {
  const usage = ss.usage;
  if (my.summing && my.summing.usage === usage && my.summing.catalog === ss.catalog) return;
  const c = context();
  const job = { usage, catalog: ss.catalog };
  my.summing = job;
  const ids = cat ? new Set(cat.meters.map((m) => m.id)) : null;
  function* steps() {
    if (ids) {
      for (let i = 0; i < usage.length; i++) {
        if (i % STEP === STEP - 1) yield;
        if (!ids.has(usage[i].meter)) usage[i].meter = cat.meters[0].id;
      }
    }
    return yield* summarizeSteps(usage);
  }
  runAsync(steps()).then(bound((res) => within(c, () => {
    if (my.summing !== job) return;
    my.summing = null;
    if (st().usage !== usage) return; // other rows since: they are summarized instead
    my.sum = { ...res, usage, len: usage.length, catalog: job.catalog };
    buildStatement(activeId());
  })));
}

function announce(text) {
  const live = byId('st-status');
  if (live) live.textContent = text;
}

// bindError points the controls of the usage row an error names at the
// error's request field, so that errors.js shows it there: usage[k] is
// the k-th row sent, usageObjs[k] its row object, in some group shown
// (rendered now if it was not yet). Only that row's controls carry a
// request field: 100,000 rows are never all bound.
function bindError(env, usageObjs) {
  for (const el of my.bound) el.removeAttribute('data-field');
  my.bound = [];
  const f = env && !env.ok && env.error && typeof env.error.field === 'string' ? env.error.field : '';
  const m = /^usage\[(\d+)\]/.exec(f);
  if (!m) return;
  const obj = usageObjs[Number(m[1])];
  const gi = obj ? my.groups.findIndex((g) => g.rows.includes(obj)) : -1;
  if (gi < 0) return;
  showRows(gi + 1);
  const base = m[0];
  const set = (suffix, fields) => {
    const el = byId(`st-u-${gi}-${suffix}`);
    if (!el) return;
    el.setAttribute('data-field', fields);
    my.bound.push(el);
  };
  set('month', `${base}.month ${base}`);
  set('meter', `${base}.meter`);
  set('amount', `${base}.minutes ${base}.seconds`);
}

// compute is the view's computation (view.js): the request is built in
// steps and written as JSON text in steps, so 100,000 rows never block the
// page, and sent as JSON text (the client takes either, docs/api.md):
// written this way it costs far less than the client's walk over 100,000
// rows of plain data.
async function compute(job) {
  if (!job.form || my.pending) return;
  const gen = ++my.gen; // a newer change supersedes this one
  const ss = st();
  const cat = catalog(ss.catalog);
  const built = await runAsync(requestSteps(ss, cat));
  const text = await jsonSteps(built.req);
  await job.within(send, job, gen, built, text, cat);
}

function send(job, gen, { req, usageObjs, derived }, text, cat) {
  if (gen !== my.gen || job.form !== ctl.form) return undefined;
  const ps = byId('st-start');
  const pe = byId('st-end');
  if (ps) ps.placeholder = derived[0] || 'YYYY-MM';
  if (pe) pe.placeholder = derived[1] || 'YYYY-MM';
  if (!req.start && !req.end && !req.trial && !req.purchases.length && !req.usage.length) {
    job.clear(); // a call still running is superseded
    setExport(null);
    replace(job.results, h('p', { class: 'empty panel', text: t('st.empty') }));
    return undefined;
  }
  // The engine's answer names request fields; the row it names gets them
  // before the answer is shown (bindError).
  const runBound = async (fn, r) => {
    const env = await job.run(fn, r);
    if (env) job.within(bindError, env, usageObjs);
    return env;
  };
  return callInto(job.form, job.results, runBound, 'simulate', text).then((result) => {
    if (result) job.within(render, job.results, result, cat);
  });
}

function setExport(sim, lazy) {
  return exportLinks(st(), sim, sim ? catalog(st().catalog) : null, lazy);
}

function render(results, sim, cat) {
  const cur = sim.currency;
  const ss = st();
  // A big statement's export files (every row) are written when asked
  // for, in steps (statementio.js).
  const slot = setExport(sim, ss.usage.length > SUMMARIZE_OVER);
  const months = chartRows(sim.months);
  replace(results,
    customBanner(cat),
    h('section', { class: 'panel', 'aria-labelledby': 'st-totals-title', id: 'st-totals' },
      h('div', { class: 'panel-head' }, h('h2', { id: 'st-totals-title', text: t('st.totals') }), slot),
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
