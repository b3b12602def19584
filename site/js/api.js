// The page's use of the client (../rtcprice.js): loading it, calling it,
// and the "latest input wins" rule the views re-quote by. Every call
// resolves to the API's envelope ({ok, result} or {ok: false, error:
// {code, field, reason, params, message}}); nothing here throws or
// rejects, so no input can break the page.

import { load } from '../rtcprice.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { VERSION } from './catalogs-data.js';

let client = null;
let loading = null; // the promise of the client while it loads

// loadCalc loads the client, once (again after a failure): calc.wasm in a
// Worker. Calls made meanwhile (call) wait for it, so the page can draw
// its forms from the catalogs it ships (catalogs.js) before the engine is
// there. On the page, calc.wasm is fetched from its <link rel="preload">
// as the HTML is read and compiled here while the Worker's script loads
// (rtcprice.js takes the promise of the module). In the one-file offline
// build (cmd/dist) the page carries calc.wasm (#calc-wasm, base64 of
// gzip) and the worker's code (#rtcprice-worker, bundled with
// wasm_exec.js), run from a Blob URL since there is no network.
export function loadCalc() {
  if (!loading) {
    loading = start().then((c) => {
      client = c;
      return c;
    });
    loading.catch(() => { loading = null; });
  }
  return loading;
}

async function start() {
  const opts = {};
  const wasm = document.getElementById('calc-wasm');
  if (wasm) opts.wasm = await embeddedBytes(wasm);
  else {
    const early = preloaded();
    if (early) opts.wasm = early;
  }
  const worker = document.getElementById('rtcprice-worker');
  if (worker) {
    opts.worker = URL.createObjectURL(new Blob([worker.textContent], { type: 'text/javascript' }));
    opts.workerType = 'classic'; // bundled: no imports
  }
  return load(opts);
}

// preloaded compiles calc.wasm from the page's <link rel="preload"
// as="fetch" crossorigin data-rtcprice="engine"> of it (the same
// request: fetch's defaults match the link's), or returns undefined where
// there is none (an element on another site's page). Should this fail (a
// server that does not send application/wasm), the Worker fetches it by
// URL itself.
function preloaded() {
  const link = document.querySelector('link[rel="preload"][as="fetch"][data-rtcprice="engine"]');
  if (!link || typeof WebAssembly !== 'object' || typeof WebAssembly.compileStreaming !== 'function') return undefined;
  const url = link.href;
  return WebAssembly.compileStreaming(fetch(url)).then((m) => {
    performance.mark('rtcprice:wasm-compiled');
    return m;
  }, () => url);
}

// embeddedBytes decodes a <script type="application/octet-stream"> data
// block: base64, gzip-compressed when data-encoding="gzip".
async function embeddedBytes(el) {
  const bin = atob(el.textContent.trim());
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  if (el.getAttribute('data-encoding') !== 'gzip') return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function failure(message) {
  return { ok: false, error: { code: 'internal', field: '', reason: 'not_loaded', params: {}, message } };
}

// call runs client[fn](request) and resolves with its envelope; while the
// client loads, once it has.
export async function call(fn, request, options) {
  let c = client;
  if (!c && loading) {
    try {
      c = await loading;
    } catch (e) {
      return failure(`the calculator did not load: ${e && e.message ? e.message : e}`);
    }
  }
  if (!c) return failure('the calculator is not loaded');
  return fn === 'catalogs' ? c.catalogs(options) : c[fn](request, options);
}

// version is calc's version: the client's, or (before it has loaded) the
// one the page's catalogs were made with (the same build).
export function version() {
  return client ? client.version : VERSION;
}

// latest returns a caller for one place in the page that re-computes as
// the user types: each call aborts the one before it, and the promise of
// a superseded call resolves to null (its caller then draws nothing).
// Called with fn null, it only supersedes the call running.
export function latest() {
  let current = null;
  return async (fn, request) => {
    if (current) current.abort();
    current = null;
    if (fn === null) return null;
    const mine = new AbortController();
    current = mine;
    const env = await call(fn, request, { signal: mine.signal });
    if (current !== mine) return null;
    current = null;
    return env;
  };
}

// latestAll is latest for several calls made together (one per catalog):
// it resolves to their envelopes, or null when superseded.
export function latestAll() {
  let current = null;
  return async (calls) => {
    if (current) current.abort();
    const mine = new AbortController();
    current = mine;
    const envs = await Promise.all(calls.map(([fn, request]) => call(fn, request, { signal: mine.signal })));
    if (current !== mine) return null;
    current = null;
    return envs;
  };
}

// busy marks a view's result area while a call runs: aria-busy, and the
// .busy class (a faded result and a small indicator, style.css). A result
// area with nothing in it yet (the page's first quote, while calc.wasm
// loads) says so: "calculating…", a status message, until the result
// replaces it.
export function busy(results, on) {
  if (!results) return;
  const note = results.querySelector(':scope > .calculating');
  if (on) {
    results.setAttribute('aria-busy', 'true');
    results.classList.add('busy');
    if (!results.firstElementChild) {
      results.append(h('p', { class: 'calculating', role: 'status' },
        h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' ', h('span', { text: t('calculating') })));
    }
  } else {
    results.removeAttribute('aria-busy');
    results.classList.remove('busy');
    if (note) note.remove();
  }
}
