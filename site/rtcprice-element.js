// <rtcprice-calculator>: the calculator (or one of its views) as a custom
// element for documentation pages. It renders in its own shadow root with
// the page's own modules (js/*.js), is sized by its content (no iframe),
// themed by CSS custom properties (--rtcprice-accent, --rtcprice-font,
// --rtcprice-radius, --rtcprice-surface, ...) and ::part(), and announces
// what it computes with DOM events that bubble out of the shadow root:
//
//   rtcprice-quote      detail: the quote's result (view="quote")
//   rtcprice-statement  detail: the statement's result (view="statement")
//   rtcprice-compare    detail: {results: [{catalog, result} | {catalog, error}]}
//   rtcprice-error      detail: the error ({code, field, reason, params,
//                       message}) when the inputs are refused
//
// Attributes are the embed parameters (js/embed.js): catalog, view, meter,
// usage, months, trial, lang; changing one rebuilds the element from its
// attributes. Every element on a page uses one Worker (rtcprice.js shares
// it) and has a state of its own. See docs/embedding.md.

import { h, replace, within } from './js/dom.js';
import { setLang, t, loadLang } from './js/i18n.js';
import { defaults, state } from './js/state.js';
import { loadCalc, call } from './js/api.js';
import { setCatalogs } from './js/catalogs.js';
import { applyInputs } from './js/embed.js';
import { mountQuote, buildQuote } from './js/quote.js';
import { mountCompare, buildCompare } from './js/compare.js';
import { mountStatement, buildStatement } from './js/statement.js';

const VIEWS = {
  quote: [mountQuote, buildQuote],
  compare: [mountCompare, buildCompare],
  statement: [mountStatement, buildStatement],
};
const ATTRS = ['catalog', 'view', 'meter', 'usage', 'months', 'trial', 'lang'];
const STYLES = ['style.css', 'tools.css', 'rtcprice-element.css'].map((f) => new URL(f, import.meta.url).href);

// The calculator, loaded once for every element on the page.
let ready = null;
function start() {
  if (!ready) {
    ready = (async () => {
      await loadCalc();
      const env = await call('catalogs');
      if (!env.ok) throw new Error(env.error.message);
      setCatalogs(env.result.catalogs);
    })();
    ready.catch(() => { ready = null; }); // the next element tries again
  }
  return ready;
}

// The parts a host page can style with ::part(): the element's own, and
// regions of the views, named as they are drawn.
const PARTS = [
  ['.inputs', 'form'],
  ['.results', 'results'],
  ['.results section.best, #st-totals, #c-verdict', 'summary'],
  ['.results .charts', 'charts'],
  ['.cards', 'cards'],
  ['table.data', 'table'],
  ['.btn', 'button'],
];

class RtcpriceCalculator extends HTMLElement {
  static get observedAttributes() {
    return ATTRS;
  }

