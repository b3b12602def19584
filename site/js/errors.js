// Showing API errors next to the field they name. Controls carry
// data-field="purchases[0].date" (a space-separated list when one control
// stands for several request fields); each sits in a .field wrapper with a
// .field-error element that is an aria-live region. An error naming no
// control is shown in the view's own live region.

import { h, replace, byId } from './dom.js';
import { t } from './i18n.js';
import { num } from './format.js';

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

// FIELD_LABELS names request fields that have no control of their own
// (or none on the view showing the error) by an i18n key: the label the
// user knows them by.
const FIELD_LABELS = {
  catalog: 'catalog', start: 'q.start', months: 'q.months', end: 'st.end', trial: 'q.trial',
  usage: 'q.usage', monthly: 'q.mode.monthly', calls: 'q.mode.calls', purchases: 'st.purchases',
};

function labelText(el) {
  const lab = (el.labels && el.labels[0]) || null;
  const text = (lab ? lab.textContent : el.getAttribute('aria-label')) || '';
  return text.replace(/[:：]\s*$/, '').trim();
}

// fieldLabel is the on-screen name of the field err is about: the label of
// its control in root, else the label of the request field it belongs to;
// "" when it is about the whole request. Never the raw field path.
export function fieldLabel(err, root) {
  if (!err || !err.field) return '';
  const control = root ? findControl(root, err.field) : null;
  if (control) {
    const text = labelText(control);
    if (text) return text;
  }
  // A field of a price list given whole (an imported custom list): its
  // package or meter by number, and the field by its name on the page.
  const inCat = /^catalog\.(packages|meters)\[(\d+)\](?:\.([A-Za-z0-9]+))?/.exec(err.field);
  if (inCat) {
    const item = t(`err.cat.${inCat[1]}`, { n: String(Number(inCat[2]) + 1) });
    const key = inCat[3] ? t(`err.key.${inCat[3]}`, null, '') : '';
    return key ? t('err.cat.key', { item, key }) : item;
  }
  const top = /^[A-Za-z]+/.exec(err.field);
  const key = top && FIELD_LABELS[top[0]];
  if (!key) return '';
  const n = /^[A-Za-z]+\[(\d+)\]/.exec(err.field);
  const base = t(key);
  return n ? t('err.nth', { label: base, n: String(Number(n[1]) + 1) }) : base;
}

// paramText renders a reason's params for a message: numbers grouped in
// the user's locale, lists joined, everything else as given (the user's
// own input, quoted by the message).
function paramText(params) {
  const out = {};
  for (const [k, v] of Object.entries(params && typeof params === 'object' ? params : {})) {
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = num(v);
    else if (typeof v === 'string' && /^-?\d{4,}$/.test(v)) out[k] = num(v);
    else if (Array.isArray(v)) out[k] = v.map(String).join(t('list.sep'));
    else out[k] = String(v ?? '');
  }
  return out;
}

// reasonText is the page's own sentence for err's reason in the user's
// language, made from err.params; an unknown reason (or one whose params
// are missing) gets the code's generic sentence. err.message (English,
// for developers) is never used.
// fieldHint is what a field takes, by the field's name (its last path
// segment; a usage amount for usage.<meter> and monthly[i].<meter>): the
// fallback for an error whose reason the page has no sentence for.
function fieldHint(err) {
  const f = typeof err.field === 'string' ? err.field : '';
  if (!f || (err.code !== 'invalid' && err.code !== 'limit')) return '';
  const name = /^(usage|monthly\[\d+\])\.[^.[]+$/.test(f) ? 'amount' : (/([A-Za-z]+)(\[\d+\])?$/.exec(f) || [])[1];
  return name ? t(`err.hint.${name}`, null, '') : '';
}

export function reasonText(err) {
  const code = err && typeof err.code === 'string' ? err.code : 'invalid';
  const generic = (err && fieldHint(err)) || t(`err.generic.${code}`, null, t('err.generic.invalid'));
  const reason = err && typeof err.reason === 'string' ? err.reason : '';
  if (!/^[a-z][a-z0-9_]*$/.test(reason)) return generic;
  const tmpl = t(`reason.${reason}`, null, '');
  if (!tmpl) return generic;
  const text = t(`reason.${reason}`, paramText(err.params));
  // A placeholder the params did not fill: the generic sentence instead.
  return /\{\w+\}/.test(text) ? generic : text;
}

// message is the text shown for an API error: the field's on-screen label
// (looked up in root, when given) and the reason in the user's language.
export function message(err, root) {
  const text = reasonText(err);
  const label = fieldLabel(err, root || null);
  return label ? t('err.at', { label, text }) : text;
}

// errorContent is what slot shows for err: the field's label and the
// reason. In a slot marked data-row-named (a row of one control whose
// row names it on screen: the price list editor's), the label is said to
// screen readers only, so that the reason keeps to the one line the row
// keeps for it (style.css) and nothing after the row moves.
function errorContent(slot, err, root) {
  const text = reasonText(err);
  const label = fieldLabel(err, root || null);
  if (!label) return h('span', { class: 'error-text', text });
  const full = t('err.at', { label, text });
  const at = full.lastIndexOf(text);
  if (!slot.hasAttribute('data-row-named') || at <= 0) return h('span', { class: 'error-text', text: full });
  return h('span', { class: 'error-text' }, h('span', { class: 'sr-only', text: full.slice(0, at) }), full.slice(at));
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
    replace(slot, errorContent(slot, err, root));
    return control;
  }
  const live = root.querySelector('.view-error');
  if (live) replace(live, h('span', { class: 'error-text', text: message(err, root) }));
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

// showAmountErrors shows the refusals of typed amounts (amount.js
// amounts().errors) at their controls in form, in the user's language
// (view.js's job.refuse also marks the results stale).
export function showAmountErrors(form, errors) {
  let first = true;
  for (const e of errors) {
    const control = findControl(form, e.field);
    const text = t(`amount.${e.error}`, null, t('amount.syntax'));
    if (control) {
      showFieldMessage(control, t('err.at', { label: labelText(control) || fieldLabel(e, form), text }));
    } else if (first) {
      const live = form.querySelector('.view-error');
      if (live) replace(live, h('span', { class: 'error-text', text }));
    }
    first = false;
  }
}
