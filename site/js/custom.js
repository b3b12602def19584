// Custom price lists: a salesperson's negotiated prices, priced by the same
// engine as the published catalogs.
//
// A custom price list is a catalog in the file format (calc/catalog/
// FORMAT.md) with an id "custom-…" and custom: true. It is started by
// copying a published list (or a saved one) and editing its prices, or
// loaded from a JSON file; calc.wasm validates it exactly like an embedded
// catalog (a quote with the catalog inline), and its errors name the field
// ("catalog.packages[3].price"), shown next to the editor control.
//
// Where they live:
// - saved lists: localStorage (KEY), several, by name;
// - lists a view uses: state.customCatalogs (whole objects), so a share
//   link carries them and works in a browser that never saw them;
// - the pickers: catalogs.js asks customList() (registered below) for the
//   valid custom lists, after the published ones.
// Names in a custom list are user input: everything here is built with
// textContent (dom.js), never markup.
//
// Money is edited as decimal strings; discounts use the exact BigInt
// decimal helpers below, never a binary float.

import { h, replace, debounce, idPart } from './dom.js';
import { t } from './i18n.js';
import { field, input, checkbox, button } from './form.js';
import { state, save } from './state.js';
import { call } from './api.js';
import { published, catalog, nameOf, setCustomProvider } from './catalogs.js';
import { money, num } from './format.js';
import { clearErrors, showError, showFieldMessage, message } from './errors.js';

export const KEY = 'rtcprice.customCatalogs';
const MAX_SAVED = 50;
const MAX_IN_STATE = 8;
const MAX_FILE = 1 << 20;

// ---------------------------------------------------------------------------
// Exact decimals: {n: BigInt, scale} is n × 10^-scale, never negative here.

const DECIMAL = /^\+?(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d{1,4}))?$/;

function norm(x) {
  let { n, scale } = x;
  while (scale > 0 && n % 10n === 0n) {
    n /= 10n;
    scale -= 1;
  }
  return { n, scale };
}

// decParse reads a non-negative decimal string in the catalog format's
// money syntax ("9688", "6.6", "+1e3"); null when it is not one.
export function decParse(v) {
  if (typeof v !== 'string') return null;
  const m = DECIMAL.exec(v.trim());
  if (!m) return null;
  const [int, frac = ''] = m[1].split('.');
  const digits = (int + frac).replace(/^0+/, '');
  if (digits.length > 40) return null;
  const exp = m[2] ? BigInt(m[2]) : 0n;
  if (exp > 40n || exp < -40n) return null;
  let scale = BigInt(frac.length) - exp;
  let n = BigInt(digits || '0');
  if (scale < 0n) {
    n *= 10n ** -scale;
    scale = 0n;
  }
  return norm({ n, scale: Number(scale) });
}

// decString writes a decimal in its shortest plain form: "2950.4".
export function decString(x) {
  const s = x.n.toString();
  if (x.scale === 0) return s;
  const p = s.padStart(x.scale + 1, '0');
  return `${p.slice(0, p.length - x.scale)}.${p.slice(p.length - x.scale)}`;
}

function align(a, b) {
  const s = Math.max(a.scale, b.scale);
  return [a.n * 10n ** BigInt(s - a.scale), b.n * 10n ** BigInt(s - b.scale), s];
}

function decEq(a, b) {
  const [x, y] = align(a, b);
  return x === y;
}

// canonical rewrites a money string in its plain form ("+1e3" -> "1000"),
// or returns it unchanged when it is not a decimal (the engine then says
// what is wrong with it).
export function canonical(v) {
  const d = decParse(v);
  return d ? decString(d) : v;
}

// percentOff checks a discount: a decimal from 0 to 100 with at most two
// places. It returns the parsed value or null.
export function percentOff(v) {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(String(v));
  if (!m) return null;
  const d = norm({ n: BigInt(m[1] + (m[2] || '')), scale: (m[2] || '').length });
  const [x, hundred] = align(d, { n: 100n, scale: 0 });
  if (x <= 0n || x > hundred) return null;
  return d;
}

// discounted returns price × (100 − pct) / 100, exactly.
export function discounted(price, pct) {
  const p = decParse(price);
  if (!p || !pct) return null;
  const [hundred, d, s] = align({ n: 100n, scale: 0 }, pct);
  return decString(norm({ n: p.n * (hundred - d), scale: p.scale + s + 2 }));
}

