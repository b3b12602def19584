// The compare view: one call profile priced on every catalog, side by side.

import { h, replace, activeId, local, context } from './dom.js';
import { t } from './i18n.js';
import { field, notedPair, input, checkbox } from './form.js';
import { state, save } from './state.js';
import { view } from './view.js';
import { catalogs, nameOf, meterName, packageName } from './catalogs.js';
import { money, num, date } from './format.js';
import { message } from './errors.js';
import { amounts } from './amount.js';
import { compareCSV } from './csv.js';
import { callsEditor, profileRequest, hasDaily, dailyMonthly } from './calls.js';
import { costBars, responsive } from './charts.js';
import { cmp, isPositive } from './dec.js';
import { intOrString, horizon, chartRows, usageByMeter, usedMeters } from './viewdata.js';
import { requestCatalog, customBadge } from './custom.js';

// The view's controller (view.js) and own variables, one set per context.
const ctl = view(compute);
const my = local(() => ({ exportUrl: '' }));
const c = () => state.compare;

export function mountCompare(el) {
  ctl.mount(el);
}

// fingerprint is a short digest of the quote's call inputs: the compare
// view takes them over when they changed since it last did.
function fingerprint(qs) {
  const text = JSON.stringify([qs.calls, qs.start, qs.months, qs.trial]);
  let x = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) x = Math.imul(x ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return x.toString(36);
}

// fromQuote starts the comparison from the quote's calls (and horizon)
// whenever those changed since the comparison last took them; edits made
// here stay until the quote's calls change again.
function fromQuote(cs) {
  const qs = state.quote;
  const fp = fingerprint(qs);
  if (cs.fromQuote === fp) return;
  cs.fromQuote = fp;
  cs.calls = JSON.parse(JSON.stringify(qs.calls));
  cs.start = qs.start;
  cs.months = qs.months;
  cs.trial = qs.trial;
  save();
}

export function buildCompare(focusId) {
  const cs = c();
  fromQuote(cs);
  const onChange = () => { save(); ctl.schedule(); };
  const rebuild = (fid) => { save(); buildCompare(fid || activeId()); };
  const hasTrial = catalogs().some((x) => x.trial);
  const form = h('form', { class: 'panel inputs', id: 'c-form', 'aria-labelledby': 'c-form-title', onsubmit: (e) => e.preventDefault() },
    h('h2', { id: 'c-form-title', text: t('c.inputs') }),
    h('p', { class: 'note', text: t('c.intro') }),
    h('p', { class: 'note', id: 'c-from-quote', text: t('c.fromQuote') }),
    h('div', { class: 'grid' },
      // The first month and the months share one note (form.js notedPair).
      notedPair('c-range-err',
        [t('q.start'), input({ id: 'c-start', value: cs.start, field: 'start', placeholder: 'YYYY-MM', inputmode: 'numeric', oninput: (e) => { cs.start = e.target.value; onChange(); } }), t('hint.month')],
        [t('q.months'), input({ id: 'c-months', type: 'number', min: 1, max: 36, value: cs.months, field: 'months', inputmode: 'numeric', oninput: (e) => { cs.months = e.target.value; onChange(); } }), t('hint.months')]),
      hasTrial ? field(t('c.trial'), checkbox({ id: 'c-trial', checked: cs.trial, field: 'trial', onchange: (e) => { cs.trial = e.target.checked; onChange(); } }), { inline: true, wide: true }) : null),
    callsEditor(cs.calls, 'c', onChange, (fid) => rebuild(fid)),
    h('div', { class: 'view-error', 'aria-live': 'assertive', id: 'c-error' }));
  ctl.showForm(form, 'c-results', focusId);
}

// sellsRecording reports whether a price list sells cloud recording (its
// call model has recording meters).
export function sellsRecording(cat) {
  const m = cat && cat.calls;
  return !!(m && m.model === 'aggregate_resolution' && m.audio && m.audio.recording && (m.tiers || []).every((x) => x.recording));
}

// omitted lists what calls ask for that cat does not sell ("recording").
function omitted(cat, calls) {
  return calls.some((p) => p.record) && !sellsRecording(cat) ? ['recording'] : [];
}

// callsFor is calls as cat can price them: without what it does not sell
// (the card then says so), never an error for it.
function callsFor(cat, calls) {
  if (!omitted(cat, calls).length) return calls;
  return calls.map((p) => {
    const { record, ...rest } = p;
    return rest;
  });
}

