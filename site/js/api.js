// Loading calc.wasm and calling it. Every call returns the API's envelope
// ({ok, result} or {ok: false, error: {code, field, message}}); nothing
// here throws, so no input can break the page.

let api = null;
let exited = false;

// loadCalc instantiates calc.wasm with wasm_exec.js's Go, starts it
// without awaiting, and resolves with globalThis.rtcprice once the module
// dispatches rtcprice:ready.
export async function loadCalc(url = 'calc.wasm') {
  if (typeof Go !== 'function') throw new Error('wasm_exec.js did not load');
  const go = new Go();
  const ready = new Promise((resolve) => {
    globalThis.addEventListener('rtcprice:ready', resolve, { once: true });
  });
  const { instance } = await instantiate(url, go.importObject);
  go.run(instance).then(() => { exited = true; }, () => { exited = true; });
  if (!globalThis.rtcprice) await ready;
  api = globalThis.rtcprice;
  return api;
}

// instantiate compiles calc.wasm: from the page itself in the one-file
// offline build (cmd/dist embeds it, base64 of gzip, in #calc-wasm, and
// allows no network), else streamed from url, else from its bytes (a
// server that does not send application/wasm).
async function instantiate(url, importObject) {
  const embedded = document.getElementById('calc-wasm');
  if (embedded) return WebAssembly.instantiate(await embeddedBytes(embedded), importObject);
  try {
    return await WebAssembly.instantiateStreaming(fetch(url), importObject);
  } catch {
    const resp = await fetch(url);
    if (!resp.ok) throw new Error(`${url}: HTTP ${resp.status}`);
    return WebAssembly.instantiate(await resp.arrayBuffer(), importObject);
  }
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
  return { ok: false, error: { code: 'internal', field: '', message } };
}

// call runs api[fn](request) and returns its envelope.
export function call(fn, request) {
  if (!api || typeof api[fn] !== 'function') return failure(`rtcprice.${fn} is not available`);
  if (exited) return failure('the calculator stopped; reload the page');
  try {
    // The module takes and returns JSON text (API.md §1).
    const r = JSON.parse(api[fn](typeof request === 'string' ? request : JSON.stringify(request)));
    if (!r || typeof r !== 'object' || typeof r.ok !== 'boolean') return failure(`rtcprice.${fn} returned no envelope`);
    if (!r.ok && (!r.error || typeof r.error !== 'object')) return failure(`rtcprice.${fn} failed`);
    return r;
  } catch (e) {
    return failure(String(e && e.message ? e.message : e));
  }
}

export function version() {
  return api && typeof api.version === 'string' ? api.version : '';
}
