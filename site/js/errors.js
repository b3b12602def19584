// Showing API errors next to the field they name. Controls carry
// data-field="purchases[0].date" (a space-separated list when one control
// stands for several request fields); each sits in a .field wrapper with a
// .field-error element that is an aria-live region. An error naming no
// control is shown in the view's own live region.

import { h, replace, byId, context, within } from './dom.js';
import { t } from './i18n.js';
import { busy } from './api.js';

function fieldsOf(el) {
  return (el.getAttribute('data-field') || '').split(/\s+/).filter(Boolean);
}

// findControl returns the control for an error field: an exact match, else
// the control of the longest parent path ("usage[0]" for "usage[0].minutes").
export function findControl(root, field) {
  if (!field) return null;
  const controls = [...root.querySelectorAll('[data-field]')];
  let best = null;
  let bestLen = -1;
  for (const el of controls) {
    for (const f of fieldsOf(el)) {
      if (f === field) return el;
      if (field.startsWith(f) && (field[f.length] === '.' || field[f.length] === '[') && f.length > bestLen) {
        best = el;
        bestLen = f.length;
      }
    }
  }
  return best;
}

// clearErrors removes every error shown in root.
export function clearErrors(root) {
  for (const el of root.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
  for (const el of root.querySelectorAll('.field-error')) replace(el);
  for (const el of root.querySelectorAll('.field.has-error')) el.classList.remove('has-error');
  const live = root.querySelector('.view-error');
  if (live) replace(live);
}

// message is the text shown for an API error.
export function message(err) {
  const head = t(`err.${err.code}`, null, t('err.invalid'));
  return err.field ? `${head} (${err.field}): ${err.message}` : `${head}: ${err.message}`;
}

function slotOf(control, box) {
  const shared = control && control.getAttribute('data-error-slot');
  if (shared) return byId(shared);
  return box && box.querySelector('.field-error');
}

// showError shows err next to its control in root, or in root's
// .view-error live region; it returns the control (or null).
export function showError(root, err) {
  clearErrors(root);
  const control = findControl(root, err.field);
  const box = control && control.closest('.field');
  const slot = slotOf(control, box);
  if (slot) {
    control.setAttribute('aria-invalid', 'true');
    box?.classList.add('has-error');
    replace(slot, h('span', { class: 'error-text', text: message(err) }));
    return control;
  }
  const live = root.querySelector('.view-error');
  if (live) replace(live, h('span', { class: 'error-text', text: message(err) }));
  return null;
}

// showMessage shows a local (not API) error in a field's slot.
export function showFieldMessage(control, text) {
  const box = control && control.closest('.field');
  const slot = slotOf(control, box);
  if (!slot) return;
  if (text) {
    control.setAttribute('aria-invalid', 'true');
    box?.classList.add('has-error');
    replace(slot, h('span', { class: 'error-text', text }));
  } else {
    control.removeAttribute('aria-invalid');
    box?.classList.remove('has-error');
    replace(slot);
  }
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
  return within(c, shown, form, results, env);
}

function shown(form, results, env) {
  busy(results, false);
  if (!env.ok) {
    showError(form, env.error);
    results.classList.add('stale');
    if (!results.firstChild) replace(results, h('p', { class: 'empty', text: t('q.fix') }));
    return null;
  }
  clearErrors(form);
  results.classList.remove('stale');
  return env.result;
}
