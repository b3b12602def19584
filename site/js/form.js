// Form controls: every control has a label, an id stable across rebuilds
// (so focus survives a re-render) and an error slot beside it.

import { h } from './dom.js';

// field wraps a control with its label and an aria-live error slot.
// opts: {hint, wide, inline (label after control, for checkboxes), srLabel,
// errorSlot, note, describedBy, class}
export function field(label, control, opts = {}) {
  // opts.errorSlot: the id of a shared error element (one per table row)
  // used instead of a slot of the field's own.
  // opts.note: the hint and the error share one place (fieldNote).
  // opts.describedBy: ids of other elements describing the control (a
  // note shared by several fields).
  const errId = opts.errorSlot || `${control.id}-err`;
  const described = [errId, ...(opts.describedBy || [])];
  if (opts.errorSlot) control.setAttribute('data-error-slot', opts.errorSlot);
  let hint = null;
  if (opts.hint) {
    hint = h('span', { class: 'hint', id: `${control.id}-hint`, text: opts.hint });
    described.push(hint.id);
  }
  control.setAttribute('aria-describedby', described.join(' '));
  const lab = h('label', { for: control.id, class: opts.srLabel ? 'sr-only' : null, text: label });
  const err = opts.errorSlot ? null : h('span', { class: 'field-error', id: errId, 'aria-live': 'polite' });
  const cls = ['field', opts.wide && 'wide', opts.inline && 'inline', opts.class];
  if (opts.note && !opts.inline) return h('div', { class: cls }, lab, control, fieldNote(hint, err));
  return opts.inline
    ? h('div', { class: cls }, control, lab, hint, err)
    : h('div', { class: cls }, lab, control, hint, err);
}

// fieldNote is a field's hint and its error slot in one place that keeps
// its size (style.css .field-note: two lines of error, the error shown
// over the hint): an error shown, changed or cleared as the user types
// never moves the controls after it, so a click on its way lands where
// it was aimed. hint may be a list: the hints of the fields side by side
// above the note (in a .grid), each under its own field (opts.pair).
// opts.sticky: a note shared by many fields (a table's, a long grid's),
// kept in sight at the bottom of the screen while it shows an error.
export function fieldNote(hint, err, opts = {}) {
  return h('div', { class: ['field-note', opts.wide && 'wide', opts.pair && 'pair', opts.sticky && 'sticky'] }, hint, err);
}

// notedPair is two fields side by side in a .grid sharing one note under
// both (fieldNote): each one's hint under it, and the error of either
// (which names its field) over both hints. a and b: [label, control,
// hint]; id: the note's error slot's id.
export function notedPair(id, a, b) {
  const hints = [a, b].map(([, control, hint]) => h('span', { class: 'hint', id: `${control.id}-hint`, text: hint }));
  return [
    field(a[0], a[1], { errorSlot: id, describedBy: [hints[0].id] }),
    field(b[0], b[1], { errorSlot: id, describedBy: [hints[1].id] }),
    fieldNote(hints, h('span', { class: 'field-error', id, 'aria-live': 'polite' }), { pair: true }),
  ];
}

// input builds a text input. opts: {id, value, field, inputmode,
// placeholder, type, oninput, size, autocomplete}
export function input(opts) {
  return h('input', {
    id: opts.id, type: opts.type || 'text', value: opts.value ?? '', 'data-field': opts.field,
    inputmode: opts.inputmode, placeholder: opts.placeholder, autocomplete: 'off', spellcheck: 'false',
    min: opts.min, max: opts.max, step: opts.step, class: opts.class,
    oninput: opts.oninput, onchange: opts.onchange,
  });
}

// select builds a select from [{value, label}].
export function select(opts, options) {
  return h('select', { id: opts.id, 'data-field': opts.field, onchange: opts.onchange, class: opts.class },
    options.map((o) => h('option', { value: o.value, selected: o.value === opts.value, text: o.label })));
}

// checkbox builds a checkbox.
export function checkbox(opts) {
  return h('input', { id: opts.id, type: 'checkbox', checked: !!opts.checked, 'data-field': opts.field, onchange: opts.onchange });
}

// button builds a button (type=button, so it never submits).
export function button(text, onclick, opts = {}) {
  return h('button', { type: 'button', class: opts.class || 'btn', id: opts.id, onclick, 'aria-label': opts.ariaLabel, title: opts.title, text });
}
