// api-example.js: the calculator's JavaScript API from a page of your own,
// through the client (rtcprice.js, beside rtcprice-worker.js, wasm_exec.js
// and calc.wasm): calc.wasm runs in a Worker, calls are promises of
// envelopes that never reject.

import { load } from './rtcprice.js';

const request = {
  catalog: 'trtc-2019-cny', start: '2026-01', months: 12,
  usage: { call: 30000 }, trial: true,
};
const bad = { catalog: 'trtc-2019-cny', start: '2026-13', months: 12, usage: { call: -5 } };

const $ = (id) => document.getElementById(id);

function show(r) {
  if (!r.ok) {
    $('status').textContent = `Error (${r.error.code}/${r.error.reason}) in ${r.error.field}: ${r.error.message}`;
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

try {
  const calc = await load();
  $('request').textContent = `await calc.quote(${JSON.stringify(request, null, 2)})`;
  show(await calc.quote(request));
  $('bad-request').textContent = `await calc.quote(${JSON.stringify(bad)})`;
  $('bad-result').textContent = JSON.stringify(await calc.quote(bad), null, 2);
} catch (e) {
  // Only load() can reject: no Worker, or calc.wasm did not load.
  $('status').textContent = String(e.message);
}
document.documentElement.setAttribute('data-ready', 'true');
