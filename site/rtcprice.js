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
// own (not JSON.stringify on the value): only plain data crosses. The
// built-ins the walker and the worker plumbing use are captured when this
// module loads, so a page that patches prototypes later changes nothing.
// No dependencies.

// ---------------------------------------------------------------------------
// Built-ins, captured at load.

const ObjectProto = Object.prototype;
const ArrayProto = Array.prototype;
const isArray = Array.isArray;
const isFinite = Number.isFinite;
const stringify = JSON.stringify;
const parseJSON = JSON.parse;
const R = {
  apply: Reflect.apply,
  ownKeys: Reflect.ownKeys,
  getProto: Reflect.getPrototypeOf,
  getOwn: Reflect.getOwnPropertyDescriptor,
  get: Reflect.get,
};
const create = Object.create;
const freeze = Object.freeze;
const toStr = ObjectProto.toString;
const strSlice = String.prototype.slice;
const charCodeAt = String.prototype.charCodeAt;
const textEncoder = globalThis.TextEncoder ? new TextEncoder() : null;
const encodeText = textEncoder ? TextEncoder.prototype.encode : null;
const byteLengthOf = R.getOwn(R.getProto(Uint8Array.prototype), 'byteLength').get;
const arrayJoin = Array.prototype.join;
const arrayFill = Array.prototype.fill;
const ArrayCtor = Array;
const NativePromise = Promise;
const promiseThen = Promise.prototype.then;
const RangeErrorProto = RangeError.prototype;
const NativeURL = globalThis.URL;
const NativeWorker = globalThis.Worker;
const NativeError = Error;
const workerPost = NativeWorker ? NativeWorker.prototype.postMessage : null;
const workerTerminate = NativeWorker ? NativeWorker.prototype.terminate : null;
const addListener = globalThis.EventTarget ? EventTarget.prototype.addEventListener : null;
const removeListener = globalThis.EventTarget ? EventTarget.prototype.removeEventListener : null;
const abortedGetter = globalThis.AbortSignal ? R.getOwn(AbortSignal.prototype, 'aborted')?.get : null;
const setTimer = globalThis.setTimeout;
const ArrayBufferCtor = ArrayBuffer;
const isView = ArrayBuffer.isView;
const WasmModule = globalThis.WebAssembly ? WebAssembly.Module : null;
const mapGet = Map.prototype.get;
const mapSet = Map.prototype.set;
const mapDelete = Map.prototype.delete;

// Limits on a request, as the module's own (docs/api.md).
export const MAX_BYTES = 8 << 20; // JSON text, UTF-8 bytes
export const MAX_DEPTH = 64; // levels of nesting
export const MAX_VALUES = 1 << 20; // values in a request

// ---------------------------------------------------------------------------
// Envelopes.

function failure(code, field, reason, params, message) {
  return { ok: false, error: { code, field, reason, params, message } };
}

function resolved(v) {
  return new NativePromise((resolve) => resolve(v));
}

// ---------------------------------------------------------------------------
// The request walker.

// Refusal is thrown inside the walker and turned into an envelope by
// serialize; nothing else the walker throws escapes it either.
class Refusal {
  constructor(code, field, reason, params, message) {
    this.env = failure(code, field, reason, params, message);
  }
}

// describe names a value's kind for params.type without running any of
// its code beyond Symbol.toStringTag (guarded).
function describe(v) {
  if (v === null) return 'null';
  const t = typeof v;
  if (t !== 'object') return t;
  if (isArray(v)) return 'array';
  try {
    const tag = R.apply(toStr, v, []); // "[object Date]"
    return R.apply(strSlice, tag, [8, tag.length - 1]);
  } catch {
    return 'object';
  }
}

