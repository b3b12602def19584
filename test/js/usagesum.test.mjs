import test from 'node:test';
import assert from 'node:assert/strict';
import { summarize, sumDecimals, collapse, total } from '../../site/js/usagesum.js';

const row = (month, meter, amount, unit = 'minutes') => ({ month, meter, amount, unit });

test('sumDecimals adds exactly, past float precision', () => {
  assert.equal(sumDecimals(['0.1', '0.2']), '0.3');
  assert.equal(sumDecimals(['199.5', '0.5', '1']), '201');
  assert.equal(sumDecimals(['999999999999.999999', '0.000001']), '1000000000000');
  assert.equal(sumDecimals(['9007199254740993', '1']), '9007199254740994');
  assert.equal(sumDecimals([]), '0');
  assert.equal(sumDecimals(['1', '-1']), null);
  assert.equal(sumDecimals(['1e3']), null);
});

test('summarize groups by month and meter, keeps rows that cannot be summed', () => {
  const us = [
    row('2021-01', 'rtc.hd', '10.25'), row('2021-01', 'rtc.audio', '5'), row('2021-01', 'rtc.hd', '0.75'),
    row('2021-02', 'rtc.hd', '7'), row('bad', 'rtc.hd', '1'), row('2021-02', 'rtc.hd', 'x'), row(' 2021-01 ', 'rtc.hd', '1'),
  ];
  const { groups, merged } = summarize(us);
  assert.equal(merged, 2);
  assert.deepEqual(groups.map((g) => [g.month, g.meter, g.amount, g.unit, g.rows.length]), [
    ['2021-01', 'rtc.hd', '12', 'minutes', 3],
    ['2021-01', 'rtc.audio', '5', 'minutes', 1],
    ['2021-02', 'rtc.hd', '7', 'minutes', 1],
    ['bad', 'rtc.hd', '1', 'minutes', 1],
    ['2021-02', 'rtc.hd', 'x', 'minutes', 1],
  ]);
  // Rows are the state's own objects.
  assert.equal(groups[0].rows[0], us[0]);
});

test('mixed units sum in seconds (minutes x 60), exactly', () => {
  const t = total([row('2019-08', 'call', '199.5'), row('2019-08', 'call', '3108030', 'seconds'), row('2019-08', 'call', '0.01')]);
  assert.deepEqual(t, { month: '2019-08', meter: 'call', amount: String(11970 + 3108030) + '.6', unit: 'seconds' });
  const s = total([row('2019-08', 'call', '1', 'seconds'), row('2019-08', 'call', '2.5', 'seconds')]);
  assert.equal(s.amount, '3.5');
  assert.equal(s.unit, 'seconds');
});

test('summary totals equal the rows at 100,000 rows (billing sums per month and meter)', () => {
  const us = [];
  const want = new Map();
  for (let i = 0; i < 100000; i++) {
    const m = `2021-${String((i % 12) + 1).padStart(2, '0')}`;
    const meter = ['rtc.audio', 'rtc.hd', 'recording.hd'][Math.floor(i / 12) % 3];
    const amount = `${i % 997}.${i % 10}`;
    us.push(row(m, meter, amount));
    const k = `${m} ${meter}`;
    // Tenths of a minute, as integers: exact.
    want.set(k, (want.get(k) || 0) + (i % 997) * 10 + (i % 10));
  }
  const t0 = Date.now();
  const { groups, merged } = summarize(us);
  const ms = Date.now() - t0;
  assert.equal(groups.length, 36);
  assert.equal(merged, 100000 - 36);
  for (const g of groups) {
    const tenths = want.get(`${g.month} ${g.meter}`);
    const w = tenths % 10 ? `${Math.floor(tenths / 10)}.${tenths % 10}` : String(tenths / 10);
    assert.equal(g.amount, w, `${g.month} ${g.meter}`);
  }
  console.log(`summarize: 100,000 rows into ${groups.length} in ${ms} ms`);
});

test('collapse replaces one group by its total and leaves the others exact', () => {
  const us = [row('2021-01', 'a', '1'), row('2021-02', 'a', '2'), row('2021-01', 'a', '3'), row('2021-02', 'a', '4')];
  const { groups } = summarize(us);
  const [jan, feb] = groups;
  const out = collapse(us, jan);
  assert.deepEqual(out.map((u) => u.amount), ['4', '2', '4']);
  assert.equal(jan.rows.length, 1);
  assert.equal(out[0], us[0]);
  // The other group still holds its own row objects, untouched.
  assert.deepEqual(feb.rows.map((u) => u.amount), ['2', '4']);
  assert.ok(feb.rows.every((u) => out.includes(u)));
  // A group of one row: nothing to collapse.
  assert.equal(collapse(out, jan), out);
});