// change is price against list as a percentage with one decimal, rounded
// half away from zero, for display: "-20", "+5.5"; '' when equal or not
// comparable.
export function change(price, list) {
  const p = decParse(price);
  const l = decParse(list);
  if (!p || !l || l.n === 0n) return '';
  const [x, y] = align(p, l);
  if (x === y) return '';
  const diff = (x - y) * 1000n; // tenths of a percent, before dividing by y
  const neg = diff < 0n;
  const a = neg ? -diff : diff;
  const q = (a * 2n + y) / (2n * y);
  const str = `${q / 10n}${q % 10n ? `.${q % 10n}` : ''}`;
  return q === 0n ? '' : `${neg ? '−' : '+'}${str}%`;
}

// fractionDigits is the number of decimal places of a decimal string.
function fractionDigits(v) {
  const d = decParse(v);
  return d ? d.scale : 0;
}

// unitConsistent reports whether a package's price equals minutes / 1000 ×
// unitPer1000 exactly (the loader's check).
function unitConsistent(p) {
  const price = decParse(p.price);
  const unit = decParse(p.unitPer1000);
  if (!price || !unit || !Number.isSafeInteger(p.minutes)) return false;
  return decEq(norm({ n: unit.n * BigInt(p.minutes), scale: unit.scale + 3 }), price);
}

// ---------------------------------------------------------------------------
// Catalog objects.

const isObj = (v) => !!v && typeof v === 'object' && !Array.isArray(v);
const copy = (v) => JSON.parse(JSON.stringify(v));

// wire returns a custom catalog as a request sends it: a deep copy without
// the computed per1000 (catalogs() adds it; the API refuses unknown
// fields), with custom: true.
export function wire(cat) {
  const c = copy(cat);
  if (Array.isArray(c.packages)) for (const p of c.packages) if (isObj(p)) delete p.per1000;
  c.custom = true;
  return c;
}

function fnv(str) {
  let x = 0x811c9dc5;
  for (const ch of new TextEncoder().encode(str)) {
    x ^= ch;
    x = Math.imul(x, 0x01000193) >>> 0;
  }
  return x.toString(16).padStart(8, '0');
}

// customId is the id a list is saved under, from its name:
// "custom-acme-2026-1a2b3c" (the hash tells apart names with the same
// slug, and names with no Latin letters).
export function customId(name) {
  const n = String(name).trim();
  const slug = n.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return `custom-${slug ? `${slug}-` : ''}${fnv(n).slice(0, 6)}`;
}

export function isCustom(cat) {
  return !!cat && cat.custom === true;
}

// requestCatalog is the catalog field of a request for the catalog id:
// the id of a published catalog, the whole object of a custom one.
export function requestCatalog(id) {
  const c = catalog(id);
  return isCustom(c) ? wire(c) : id;
}

// ---------------------------------------------------------------------------
// Validation by the engine.

// The engine answers asynchronously (in its Worker); the pickers need to
// know synchronously which lists are valid. So answers are remembered by
// the list's wire text, the lists in the state and saved here are checked
// before the views are built (checkCustom), and a list met unchecked is
// checked in the background (the pickers update when it turns out valid).
const checked = new Map(); // wire JSON text -> null (valid) or the API error
const texts = new WeakMap(); // catalog object -> its wire JSON text
const pending = new Set(); // wire texts being checked

function textOf(cat) {
  let k = texts.get(cat);
  if (k === undefined) {
    k = JSON.stringify(wire(cat));
    texts.set(cat, k);
  }
  return k;
}

// check asks calc.wasm whether cat is a valid catalog: a one-month quote
// with no usage parses it exactly as any request would. It resolves to
// null or the API's error ({code, field, reason, params, message}).
export async function check(cat) {
  if (!isObj(cat)) return { code: 'invalid', field: 'catalog', reason: 'not_object', params: {}, message: t('cl.notObject') };
  const env = await call('quote', { catalog: wire(cat), start: '2000-01', months: 1, usage: {} });
  const err = env.ok ? null : env.error;
  // An error that is not about the catalog (the calculator is not loaded
  // yet) is not remembered.
  if (!err || (err.field || '').startsWith('catalog')) checked.set(JSON.stringify(wire(cat)), err);
  return err;
}

