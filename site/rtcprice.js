// rtcprice.js: the client of rtcprice's pricing engine (docs/api.md).
//
//   import { load } from './rtcprice.js';
//   const calc = await load();                 // {wasm, worker, shared}
//   const env = await calc.quote(request, { signal });
//
// load() runs calc.wasm in a dedicated module Worker (rtcprice-worker.js,
// beside this file), so no call ever blocks the page. quote, simulate and
// catalogs return promises of envelopes ({ok: true, result} or {ok: false,
// error: {code, field, reason, params, message}}) that never reject.
//
// A request is read once, on the caller's turn, by a strict walker of our
// own (not JSON.stringify on the value; rtcprice-request.js): only plain
// data crosses. The Worker and its queue of calls are the engine
// (rtcprice-engine.js). The built-ins the three modules use are captured
// when they load, so a page that patches prototypes later changes nothing.
// No dependencies.

import { failure, requestText, MAX_BYTES, MAX_DEPTH, MAX_VALUES, serializeRequest } from './rtcprice-request.js';
import { Engine, abortedEnvelope } from './rtcprice-engine.js';

export { MAX_BYTES, MAX_DEPTH, MAX_VALUES, serializeRequest };

// ---------------------------------------------------------------------------
// Built-ins, captured at load.

const R = {
  apply: Reflect.apply,
  getOwn: Reflect.getOwnPropertyDescriptor,
  get: Reflect.get,
};
const freeze = Object.freeze;
const NativePromise = Promise;
const promiseThen = Promise.prototype.then;
const NativeURL = globalThis.URL;
const NativeError = Error;
const abortedGetter = globalThis.AbortSignal ? R.getOwn(AbortSignal.prototype, 'aborted')?.get : null;
const ArrayBufferCtor = ArrayBuffer;
const isView = ArrayBuffer.isView;
const WasmModule = globalThis.WebAssembly ? WebAssembly.Module : null;
const mapGet = Map.prototype.get;
const mapSet = Map.prototype.set;
const mapDelete = Map.prototype.delete;

// ---------------------------------------------------------------------------
// Envelopes.

function resolved(v) {
  return new NativePromise((resolve) => resolve(v));
}

// ---------------------------------------------------------------------------
// Options.

// readSignal returns the options' AbortSignal (or null), or a failure.
function readSignal(options) {
  if (options === undefined || options === null) return { signal: null };
  try {
    if (typeof options !== 'object') throw new NativeError('not an object');
    const d = R.getOwn(options, 'signal');
    const s = d === undefined ? undefined : ('value' in d ? d.value : R.get(options, 'signal'));
    if (s === undefined || s === null) return { signal: null };
    R.apply(abortedGetter, s, []); // throws unless s is an AbortSignal
    return { signal: s };
  } catch {
    return { env: failure('invalid', 'signal', 'bad_option', { option: 'signal' }, 'options.signal must be an AbortSignal') };
  }
}

// ---------------------------------------------------------------------------
// The client.

function makeClient(engine) {
  let open = true;
  const run = (fn, request, options) => {
    try {
      if (!open) return resolved(failure('internal', '', 'closed', {}, 'the client was closed'));
      const s = readSignal(options);
      if (s.env) return resolved(s.env);
      if (s.signal && R.apply(abortedGetter, s.signal, [])) return resolved(abortedEnvelope());
      const r = fn === 'catalogs' ? { text: '{}' } : requestText(request);
      if (r.env) return resolved(r.env);
      return engine.call(fn, r.text, s.signal);
    } catch (e) {
      // Only the JS stack running out can land here; if even the
      // envelope cannot be made, the call fails to start (throws).
      return resolved(failure('limit', '', 'stack_exhausted', {}, 'the JavaScript stack ran out'));
    }
  };
  return freeze({
    version: engine.version,
    catalogs: (options) => run('catalogs', undefined, options),
    quote: (request, options) => run('quote', request, options),
    simulate: (request, options) => run('simulate', request, options),
    close: () => {
      if (!open) return;
      open = false;
      engine.users--;
      if (engine.users <= 0) {
        engine.close();
        if (R.apply(mapGet, shared, [engine.key]) === engine) R.apply(mapDelete, shared, [engine.key]);
      }
    },
  });
}

const shared = new Map(); // worker URL + wasm URL -> Engine

function resolveURL(u, fallback) {
  return new NativeURL(u === undefined || u === null ? fallback : `${u}`, import.meta.url).href;
}

// isWasm reports whether v is calc.wasm itself: a module or its bytes.
function isWasm(v) {
  return v instanceof ArrayBufferCtor || isView(v) || (WasmModule && v instanceof WasmModule);
}

// wasmOrURL is what a promise given as options.wasm resolved to: calc.wasm
// itself, or its URL (resolved here); anything else fails the load.
function wasmOrURL(v) {
  if (isWasm(v)) return v;
  if (typeof v === 'string' || v instanceof NativeURL) return resolveURL(v);
  throw new NativeError('options.wasm resolved to neither a WebAssembly.Module, bytes nor a URL');
}

// load starts (or shares) the engine and resolves with a client once
// calc.wasm is ready in its Worker.
//
// options:
//   wasm: URL of calc.wasm (default: calc.wasm beside this file), or its
//         bytes (ArrayBuffer or Uint8Array; transferred to the worker),
//         a WebAssembly.Module, or a Promise of any of these (the
//         Worker starts at once and gets calc.wasm when the promise
//         resolves: a page can compile calc.wasm from its own preload,
//         WebAssembly.compileStreaming(fetch(url)), while the Worker's
//         script loads; a rejected promise fails the load). A client
//         loaded with anything but a URL has a Worker of its own.
//   worker: URL of rtcprice-worker.js (default: beside this file)
//   workerType: 'module' (default), or 'classic' for a worker script
//         bundled with its imports (the one-file build's, from a blob:
//         URL, which Chromium refuses as a module Worker on file://)
//   shared: false for a Worker of this client's own (default: clients
//         loaded with the same URLs share one Worker)
export async function load(options = {}) {
  const o = options || {};
  const workerURL = resolveURL(o.worker, './rtcprice-worker.js');
  const later = o.wasm instanceof NativePromise;
  const bytes = later || isWasm(o.wasm);
  const wasm = later ? R.apply(promiseThen, o.wasm, [wasmOrURL]) : (bytes ? o.wasm : resolveURL(o.wasm, './calc.wasm'));
  const workerType = o.workerType === 'classic' ? 'classic' : 'module';
  const key = bytes ? null : `${workerType} ${workerURL} ${wasm}`;
  let engine = key && o.shared !== false ? R.apply(mapGet, shared, [key]) : undefined;
  if (!engine) {
    engine = new Engine(workerURL, workerType, wasm);
    engine.key = key;
    if (key && o.shared !== false) R.apply(mapSet, shared, [key, engine]);
    engine.starting = engine.start();
  }
  engine.users++;
  try {
    await engine.starting;
  } catch (e) {
    engine.users--;
    if (engine.key && R.apply(mapGet, shared, [engine.key]) === engine) R.apply(mapDelete, shared, [engine.key]);
    throw e;
  }
  return makeClient(engine);
}

