// rtcprice page entry point: starts calc.wasm and, meanwhile, draws the
// quote, compare and statement views. See js/ for the parts.

import { h, replace } from './js/dom.js';
import { t, setLang, lang, applyStatic } from './js/i18n.js';
import { state, load, save, isOwnHash } from './js/state.js';
import { loadCalc, version } from './js/api.js';
import { published, nameOf } from './js/catalogs.js';
import { date } from './js/format.js';
import { mountQuote, buildQuote } from './js/quote.js';
import { mountCompare, buildCompare } from './js/compare.js';
import { mountStatement, buildStatement } from './js/statement.js';
import { isStateHash } from './js/link.js';
import { mountShare, linkProblem, checkCatalogs } from './js/share.js';
import { mountPrint } from './js/print.js';
import { mountSaved } from './js/saved.js';
import { startA11y } from './js/a11y.js';
import { startOffline } from './js/offline.js';
import { embedded, startEmbed, paramLang, applyParams, mountOpenLink } from './js/embed.js';
import { checkCustom } from './js/custom.js';
import { mountLists, buildLists } from './js/pricelists.js';

const VIEWS = {
  quote: { build: buildQuote },
  compare: { build: buildCompare },
  statement: { build: buildStatement },
  lists: { build: buildLists },
};
const built = new Set();

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
    VIEWS[state.view].build();
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

async function main() {
  // calc.wasm first: it loads while the page draws its forms from the
  // catalogs it ships (js/catalogs.js); the views' results say
  // "calculating" until the engine answers.
  const engine = loadCalc();
  startEmbed();
  const linkError = await load();
  paramLang();
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
  mountCompare(document.getElementById('view-compare'));
  mountStatement(document.getElementById('view-statement'));
  mountLists(document.getElementById('view-lists'));
  // A custom price list saved or deleted: views rebuild when next shown.
  window.addEventListener('rtcprice:catalogs', () => built.clear());
  for (const v of Object.keys(VIEWS)) {
    document.getElementById(`tab-${v}`).addEventListener('click', () => showView(v, true));
  }
  document.getElementById('lang-toggle').addEventListener('click', () => {
    state.lang = lang() === 'zh' ? 'en' : 'zh';
    save();
    rebuildAll();
    document.getElementById('lang-toggle').focus();
  });
  window.addEventListener('hashchange', async () => {
    // A link pasted into the address bar; not an in-page anchor (#app).
    if (isOwnHash() || !isStateHash(location.hash)) return;
    const error = await load();
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
  // data-ready: the page and its engine (tests and scripts wait for it
  // before they use window.rtcprice).
  try {
    await started;
  } catch {
    return;
  }
  renderFooter();
  document.documentElement.setAttribute('data-ready', 'true');
  // The offline cache once calc.wasm is here: its install takes what the
  // page has fetched from the HTTP cache, rather than a second download
  // of a file still on its way.
  startOffline({ notice: !embedded });
}

main().catch((e) => fail(String(e && e.message ? e.message : e)));