function validCached(cat) {
  if (!isObj(cat)) return false;
  const k = textOf(cat);
  if (checked.has(k)) return checked.get(k) === null;
  if (!pending.has(k)) {
    pending.add(k);
    check(cat).then((err) => {
      pending.delete(k);
      if (err === null) changed();
    });
  }
  return false;
}

// checkCustom checks every custom list in the state and saved here that
// has not been checked yet; the page awaits it before building views.
export async function checkCustom() {
  const todo = [...stateList(), ...saved].filter((c) => isObj(c) && !checked.has(textOf(c)));
  await Promise.all(todo.map((c) => check(c)));
}

// ---------------------------------------------------------------------------
// Saved lists (localStorage).

let saved = readSaved();

function readSaved() {
  try {
    const a = JSON.parse(localStorage.getItem(KEY) || '[]');
    return Array.isArray(a) ? a.filter((c) => isObj(c) && typeof c.id === 'string').slice(0, MAX_SAVED) : [];
  } catch {
    return [];
  }
}

function writeSaved(list) {
  try {
    localStorage.setItem(KEY, JSON.stringify(list));
    saved = list;
    return true;
  } catch {
    return false;
  }
}

export function savedCatalogs() {
  return saved;
}

globalThis.addEventListener?.('storage', (e) => {
  if (e.key !== KEY && e.key !== null) return;
  saved = readSaved();
  changed();
});

// changed tells the page the list of catalogs changed (app.js rebuilds
// views when next shown).
function changed() {
  globalThis.dispatchEvent(new Event('rtcprice:catalogs'));
}

// ---------------------------------------------------------------------------
// The custom lists in the pickers, and the state's copy of those in use.

const okId = (id) => typeof id === 'string' && /^custom-[A-Za-z0-9_.-]{1,120}$/.test(id);

function stateList() {
  return Array.isArray(state.customCatalogs) ? state.customCatalogs : [];
}

// customList is every valid custom list: those in the state (a share link's
// win over a saved list of the same id), then the saved ones.
export function customList() {
  const seen = new Set(published().map((c) => c.id));
  const out = [];
  for (const c of [...stateList(), ...saved]) {
    if (!isObj(c) || !okId(c.id) || seen.has(c.id)) continue;
    if (!validCached(c)) continue;
    c.custom = true;
    seen.add(c.id);
    out.push(c);
  }
  return out;
}

setCustomProvider(customList);

// usedIds are the catalog ids the views price with.
function usedIds() {
  return new Set([state.quote?.catalog, state.statement?.catalog].filter(Boolean));
}

// syncState keeps state.customCatalogs to the custom lists the views use:
// a saved list a view picks is copied in (so it travels in a share link);
// one no view uses any more is dropped, unless it is known only from the
// state (a link's list not saved here stays reachable).
export function syncState() {
  const used = usedIds();
  const savedIds = new Set(saved.map((c) => c.id));
  const list = stateList().filter((c) => isObj(c) && (used.has(c.id) || !savedIds.has(c.id)));
  for (const id of used) {
    if (!okId(id) || list.some((c) => c.id === id)) continue;
    const s = saved.find((c) => c.id === id);
    if (s) list.push(s);
  }
  state.customCatalogs = list.slice(-MAX_IN_STATE);
}

// useCatalog points a view's state (state.quote or state.statement) at a
// catalog id and keeps the state's custom lists in step.
export function useCatalog(viewState, id) {
  viewState.catalog = id;
  syncState();
}

// ---------------------------------------------------------------------------
// Hooks for the other views.

// catalogSelect is a catalog picker: the published lists, then the custom
// ones in their own group, each marked as custom.
export function catalogSelect(opts) {
  // A view built on a saved list (an older link, a URL parameter) puts it
  // into the state here, so the next share link carries it.
  syncState();
  const custom = customList();
  const opt = (c) => h('option', { value: c.id, selected: c.id === opts.value, text: optionLabel(c) });
  return h('select', { id: opts.id, 'data-field': opts.field, onchange: opts.onchange, class: opts.class },
    custom.length
      ? [h('optgroup', { label: t('cl.group.published') }, published().map(opt)), h('optgroup', { label: t('cl.group.custom') }, custom.map(opt))]
      : published().map(opt));
}

