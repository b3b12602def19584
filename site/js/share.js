// Share links and the page's notices.
//
// A share link is the page's URL with the state of the view shown in its
// hash (link.js's format): the view, the language, that view's inputs, the
// id of the price list it uses and, when that list is a custom one, the
// list itself. The other views' inputs stay behind: a statement of one
// customer does not ride along with a quote sent to another.
//
// Notices are the messages about the page itself, above the views: a link
// that cannot be read, a price list the link names that this calculator
// does not have, a URL parameter it does not understand.

import { h } from './dom.js';
import { t } from './i18n.js';
import { state } from './state.js';
import { encode, MAX_JSON } from './link.js';
import { catalog, catalogs, nameOf } from './catalogs.js';

// viewCatalog is the id of the price list a state's view prices with, or
// '' for a view that uses them all (compare).
export function viewCatalog(s) {
  const sec = s[s.view];
  return sec && typeof sec.catalog === 'string' ? sec.catalog : '';
}

// shareState is what a share link of state s carries.
export function shareState(s) {
  const out = { view: s.view, lang: s.lang };
  const id = viewCatalog(s);
  if (id) out.catalog = id;
  if (s[s.view] !== undefined) out[s.view] = s[s.view];
  const customs = Array.isArray(s.customCatalogs) ? s.customCatalogs : [];
  // A view with one price list takes that list if it is a custom one; a
  // view of every list (compare) takes the custom lists the state holds.
  const travel = id ? customs.filter((c) => c && c.id === id) : customs;
  if (travel.length) out.customCatalogs = travel;
  return out;
}

// publishedBase is where a share link made in the one-file offline build
// points: the published site's address, which cmd/dist writes into
// <meta name="rtcprice-published"> (-base-url), or '' when there is none.
// A file:///… link opens nothing on another computer.
export function publishedBase() {
  const c = document.querySelector('meta[name="rtcprice-published"]')?.getAttribute('content') || '';
  try {
    const u = new URL(c);
    return /^https?:$/.test(u.protocol) ? u.href : '';
  } catch {
    return '';
  }
}

const fromFile = () => location.protocol === 'file:';

// shareLink resolves with the share link of the current state: this page's
// address without its query (embed parameters), with the state's hash;
// from a file, the published site's address with the hash, or '' when the
// file knows no published site.
export async function shareLink() {
  let url;
  if (fromFile()) {
    const base = publishedBase();
    if (!base) return '';
    url = new URL(base);
  } else {
    url = new URL(location.href);
  }
  url.search = '';
  url.hash = `s=${await encode(shareState(state))}`;
  return url.href;
}

let button = null;
let box = null;
let field = null;
let status = null;

// mountShare puts the "Copy link" button into the header, before the
// language button, and the share box under the header.
export function mountShare() {
  const top = document.querySelector('header.top');
  const lang = document.getElementById('lang-toggle');
  if (!top || !lang || button) return;
  button = h('button', {
    type: 'button', id: 'share-open', class: 'btn ghost small tool', 'aria-expanded': 'false', 'aria-controls': 'share-box',
    'data-i18n': 'share.button', text: t('share.button'), onclick: () => openShare(),
  });
  top.insertBefore(button, lang);
  field = h('input', { id: 'share-url', type: 'text', readonly: true, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'share-status share-note' });
  status = h('p', { id: 'share-status', class: 'share-status', 'aria-live': 'polite' });
  box = h('section', { id: 'share-box', class: 'share-box', hidden: true, 'aria-labelledby': 'share-title', onkeydown: (e) => { if (e.key === 'Escape') closeShare(); } },
    h('div', { class: 'share-row' },
      h('label', { id: 'share-title', for: 'share-url', 'data-i18n': 'share.title', text: t('share.title') }),
      field,
      h('button', { type: 'button', id: 'share-copy', class: 'btn small', 'data-i18n': 'share.copy', text: t('share.copy'), onclick: () => copy() }),
      h('button', { type: 'button', id: 'share-close', class: 'btn small ghost', 'data-i18n': 'share.close', text: t('share.close'), onclick: () => closeShare() })),
    status,
    h('p', { id: 'share-note', class: 'note', 'data-i18n': 'share.note', text: t('share.note') }),
    // From the offline file: where the link goes, or why there is none.
    fromFile() ? h('p', { id: 'share-where', class: 'note share-where' }) : null);
  top.after(box);
  // The link follows the state while the box is open.
  window.addEventListener('rtcprice:saved', () => {
    if (!box.hidden) refresh();
  });
}

