// The compare view: one call profile priced on every catalog, side by side.

import { h, replace, debounce, byId, activeId, local, context, within } from './dom.js';
import { t } from './i18n.js';
import { field, input, checkbox } from './form.js';
import { state, save } from './state.js';
import { latestAll, busy } from './api.js';
import { catalogs, nameOf, meterName, packageName } from './catalogs.js';
import { money, num, date } from './format.js';
import { clearErrors, showError, message } from './errors.js';
import { callsEditor, profileRequest } from './calls.js';
import { costBars, responsive } from './charts.js';
import { cmp, isPositive } from './dec.js';
import { intOrString } from './quote.js';
import { requestCatalog, customBadge } from './custom.js';

// The view's own variables, one set per context (dom.js).
const my = local(() => ({ root: null, form: null, results: null, runAll: latestAll() }));
const c = () => state.compare;

export function mountCompare(el) {
  my.root = el;
}

export function buildCompare(focusId) {
  const cs = c();
  const onChange = () => { save(); schedule(); };
  const rebuild = (fid) => { save(); buildCompare(fid || activeId()); };
  const hasTrial = catalogs().some((x) => x.trial);
  my.form = h('form', { class: 'panel inputs', id: 'c-form', 'aria-labelledby': 'c-form-title', onsubmit: (e) => e.preventDefault() },
    h('h2', { id: 'c-form-title', text: t('c.inputs') }),
    h('p', { class: 'note', text: t('c.intro') }),
    h('div', { class: 'grid' },
      field(t('q.start'), input({ id: 'c-start', value: cs.start, field: 'start', placeholder: 'YYYY-MM', inputmode: 'numeric', oninput: (e) => { cs.start = e.target.value; onChange(); } }), { hint: t('hint.month') }),
      field(t('q.months'), input({ id: 'c-months', type: 'number', min: 1, max: 36, value: cs.months, field: 'months', inputmode: 'numeric', oninput: (e) => { cs.months = e.target.value; onChange(); } }), { hint: t('hint.months') }),
      hasTrial ? field(t('c.trial'), checkbox({ id: 'c-trial', checked: cs.trial, field: 'trial', onchange: (e) => { cs.trial = e.target.checked; onChange(); } }), { inline: true, wide: true }) : null),
    callsEditor(cs.calls, 'c', onChange, (fid) => rebuild(fid)),
    h('div', { class: 'view-error', 'aria-live': 'assertive', id: 'c-error' }));
  my.results = h('div', { class: 'results', id: 'c-results' });
  replace(my.root, h('div', { class: 'layout' }, my.form, my.results));
  if (focusId) byId(focusId)?.focus();
  recompute.flush();
}

function column(cat, env) {
  const head = h('h3', null, h('span', { text: nameOf(cat) }), customBadge(cat));
  if (!env.ok) {
    return h('section', { class: 'panel compare-col', 'data-catalog': cat.id }, head, h('p', { class: 'callout bad', text: message(env.error) }));
  }
  const r = env.result;
  const cur = r.currency;
  const best = r.best;
  const per = new Map();
  for (const u of r.usage || []) per.set(u.meter, (per.get(u.meter) || 0) + u.minutes);
  const purchases = best.purchases || [];
  return h('section', { class: 'panel compare-col', 'data-catalog': cat.id },
    head,
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
    h('ul', { class: 'usage-list' }, [...per].filter(([, v]) => v > 0).map(([m, v]) => h('li', null, h('span', { text: meterName(cat, m) }), h('span', { class: 'num', text: `${num(v)} ${t('unit.min')} / ${t('unit.month')}` })))),
    responsive((w) => costBars((r.months || []).map((m) => ({ month: m.month, prepaid: m.prepaid, postpaid: m.postpaid, stopped: m.serviceStopped })), cur, w)));
}

async function compute() {
  if (!my.form) return;
  const cx = context();
  const cs = c();
  const cats = catalogs();
  const reqs = cats.map((cat) => {
    const req = { catalog: requestCatalog(cat.id), start: cs.start.trim(), months: intOrString(cs.months), calls: cs.calls.map(profileRequest) };
    if (cat.trial) req.trial = !!cs.trial;
    return ['quote', req];
  });
  busy(my.results, true);
  const answers = await my.runAll(reqs);
  if (!answers) return; // superseded
  const envs = cats.map((cat, i) => [cat, answers[i]]);
  if (cx.emit) cx.emit('compare', envs);
  within(cx, shown, envs);
}

function shown(envs) {
  const { form, results } = my;
  busy(results, false);
  // Input errors are the same on every catalog: show the first next to its field.
  const bad = envs.find(([, e]) => !e.ok && e.error.field);
  if (bad) {
    showError(form, bad[1].error);
    results.classList.add('stale');
    if (!results.firstChild) replace(results, h('p', { class: 'empty', text: t('q.fix') }));
    return;
  }
  clearErrors(form);
  results.classList.remove('stale');
  const ok = envs.filter(([, e]) => e.ok);
  let verdict = null;
  if (ok.length > 1 && ok.every(([, e]) => e.result.currency === ok[0][1].result.currency)) {
    const sorted = [...ok].sort((a, b) => cmp(a[1].result.best.total, b[1].result.best.total));
    const [cheap] = sorted;
    const tie = cmp(sorted[0][1].result.best.total, sorted[1][1].result.best.total) === 0;
    verdict = h('p', { class: 'callout good', id: 'c-verdict', text: tie ? t('c.tie') : t('c.cheaper', { name: nameOf(cheap[0]), total: money(cheap[1].result.best.total, cheap[1].result.currency) }) });
  }
  replace(results, verdict, h('div', { class: 'compare-grid' }, envs.map(([cat, e]) => column(cat, e))));
}

const recompute = debounce(compute, 120);
// schedule recomputes soon; results are aria-busy until then.
function schedule() {
  busy(my.results, true);
  recompute();
}