// thrownText is a short, safe description of something a getter threw.
function thrownText(e) {
  try {
    if (typeof e === 'string') return R.apply(strSlice, e, [0, 200]);
    if (e !== null && typeof e === 'object' && R.getProto(e) !== null) {
      const d = R.getOwn(e, 'message');
      if (d && typeof d.value === 'string') return R.apply(strSlice, d.value, [0, 200]);
    }
  } catch {
    // a Proxy that throws about its own description
  }
  return describe(e);
}

function keyPath(path, key) {
  return path === '' ? key : `${path}.${key}`;
}

const SKIP = freeze(create(null)); // read: the property is not there

const CHUNK = 4096; // pieces of request text joined at a time
// piecesBuffer is filled when this module loads, so that writing its
// elements later never reaches a setter a page puts on Array.prototype;
// serialize is never re-entered (requestText refuses it), so it is shared.
const piecesBuffer = R.apply(arrayFill, new ArrayCtor(CHUNK), ['']);

// serialize turns a request into JSON text, or returns a failure envelope.
// It reads every value once: own enumerable string keys of plain objects
// (prototype Object.prototype or null) and the elements of arrays. The
// path of a value ("purchases[2].count") is only spelt out for an error:
// the walk keeps the keys on a stack.
function serialize(value) {
  const ancestors = create(null); // depth -> object, for cycles
  const keys = create(null); // depth -> key (string) or index (number) of the value at that depth
  // The text is built as flat chunks of at most CHUNK pieces: appending
  // every piece to one string keeps millions of small linked strings alive
  // to the end, and on a request of a million values the garbage
  // collector's copying of them blocked the page for seconds.
  const pieces = piecesBuffer;
  const chunks = create(null);
  let npieces = 0;
  let nchunks = 0;
  let size = 0; // UTF-16 units so far
  const flush = () => {
    for (let i = npieces; i < CHUNK; i++) pieces[i] = '';
    chunks[nchunks++] = R.apply(arrayJoin, pieces, ['']);
    npieces = 0;
  };
  const emit = (s) => {
    pieces[npieces++] = s;
    size += s.length;
    if (npieces === CHUNK) flush();
  };
  let values = 0;

  const pathOf = (depth) => {
    let p = '';
    for (let d = 1; d <= depth; d++) {
      const k = keys[d];
      p = typeof k === 'number' ? `${p}[${k}]` : keyPath(p, k);
    }
    return p;
  };
  const what = (path) => path || 'the request';
  const refuse = (depth, reason, params, message) => {
    const path = pathOf(depth);
    throw new Refusal('invalid', path, reason, params, message(what(path)));
  };
  const tooLarge = (depth) => {
    throw new Refusal('limit', pathOf(depth), 'request_too_large', { limit: MAX_BYTES }, `the request is more than ${MAX_BYTES} bytes of JSON`);
  };
  const threw = (depth, e) => refuse(depth, 'getter_threw', { error: thrownText(e) }, (p) => `reading ${p} threw`);
  // read returns obj[key] when it is an own enumerable property, else SKIP;
  // depth is the depth of the value read.
  const read = (obj, key, depth) => {
    try {
      const d = R.getOwn(obj, key);
      if (d === undefined || !d.enumerable) return SKIP;
      return 'value' in d ? d.value : R.get(obj, key);
    } catch (e) {
      return threw(depth, e);
    }
  };

  const walk = (v, depth) => {
    values++;
    if (values > MAX_VALUES) {
      throw new Refusal('limit', pathOf(depth), 'too_many_values', { limit: MAX_VALUES }, `the request has more than ${MAX_VALUES} values`);
    }
    switch (typeof v) {
      case 'string':
        emit(stringify(v));
        if (size > MAX_BYTES) tooLarge(depth);
        return;
      case 'number':
        if (!isFinite(v)) refuse(depth, 'not_finite', { value: `${v}` }, (p) => `${p} is ${v}, not a finite number`);
        emit(stringify(v));
        return;
      case 'boolean':
        emit(v ? 'true' : 'false');
        return;
      case 'object':
        if (v === null) {
          emit('null');
          return;
        }
        break;
      default: // undefined, function, symbol, bigint
        refuse(depth, 'not_plain_data', { type: typeof v }, (p) => `${p} is ${typeof v === 'undefined' ? 'undefined' : `a ${typeof v}`}, not plain data`);
    }
    if (depth >= MAX_DEPTH) {
      const path = pathOf(depth);
      throw new Refusal('limit', path, 'too_deep', { limit: MAX_DEPTH }, `${what(path)} is nested more than ${MAX_DEPTH} levels deep`);
    }
    for (let d = 0; d < depth; d++) {
      if (ancestors[d] === v) refuse(depth, 'cycle', {}, (p) => `${p} contains itself`);
    }
    let arr;
    let proto;
    try {
      arr = isArray(v);
      proto = R.getProto(v);
    } catch (e) {
      threw(depth, e);
    }
    if (arr ? proto !== ArrayProto : proto !== ObjectProto && proto !== null) {
      const type = describe(v);
      refuse(depth, 'not_plain_data', { type }, (p) => `${p} is a ${type}, not plain data`);
    }
    ancestors[depth] = v;
    if (arr) {
      let n;
      try {
        n = R.get(v, 'length');
      } catch (e) {
        threw(depth, e);
      }
      emit('[');
      for (let i = 0; i < n; i++) {
        keys[depth + 1] = i;
        const x = read(v, i, depth + 1);
        if (x === SKIP) refuse(depth + 1, 'not_plain_data', { type: 'hole' }, (p) => `${p} is a hole in the array`);
        if (i > 0) emit(',');
        walk(x, depth + 1);
        if (size > MAX_BYTES) tooLarge(depth + 1);
      }
      emit(']');
    } else {
      let own;
      try {
        own = R.ownKeys(v);
      } catch (e) {
        threw(depth, e);
      }
      emit('{');
      let first = true;
      for (let i = 0; i < own.length; i++) {
        const k = own[i];
        if (typeof k !== 'string') {
          refuse(depth, 'not_plain_data', { type: 'symbol key' }, (p) => `${p} has a symbol key`);
        }
        keys[depth + 1] = k;
        const x = read(v, k, depth + 1);
        if (x === SKIP) continue;
        if (!first) emit(',');
        first = false;
        emit(stringify(k));
        emit(':');
        walk(x, depth + 1);
        if (size > MAX_BYTES) tooLarge(depth + 1);
      }
      emit('}');
    }
    ancestors[depth] = undefined;
  };

  try {
    walk(value, 0);
    flush();
  } catch (e) {
    if (e instanceof Refusal) return { env: e.env };
    // The JS stack ran out (a call made from deep recursion) or something
    // equally outside the request's control.
    if (e !== null && typeof e === 'object' && R.getProto(e) === RangeErrorProto) return { env: failure('limit', '', 'stack_exhausted', {}, 'the JavaScript stack ran out while reading the request') };
    return { env: failure('internal', '', 'internal', {}, 'reading the request failed') };
  } finally {
    R.apply(arrayFill, pieces, ['']); // keep no piece of this request
  }
  chunks.length = nchunks;
  return { text: R.apply(arrayJoin, chunks, ['']) };
}

