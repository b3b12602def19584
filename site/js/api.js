// The page's use of the client (../rtcprice.js): loading it, calling it,
// and the "latest input wins" rule the views re-quote by. Every call
// resolves to the API's envelope ({ok, result} or {ok: false, error:
// {code, field, reason, params, message}}); nothing here throws or
// rejects, so no input can break the page.

import { load } from '../rtcprice.js';

let client = null;

// loadCalc loads the client: calc.wasm in a Worker. In the one-file
// offline build (cmd/dist) the page carries calc.wasm (#calc-wasm, base64
// of gzip) and the worker's code (#rtcprice-worker, bundled with
// wasm_exec.js), run from a Blob URL since there is no network.
export async function loadCalc() {
  const opts = {};
  const wasm = document.getElementById('calc-wasm');
  if (wasm) opts.wasm = await embeddedBytes(wasm);
  const worker = document.getElementById('rtcprice-worker');
  if (worker) {
    opts.worker = URL.createObjectURL(new Blob([worker.textContent], { type: 'text/javascript' }));
    opts.workerType = 'classic'; // bundled: no imports
  }
  client = await load(opts);
  return client;
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

// call runs client[fn](request) and resolves with its envelope.
export function call(fn, request, options) {
  if (!client) return Promise.resolve(failure('the calculator is not loaded'));
  return fn === 'catalogs' ? client.catalogs(options) : client[fn](request, options);
}

export function version() {
  return client ? client.version : '';
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
// .busy class (a faded result and a small indicator, style.css).
export function busy(results, on) {
  if (!results) return;
  if (on) {
    results.setAttribute('aria-busy', 'true');
    results.classList.add('busy');
  } else {
    results.removeAttribute('aria-busy');
    results.classList.remove('busy');
  }
}