  #cx = null; // the views' context: {root, state, lang, emit}
  #box = null;
  #notices = null;
  #view = null;
  #pending = false;
  #styled = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const links = STYLES.map((href) => h('link', { rel: 'stylesheet', href }));
    // Shown once the styles are in (or failed), never unstyled.
    this.#styled = Promise.all(links.map((l) => new Promise((resolve) => {
      l.addEventListener('load', resolve);
      l.addEventListener('error', resolve);
    })));
    this.#notices = h('div', { class: 'notices', part: 'notices' });
    this.#view = h('div', { class: 'view-box' });
    this.#box = h('div', { class: 'rtcprice embed', part: 'calculator', hidden: true }, this.#notices, this.#view);
    root.append(...links, this.#box);
    this.#cx = { page: false, root, state: defaults(), lang: 'en', emit: (fn, env) => this.#emit(fn, env) };
    new MutationObserver(() => this.#tagParts()).observe(this.#view, { childList: true, subtree: true });
  }

  connectedCallback() {
    this.#schedule();
  }

  attributeChangedCallback(name, old, value) {
    if (old !== value && this.isConnected) this.#schedule();
  }

  // Several attributes set together rebuild the element once.
  #schedule() {
    if (this.#pending) return;
    this.#pending = true;
    queueMicrotask(() => {
      this.#pending = false;
      this.#render();
    });
  }

  #attr(name) {
    const v = this.getAttribute(name);
    return v === null ? null : v.trim().slice(0, 200);
  }

  #lang() {
    const l = this.#attr('lang');
    if (l === 'zh' || l === 'en') return l;
    return (document.documentElement.lang || '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
  }

  async #render() {
    const cx = this.#cx;
    // The English strings are loaded when first asked for (i18n.js); a
    // failed load leaves the Chinese ones (t's fallback).
    await loadLang(this.#lang()).catch(() => {});
    within(cx, () => {
      setLang(this.#lang());
      if (!this.#view.firstChild) {
        replace(this.#view, h('div', { class: 'loading', role: 'status', part: 'loading' },
          h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', { text: t('loading') })));
      }
    });
    this.#box.setAttribute('lang', cx.lang === 'zh' ? 'zh-CN' : 'en');
    await this.#styled;
    this.#box.hidden = false;
    try {
      await start();
    } catch (e) {
      const error = { code: 'internal', field: '', reason: 'not_loaded', params: {}, message: String(e && e.message ? e.message : e) };
      within(cx, () => replace(this.#view, h('p', { class: 'callout bad', role: 'alert', text: t('load.failed', { err: error.message }) })));
      this.#dispatch('rtcprice-error', error);
      return;
    }
    if (!this.isConnected) return;
    within(cx, () => {
      cx.state = defaults();
      setLang(this.#lang());
      const bad = applyInputs((name) => this.#attr(name));
      if (!VIEWS[state.view]) state.view = 'quote';
      const [mount, build] = VIEWS[state.view];
      const section = h('section', { class: 'view', id: `view-${state.view}`, part: 'view', 'aria-label': t(`nav.${state.view}`) });
      replace(this.#view, section);
      replace(this.#notices, bad.length ? h('p', { class: 'callout warn notice', role: 'alert', 'data-notice': 'params', text: t('embed.badParams', { list: bad.join(', ') }) }) : null);
      mount(section);
      build();
      for (const b of bad) {
        const [field, ...rest] = b.split('=');
        this.#dispatch('rtcprice-error', {
          code: 'invalid', field, reason: 'bad_attribute', params: { value: rest.join('=') },
          message: `the ${field} attribute cannot be used: ${JSON.stringify(rest.join('='))}`,
        });
      }
    });
  }

  // #emit hears of every answer the views get (errors.js callInto, the
  // compare view) and dispatches its event once the view has drawn it.
  #emit(fn, answer) {
    setTimeout(() => {
      if (fn === 'compare') {
        const bad = answer.find(([, e]) => !e.ok && e.error.field);
        if (bad) {
          this.#dispatch('rtcprice-error', bad[1].error);
          return;
        }
        this.#dispatch('rtcprice-compare', { results: answer.map(([cat, e]) => (e.ok ? { catalog: cat.id, result: e.result } : { catalog: cat.id, error: e.error })) });
        return;
      }
      if (!answer.ok) this.#dispatch('rtcprice-error', answer.error);
      else this.#dispatch(fn === 'quote' ? 'rtcprice-quote' : 'rtcprice-statement', answer.result);
    }, 0);
  }

  #dispatch(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #tagParts() {
    for (const [sel, part] of PARTS) {
      for (const el of this.#view.querySelectorAll(sel)) {
        if (!el.part.contains(part)) el.part.add(part);
      }
    }
  }
}

if (!customElements.get('rtcprice-calculator')) customElements.define('rtcprice-calculator', RtcpriceCalculator);

export { RtcpriceCalculator };
