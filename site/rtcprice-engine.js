// rtcprice-engine.js: the client's engine (rtcprice.js; docs/api.md):
// calc.wasm in a dedicated Worker (rtcprice-worker.js), the calls queued
// and sent to it one at a time, the Worker replaced when it dies or when
// an aborted call is still running in it. The built-ins it uses are
// captured when this module loads, so a page that patches prototypes
// later changes nothing. No dependencies.

import { failure, thrownText } from './rtcprice-request.js';

// ---------------------------------------------------------------------------
// Built-ins, captured at load.

const apply = Reflect.apply;
const create = Object.create;
const parseJSON = JSON.parse;
const NativePromise = Promise;
const promiseThen = Promise.prototype.then;
const NativeWorker = globalThis.Worker;
const NativeError = Error;
const workerPost = NativeWorker ? NativeWorker.prototype.postMessage : null;
const workerTerminate = NativeWorker ? NativeWorker.prototype.terminate : null;
const addListener = globalThis.EventTarget ? EventTarget.prototype.addEventListener : null;
const removeListener = globalThis.EventTarget ? EventTarget.prototype.removeEventListener : null;
const setTimer = globalThis.setTimeout;
const ArrayBufferCtor = ArrayBuffer;
const isView = ArrayBuffer.isView;
const WasmModule = globalThis.WebAssembly ? WebAssembly.Module : null;

export function abortedEnvelope() {
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
// abortable call (not the first: see pump) runs for more than a moment, a
// spare Worker is started from the compiled module, so that replacing a
// Worker costs the next call little.

const READY_TIMEOUT = 60000;
const SPARE_AFTER = 50; // ms an abortable call runs before a spare starts

export class Engine {
  constructor(workerURL, workerType, wasm) {
    this.workerURL = workerURL;
    this.workerType = workerType;
    this.wasm = wasm; // URL string, bytes, a promise of one of these or a module, or (once compiled) a WebAssembly.Module
    this.queue = new Queue(); // calls not yet sent
    this.current = null; // the call running in the worker
    this.slot = null; // the worker: {w, ready}
    this.spare = null; // a worker started ahead, for a replacement
    this.version = '';
    this.users = 0;
    this.nextId = 1;
    this.answered = false; // a call has been answered (see pump)
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
    const slot = { w, ready: false, promise: null, fail: null };
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
        apply(workerTerminate, w, []);
        settle(false, why);
      };
      slot.fail = failed;
      setTimer(() => { if (!settled) failed('calc.wasm did not start within a minute'); }, READY_TIMEOUT);
      apply(addListener, w, ['message', (e) => {
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
      apply(addListener, w, ['error', onError]);
      apply(addListener, w, ['messageerror', onError]);
    });
    apply(promiseThen, slot.promise, [undefined, () => {}]);
    const wasm = this.wasm;
    if (wasm instanceof NativePromise) {
      // A promise of calc.wasm (load's options.wasm, e.g. compiled while
      // this Worker loads its script): sent when it is there.
      apply(promiseThen, wasm, [(v) => {
        if (this.wasm === wasm) this.wasm = v;
        this.send(w, v);
      }, (e) => slot.fail(`calc.wasm: ${thrownText(e)}`)]);
    } else {
      this.send(w, wasm);
    }
    return slot;
  }

  // send starts calc.wasm in the worker w: a URL, a WebAssembly.Module or
  // bytes (transferred: the module comes back with ready).
  send(w, wasm) {
    const transfer = isView(wasm) ? [wasm.buffer] : (wasm instanceof ArrayBufferCtor ? [wasm] : []);
    if (transfer.length && this.wasm === wasm) this.wasm = null; // given away
    apply(workerPost, w, [{ type: 'start', wasm }, transfer]);
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
    if (old) apply(workerTerminate, old.w, []);
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
    apply(promiseThen, this.start(), [() => {}, (e) => {
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
    this.answered = true;
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
    apply(workerPost, this.slot.w, [{ type: 'call', id: c.id, fn: c.fn, text: c.text }]);
    // An abortable call still running after a moment may be abandoned:
    // have a spare ready (quick calls, most of them, never start one).
    // Not for the first call: it runs as the page starts, right after
    // calc.wasm's instantiation, and a spare's would compete with it for
    // the CPU (on a phone, seconds).
    if (c.abortable && this.answered) setTimer(() => { if (this.current === c) this.ensureSpare(); }, SPARE_AFTER);
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
          if (onAbort) apply(removeListener, signal, ['abort', onAbort]);
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
        apply(addListener, signal, ['abort', onAbort, { once: true }]);
      }
      this.queue.push(c);
      this.pump();
    });
  }

  close() {
    this.closed = true;
    if (this.slot) apply(workerTerminate, this.slot.w, []);
    if (this.spare) apply(workerTerminate, this.spare.w, []);
    this.slot = null;
    this.spare = null;
    const env = failure('internal', '', 'closed', {}, 'the client was closed');
    const c = this.current;
    this.current = null;
    if (c) c.resolve(env);
    this.queue.drain((q) => q.resolve(env));
  }
}