async function refresh() {
  const link = await shareLink();
  if (field.value !== link) {
    field.value = link;
    status.textContent = '';
  }
  const where = document.getElementById('share-where');
  if (where) {
    const base = publishedBase();
    where.textContent = base ? t('share.published', { url: base }) : t(state.view === 'statement' ? 'share.noSiteStatement' : 'share.noSite');
  }
  return link;
}

async function openShare() {
  box.hidden = false;
  button.setAttribute('aria-expanded', 'true');
  await refresh();
  await copy();
}

// copy puts the link on the clipboard when the browser lets it, and
// otherwise leaves it selected in the read-only field for Ctrl+C.
async function copy() {
  field.focus();
  field.select();
  if (!field.value) {
    // The offline file knows no published site: no link to copy.
    status.textContent = '';
    return;
  }
  let copied = false;
  if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
    try {
      await navigator.clipboard.writeText(field.value);
      copied = true;
    } catch {
      copied = false;
    }
  }
  status.textContent = copied ? t('share.copied') : t('share.select');
}

function closeShare() {
  box.hidden = true;
  button.setAttribute('aria-expanded', 'false');
  button.focus();
}

// noticeList is the element holding the notices, before the views.
export function noticeList() {
  let list = document.getElementById('notices');
  if (!list) {
    list = h('div', { id: 'notices', class: 'notices' });
    const app = document.getElementById('app');
    app.parentNode.insertBefore(list, app);
  }
  return list;
}

// notify shows a notice (replacing one with the same key): a message
// about the page, announced, with a button to dismiss it. text is an i18n
// key (with vars), so the notice follows a change of language, or a string.
export function notify(key, text, kind = 'warn') {
  const list = noticeList();
  list.querySelector(`[data-notice="${key}"]`)?.remove();
  const note = h('div', { class: ['callout', kind, 'notice'], role: 'alert', 'data-notice': key },
    typeof text === 'object' && text
      ? h('p', { 'data-i18n': text.key, 'data-i18n-vars': text.vars ? JSON.stringify(text.vars) : null, text: t(text.key, text.vars) })
      : h('p', { text }),
    h('button', {
      type: 'button', class: 'btn small ghost', 'data-i18n': 'notice.dismiss', text: t('notice.dismiss'),
      onclick: () => { note.remove(); document.getElementById('app')?.focus(); },
    }));
  list.appendChild(note);
  return note;
}

// clearNotice removes the notice with key, if shown.
export function clearNotice(key) {
  document.querySelector(`#notices [data-notice="${key}"]`)?.remove();
}

// linkProblem shows why the link could not be read (load()'s answer), or
// removes that notice when it could.
export function linkProblem(error) {
  if (!error) {
    clearNotice('link');
    return;
  }
  if (error === 'large') {
    // Refused while inflating, at the limit (link.js): say which limit.
    notify('link', { key: 'link.tooLarge', vars: { limit: `${MAX_JSON / (1024 * 1024)} MiB` } }, 'bad');
    return;
  }
  const key = t(`link.${error}`, null, '') ? `link.${error}` : 'link.corrupt';
  notify('link', { key }, 'bad');
}

// checkCatalogs tells when the state names a price list the calculator
// does not have (an old link, a custom list that did not travel); the
// views then fall back to the first list. Call it once the catalogs are
// known, before the views are built.
export function checkCatalogs() {
  if (!catalogs().length) return;
  const fallback = nameOf(catalogs()[0]);
  const missing = new Set([state.quote?.catalog, state.statement?.catalog].filter((id) => id && !catalog(id)));
  if (!missing.size) {
    clearNotice('catalog');
    return;
  }
  notify('catalog', { key: 'link.catalog', vars: { id: [...missing].join(', '), name: fallback } }, 'warn');
}
