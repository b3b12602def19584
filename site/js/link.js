// The share-link format: a view's state in the URL hash.
//
//   #s=1.<payload>
//
// "1" is the format version. <payload> is the state as JSON (UTF-8),
// zlib-compressed (CompressionStream "deflate": its Adler-32 check makes a
// damaged link fail to decode instead of decoding into other numbers), in
// base64url without padding. The JSON is an object whose "v" is 1; the
// rest is the page's state (state.js sanitizes it: unknown fields are
// dropped, wrong types fall back to the defaults).
//
// Hashes of the page before version 1, "#s=<percent-encoded JSON>", are
// still read. Nothing here throws: decoding returns {value} or {error}, the
// error being 'corrupt' (not base64url, fails its check, not JSON, no
// version 1 object), 'version' (made by a newer format) or 'large' (over
// the limits below: a link cannot make the page inflate gigabytes).
//
// The inflated state is bounded like a request (docs/api.md, Limits: 8 MiB
// of JSON), and the bound holds *while* inflating: the compressed bytes go
// into the DecompressionStream a slice at a time (SLICE bytes of deflate
// inflate to at most ~1,032x that, about 1 MiB), the output is counted as
// it comes, and decoding stops at the first byte past MAX_JSON. A link
// that would inflate to a gigabyte costs at most MAX_JSON + ~1 MiB of
// memory and a fraction of a second, never the whole inflation.

export const VERSION = 1;
const MAX_TOKEN = 8 * 1024 * 1024; // characters of a hash worth reading
export const MAX_JSON = 8 * 1024 * 1024; // bytes a payload may inflate to (docs/api.md: a request's limit)
const SLICE = 1024; // compressed bytes fed to the decompressor at a time

class TooLarge extends Error {
  constructor(inflated) {
    super('too large');
    this.inflated = inflated; // bytes out when decoding stopped
  }
}

// isStateHash reports whether a location hash holds a state (#s=…), as
// opposed to an in-page anchor such as the skip link's #app.
export function isStateHash(hash) {
  return typeof hash === 'string' && hash.startsWith('#s=');
}

// encode returns the hash token ("1.…", without "#s=") of a state object.
// Where the browser has no CompressionStream it returns the older form,
// percent-encoded JSON, which every version reads.
export async function encode(obj) {
  return (await encodeText(obj)).token;
}

// encodeText is encode that also returns the state's JSON text:
// {token, json}. The text is written in steps (jsonSteps): a state of
// 100,000 usage rows never blocks the page while it is written.
export async function encodeText(obj) {
  const json = await jsonSteps({ v: VERSION, ...obj });
  return { token: await tokenOf(json), json };
}

async function tokenOf(json) {
  if (typeof CompressionStream !== 'function') return encodeURIComponent(json);
  try {
    const z = await through(new TextEncoder().encode(json), new CompressionStream('deflate'), Infinity, 1 << 16);
    return `${VERSION}.${toBase64url(z)}`;
  } catch {
    return encodeURIComponent(json);
  }
}

// STEP_ITEMS: array elements written per step of jsonSteps.
const STEP_ITEMS = 2000;

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

// jsonSteps is JSON.stringify of plain data (the page's state), written a
// slice of STEP_ITEMS array elements at a time with a task boundary in
// between; the text is the same as JSON.stringify's.
export async function jsonSteps(v) {
  if (Array.isArray(v)) {
    if (v.length <= STEP_ITEMS) return JSON.stringify(v);
    const parts = [];
    for (let i = 0; i < v.length; i += STEP_ITEMS) {
      parts.push(JSON.stringify(v.slice(i, i + STEP_ITEMS)).slice(1, -1));
      await nextTask();
    }
    return `[${parts.join(',')}]`;
  }
  if (v && typeof v === 'object' && typeof v.toJSON !== 'function') {
    const parts = [];
    for (const k of Object.keys(v)) {
      const x = v[k];
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
      parts.push(`${JSON.stringify(k)}:${await jsonSteps(x)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

// decode reads a token written by encode: {value} or {error}.
export async function decode(token) {
  if (typeof token !== 'string') return { error: 'corrupt' };
  if (token.length > MAX_TOKEN) return { error: 'large' };
  if (token.startsWith('{') || token.startsWith('%7B') || token.startsWith('%7b')) return legacy(token);
  const m = /^(\d{1,6})\.([A-Za-z0-9_-]*)$/.exec(token);
  if (!m) return { error: 'corrupt' };
  const version = Number(m[1]);
  if (version > VERSION) return { error: 'version' };
  if (version !== VERSION) return { error: 'corrupt' };
  if (typeof DecompressionStream !== 'function') return { error: 'corrupt' };
  try {
    const bytes = fromBase64url(m[2]);
    if (!bytes) return { error: 'corrupt' };
    const json = await inflate(bytes, MAX_JSON);
    const value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
    if (!value || typeof value !== 'object' || Array.isArray(value) || value.v !== VERSION) return { error: 'corrupt' };
    return { value };
  } catch (e) {
    return e instanceof TooLarge ? { error: 'large', inflated: e.inflated } : { error: 'corrupt' };
  }
}

// readHash reads a location hash: {value: null, error: ''} when it holds
// no state, else decode's answer with error '' on success.
export async function readHash(hash) {
  if (!isStateHash(hash)) return { value: null, error: '' };
  const r = await decode(hash.slice(3));
  return { value: r.error ? null : r.value, error: r.error || '' };
}

// legacy reads "#s=<percent-encoded JSON>", the form before version 1.
function legacy(token) {
  try {
    return { value: JSON.parse(decodeURIComponent(token)) };
  } catch {
    return { error: 'corrupt' };
  }
}

// inflate decompresses zlib bytes, feeding them SLICE bytes at a time so
// that the output is counted as it is produced: past max bytes out it
// stops the decompressor and throws TooLarge (the rest of the input is
// never inflated). A damaged stream throws another error.
const inflate = (bytes, max) => through(bytes, new DecompressionStream('deflate'), max, SLICE);

// through runs bytes through a compression or decompression stream, slice
// bytes at a time: each step of the stream is a small task (a 7 MB state
// is compressed in 64 KiB steps, not in one long task), and more than max
// bytes out stops it with TooLarge.
async function through(bytes, transform, max, slice) {
  const writer = transform.writable.getWriter();
  const reader = transform.readable.getReader();
  let stop = false;
  const feeding = (async () => {
    for (let i = 0; i < bytes.length && !stop; i += slice) {
      // The readable side has no queue: a write waits until the output of
      // the one before was read, so at most one slice's output is pending.
      await writer.write(bytes.subarray(i, i + slice));
    }
    if (!stop) await writer.close();
  })();
  feeding.catch(() => {}); // a damaged stream: the reader sees the error
  const chunks = [];
  let n = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      n += value.length;
      if (n > max) {
        stop = true;
        throw new TooLarge(n);
      }
      chunks.push(value);
    }
  } catch (e) {
    stop = true;
    reader.cancel().catch(() => {});
    writer.abort().catch(() => {});
    throw e;
  }
  await feeding;
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function toBase64url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// fromBase64url decodes base64url without padding; null when it is not.
function fromBase64url(s) {
  if (s.length % 4 === 1) return null;
  let bin;
  try {
    bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  } catch {
    return null;
  }
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}
