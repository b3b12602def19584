// The price list editor: the list being edited (the draft), its form, and
// its validation by the engine as the user types (view.js: the latest
// check wins). The lists around it are pricelists.js's; where lists are
// kept, custom.js; the rules on a list object, customlist.js.

import { h, idPart } from './dom.js';
import { t } from './i18n.js';
import { field, fieldNote, input, checkbox, button } from './form.js';
import { catalog, nameOf } from './catalogs.js';
import { money, num } from './format.js';
import { showError, showFieldMessage } from './errors.js';
import { places, percentOff, change } from './dec.js';
import { view } from './view.js';
import { isObj, copy, customId, editable, copied, setPrice, discount as discountPackages, setFree } from './customlist.js';
import { check, saveList, exportText } from './custom.js';

// The controller of the price lists view: its form is the editor (when a
// list is open), it has no results area, and its computation is the
// draft's validation.
export const lists = view(validateDraft, 150);

let draft = null; // {catalog, base, from, selected: Set, dirty, freeOrder, discount}
let status = '';

// editing is the draft (null when no list is open).
export function editing() {
  return draft;
}

export function statusText() {
  return status;
}

export function setStatus(text) {
  status = text;
  const el = document.getElementById('cl-status');
  if (el) el.textContent = text;
}

// open starts editing a copy of cat; from is the saved list's id being
// edited (null for a new list).
export function open(cat, from, name) {
  const c = editable(cat, name);
  draft = { catalog: c, base: copy(c), from, selected: new Set(), dirty: !from, freeOrder: c.freeAllowance?.order || (c.meters || []).map((m) => m.id) };
}

export function close() {
  draft = null;
}

// forget: the saved list with id is gone; the draft, if edited from it, is
// a new list now.
export function forget(id) {
  if (draft && draft.from === id) draft.from = null;
}

export function copyFrom(id) {
  const base = catalog(id);
  if (!base) return;
  open(copied(base), null, t('cl.copyName', { name: nameOf(base) }));
  setStatus(t('cl.copied', { name: nameOf(base) }));
}

