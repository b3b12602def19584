// node --test test/js/: viewdata.js, the data the views share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intOrString, horizon, chartRows, usageByMeter, usedMeters } from '../../site/js/viewdata.js';

test('intOrString sends whole numbers as numbers, the rest as typed', () => {
  assert.equal(intOrString('12'), 12);
  assert.equal(intOrString(' 7 '), 7);
  assert.equal(intOrString(36), 36);
  assert.equal(intOrString('1234567'), '1234567');
  assert.equal(intOrString('1.5'), '1.5');
  assert.equal(intOrString('-3'), '-3');
  assert.equal(intOrString('x'), 'x');
});

test('horizon is the months typed, else 12', () => {
  assert.equal(horizon('12'), 12);
  assert.equal(horizon(' 6 '), 6);
  assert.equal(horizon(1), 1);
  assert.equal(horizon('36'), 36);
  for (const bad of ['37', '0', '3.5', 'abc', '', '-1']) assert.equal(horizon(bad), 12, bad);
});

test('chartRows are the months as the cost chart draws them', () => {
  const months = [
    { month: '2026-01', prepaid: '3688', postpaid: '0', payable: '3688', serviceStopped: false, meters: [] },
    { month: '2026-02', prepaid: '0', postpaid: '25.025', payable: '25.025', serviceStopped: true, meters: [] },
  ];
  assert.deepEqual(chartRows(months), [
    { month: '2026-01', prepaid: '3688', postpaid: '0', stopped: false },
    { month: '2026-02', prepaid: '0', postpaid: '25.025', stopped: true },
  ]);
  assert.deepEqual(chartRows(undefined), []);
});

test('usageByMeter adds up minutes by meter, in order of first use', () => {
  const r = { usage: [
    { month: '2026-01', meter: 'video.hd', minutes: 1000 },
    { month: '2026-01', meter: 'audio', minutes: 0 },
    { month: '2026-02', meter: 'video.hd', minutes: 500 },
    { month: '2026-02', meter: 'audio', minutes: 0 },
  ] };
  const per = usageByMeter(r);
  assert.deepEqual([...per], [['video.hd', 1500], ['audio', 0]]);
  assert.deepEqual(usedMeters(per), [['video.hd', 1500]]);
  assert.deepEqual([...usageByMeter({})], []);
  assert.deepEqual([...usageByMeter(null)], []);
});