export function optionLabel(c) {
  return isCustom(c) ? `${t('cl.mark')} · ${nameOf(c)}` : nameOf(c);
}

// customBadge marks a custom list's name (compare columns).
export function customBadge(cat) {
  return isCustom(cat) ? h('span', { class: 'badge custom small', text: t('cl.mark') }) : null;
}

// customBanner says, on screen and in print, that results use a custom
// price list, and which. Null for a published catalog.
export function customBanner(cat) {
  if (!isCustom(cat)) return null;
  return h('div', { class: 'custom-banner', role: 'note', 'data-k': 'custom-catalog' },
    h('span', { class: 'badge custom', text: t('cl.banner') }),
    h('strong', { class: 'custom-name', text: nameOf(cat) }),
    h('span', { class: 'custom-sub', text: t('cl.banner.sub', { vendor: cat.vendor || '' }) }));
}

// ---------------------------------------------------------------------------
// The price lists view.

let root = null;
let draft = null; // {catalog, base, from, selected: Set, dirty}
let confirming = ''; // id of a saved list whose delete awaits confirmation
let status = '';
let editor = null;

export function mountLists(el) {
  root = el;
}

function setStatus(text) {
  status = text;
  const el = document.getElementById('cl-status');
  if (el) el.textContent = text;
}

// open starts editing a copy of cat; from is the saved list's id being
// edited (null for a new list).
function open(cat, from, name) {
  const c = wire(cat);
  if (Array.isArray(c.packages)) for (const p of c.packages) if (isObj(p) && typeof p.price === 'string') p.price = canonical(p.price);
  if (Array.isArray(c.meters)) for (const m of c.meters) if (isObj(m) && typeof m.overagePer1000 === 'string') m.overagePer1000 = canonical(m.overagePer1000);
  c.name = name ?? c.name;
  delete c.nameZh;
  c.id = customId(typeof c.name === 'string' ? c.name : '');
  draft = { catalog: c, base: copy(c), from, selected: new Set(), dirty: !from, freeOrder: c.freeAllowance?.order || (c.meters || []).map((m) => m.id) };
  confirming = '';
}

function copyFrom(id) {
  const base = catalog(id);
  if (!base) return;
  const custom = isCustom(base);
  const c = wire(base);
  // The source stays the published document the prices derive from; a
  // note says which list it was copied from.
  if (!custom) {
    c.notes = Array.isArray(c.notes) ? c.notes : [];
    if (c.notes.length < 20) c.notes.unshift(`Custom price list copied from ${base.id} (${base.name}).`);
  }
  open(c, null, t('cl.copyName', { name: nameOf(base) }));
  setStatus(t('cl.copied', { name: nameOf(base) }));
}