// download saves a list as its JSON file (custom.js exportText).
export function download(cat) {
  const url = URL.createObjectURL(new Blob([exportText(cat)], { type: 'application/json' }));
  const a = h('a', { href: url, download: `${idPart(cat.id || 'custom')}.json`, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// saveDraft validates the draft with the engine and stores it under its
// name. It returns true when saved.
export async function saveDraft() {
  const c = draft.catalog;
  c.name = typeof c.name === 'string' ? c.name.trim() : c.name;
  const nameEl = document.getElementById('cl-name');
  c.id = customId(c.name || '');
  const err = await check(c);
  if (err) {
    showError(lists.form, err);
    setStatus(t('cl.notSaved'));
    return false;
  }
  const done = saveList(c, draft.from);
  if (done.taken || done.full) {
    showFieldMessage(nameEl, done.taken ? t('cl.nameTaken', { name: nameOf(done.taken) }) : t('cl.storageFull'));
    setStatus(t('cl.notSaved'));
    return false;
  }
  draft.from = c.id;
  draft.dirty = false;
  setStatus(t('cl.saved', { name: c.name }));
  return true;
}

// validateDraft shows the engine's verdict on the draft at the editor's
// controls (the controller's computation: the latest check wins).
async function validateDraft(job) {
  const editor = job.form;
  if (!draft || !editor || !editor.isConnected) return;
  const err = await check(draft.catalog, job.run);
  if (err === undefined || !draft || !editor.isConnected) return; // superseded, or closed
  if (!job.settle(err)) return;
  // The page shows money with at most six decimal places: say so rather
  // than show a rounded price.
  const c = draft.catalog;
  const bad = (c.meters || []).findIndex((m) => places(m.overagePer1000) > 6);
  if (bad >= 0) {
    showFieldMessage(document.getElementById(`cl-m-${bad}`), t('cl.places'));
    return;
  }
  const badP = (c.packages || []).findIndex((p) => places(p.price) > 6);
  if (badP >= 0) showFieldMessage(document.getElementById(`cl-p-${badP}-price`), t('cl.places'));
}

function touched() {
  if (!draft) return;
  draft.dirty = true;
  const b = document.getElementById('cl-dirty');
  if (b) b.hidden = false;
  lists.schedule();
}

// editorForm is the editor of the draft; rebuild(focusId) redraws the view.
export function editorForm(rebuild) {
  const c = draft.catalog;
  const cur = typeof c.currency === 'string' ? c.currency : 'CNY';
  const base = draft.base;
  const meters = Array.isArray(c.meters) ? c.meters : [];
  const pkgs = Array.isArray(c.packages) ? c.packages : [];
  const listOf = (i, key) => (base.packages && base.packages[i] ? base.packages[i][key] : '');
  // A row's error line: the row names its one control on screen
  // (errors.js errorContent).
  const rowErr = (id) => h('p', { class: 'field-error row-error', id, 'aria-live': 'polite', 'data-row-named': true });
  const head = (...labels) => h('div', { class: 'row head', 'aria-hidden': 'true' }, labels.map((l) => h('span', { text: l })));

  const meterRows = meters.map((m, i) => {
    const ctl = input({
      id: `cl-m-${i}`, value: m.overagePer1000 ?? '', field: `catalog.meters[${i}].overagePer1000 catalog.meters[${i}]`, inputmode: 'decimal',
      oninput: (e) => { m.overagePer1000 = e.target.value.trim(); touched(); },
    });
    return h('div', { class: 'row cl-meter', 'data-row': i },
      h('span', { class: 'cl-pname', text: nameOf(m) }),
      h('span', { class: 'num muted small', text: money(base.meters?.[i]?.overagePer1000, cur) }),
      field(t('cl.overageOf', { name: nameOf(m) }), ctl, { srLabel: true, errorSlot: `cl-m-${i}-err` }),
      rowErr(`cl-m-${i}-err`));
  });

  const pkgRows = pkgs.map((p, i) => {
    const ctl = input({
      id: `cl-p-${i}-price`, value: p.price ?? '', field: `catalog.packages[${i}].price catalog.packages[${i}]`, inputmode: 'decimal',
      oninput: (e) => {
        setPrice(p, e.target.value.trim());
        touched();
        const ch = document.getElementById(`cl-p-${i}-change`);
        if (ch) ch.textContent = change(p.price, listOf(i, 'price'));
      },
    });
    const sel = checkbox({ id: `cl-p-${i}-sel`, checked: draft.selected.has(i), onchange: (e) => { if (e.target.checked) draft.selected.add(i); else draft.selected.delete(i); syncAll(); } });
    sel.setAttribute('aria-label', t('cl.select', { name: nameOf(p) }));
    return h('div', { class: 'row cl-pkg', 'data-row': i, 'data-package': p.id },
      sel,
      h('span', { class: 'cl-pname' },
        h('span', { text: nameOf(p) }),
        h('span', { class: 'muted small cl-meta', text: `${meters.length > 1 ? `${nameOf(meters.find((m) => m.id === p.meter)) || p.meter} · ` : ''}${num(p.minutes)} ${t('unit.min')}${p.purchasable === false ? ` · ${t('cl.granted')}` : ''}` })),
      h('span', { class: 'num muted small', text: money(listOf(i, 'price'), cur) }),
      h('div', { class: 'cl-price' },
        field(t('cl.priceOf', { name: nameOf(p) }), ctl, { srLabel: true, errorSlot: `cl-p-${i}-err` }),
        h('span', { class: 'cl-change small', id: `cl-p-${i}-change`, text: change(p.price, listOf(i, 'price')) })),
      rowErr(`cl-p-${i}-err`));
  });

  const all = checkbox({ id: 'cl-p-all', checked: pkgs.length > 0 && draft.selected.size === pkgs.length, onchange: (e) => {
    draft.selected = e.target.checked ? new Set(pkgs.map((_, i) => i)) : new Set();
    for (let i = 0; i < pkgs.length; i++) { const b = document.getElementById(`cl-p-${i}-sel`); if (b) b.checked = e.target.checked; }
  } });
  function syncAll() {
    all.checked = pkgs.length > 0 && draft.selected.size === pkgs.length;
    all.indeterminate = draft.selected.size > 0 && !all.checked;
  }

  const discount = input({ id: 'cl-discount', value: draft.discount ?? '', inputmode: 'decimal', placeholder: '20', oninput: (e) => { draft.discount = e.target.value; showFieldMessage(e.target, ''); } });
  // Enter in the discount applies it (to the selected packages) instead of
  // submitting (saving) the form.
  discount.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    apply('selected');
  });
  const apply = (which) => {
    const el = document.getElementById('cl-discount');
    const pct = percentOff(el.value);
    if (!pct) {
      showFieldMessage(el, t('cl.discount.bad'));
      el.focus();
      return;
    }
    const idx = which === 'all' ? pkgs.map((_, i) => i) : [...draft.selected].sort((a, b) => a - b);
    if (!idx.length) {
      showFieldMessage(el, t('cl.discount.none'));
      el.focus();
      return;
    }
    discountPackages(pkgs, base.packages, idx, pct);
    draft.dirty = true;
    setStatus(t('cl.discounted', { pct: `${el.value.trim().replace(/%$/, '')}%`, n: num(idx.length) }));
    rebuild(which === 'all' ? 'cl-apply-all' : 'cl-apply-selected');
  };

  const fa = c.freeAllowance;
  const free = input({
    id: 'cl-free', value: isObj(fa) && fa.minutesPerMonth !== undefined ? String(fa.minutesPerMonth) : '', field: 'catalog.freeAllowance.minutesPerMonth catalog.freeAllowance', inputmode: 'numeric', placeholder: '0',
    oninput: (e) => {
      setFree(c, e.target.value, draft.freeOrder);
      touched();
    },
  });

  const title = draft.from ? t('cl.editing') : t('cl.newList');
  return h('form', { class: 'panel cl-editor', id: 'cl-editor', 'aria-labelledby': 'cl-editor-title', onsubmit: async (e) => { e.preventDefault(); if (await saveDraft()) rebuild('cl-save'); } },
    h('div', { class: 'panel-head' },
      h('h2', { id: 'cl-editor-title', text: title }),
      h('span', { class: 'badge warn', id: 'cl-dirty', hidden: !draft.dirty, text: t('cl.unsaved') })),
    h('p', { class: 'note', text: `${typeof c.vendor === 'string' ? c.vendor : ''} · ${cur}${c.source && typeof c.source.title === 'string' ? ` · ${c.source.title}` : ''}` }),
    h('div', { class: 'grid' },
      // Each hint and error share a place that keeps its size (form.js
      // fieldNote): an error moves none of the rows below.
      field(t('cl.name'), input({ id: 'cl-name', value: c.name ?? '', field: 'catalog.name catalog.id catalog', oninput: (e) => { c.name = e.target.value; c.id = customId(c.name.trim()); touched(); } }), { wide: true, hint: t('cl.name.hint'), note: true }),
      field(t('cl.free'), free, { hint: t('cl.free.hint'), note: true, wide: true, class: 'short' })),
    h('fieldset', { class: 'rows cl-meters', 'data-field': 'catalog.meters' },
      h('legend', { text: t('cl.meters') }),
      head(t('meter'), t('cl.list'), t('cl.overage')),
      meterRows),
    h('fieldset', { class: 'rows cl-pkgs', 'data-field': 'catalog.packages' },
      h('legend', { text: t('cl.packages') }),
      // The discount's hint and error: a note across the row, under the
      // field and its buttons (under the field on a phone), keeping its
      // size (form.js fieldNote).
      h('div', { class: 'cl-discount' },
        field(t('cl.discount'), discount, { errorSlot: 'cl-discount-err', describedBy: ['cl-discount-hint'] }),
        fieldNote(h('span', { class: 'hint', id: 'cl-discount-hint', text: t('cl.discount.hint') }), h('span', { class: 'field-error', id: 'cl-discount-err', 'aria-live': 'polite' })),
        h('div', { class: 'actions' },
          button(t('cl.apply.selected'), () => apply('selected'), { class: 'btn small', id: 'cl-apply-selected' }),
          button(t('cl.apply.all'), () => apply('all'), { class: 'btn small ghost', id: 'cl-apply-all' }))),
      h('div', { class: 'row head cl-pkg' },
        h('span', null, all, h('label', { for: 'cl-p-all', class: 'sr-only', text: t('cl.selectAll') })),
        h('span', { 'aria-hidden': 'true', text: t('package') }),
        h('span', { 'aria-hidden': 'true', class: 'num', text: t('cl.list') }),
        h('span', { 'aria-hidden': 'true', text: t('price') })),
      pkgRows),
    h('div', { class: 'actions cl-actions' },
      h('button', { type: 'submit', class: 'btn', id: 'cl-save', text: t('cl.save') }),
      button(t('cl.export'), async () => { const err = await check(c); if (err) { showError(lists.form, err); return; } download(c); }, { class: 'btn ghost', id: 'cl-export' }),
      button(t('cl.close'), () => { close(); setStatus(''); rebuild('cl-copy'); }, { class: 'btn ghost', id: 'cl-close' })),
    h('div', { class: 'view-error', 'aria-live': 'assertive', id: 'cl-error' }));
}

