// rtcprice page entry point: loads calc.wasm, then runs the quote,
// compare and statement views. See js/ for the parts.

import { h, replace } from './js/dom.js';
import { t, setLang, lang, applyStatic } from './js/i18n.js';
import { state, load, save, isOwnHash } from './js/state.js';
import { loadCalc, call, version } from './js/api.js';
import { setCatalogs, published, nameOf } from './js/catalogs.js';
import { message } from './js/errors.js';
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
  replace(box, h('p', { class: 'callout bad', role: 'alert', text }));
}

async function main() {
  startEmbed();
  const linkError = await load();
  paramLang();
  setLang(state.lang);
  applyStatic(document);
  document.title = t('title');
  renderLangButton();
  let client;
  try {
    client = await loadCalc();
    performance.mark('rtcprice:calc-ready');
  } catch (e) {
    fail(t('load.failed', { err: String(e && e.message ? e.message : e) }));
    return;
  }
  // For scripts and tests (docs/api.md, the client): the page's client.
  window.rtcprice = client;
  window.dispatchEvent(new Event('rtcprice:ready'));
  const env = await call('catalogs');
  if (!env.ok) {
    fail(message(env.error));
    return;
  }
  setCatalogs(env.result.catalogs);
  performance.mark('rtcprice:catalogs');
  await checkCustom();
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
  document.documentElement.setAttribute('data-ready', 'true');
  showView(state.view);
  startOffline({ notice: !embedded });
}

main().catch((e) => fail(String(e && e.message ? e.message : e)));
