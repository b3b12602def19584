// The view controller: what every view (quote, compare, statement, the
// price list editor) does the same way around the engine. A view is a form
// (the input) and a results area; as the user types it re-computes after
// a pause, the latest input's call wins (an older one is aborted and draws
// nothing), the results are busy meanwhile, and an answer either clears
// the form's errors and is drawn, or shows its error at the field it names
// and leaves the last good results marked stale.
//
// API:
//   const ctl = view(compute, delay = 120)   at module level, once per view
//   ctl.mount(el)          the element the view is drawn into (per context)
//   ctl.show(node, form, results, focusId)
//                          draws node (holding form and results) into the
//                          mounted element, focuses focusId, computes now
//   ctl.showForm(form, resultsId, focusId)
//                          show() of the usual layout: form beside a new
//                          results area with id resultsId
//   ctl.schedule()         computes after delay ms without further input;
//                          results are aria-busy until then
//   ctl.now()              computes now (a change that is not typing)
//   ctl.form, ctl.results  the current context's
//   compute(job)           the view's own: called in the view's context
//                          with a job bound to that context (also after an
//                          await), whose methods are:
//     job.call(fn, request)   callInto below: the result, null (an error,
//                             shown) or undefined (superseded)
//     job.callAll(calls)      several calls at once ([[fn, request], …]):
//                             their envelopes, or null when superseded;
//                             the view then settles them itself
//     job.settle(err)         ends a call: err (an API error, shown at its
//                             field, results stale) or null (errors
//                             cleared, results current); true when null
//     job.refuse(errors)      typed amounts the page refused (amount.js):
//                             supersedes the running call, shows each at
//                             its control, marks the results stale
//     job.clear()             no call to make (an empty input): supersedes
//                             the running call, clears the form's errors
//                             and the busy mark; the view draws its empty
//                             results itself
//     job.run(fn, request)    the latest-wins caller (api.js latest())
//     job.within(fn, ...args) runs fn in the view's context
//     job.c, job.form, job.results
//
// callInto(form, results, run, fn, request) and markStale(results) are the
// same steps for a view that keeps its own variables.
//
// A view in these terms (statement.js would read):
//   const ctl = view(compute);
//   export function mountStatement(el) { ctl.mount(el); }
//   build: onChange = () => { save(); ctl.schedule(); }; …
//          ctl.showForm(form, 'st-results', focusId);
//   async function compute(job) {
//     if (!job.form) return;
//     …; if (nothing typed) { job.clear(); replace(job.results, …); return; }
//     const result = await job.call('simulate', req);
//     if (result) job.within(render, job.results, result, cat);
//   }

import { h, replace, debounce, byId, local, context, within } from './dom.js';
import { t } from './i18n.js';
import { latest, latestAll, busy } from './api.js';
import { clearErrors, showError, showAmountErrors } from './errors.js';

export function view(compute, delay = 120) {
  const my = local(() => ({ root: null, form: null, results: null, run: latest(), runAll: latestAll() }));
  const recompute = debounce(() => compute(job(my)), delay);
  return {
    mount(el) {
      my.root = el;
    },
    get root() { return my.root; },
    get form() { return my.form; },
    get results() { return my.results; },
    show(node, form, results, focusId) {
      my.form = form;
      my.results = results;
      replace(my.root, node);
      if (focusId) byId(focusId)?.focus();
      recompute.flush();
    },
    showForm(form, resultsId, focusId) {
      const results = h('div', { class: 'results', id: resultsId });
      this.show(h('div', { class: 'layout' }, form, results), form, results, focusId);
    },
    schedule() {
      busy(my.results, true);
      recompute();
    },
    now() {
      recompute.flush();
    },
  };
}

// job is one computation's handle on its view: the context's form,
// results and callers, taken when it starts.
function job(my) {
  const c = context();
  const { form, results, run, runAll } = my;
  return {
    c, form, results, run,
    within: (fn, ...args) => within(c, fn, ...args),
    call: (fn, request) => within(c, callInto, form, results, run, fn, request),
    async callAll(calls) {
      busy(results, true);
      return runAll(calls);
    },
    settle: (err) => within(c, settle, form, results, err),
    clear() {
      run(null);
      runAll([]);
      busy(results, false);
      within(c, clearErrors, form);
    },
    refuse(errors) {
      run(null); // calls running are for input no longer there
      runAll([]);
      within(c, () => {
        clearErrors(form);
        busy(results, false);
        showAmountErrors(form, errors);
        markStale(results);
      });
    },
  };
}

// callInto runs an API call for a view through run (api.js latest()),
// with the results busy meanwhile: on failure it shows the error at the
// field it names and marks the view's results stale (keeping the last
// good ones, or saying what to fix), and resolves to null; on success it
// clears the form's errors and resolves to the result. A call superseded
// by a newer one resolves to undefined and touches nothing. The context's
// emit (an element's events), if any, hears of every answer.
export async function callInto(form, results, run, fn, request) {
  busy(results, true);
  const c = context();
  const env = await run(fn, request);
  if (!env) return undefined;
  if (c.emit) c.emit(fn, env);
  return within(c, () => (settle(form, results, env.ok ? null : env.error) ? env.result : null));
}

function settle(form, results, err) {
  busy(results, false);
  if (err) {
    showError(form, err);
    if (results) markStale(results);
    return false;
  }
  clearErrors(form);
  results?.classList.remove('stale');
  return true;
}

// markStale marks a view's results as no longer the input's: greyed and outlined (style.css), the
// verdicts taken away, and a note first saying they are the last valid
// input's (or, with none yet, what to fix). A new result replaces it all.
export function markStale(results) {
  results.classList.add('stale');
  if (!results.firstChild || results.firstChild.classList?.contains('empty')) {
    replace(results, h('p', { class: 'empty', text: t('q.fix') }));
    return;
  }
  for (const el of results.querySelectorAll('[data-verdict]')) el.remove();
  if (!results.querySelector('.stale-note')) {
    results.insertBefore(h('p', { class: 'callout warn stale-note', role: 'status', text: t('stale.note') }), results.firstChild);
  }
}