function download(cat) {
  const text = exportText(cat);
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = h('a', { href: url, download: `${idPart(cat.id || 'custom')}.json`, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// exportText is a custom list as the JSON file Export writes: the catalog
// format, loadable again here or by the engine anywhere.
export function exportText(cat) {
  const c = typeof cat === 'string' ? customList().find((x) => x.id === cat) || saved.find((x) => x.id === cat) : cat;
  return `${JSON.stringify(wire(c || {}), null, 2)}\n`;
}

function remove(id) {
  writeSaved(saved.filter((c) => c.id !== id));
  state.customCatalogs = stateList().filter((c) => c.id !== id);
  if (state.quote.catalog === id) state.quote.catalog = published()[0]?.id || '';
  if (state.statement.catalog === id) state.statement.catalog = published()[0]?.id || '';
  syncState();
  save();
  if (draft && draft.from === id) draft.from = null;
  confirming = '';
  changed();
}

function useInQuote(id) {
  useCatalog(state.quote, id);
  save();
  changed();
  document.getElementById('tab-quote')?.click();
}

// saveDraft validates the draft with the engine and stores it under its
// name. It returns true when saved.
async function saveDraft() {
  const c = draft.catalog;
  c.name = typeof c.name === 'string' ? c.name.trim() : c.name;
  const nameEl = document.getElementById('cl-name');
  const id = customId(c.name || '');
  c.id = id;
  const err = await check(c);
  if (err) {
    showError(editor, err);
    setStatus(t('cl.notSaved'));
    return false;
  }
  const other = saved.find((s) => s.id === id && s.id !== draft.from);
  if (other) {
    showFieldMessage(nameEl, t('cl.nameTaken', { name: nameOf(other) }));
    setStatus(t('cl.notSaved'));
    return false;
  }
  const stored = wire(c);
  const list = saved.filter((s) => s.id !== id && s.id !== draft.from);
  list.push(stored);
  if (!writeSaved(list)) {
    showFieldMessage(nameEl, t('cl.storageFull'));
    setStatus(t('cl.notSaved'));
    return false;
  }
  // Views that used the list (under its old id, if renamed) use the new one.
  const old = draft.from;
  state.customCatalogs = stateList().filter((s) => s.id !== id && s.id !== old);
  for (const v of [state.quote, state.statement]) if (v.catalog === old || v.catalog === id) { v.catalog = id; state.customCatalogs.push(stored); }
  state.customCatalogs = [...new Map(state.customCatalogs.map((s) => [s.id, s])).values()];
  syncState();
  save();
  draft.from = id;
  draft.dirty = false;
  setStatus(t('cl.saved', { name: c.name }));
  changed();
  return true;
}

// importText reads a pasted or loaded JSON price list; errors are shown at
// control. A valid list opens in the editor.
async function importText(text, control) {
  showFieldMessage(control, '');
  let v;
  try {
    v = JSON.parse(text);
  } catch (e) {
    showFieldMessage(control, t('cl.json.bad', { err: String(e && e.message ? e.message : e) }));
    return false;
  }
  if (!isObj(v)) {
    showFieldMessage(control, t('cl.notObject'));
    return false;
  }
  const err = await check(v);
  if (err) {
    showFieldMessage(control, message(err));
    return false;
  }
  open(v, null, typeof v.name === 'string' ? v.name : '');
  setStatus(t('cl.loaded', { name: draft.catalog.name }));
  return true;
}

// buildLists (re)builds the price lists view.
export function buildLists(focusId) {
  if (!root) return;
  const rebuild = (fid) => buildLists(fid || document.activeElement?.id);
  const custom = customList();
  const fromLink = stateList().filter((c) => isObj(c) && okId(c.id) && !saved.some((s) => s.id === c.id && JSON.stringify(s) === JSON.stringify(wire(c))));

  const row = (c, linkOnly) => {
    const id = idPart(c.id);
    const valid = custom.includes(c) || validCached(c);
    const pk = Array.isArray(c.packages) ? c.packages.length : 0;
    const ask = confirming === c.id;
    return h('li', { class: 'cl-item', 'data-id': c.id },
      h('div', { class: 'cl-item-head' },
        h('span', { class: 'cl-item-name', text: typeof c.name === 'string' ? c.name : c.id }),
        valid ? null : h('span', { class: 'badge bad small', text: t('cl.invalid') })),
      h('p', { class: 'muted small', text: `${typeof c.vendor === 'string' ? c.vendor : ''} · ${typeof c.currency === 'string' ? c.currency : ''} · ${t('cl.nPackages', { n: num(pk) })}${linkOnly ? ` · ${t('cl.fromLink')}` : ''}` }),
      h('div', { class: 'actions' },
        linkOnly
          ? button(t('cl.keep'), () => { if (writeSaved([...saved.filter((s) => s.id !== c.id), wire(c)])) { setStatus(t('cl.saved', { name: c.name })); changed(); } else setStatus(t('cl.storageFull')); rebuild(`cl-edit-${id}`); }, { class: 'btn small', id: `cl-keep-${id}` })
          : null,
        valid ? button(t('cl.use'), () => useInQuote(c.id), { class: 'btn small', id: `cl-use-${id}`, ariaLabel: t('cl.use.aria', { name: c.name }) }) : null,
        button(t('cl.edit'), () => { open(c, linkOnly ? null : c.id, c.name); setStatus(''); rebuild('cl-name'); }, { class: 'btn small ghost', id: `cl-edit-${id}`, ariaLabel: t('cl.edit.aria', { name: c.name }) }),
        button(t('cl.export'), () => download(c), { class: 'btn small ghost', id: `cl-export-${id}`, ariaLabel: t('cl.export.aria', { name: c.name }) }),
        linkOnly ? null : button(ask ? t('cl.delete.confirm') : t('cl.delete'), () => {
          if (!ask) { confirming = c.id; rebuild(`cl-delete-${id}`); return; }
          remove(c.id);
          setStatus(t('cl.deleted', { name: c.name }));
          rebuild('cl-base');
        }, { class: ['btn small ghost', ask ? 'danger' : ''].join(' '), id: `cl-delete-${id}`, ariaLabel: ask ? t('cl.delete.confirm.aria', { name: c.name }) : t('cl.delete.aria', { name: c.name }) })));
  };

  const jsonText = h('textarea', { id: 'cl-json', rows: 4, spellcheck: 'false', placeholder: '{"format": 1, "id": …}' });
  const fileInput = h('input', { type: 'file', id: 'cl-file', accept: '.json,application/json', 'aria-describedby': 'cl-import-err' });
  fileInput.setAttribute('data-error-slot', 'cl-import-err');
  fileInput.addEventListener('change', () => {
    const f = fileInput.files && fileInput.files[0];
    if (!f) return;
    if (f.size > MAX_FILE) {
      showFieldMessage(fileInput, t('cl.file.big'));
      return;
    }
    const reader = new FileReader();
    reader.onload = async () => { if (await importText(String(reader.result), fileInput)) rebuild('cl-name'); };
    reader.onerror = () => showFieldMessage(fileInput, t('csv.read'));
    reader.readAsText(f);
    fileInput.value = '';
  });

  const lists = h('section', { class: 'panel cl-lists', 'aria-labelledby': 'cl-lists-title' },
    h('h2', { id: 'cl-lists-title', text: t('cl.title') }),
    h('p', { class: 'note', text: t('cl.intro') }),
    saved.length
      ? h('ul', { class: 'plain cl-saved', id: 'cl-saved' }, saved.map((c) => row(c, false)))
      : h('p', { class: 'muted small', id: 'cl-saved', text: t('cl.none') }),
    fromLink.length ? [h('h3', { text: t('cl.linkTitle') }), h('ul', { class: 'plain cl-saved', id: 'cl-link' }, fromLink.map((c) => row(c, true)))] : null,
    h('h3', { text: t('cl.new') }),
    h('div', { class: 'cl-new' },
      field(t('cl.base'), catalogSelect({ id: 'cl-base', value: published()[0]?.id }), { wide: true }),
      button(t('cl.copy'), () => { copyFrom(document.getElementById('cl-base').value); rebuild('cl-name'); }, { class: 'btn small', id: 'cl-copy' })),
    h('details', { class: 'csv-import cl-import', open: !!document.getElementById('cl-json')?.closest('details')?.open },
      h('summary', { text: t('cl.import') }),
      h('p', { class: 'note', text: t('cl.import.help') }),
      field(t('cl.paste'), jsonText, { wide: true, errorSlot: 'cl-import-err' }),
      h('div', { class: 'actions' },
        button(t('cl.load'), async () => { if (await importText(jsonText.value, jsonText)) rebuild('cl-name'); }, { class: 'btn small', id: 'cl-json-load' }),
        fileInput, h('label', { class: 'btn small ghost file', for: 'cl-file', text: t('cl.file') })),
      h('p', { class: 'field-error', id: 'cl-import-err', 'aria-live': 'polite' })),
    h('p', { class: 'cl-status', id: 'cl-status', role: 'status', 'aria-live': 'polite', text: status }));

  editor = draft ? editorForm(rebuild) : null;
  replace(root, h('div', { class: 'layout cl-layout' }, lists,
    h('div', { class: 'results', id: 'cl-editor-box' }, editor || h('p', { class: 'empty panel', text: t('cl.empty') }))));
  if (focusId) document.getElementById(focusId)?.focus();
  if (editor) revalidate.flush();
}

let validating = 0; // the latest validation wins

async function validateDraft() {
  if (!draft || !editor || !editor.isConnected) return;
  const mine = ++validating;
  const err = await check(draft.catalog);
  if (mine !== validating || !draft || !editor || !editor.isConnected) return;
  if (err) {
    showError(editor, err);
    return;
  }
  clearErrors(editor);
  // The page shows money with at most six decimal places: say so rather
  // than show a rounded price.
  const c = draft.catalog;
  const bad = (c.meters || []).findIndex((m) => fractionDigits(m.overagePer1000) > 6);
  if (bad >= 0) {
    showFieldMessage(document.getElementById(`cl-m-${bad}`), t('cl.places'));
    return;
  }
  const badP = (c.packages || []).findIndex((p) => fractionDigits(p.price) > 6);
  if (badP >= 0) showFieldMessage(document.getElementById(`cl-p-${badP}-price`), t('cl.places'));
}
const revalidate = debounce(validateDraft, 150);

function touched() {
  if (!draft) return;
  draft.dirty = true;
  const b = document.getElementById('cl-dirty');
  if (b) b.hidden = false;
  revalidate();
}

function editorForm(rebuild) {
  const c = draft.catalog;
  const cur = typeof c.currency === 'string' ? c.currency : 'CNY';
  const base = draft.base;
  const meters = Array.isArray(c.meters) ? c.meters : [];
  const pkgs = Array.isArray(c.packages) ? c.packages : [];
  const listOf = (i, key) => (base.packages && base.packages[i] ? base.packages[i][key] : '');
  const rowErr = (id) => h('p', { class: 'field-error row-error', id, 'aria-live': 'polite' });
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
        p.price = e.target.value.trim();
        if (p.unitPer1000 !== undefined && !unitConsistent(p)) delete p.unitPer1000;
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
    for (const i of idx) {
      const p = pkgs[i];
      // Off the list price, so applying twice does not compound.
      const list = listOf(i, 'price');
      const price = discounted(list, pct);
      if (price === null) continue;
      p.price = price;
      const unit = base.packages[i].unitPer1000;
      if (unit !== undefined) {
        const u = discounted(unit, pct);
        if (u !== null) p.unitPer1000 = u;
        if (u === null || !unitConsistent(p)) delete p.unitPer1000;
      }
    }
    draft.dirty = true;
    setStatus(t('cl.discounted', { pct: `${el.value.trim().replace(/%$/, '')}%`, n: num(idx.length) }));
    rebuild(which === 'all' ? 'cl-apply-all' : 'cl-apply-selected');
  };

  const fa = c.freeAllowance;
  const free = input({
    id: 'cl-free', value: isObj(fa) && fa.minutesPerMonth !== undefined ? String(fa.minutesPerMonth) : '', field: 'catalog.freeAllowance.minutesPerMonth catalog.freeAllowance', inputmode: 'numeric', placeholder: '0',
    oninput: (e) => {
      const v = e.target.value.trim();
      if (v === '') delete c.freeAllowance;
      else {
        // Minutes are a count, not money: a whole number is sent as one.
        const n = /^\d{1,15}$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : v;
        c.freeAllowance = { minutesPerMonth: n, order: isObj(c.freeAllowance) && Array.isArray(c.freeAllowance.order) ? c.freeAllowance.order : draft.freeOrder };
      }
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
      field(t('cl.name'), input({ id: 'cl-name', value: c.name ?? '', field: 'catalog.name catalog.id catalog', oninput: (e) => { c.name = e.target.value; c.id = customId(c.name.trim()); touched(); } }), { wide: true, hint: t('cl.name.hint') }),
      field(t('cl.free'), free, { hint: t('cl.free.hint') })),
    h('fieldset', { class: 'rows cl-meters', 'data-field': 'catalog.meters' },
      h('legend', { text: t('cl.meters') }),
      head(t('meter'), t('cl.list'), t('cl.overage')),
      meterRows),
    h('fieldset', { class: 'rows cl-pkgs', 'data-field': 'catalog.packages' },
      h('legend', { text: t('cl.packages') }),
      h('div', { class: 'cl-discount' },
        field(t('cl.discount'), discount, { hint: t('cl.discount.hint') }),
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
      button(t('cl.export'), async () => { const err = await check(c); if (err) { showError(editor, err); return; } download(c); }, { class: 'btn ghost', id: 'cl-export' }),
      button(t('cl.close'), () => { draft = null; setStatus(''); rebuild('cl-copy'); }, { class: 'btn ghost', id: 'cl-close' })),
    h('div', { class: 'view-error', 'aria-live': 'assertive', id: 'cl-error' }));
}
