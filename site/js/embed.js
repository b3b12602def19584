// Embedding and URL parameters.
//
// ?embed=1 shows a compact calculator for an iframe: no header, footer or
// tabs, little padding, and the page tells its parent its height whenever
// it changes:
//
//   parent.postMessage({type: "rtcprice:height", height}, "*")
//
// so that the parent can size the iframe (site/embed-example.html).
//
// URL parameters set the starting inputs, embedded or not, when the URL
// has no state hash (a share link's or the page's own, which win):
//   catalog  price list id (the quote's, or the statement's with view=statement)
//   view     quote | compare | statement
//   meter    meter id of the usage (default: the list's first meter)
//   usage    minutes per month of that meter (quote)
//   months   months of the horizon (quote and compare)
//   trial    true | false: a new account's trial (quote, compare; TRTC),
//            or its date YYYY-MM-DD (statement)
//   lang     zh | en

import { h } from './dom.js';
import { t } from './i18n.js';
import { state } from './state.js';
import { isStateHash } from './link.js';
import { catalog, catalogs } from './catalogs.js';
import { notify } from './share.js';

const params = new URLSearchParams(location.search);
const VIEWS = ['quote', 'compare', 'statement'];

// embedded reports whether the page runs as an embed (?embed=1).
export const embedded = params.get('embed') === '1';

// useParams reports whether the URL parameters set the inputs: they do
// when the URL has no state hash.
function useParams() {
  return !isStateHash(location.hash);
}

const param = (k) => {
  const v = params.get(k);
  return v === null ? null : v.trim().slice(0, 200);
};

// startEmbed marks an embed (the page's chrome hides) and starts telling
// the parent page the height. Call it first: the loading state is sized
// too.
export function startEmbed() {
  if (!embedded) return;
  document.documentElement.classList.add('embed');
  if (window.parent === window || typeof ResizeObserver !== 'function') return;
  let last = -1;
  const report = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'rtcprice:height', height }, '*');
  };
  new ResizeObserver(report).observe(document.body);
  report();
}

// paramLang sets the language from ?lang=, before anything is shown.
export function paramLang() {
  const l = param('lang');
  if (useParams() && (l === 'zh' || l === 'en')) state.lang = l;
}

// applyParams sets the inputs from the other parameters, once the catalogs
// are known, and shows a notice naming a parameter it could not use.
export function applyParams() {
  if (!useParams()) return;
  const bad = applyInputs(param);
  if (bad.length) notify('params', { key: 'embed.badParams', vars: { list: bad.join(', ') } }, 'warn');
}

// applyInputs sets the current state's inputs from the embed parameters
// (param(name) is a parameter's value or null: the URL's, or an
// <rtcprice-calculator>'s attributes) and returns the ones it could not
// use ("catalog=nope").
export function applyInputs(param) {
  const bad = [];
  const view = param('view');
  if (view !== null) {
    if (VIEWS.includes(view)) state.view = view;
    else bad.push(`view=${view}`);
  }
  const lang = param('lang');
  if (lang !== null && lang !== 'zh' && lang !== 'en') bad.push(`lang=${lang}`);
  const id = param('catalog');
  if (id !== null) {
    if (catalog(id)) {
      state.quote.catalog = id;
      // The statement's example is a TRTC one: another list only when asked.
      if (state.view === 'statement') state.statement.catalog = id;
    } else {
      bad.push(`catalog=${id}`);
    }
  }
  const trial = param('trial');
  if (trial !== null) {
    // A new account's trial: yes or no for a quote, its date for a statement.
    if (trial === 'true' || trial === 'false') {
      state.quote.trial = trial === 'true';
      state.compare.trial = trial === 'true';
    } else if (/^\d{4}-\d{2}-\d{2}$/.test(trial)) {
      state.statement.trial = trial;
    } else {
      bad.push(`trial=${trial}`);
    }
  }
  const months = param('months');
  if (months !== null) {
    state.quote.months = months;
    state.compare.months = months;
  }
  const usage = param('usage');
  const meterId = param('meter');
  const cat = catalog(state.quote.catalog) || catalogs()[0];
  if (meterId !== null && cat && !cat.meters.some((m) => m.id === meterId)) bad.push(`meter=${meterId}`);
  else if (usage !== null && cat) {
    const m = meterId ?? cat.meters[0].id;
    state.quote.mode = 'minutes';
    state.quote.usage = { [m]: usage };
    state.quote.chartMeter = m;
  }
  return bad;
}

// mountOpenLink adds the embed's way out: the full calculator, in a new tab, with
// the embed's inputs (its hash).
export function mountOpenLink() {
  if (!embedded) return;
  const app = document.getElementById('app');
  const url = () => {
    const u = new URL(location.href);
    u.search = '';
    return u.href;
  };
  const a = h('a', {
    id: 'embed-open', class: 'embed-open', href: url(), target: '_blank', rel: 'noopener',
    'data-i18n': 'embed.open', text: t('embed.open'),
  });
  window.addEventListener('rtcprice:saved', () => { a.href = url(); });
  app.appendChild(h('p', { class: 'embed-foot' }, a));
}
