// rtcprice-worker.js: calc.wasm in a dedicated module Worker, for
// rtcprice.js (which starts it; see there). Messages:
//
//   in:  {type: "start", wasm: URL | ArrayBuffer | WebAssembly.Module}
//        {type: "call", id, fn: "quote"|"simulate"|"catalogs", text}
//   out: {type: "ready", version, module}   (module: for replacement workers)
//        {type: "failed", message}          (calc.wasm could not start)
//        {type: "answer", id, text}         (the envelope as JSON text)
//        {type: "exited"}                   (the Go program ended)
//
// Calls run one at a time, synchronously, as the client sends them.
// The module answers text (docs/api.md, the module); an older module that answers an
// envelope object has it turned into text here, so the main thread only
// ever parses text.

import './wasm_exec.js';

let api = null;
let exited = false;

function envelopeText(code, reason, message) {
  return JSON.stringify({ ok: false, error: { code, field: '', reason, params: {}, message } });
}

async function compile(wasm) {
  if (wasm instanceof WebAssembly.Module) return wasm;
  if (wasm instanceof ArrayBuffer || ArrayBuffer.isView(wasm)) return WebAssembly.compile(wasm);
  try {
    return await WebAssembly.compileStreaming(fetch(wasm));
  } catch {
    // A server that does not send application/wasm.
    const resp = await fetch(wasm);
    if (!resp.ok) throw new Error(`${wasm}: HTTP ${resp.status}`);
    return WebAssembly.compile(await resp.arrayBuffer());
  }
}

async function start(wasm) {
  const module = await compile(wasm);
  const go = new Go();
  const ready = new Promise((resolve) => {
    globalThis.addEventListener('rtcprice:ready', resolve, { once: true });
  });
  const instance = await WebAssembly.instantiate(module, go.importObject);
  go.run(instance).then(() => { exited = true; postMessage({ type: 'exited' }); },
    () => { exited = true; postMessage({ type: 'exited' }); });
  if (!globalThis.rtcprice) await ready;
  api = globalThis.rtcprice;
  postMessage({ type: 'ready', version: typeof api.version === 'string' ? api.version : '', module });
}

function run(fn, text) {
  if (exited || !api) return envelopeText('internal', 'worker_died', 'the calculator stopped');
  if (typeof api[fn] !== 'function') return envelopeText('internal', 'internal', `rtcprice.${fn} is not available`);
  try {
    const r = fn === 'catalogs' ? api.catalogs() : api[fn](text);
    return typeof r === 'string' ? r : JSON.stringify(r);
  } catch (e) {
    return envelopeText('internal', 'internal', String(e && e.message ? e.message : e));
  }
}

addEventListener('message', (e) => {
  const m = e.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'start') {
    start(m.wasm).catch((err) => postMessage({ type: 'failed', message: String(err && err.message ? err.message : err) }));
  } else if (m.type === 'call') {
    postMessage({ type: 'answer', id: m.id, text: run(m.fn, m.text) });
    if (exited) postMessage({ type: 'exited' });
  }
});
