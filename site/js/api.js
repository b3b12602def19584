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
  let instance;
  try {
    ({ instance } = await WebAssembly.instantiateStreaming(fetch(url), go.importObject));
  } catch {
    // Served without application/wasm, or no streaming support.
    const resp = await fetch(url);
    if (!resp.ok) throw new Error(`${url}: HTTP ${resp.status}`);
    ({ instance } = await WebAssembly.instantiate(await resp.arrayBuffer(), go.importObject));
  }
  go.run(instance).then(() => { exited = true; }, () => { exited = true; });
  if (!globalThis.rtcprice) await ready;
  api = globalThis.rtcprice;
  return api;
}

function failure(message) {
  return { ok: false, error: { code: 'internal', field: '', message } };
}

// call runs api[fn](request) and returns its envelope.
export function call(fn, request) {
  if (!api || typeof api[fn] !== 'function') return failure(`rtcprice.${fn} is not available`);
  if (exited) return failure('the calculator stopped; reload the page');
  try {
    let r = api[fn](request);
    if (typeof r === 'string') r = JSON.parse(r);
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
