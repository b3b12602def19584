// rtcprice page entry point: starts calc.wasm and, meanwhile, draws the
// quote, compare and statement views. See js/ for the parts.
//
// What the first quote needs comes with this module; the other views
// (compare, statement, price lists) and the English strings are imported
// when they are shown, or, all of them, once the first quote is on
// screen (loadRest): in the served page (cmd/dist) they are chunks of
// their own, so a first visit's bytes before calc.wasm is in are the
// quote's. The page is marked data-ready once they are all here.

import { h, replace } from './js/dom.js';
import { t, setLang, lang, applyStatic, loadLang } from './js/i18n.js';
import { state, load, save, isOwnHash } from './js/state.js';
import { loadCalc, version } from './js/api.js';
import { published, nameOf } from './js/catalogs.js';
import { date } from './js/format.js';
import { mountQuote, buildQuote, firstQuote } from './js/quote.js';
import { isStateHash } from './js/link.js';
import { mountShare, linkProblem, checkCatalogs } from './js/share.js';
import { mountPrint } from './js/print.js';
import { mountSaved } from './js/saved.js';
import { startA11y } from './js/a11y.js';
import { startOffline } from './js/offline.js';
import { embedded, startEmbed, paramLang, applyParams, mountOpenLink } from './js/embed.js';
import { checkCustom } from './js/custom.js';

// The views: the quote's is here; each other's module is imported (and
// its view mounted) the first time it is needed.
const VIEWS = {
  quote: { build: buildQuote },
  compare: { load: () => import('./js/compare.js').then((m) => ({ mount: m.mountCompare, build: m.buildCompare })) },
  statement: { load: () => import('./js/statement.js').then((m) => ({ mount: m.mountStatement, build: m.buildStatement })) },
  lists: { load: () => import('./js/pricelists.js').then((m) => ({ mount: m.mountLists, build: m.buildLists })) },
};
const built = new Set();

// loadView resolves when view v can be built (its module imported and
// mounted), once.
function loadView(v) {
  const view = VIEWS[v];
  if (view.build) return Promise.resolve();
  if (!view.loading) {
    view.loading = view.load().then((m) => {
      m.mount(document.getElementById(`view-${v}`));
      view.build = m.build;
    }, (e) => {
      view.loading = null;
      throw e;
    });
  }
  return view.loading;
}

// buildView builds view v now, or once its module is here (if it is
// still the view shown and not built since).
function buildView(v) {
  if (VIEWS[v].build) {
    VIEWS[v].build();
    return;
  }
  loadView(v).then(() => {
    if (state.view === v && built.has(v)) VIEWS[v].build();
  }, (e) => fail(t('load.failed', { err: String(e && e.message ? e.message : e) })));
}

function showView(view, focusTab) {
  state.view = VIEWS[view] ? view : 'quote';
  for (const v of Object.keys(VIEWS)) {
    const tab = document.getElementById(`tab-${v}`);
    const sec = document.getElementById(`view-${v}`);
    const on = v === state.view;
    tab.setAttribute('aria-current', on ? 'page' : 'false');
    tab.classList.toggle('active', on);
    sec.hidden = !on;
  }
  if (!built.has(state.view)) {
    built.add(state.view);
    buildView(state.view);
  }
  if (focusTab) document.getElementById(`tab-${state.view}`).focus();
  save();
}

function renderLangButton() {
  const b = document.getElementById('lang-toggle');
  // The accessible name is the text shown (WCAG 2.5.3, label in name); what
  // it does is the title.
  b.textContent = lang() === 'zh' ? 'English' : '中文';
  b.setAttribute('lang', lang() === 'zh' ? 'en' : 'zh-CN');
  b.removeAttribute('aria-label');
  b.setAttribute('title', t('lang.switch'));
}

function renderFooter() {
  const list = document.getElementById('sources');
  replace(list, published().map((c) => h('li', null,
    h('strong', { text: nameOf(c) }), ' — ',
    h('span', { text: c.source && c.source.title ? c.source.title : '' }),
    c.source && c.source.date ? h('span', { class: 'muted', text: ` (${date(c.source.date)})` }) : null)));
  const v = version();
  document.getElementById('version').textContent = v ? t('footer.version', { v }) : '';
}