function column(cat, env, omits = []) {
  const head = h('h3', null, h('span', { text: nameOf(cat) }), customBadge(cat));
  const missing = omits.length
    ? h('p', { class: 'callout warn', 'data-k': 'not-included', text: t('c.noRecording', { name: nameOf(cat) }) })
    : null;
  if (!env.ok) {
    return h('section', { class: 'panel compare-col', 'data-catalog': cat.id }, head, missing, h('p', { class: 'callout bad', text: message(env.error) }));
  }
  const r = env.result;
  const cur = r.currency;
  const best = r.best;
  const per = usageByMeter(r);
  const purchases = best.purchases || [];
  return h('section', { class: 'panel compare-col', 'data-catalog': cat.id },
    head,
    missing,
    h('dl', { class: 'cards' },
      h('div', { class: 'card primary', 'data-k': 'total' }, h('dt', { text: t('q.bestTotal') }), h('dd', { text: money(best.total, cur) })),
      h('div', { class: 'card', 'data-k': 'payg' }, h('dt', { text: t('payg') }), h('dd', { text: r.payg.feasible ? money(r.payg.total, cur) : t('q.notPossible') })),
      h('div', { class: ['card', best.savings && isPositive(best.savings) ? 'good' : null], 'data-k': 'savings' }, h('dt', { text: t('savings') }), h('dd', { text: best.savings ? money(best.savings, cur) : '—' }))),
    h('h4', { text: t('q.buy') }),
    purchases.length
      ? h('ul', { class: 'plain plan-list' }, purchases.map((p) => h('li', null,
        h('span', { text: `${date(p.date)} · ${packageName(cat, p.package)} × ${num(p.count)}` }),
        h('span', { class: 'num', text: money(p.cost, cur) }))))
      : h('p', { class: 'muted', text: t('q.buyNothing') }),
    h('p', null, best.optimal ? h('span', { class: 'badge good', text: t('q.optimal') }) : h('span', { class: 'badge warn', text: t('q.notProven') })),
    h('h4', { text: t('q.usage') }),
    h('ul', { class: 'usage-list' }, usedMeters(per).map(([m, v]) => h('li', null, h('span', { text: meterName(cat, m) }), h('span', { class: 'num', text: `${num(v)} ${t('unit.min')} / ${t('unit.month')}` })))),
    responsive((w) => costBars(chartRows(r.months), cur, w)));
}

async function compute(job) {
  if (!job.form) return;
  const cs = c();
  const cats = catalogs();
  const typed = amounts();
  const calls = cs.calls.map((p, i) => profileRequest(p, i, typed.take));
  if (typed.errors.length) {
    job.refuse(typed.errors);
    return;
  }
  const reqs = cats.map((cat) => {
    const req = { catalog: requestCatalog(cat.id), start: cs.start.trim(), months: intOrString(cs.months), calls: callsFor(cat, calls) };
    if (cat.trial) req.trial = !!cs.trial;
    return ['quote', req];
  });
  let answers;
  if (hasDaily(cs.calls)) {
    // Calls per day (see quote.js): derive over one month, then quote the
    // month-by-month usage on each list.
    const derived = await job.callAll(reqs.map(([fn, req]) => [fn, { ...req, months: 1 }]));
    if (!derived) return; // superseded
    const months = horizon(cs.months);
    answers = await job.callAll(reqs.map(([fn, req], i) => {
      if (!derived[i].ok) return [fn, req];
      const { calls: _calls, ...rest } = req;
      void _calls;
      return [fn, { ...rest, monthly: dailyMonthly(derived[i].result.calls, cs.calls, String(req.start), months) }];
    }));
    if (!answers) return; // superseded
    answers = answers.map((a, i) => (derived[i].ok ? a : derived[i]));
  } else {
    answers = await job.callAll(reqs);
  }
  if (!answers) return; // superseded
  const envs = cats.map((cat, i) => [cat, answers[i], omitted(cat, calls)]);
  if (job.c.emit) job.c.emit('compare', envs);
  // Input errors are the same on every catalog: show the first next to its field.
  const bad = envs.find(([, e]) => !e.ok && e.error.field);
  if (!job.settle(bad ? bad[1].error : null)) return;
  job.within(shown, job.results, envs);
}

function shown(results, envs) {
  const cs = c();
  const ok = envs.filter(([, e]) => e.ok);
  let verdict = null;
  if (ok.length > 1 && ok.every(([, e]) => e.result.currency === ok[0][1].result.currency)) {
    const sorted = [...ok].sort((a, b) => cmp(a[1].result.best.total, b[1].result.best.total));
    const [cheap] = sorted;
    const tie = cmp(sorted[0][1].result.best.total, sorted[1][1].result.best.total) === 0;
    const partial = ok.filter(([, , o]) => o.length).map(([cat]) => nameOf(cat));
    verdict = h('div', { class: 'callout good', id: 'c-verdict', 'data-verdict': '' },
      h('p', { text: tie ? t('c.tie') : t('c.cheaper', { name: nameOf(cheap[0]), total: money(cheap[1].result.best.total, cheap[1].result.currency) }) }),
      partial.length ? h('p', { class: 'note', 'data-k': 'unlike', text: t('c.unlike', { names: partial.join(t('list.sep')) }) }) : null);
  }
  if (my.exportUrl) URL.revokeObjectURL(my.exportUrl);
  const items = envs.map(([cat, e, o]) => ({ catalog: cat.id, cat, result: e.ok ? e.result : null, error: e.ok ? '' : (e.error.reason || e.error.code), omitted: o }));
  const exportUrl = URL.createObjectURL(new Blob([compareCSV(items)], { type: 'text/csv;charset=utf-8' }));
  my.exportUrl = exportUrl;
  const tools = h('div', { class: 'tools-inline', 'data-verdict': '' },
    h('a', { class: 'btn small', id: 'c-export', href: exportUrl, download: `rtcprice-comparison-${cs.start.trim()}.csv`, text: t('export.csv') }),
    // Printing is the page's (print.js): an element has no print button.
    context().page ? h('button', { type: 'button', class: 'btn small ghost', id: 'c-print', text: t('export.print'), onclick: () => document.getElementById('print-open')?.click() }) : null);
  replace(results, verdict, tools, h('div', { class: 'compare-grid' }, envs.map(([cat, e, o]) => column(cat, e, o))));
}
