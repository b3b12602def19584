import test from 'node:test';
import assert from 'node:assert/strict';
import { parseRows, parseRowsSteps } from '../../site/js/csv.js';
import { runSync, runAsync } from '../../site/js/steps.js';
import { readImport, readImportAsync, MAX_ROWS } from '../../site/js/statementfile.js';

test('parseRowsSteps yields while reading a big text, and gives the same rows', async () => {
  let s = 'month,meter,minutes\n';
  for (let i = 0; i < 100000; i++) s += `2021-${String((i % 12) + 1).padStart(2, '0')},"rtc.hd",${i % 1000}.5\r\n`;
  let yields = 0;
  const g = parseRowsSteps(s, ',');
  let r;
  while (!(r = g.next()).done) yields++;
  assert.ok(yields > 10, `yields ${yields}`);
  assert.equal(r.value.length, 100001);
  assert.deepEqual(r.value[5], { line: 6, cells: ['2021-05', 'rtc.hd', '4.5'] });
  assert.deepEqual(r.value, parseRows(s, ','));
});

function usageCSV(n) {
  const lines = ['month,meter,minutes'];
  for (let i = 0; i < n; i++) lines.push(`2021-${String((i % 12) + 1).padStart(2, '0')},call,${i % 1000}.25`);
  return lines.join('\n');
}
const trtc = { id: 'trtc-2019-cny', meters: [{ id: 'call', name: 'Call' }], packages: [] };

test('readImportAsync reads 100,000 rows (the limit) in slices; one more is refused with the limit', async () => {
  const text = usageCSV(MAX_ROWS);
  let maxGap = 0;
  let last = Date.now();
  let ticking = true;
  // Another task measures how long the import keeps the thread.
  const tick = () => { const now = Date.now(); maxGap = Math.max(maxGap, now - last); last = now; if (ticking) setTimeout(tick, 0); };
  setTimeout(tick, 0);
  const res = await readImportAsync(text, trtc, () => trtc);
  ticking = false;
  assert.equal(res.kind, 'usage');
  assert.equal(res.usage.length, MAX_ROWS);
  assert.deepEqual(res.usage[99999], { month: '2021-04', meter: 'call', amount: '999.25', unit: 'minutes' });
  assert.deepEqual(res, readImport(text, trtc, () => trtc));
  console.log(`readImportAsync: 100,000 rows, longest time without a turn for other tasks ${maxGap} ms`);
  const over = await readImportAsync(usageCSV(MAX_ROWS + 1), trtc, () => trtc);
  assert.deepEqual(over, { errors: [{ key: 'imp.tooManyRows', vars: { v: '100000' } }] });
});

test('runAsync returns what the steps return, and passes a throw on', async () => {
  function* g() { yield; yield; return 42; }
  assert.equal(await runAsync(g()), 42);
  function* bad() { yield; throw new Error('boom'); }
  await assert.rejects(runAsync(bad()), /boom/);
});

test('a statement file of 5,001 rows written in steps reads back exactly', async () => {
  const { statementFileCSVSteps, statementFileCSV } = await import('../../site/js/statementfile.js');
  const usage = [];
  for (let i = 0; i < 5001; i++) usage.push({ month: `2021-${String((i % 12) + 1).padStart(2, '0')}`, meter: 'call', amount: `${i}.5`, unit: i % 3 ? 'minutes' : 'seconds' });
  const ss = { catalog: 'trtc-2019-cny', start: '', end: '', trial: '2021-01-01', purchases: [{ package: 'entry', date: '2021-02-01', count: '1' }], usage };
  const text = await runAsync(statementFileCSVSteps(ss, null), 0);
  assert.equal(text, statementFileCSV(ss, null));
  const cat = { id: 'trtc-2019-cny', meters: [{ id: 'call' }], packages: [{ id: 'entry', purchasable: true }] };
  const res = readImport(text, cat, () => cat);
  assert.equal(res.kind, 'statement');
  assert.deepEqual(res.statement.usage, usage);
  assert.deepEqual(res.statement.purchases, ss.purchases);
});
