// rtcprice-request.js: the strict request walker of the client
// (rtcprice.js, which re-exports MAX_BYTES, MAX_DEPTH, MAX_VALUES and
// serializeRequest from here; docs/api.md).
//
// A request is read once, on the caller's turn, by this walker (not
// JSON.stringify on the value): only plain data crosses to the Worker.
// The built-ins it uses are captured when this module loads, so a page
// that patches prototypes later changes nothing. No dependencies.

// ---------------------------------------------------------------------------
// Built-ins, captured at load.

const ObjectProto = Object.prototype;
const ArrayProto = Array.prototype;
const isArray = Array.isArray;
const isFinite = Number.isFinite;
const stringify = JSON.stringify;
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
const RangeErrorProto = RangeError.prototype;

// Limits on a request, as the module's own (docs/api.md).
export const MAX_BYTES = 8 << 20; // JSON text, UTF-8 bytes
export const MAX_DEPTH = 64; // levels of nesting
export const MAX_VALUES = 1 << 20; // values in a request

// failure is an error envelope.
export function failure(code, field, reason, params, message) {
  return { ok: false, error: { code, field, reason, params, message } };
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

export function thrownText(e) {
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
export function requestText(request) {
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

// serializeRequest is the walker on its own, for tests and tools: JSON
// text, or the failure envelope a call would answer with.
export function serializeRequest(request) {
  const r = requestText(request);
  return r.env ? { ok: false, error: r.env.error } : { ok: true, text: r.text };
}