// utf8Bytes is the length of s in UTF-8 bytes (a lone surrogate as the 3
// of U+FFFD, as the module gets it), or, past MAX_BYTES, a number past it.
function utf8Bytes(s) {
  let n = s.length;
  if (n * 3 <= MAX_BYTES) return n; // cannot be over the limit: skip the count
  if (n > MAX_BYTES) return n; // every UTF-16 unit is at least one byte
  // The encoder counts natively (a loop here took seconds on 8 MiB).
  if (encodeText) return R.apply(byteLengthOf, R.apply(encodeText, textEncoder, [s]), []);
  for (let i = 0; i < s.length; i++) {
    const c = R.apply(charCodeAt, s, [i]);
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}

let reading = false; // a request is being read: a getter calling us again

// requestText turns a request (plain data, or JSON text) into JSON text,
// or returns a failure envelope.
function requestText(request) {
  if (typeof request === 'string') {
    if (utf8Bytes(request) > MAX_BYTES) return { env: failure('limit', '', 'request_too_large', { limit: MAX_BYTES }, `the request is more than ${MAX_BYTES} bytes of JSON`) };
    return { text: request };
  }
  if (reading) {
    return { env: failure('invalid', '', 'reentrant', {}, 'rtcprice was called from inside the reading of another request (a getter)') };
  }
  reading = true;
  let r;
  try {
    r = serialize(request);
  } finally {
    reading = false;
  }
  // The walker bounds the text in UTF-16 units; the limit is in UTF-8 bytes.
  if (r.text !== undefined && utf8Bytes(r.text) > MAX_BYTES) {
    return { env: failure('limit', '', 'request_too_large', { limit: MAX_BYTES }, `the request is more than ${MAX_BYTES} bytes of JSON`) };
  }
  return r;
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

function abortedEnvelope() {
  return failure('aborted', '', 'aborted', {}, 'the call was aborted');
}

// Queue is a FIFO of calls that uses no Array methods (a page may patch
// them).
class Queue {
  constructor() {
    this.items = create(null);
    this.head = 0;
    this.tail = 0;
  }

  get length() {
    return this.tail - this.head;
  }

  push(c) {
    this.items[this.tail++] = c;
  }

  unshift(c) {
    this.items[--this.head] = c;
  }

  shift() {
    const c = this.items[this.head];
    delete this.items[this.head++];
    return c;
  }

  remove(c) {
    for (let i = this.head; i < this.tail; i++) {
      if (this.items[i] !== c) continue;
      for (let j = i; j > this.head; j--) this.items[j] = this.items[j - 1];
      delete this.items[this.head++];
      return;
    }
  }

  // drain empties the queue, calling f on each call in order.
  drain(f) {
    while (this.length) f(this.shift());
  }
}

// ---------------------------------------------------------------------------
// The engine: one Worker running calc.wasm, replaced when it dies or when
// an aborted call is still running in it. Calls are sent one at a time,
// so an aborted call that has not started is simply never sent. When an
// abortable call runs for more than a moment, a spare Worker is started
// from the compiled module, so that replacing a Worker costs the next
// call little.

const READY_TIMEOUT = 60000;
const SPARE_AFTER = 50; // ms an abortable call runs before a spare starts

class Engine {
  constructor(workerURL, workerType, wasm) {
    this.workerURL = workerURL;
    this.workerType = workerType;
    this.wasm = wasm; // URL string, bytes, or (once compiled) a WebAssembly.Module
    this.queue = new Queue(); // calls not yet sent
    this.current = null; // the call running in the worker
    this.slot = null; // the worker: {w, ready}
    this.spare = null; // a worker started ahead, for a replacement
    this.version = '';
    this.users = 0;
    this.nextId = 1;
    this.closed = false;
  }

  // spawn starts a worker; its promise resolves when calc.wasm is ready
  // in it, or rejects saying why it could not start. It throws when no
  // Worker can be made at all.
  spawn() {
    let w;
    try {
      if (!NativeWorker) throw new NativeError('this browser has no Worker');
      w = new NativeWorker(this.workerURL, { type: this.workerType, name: 'rtcprice' });
    } catch (e) {
      throw new NativeError(`rtcprice: cannot start a Worker for ${this.workerURL}: ${thrownText(e)}`);
    }
    const slot = { w, ready: false, promise: null };
    slot.promise = new NativePromise((resolve, reject) => {
      let settled = false;
      const settle = (ok, v) => {
        if (settled) return;
        settled = true;
        if (ok) resolve(v); else reject(new NativeError(`rtcprice: ${v}`));
      };
      // Before it is ready, a worker that fails is given up (its promise
      // says why); after, the one in use is replaced.
      const failed = (why) => {
        if (this.slot === slot) {
          if (slot.ready) {
            this.died(why);
            return;
          }
          this.slot = null;
        } else if (this.spare === slot) {
          this.spare = null;
        } else {
          return;
        }
        R.apply(workerTerminate, w, []);
        settle(false, why);
      };
      setTimer(() => { if (!settled) failed('calc.wasm did not start within a minute'); }, READY_TIMEOUT);
      R.apply(addListener, w, ['message', (e) => {
        const m = e.data;
        if (!m || typeof m !== 'object') return;
        if (m.type === 'ready') {
          slot.ready = true;
          if (typeof m.version === 'string') this.version = m.version;
          if (WasmModule && m.module instanceof WasmModule) this.wasm = m.module;
          settle(true);
          if (this.slot === slot) this.pump();
        } else if (m.type === 'failed') {
          failed(typeof m.message === 'string' ? m.message : 'calc.wasm did not start');
        } else if (m.type === 'exited') {
          failed('the calculator stopped');
        } else if (m.type === 'answer' && this.slot === slot) {
          this.answer(m.id, m.text);
        }
      }]);
      const onError = (e) => {
        const why = e && typeof e.message === 'string' && e.message ? e.message : `the Worker ${this.workerURL} failed to load or run`;
        if (e && typeof e.preventDefault === 'function') e.preventDefault();
        failed(why);
      };
      R.apply(addListener, w, ['error', onError]);
      R.apply(addListener, w, ['messageerror', onError]);
    });
    R.apply(promiseThen, slot.promise, [undefined, () => {}]);
    const wasm = this.wasm;
    const transfer = isView(wasm) ? [wasm.buffer] : (wasm instanceof ArrayBufferCtor ? [wasm] : []);
    if (transfer.length) this.wasm = null; // given away; the module comes back with ready
    R.apply(workerPost, w, [{ type: 'start', wasm }, transfer]);
    return slot;
  }

  // start starts the worker in use; see spawn.
  start() {
    let slot;
    try {
      slot = this.spawn();
    } catch (e) {
      return new NativePromise((_, reject) => reject(e));
    }
    this.slot = slot;
    return slot.promise;
  }

  // ensureSpare starts a spare worker if there is none (and calc.wasm is
  // compiled: a spare never fetches it again).
  ensureSpare() {
    if (this.spare || this.closed || !(WasmModule && this.wasm instanceof WasmModule)) return;
    try {
      this.spare = this.spawn();
    } catch {
      this.spare = null;
    }
  }

  // replace ends the worker (still running an abandoned call, or dead)
  // and puts the spare (or a new one) in its place for the calls waiting.
  replace() {
    const old = this.slot;
    this.slot = null;
    if (old) R.apply(workerTerminate, old.w, []);
    if (this.closed) return;
    if (this.current) {
      this.queue.unshift(this.current);
      this.current = null;
    }
    if (this.spare) {
      this.slot = this.spare;
      this.spare = null;
      this.pump();
      return;
    }
    if (this.queue.length) this.restart();
  }

  restart() {
    if (this.slot || this.closed) return;
    if (!this.wasm) {
      this.failAll('calc.wasm is gone with the Worker that had it; load the client again');
      return;
    }
    R.apply(promiseThen, this.start(), [() => {}, (e) => {
      this.failAll(thrownText(e));
    }]);
  }

  // died answers the running call with internal (it may be what killed
  // the worker) and replaces the worker for the rest.
  died(why) {
    const c = this.current;
    this.current = null;
    if (c) c.resolve(failure('internal', '', 'worker_died', { error: why }, `the calculator's Worker stopped: ${why}`));
    this.replace();
  }

  failAll(why) {
    const env = failure('internal', '', 'worker_died', { error: why }, `the calculator's Worker could not start: ${why}`);
    const c = this.current;
    this.current = null;
    if (c) c.resolve(env);
    this.queue.drain((q) => q.resolve(env));
  }

  answer(id, text) {
    const c = this.current;
    if (!c || c.id !== id) return;
    this.current = null;
    let env;
    try {
      env = typeof text === 'string' ? parseJSON(text) : null;
    } catch {
      env = null;
    }
    if (!env || typeof env !== 'object' || typeof env.ok !== 'boolean' || (!env.ok && (!env.error || typeof env.error !== 'object'))) {
      env = failure('internal', '', 'bad_answer', {}, `rtcprice.${c.fn} returned no envelope`);
    }
    c.resolve(env);
    this.pump();
  }

  // pump sends the next waiting call when the worker is ready and free.
  pump() {
    if (this.current || !this.queue.length || this.closed) return;
    if (!this.slot) {
      this.restart();
      return;
    }
    if (!this.slot.ready) return; // its ready message pumps
    const c = this.queue.shift();
    this.current = c;
    R.apply(workerPost, this.slot.w, [{ type: 'call', id: c.id, fn: c.fn, text: c.text }]);
    // An abortable call still running after a moment may be abandoned:
    // have a spare ready (quick calls, most of them, never start one).
    if (c.abortable) setTimer(() => { if (this.current === c) this.ensureSpare(); }, SPARE_AFTER);
  }

  // call queues fn(text) and returns a promise of its envelope.
  call(fn, text, signal) {
    return new NativePromise((resolve) => {
      if (this.closed) {
        resolve(failure('internal', '', 'closed', {}, 'the client was closed'));
        return;
      }
      let done = false;
      let onAbort = null;
      const c = {
        id: this.nextId++, fn, text, abortable: !!signal,
        resolve: (env) => {
          if (done) return;
          done = true;
          if (onAbort) R.apply(removeListener, signal, ['abort', onAbort]);
          resolve(env);
        },
      };
      if (signal) {
        onAbort = () => {
          c.resolve(abortedEnvelope());
          if (this.current === c) {
            this.current = null;
            this.replace();
          } else {
            this.queue.remove(c);
          }
        };
        R.apply(addListener, signal, ['abort', onAbort, { once: true }]);
      }
      this.queue.push(c);
      this.pump();
    });
  }

  close() {
    this.closed = true;
    if (this.slot) R.apply(workerTerminate, this.slot.w, []);
    if (this.spare) R.apply(workerTerminate, this.spare.w, []);
    this.slot = null;
    this.spare = null;
    const env = failure('internal', '', 'closed', {}, 'the client was closed');
    const c = this.current;
    this.current = null;
    if (c) c.resolve(env);
    this.queue.drain((q) => q.resolve(env));
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

// load starts (or shares) the engine and resolves with a client once
// calc.wasm is ready in its Worker.
//
// options:
//   wasm: URL of calc.wasm (default: calc.wasm beside this file), or its
//         bytes (ArrayBuffer or Uint8Array; transferred to the worker)
//   worker: URL of rtcprice-worker.js (default: beside this file)
//   workerType: 'module' (default), or 'classic' for a worker script
//         bundled with its imports (the one-file build's, from a blob:
//         URL, which Chromium refuses as a module Worker on file://)
//   shared: false for a Worker of this client's own (default: clients
//         loaded with the same URLs share one Worker)
export async function load(options = {}) {
  const o = options || {};
  const workerURL = resolveURL(o.worker, './rtcprice-worker.js');
  const bytes = o.wasm instanceof ArrayBufferCtor || isView(o.wasm) || (WasmModule && o.wasm instanceof WasmModule);
  const wasm = bytes ? o.wasm : resolveURL(o.wasm, './calc.wasm');
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

// serializeRequest is the walker on its own, for tests and tools: JSON
// text, or the failure envelope a call would answer with.
export function serializeRequest(request) {
  const r = requestText(request);
  return r.env ? { ok: false, error: r.env.error } : { ok: true, text: r.text };
}
