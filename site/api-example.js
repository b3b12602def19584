// api-example.js: the calculator's JavaScript API from a page of your own.
// Load wasm_exec.js (the copy beside calc.wasm: it must match the Go
// toolchain that built it) with a <script> before this module.

const request = {
  catalog: 'trtc-2019-cny', start: '2026-01', months: 12,
  usage: { call: 30000 }, trial: true,
};
const bad = { catalog: 'trtc-2019-cny', start: '2026-13', months: 12, usage: { call: -5 } };

const $ = (id) => document.getElementById(id);

function show(r) {
  if (!r.ok) {
    $('status').textContent = `Error (${r.error.code}) in ${r.error.field}: ${r.error.message}`;
    return;
  }
  const best = r.result.best;
  $('status').textContent = `Best plan over ${r.result.months.length} months (${best.optimal ? 'proven optimal' : 'best found'}):`;
  const rows = [
    ['Total', best.total], ['Prepaid', best.prepaid], ['Overage', best.postpaid],
    ['Pay as you go', r.result.payg.feasible ? r.result.payg.total : 'not possible'],
  ];
  for (const [k, v] of rows) {
    const card = document.createElement('div');
    card.className = 'card';
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    // Money is a decimal string: shown as it is (or given to
    // Intl.NumberFormat as the string), never through a float.
    dd.textContent = /^\d/.test(v) ? `${v} ${r.result.currency}` : v;
    card.append(dt, dd);
    $('summary').append(card);
  }
  $('purchases').textContent = (best.purchases || [])
    .map((p) => `${p.date}  ${p.package} × ${p.count}  ${p.cost} ${r.result.currency}`).join('\n') || 'Buy nothing: pay as you go.';
}

const go = new Go();
addEventListener('rtcprice:ready', () => {
  // The module takes and returns JSON text.
  $('request').textContent = `JSON.parse(rtcprice.quote(JSON.stringify(${JSON.stringify(request, null, 2)})))`;
  show(JSON.parse(rtcprice.quote(JSON.stringify(request))));
  $('bad-request').textContent = `rtcprice.quote(${JSON.stringify(JSON.stringify(bad))})`;
  $('bad-result').textContent = JSON.stringify(JSON.parse(rtcprice.quote(JSON.stringify(bad))), null, 2);
  document.documentElement.setAttribute('data-ready', 'true');
}, { once: true });

let instance;
try {
  ({ instance } = await WebAssembly.instantiateStreaming(fetch('calc.wasm'), go.importObject));
} catch {
  // A server that does not send calc.wasm as application/wasm.
  const resp = await fetch('calc.wasm');
  ({ instance } = await WebAssembly.instantiate(await resp.arrayBuffer(), go.importObject));
}
go.run(instance); // not awaited: it resolves when the Go program exits