// rebuildAll re-renders everything after a language or state change.
function rebuildAll() {
  setLang(state.lang);
  applyStatic(document);
  document.title = t('title');
  renderLangButton();
  renderFooter();
  built.clear();
  const focused = document.activeElement && document.activeElement.id;
  showView(state.view);
  if (focused) document.getElementById(focused)?.focus();
}

function fail(text) {
  const box = document.getElementById('loading');
  box.classList.add('failed');
  box.hidden = false;
  replace(box, h('p', { class: 'callout bad', role: 'alert', text }));
}

// engineReady hands the page's client to scripts and tests (docs/api.md)
// once calc.wasm runs: window.rtcprice, the rtcprice:ready event.
function engineReady(client) {
  performance.mark('rtcprice:calc-ready');
  window.rtcprice = client;
  window.dispatchEvent(new Event('rtcprice:ready'));
}

// loadRest imports what the first view did not need: the other views and
// the other language.
function loadRest() {
  return Promise.all([...Object.keys(VIEWS).map(loadView), loadLang('en')]);
}

const delay = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

async function main() {
  // calc.wasm first: it loads while the page draws its forms from the
  // catalogs it ships (js/catalogs.js); the views' results say
  // "calculating" until the engine answers.
  const engine = loadCalc();
  startEmbed();
  const linkError = await load();
  paramLang();
  await loadLang(state.lang);
  setLang(state.lang);
  applyStatic(document);
  document.title = t('title');
  renderLangButton();
  const started = engine.then(engineReady, (e) => {
    fail(t('load.failed', { err: String(e && e.message ? e.message : e) }));
    throw e;
  });
  await checkCustom(); // calls the engine only for custom price lists
  applyParams();
  checkCatalogs();
  linkProblem(linkError);
  mountQuote(document.getElementById('view-quote'));
  // A custom price list saved or deleted: views rebuild when next shown.
  window.addEventListener('rtcprice:catalogs', () => built.clear());
  for (const v of Object.keys(VIEWS)) {
    document.getElementById(`tab-${v}`).addEventListener('click', () => showView(v, true));
  }
  document.getElementById('lang-toggle').addEventListener('click', async () => {
    state.lang = lang() === 'zh' ? 'en' : 'zh';
    save();
    try {
      await loadLang(state.lang);
    } catch (e) {
      fail(t('load.failed', { err: String(e && e.message ? e.message : e) }));
      return;
    }
    rebuildAll();
    document.getElementById('lang-toggle').focus();
  });
  window.addEventListener('hashchange', async () => {
    // A link pasted into the address bar; not an in-page anchor (#app).
    if (isOwnHash() || !isStateHash(location.hash)) return;
    const error = await load();
    await loadLang(state.lang).catch(() => {});
    await checkCustom();
    checkCatalogs();
    linkProblem(error);
    rebuildAll();
  });
  mountShare();
  mountPrint();
  mountSaved();
  startA11y();
  mountOpenLink();
  renderFooter();
  document.getElementById('loading').hidden = true;
  document.getElementById('app').hidden = false;
  document.documentElement.setAttribute('data-form', 'true');
  performance.mark('rtcprice:form');
  showView(state.view);
  // data-ready: the page, all its views, and its engine (tests and
  // scripts wait for it before they use window.rtcprice).
  try {
    await started;
  } catch {
    return;
  }
  renderFooter();
  // The rest of the page once the first quote is on screen (its download
  // and its parsing then take nothing from it), or at once where the page
  // opened on another view; a first quote the input keeps from coming
  // (an error) waits no more than 2 s.
  await Promise.race([firstQuote(), delay(state.view === 'quote' ? 2000 : 0)]);
  try {
    await loadRest();
  } catch (e) {
    fail(t('load.failed', { err: String(e && e.message ? e.message : e) }));
    return;
  }
  document.documentElement.setAttribute('data-ready', 'true');
  // The offline cache once calc.wasm is here: its install takes what the
  // page has fetched from the HTTP cache, rather than a second download
  // of a file still on its way.
  startOffline({ notice: !embedded });
}

main().catch((e) => fail(String(e && e.message ? e.message : e)));
