// Custom price lists: a salesperson's negotiated prices, priced by the same
// engine as the published catalogs. This is their store: where they live,
// which are valid, and which the views use. The rules on a list object
// are customlist.js's; the price lists view is pricelists.js and its
// editor listeditor.js.
//
// A list is started by copying a published list (or a saved one) and
// editing its prices, or loaded from a JSON file; calc.wasm validates it
// exactly like an embedded catalog (a quote with the catalog inline), and
// its errors name the field ("catalog.packages[3].price"), shown next to
// the editor control.
//
// Where they live:
// - saved lists: localStorage (KEY), several, by name;
// - lists a view uses: state.customCatalogs (whole objects), so a share
//   link carries them and works in a browser that never saw them;
// - the pickers: catalogs.js asks customList() (registered below) for the
//   valid custom lists, after the published ones.
// Names in a custom list are user input: everything here is built with
// textContent (dom.js), never markup.

import { h } from './dom.js';
import { t } from './i18n.js';
import { state, save } from './state.js';
import { call } from './api.js';
import { published, catalog, nameOf, setCustomProvider } from './catalogs.js';
import { isObj, isCustom, wire, readSaved, pickCustom, syncList, fromLinkOnly, withSaved, renamed } from './customlist.js';

export { isCustom, wire, customId } from './customlist.js';
// The exact decimal helpers of the editor are dec.js's (TestCustomDecimals
// reaches them here).
export { canonical, percentOff, discounted, change } from './dec.js';

export const KEY = 'rtcprice.customCatalogs';

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
// null or the API's error ({code, field, reason, params, message}), or
// undefined when run (api.js call, or a view's latest-wins caller) says
// a newer call superseded it.
export async function check(cat, run = call) {
  if (!isObj(cat)) return { code: 'invalid', field: 'catalog', reason: 'not_object', params: {}, message: t('cl.notObject') };
  const env = await run('quote', { catalog: wire(cat), start: '2000-01', months: 1, usage: {} });
  if (!env) return undefined;
  const err = env.ok ? null : env.error;
  // An error that is not about the catalog (the calculator is not loaded
  // yet) is not remembered.
  if (!err || (err.field || '').startsWith('catalog')) checked.set(JSON.stringify(wire(cat)), err);
  return err;
}

// knownValid reports whether cat is known to be valid; one not checked yet
// is checked in the background.
export function knownValid(cat) {
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

let saved = load();

function load() {
  try {
    return readSaved(localStorage.getItem(KEY));
  } catch {
    return [];
  }
}

function store(list) {
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
  saved = load();
  changed();
});

// changed tells the page the list of catalogs changed (app.js rebuilds
// views when next shown).
export function changed() {
  globalThis.dispatchEvent(new Event('rtcprice:catalogs'));
}

// keepList saves a list as it is (one a share link brought); false when
// the storage is full.
export function keepList(cat) {
  if (!store(withSaved(saved, wire(cat)))) return false;
  changed();
  return true;
}

// saveList stores cat under its id, replacing the saved list it was edited
// from (from: that list's id, or null), and points the views that used
// either at it. It returns {taken: the other list} when another saved
// list has the id, {full: true} when the storage is full, else {}.
export function saveList(cat, from) {
  const other = saved.find((s) => s.id === cat.id && s.id !== from);
  if (other) return { taken: other };
  const stored = wire(cat);
  if (!store(withSaved(saved, stored, from))) return { full: true };
  state.customCatalogs = renamed(stateList(), [state.quote, state.statement], from, stored);
  syncState();
  save();
  changed();
  return {};
}

// removeList deletes a saved list; views that used it go back to the
// first published list.
export function removeList(id) {
  store(saved.filter((c) => c.id !== id));
  state.customCatalogs = stateList().filter((c) => c.id !== id);
  if (state.quote.catalog === id) state.quote.catalog = published()[0]?.id || '';
  if (state.statement.catalog === id) state.statement.catalog = published()[0]?.id || '';
  syncState();
  save();
  changed();
}

// exportText is a custom list (or its id) as the JSON file Export writes:
// the catalog format, loadable again here or by the engine anywhere.
export function exportText(cat) {
  const c = typeof cat === 'string' ? customList().find((x) => x.id === cat) || saved.find((x) => x.id === cat) : cat;
  return `${JSON.stringify(wire(c || {}), null, 2)}\n`;
}

// ---------------------------------------------------------------------------
// The custom lists in the pickers, and the state's copy of those in use.

function stateList() {
  return Array.isArray(state.customCatalogs) ? state.customCatalogs : [];
}

// linkLists are the lists in the state not saved here (a link's).
export function linkLists() {
  return fromLinkOnly(stateList(), saved);
}

// customList is every valid custom list: those in the state (a share link's
// win over a saved list of the same id), then the saved ones.
export function customList() {
  return pickCustom([...stateList(), ...saved], published().map((c) => c.id), knownValid);
}

setCustomProvider(customList);

// syncState keeps state.customCatalogs to the custom lists the views use
// (customlist.js syncList).
export function syncState() {
  const used = new Set([state.quote?.catalog, state.statement?.catalog].filter(Boolean));
  state.customCatalogs = syncList(stateList(), saved, used);
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
