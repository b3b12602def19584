// Saved work, kept in this browser (localStorage) and nowhere else:
//
// - the last work: the whole state, written each time it changes, so that
//   reopening the page (or the one-file offline build) with no link in the
//   address brings it back (state.js load());
// - named statements and quotes: saved under a name, listed, reopened,
//   exported as a file, deleted. A named save is a snapshot: saving again
//   under the same name replaces it; the work in progress itself is kept
//   as the last work.
//
// A share link still opens exactly what it carries: its view comes from
// the link; the other views keep the last work. An embedded calculator
// (?embed=1) neither restores nor writes anything.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { state } from './state.js';
import { encode } from './link.js';
import { date } from './format.js';
import { statementJSON } from './statementfile.js';
import { nameOf, catalog } from './catalogs.js';

export const LAST_KEY = 'rtcprice.lastWork';
export const SAVED_KEY = 'rtcprice.savedWork';
const MAX_SAVED = 200;
const MAX_LAST = 2 * 1024 * 1024; // characters of the last work worth writing at each change
const KINDS = ['statement', 'quote'];

const embedded = () => new URLSearchParams(globalThis.location?.search || '').has('embed');

function read(key, fallback) {
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(key) ?? 'null');
    return v ?? fallback;
  } catch {
    return fallback;
  }
}

function write(key, v) {
  try {
    globalThis.localStorage.setItem(key, JSON.stringify(v));
    return true;
  } catch {
    return false; // storage full or blocked: the page works on
  }
}

// lastWork is the state last written in this browser, or null (for
// state.js, before the views start).
export function lastWork() {
  if (embedded()) return null;
  const v = read(LAST_KEY, null);
  return v && typeof v === 'object' && !Array.isArray(v) && v.state && typeof v.state === 'object' ? v : null;
}

// items is the list of named saves, newest first.
export function items() {
  const a = read(SAVED_KEY, []);
  return Array.isArray(a) ? a.filter((x) => x && typeof x === 'object' && typeof x.id === 'string' && KINDS.includes(x.kind) && x.data && typeof x.data === 'object') : [];
}

function usedCustoms(data) {
  const cc = Array.isArray(state.customCatalogs) ? state.customCatalogs : [];
  return cc.filter((c) => c && c.id === data.catalog);
}

function persist(e) {
  if (embedded()) return;
  // The state's JSON text as state.js save() just wrote it, when given:
  // kept as is (a statement of 100,000 rows is not written out twice more).
  // A state over MAX_LAST characters (a statement of tens of thousands of
  // usage rows) is not kept: localStorage writes synchronously, and
  // writing megabytes on every change would block the page for seconds
  // (its URL hash, and the statement file, still hold it). An older last
  // work is dropped then rather than coming back in its place.
  const json = e && e.detail && typeof e.detail.json === 'string' ? e.detail.json : '';
  if (json) {
    try {
      if (json.length > MAX_LAST) globalThis.localStorage.removeItem(LAST_KEY);
      else globalThis.localStorage.setItem(LAST_KEY, `{"state":${json},"at":${JSON.stringify(new Date().toISOString())}}`);
    } catch {
      // storage full or blocked: the page works on
    }
  } else {
    write(LAST_KEY, { state: JSON.parse(JSON.stringify(state)), at: new Date().toISOString() });
  }
  if (box && !box.hidden) render();
}

globalThis.addEventListener?.('rtcprice:saved', persist);

// ---------------------------------------------------------------------------
// The "Saved work" box.

let button = null;
let box = null;
let status = null;
let list = null;
let urls = [];

const viewKind = () => (KINDS.includes(state.view) ? state.view : '');

function say(text) {
  if (status) status.textContent = text;
}

function newId() {
  return `w${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

function saveAs(name) {
  const kind = viewKind();
  if (!kind) return;
  const n = name.trim().slice(0, 120);
  if (!n) {
    say(t('saved.noName'));
    document.getElementById('saved-name')?.focus();
    return;
  }
  const all = items();
  const data = JSON.parse(JSON.stringify(state[kind]));
  const same = all.find((x) => x.kind === kind && x.name === n);
  const it = same || { id: newId(), kind, name: n };
  Object.assign(it, { data, customCatalogs: usedCustoms(data), at: new Date().toISOString() });
  const next = [it, ...all.filter((x) => x !== it)].slice(0, MAX_SAVED);
  if (!write(SAVED_KEY, next)) {
    say(t('saved.full'));
    return;
  }
  render();
  say(t(same ? 'saved.updated' : 'saved.done', { name: n }));
}

// open puts a named save into its view, through the address (as a link
// does): the page reloads its state from it, and Back goes back.
async function open(it) {
  const cc = Array.isArray(state.customCatalogs) ? state.customCatalogs : [];
  const custom = (it.customCatalogs || []).filter((c) => c && typeof c.id === 'string');
  const next = {
    ...JSON.parse(JSON.stringify(state)),
    view: it.kind,
    [it.kind]: it.data,
    customCatalogs: [...custom, ...cc.filter((c) => !custom.some((x) => x.id === c.id))].slice(0, 8),
  };
  location.hash = `s=${await encode(next)}`;
  say(t('saved.opened', { name: it.name }));
}

function remove(it) {
  write(SAVED_KEY, items().filter((x) => x.id !== it.id));
  render();
  say(t('saved.deleted', { name: it.name }));
  document.getElementById('saved-name')?.focus();
}

// fileOf is a named save as a file: a statement file (statementfile.js,
// which the statement view imports) or a quote's inputs.
function fileOf(it) {
  if (it.kind === 'statement') {
    const custom = (it.customCatalogs || []).find((c) => c.id === it.data.catalog) || null;
    return statementJSON({ start: '', end: '', trial: '', purchases: [], usage: [], ...it.data }, { customCatalog: custom });
  }
  return `${JSON.stringify({ format: 'rtcprice-quote', version: 1, name: it.name, quote: it.data, customCatalogs: it.customCatalogs || [] }, null, 2)}\n`;
}

function slug(name) {
  return name.normalize('NFKC').replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'rtcprice';
}

function render() {
  if (!list) return;
  for (const u of urls) URL.revokeObjectURL(u);
  urls = [];
  const kind = viewKind();
  const nameInput = document.getElementById('saved-name');
  const saveBtn = document.getElementById('saved-save');
  if (saveBtn) saveBtn.disabled = !kind;
  if (nameInput) nameInput.disabled = !kind;
  const hint = document.getElementById('saved-hint');
  if (hint) hint.textContent = kind ? t(`saved.hint.${kind}`) : t('saved.hint.none');
  const all = items();
  if (!all.length) {
    replace(list, h('p', { class: 'muted small', id: 'saved-empty', text: t('saved.empty') }));
    return;
  }
  replace(list, h('ul', { class: 'saved-list plain' }, all.map((it, i) => {
    const url = URL.createObjectURL(new Blob([fileOf(it)], { type: 'application/json' }));
    urls.push(url);
    const cat = catalog(it.data.catalog);
    return h('li', { class: 'saved-item', 'data-saved': it.id },
      h('div', { class: 'saved-what' },
        h('strong', { text: it.name }),
        h('span', { class: 'muted small', text: ` · ${t(`saved.kind.${it.kind}`)}${cat ? ` · ${nameOf(cat)}` : ''} · ${date(String(it.at || '').slice(0, 10))}` })),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn small', id: `saved-open-${i}`, 'aria-label': t('saved.openNamed', { name: it.name }), text: t('saved.open'), onclick: () => open(it) }),
        h('a', { class: 'btn small ghost', id: `saved-export-${i}`, href: url, download: `${slug(it.name)}.json`, 'aria-label': t('saved.exportNamed', { name: it.name }), text: t('saved.export') }),
        h('button', { type: 'button', class: 'btn small ghost', id: `saved-delete-${i}`, 'aria-label': t('saved.deleteNamed', { name: it.name }), text: t('saved.delete'), onclick: () => remove(it) })));
  })));
}

// mountSaved puts the "Saved work" button into the header (before the
// language button) and its box under the header.
export function mountSaved() {
  const top = document.querySelector('header.top');
  const lang = document.getElementById('lang-toggle');
  if (!top || !lang || button || embedded()) return;
  button = h('button', {
    type: 'button', id: 'saved-open', class: 'btn ghost small tool', 'aria-expanded': 'false', 'aria-controls': 'saved-box',
    'data-i18n': 'saved.button', text: t('saved.button'), onclick: () => (box.hidden ? show() : hide()),
  });
  top.insertBefore(button, document.getElementById('share-open') || lang);
  const nameInput = h('input', { id: 'saved-name', type: 'text', maxlength: 120, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'saved-hint' });
  status = h('p', { id: 'saved-status', class: 'share-status', 'aria-live': 'polite' });
  list = h('div', { id: 'saved-list' });
  box = h('section', { id: 'saved-box', class: 'share-box saved-box', hidden: true, 'aria-labelledby': 'saved-title', onkeydown: (e) => { if (e.key === 'Escape') hide(); } },
    h('h2', { id: 'saved-title', class: 'saved-title', 'data-i18n': 'saved.title', text: t('saved.title') }),
    h('p', { id: 'saved-hint', class: 'note' }),
    h('form', { class: 'share-row', onsubmit: (e) => { e.preventDefault(); saveAs(nameInput.value); } },
      h('label', { for: 'saved-name', 'data-i18n': 'saved.name', text: t('saved.name') }),
      nameInput,
      h('button', { type: 'submit', id: 'saved-save', class: 'btn small', 'data-i18n': 'saved.save', text: t('saved.save') }),
      h('button', { type: 'button', id: 'saved-close', class: 'btn small ghost', 'data-i18n': 'share.close', text: t('share.close'), onclick: () => hide() })),
    status,
    list,
    h('p', { class: 'note', 'data-i18n': 'saved.note', text: t('saved.note') }));
  (document.getElementById('share-box') || top).after(box);
  globalThis.addEventListener('storage', (e) => { if (e.key === SAVED_KEY) render(); });
}

function show() {
  box.hidden = false;
  button.setAttribute('aria-expanded', 'true');
  render();
  document.getElementById('saved-name')?.focus();
}

function hide() {
  box.hidden = true;
  button.setAttribute('aria-expanded', 'false');
  button.focus();
}

// refreshSaved re-renders the box (after a language change).
export function refreshSaved() {
  if (box && !box.hidden) render();
}
