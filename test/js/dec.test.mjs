// node --test test/js/: dec.js, the page's one exact-decimal module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add, sub, mul, per1000, sum, cmp, isPositive, parseMoney, canonical, places, percentOff, discounted, change, ticks, breakEven } from '../../site/js/dec.js';

test('add, sub, mul are exact', () => {
  assert.equal(add('0.1', '0.2'), '0.3');
  assert.equal(add('3688', '25.025'), '3713.025');
  assert.equal(add(1, '-1'), '0');
  assert.equal(sub('7.5', '6.6'), '0.9');
  assert.equal(sub('6.6', '7.5'), '-0.9');
  assert.equal(mul('1001', '25'), '25025');
  assert.equal(mul('0.1', '0.1'), '0.01');
  assert.equal(mul('-2', '0.5'), '-1');
  assert.equal(add('x', '1'), null);
});

test('per1000 is minutes × rate / 1000, unrounded', () => {
  assert.equal(per1000(9000, '25'), '225');
  assert.equal(per1000(1001, '25'), '25.025');
  assert.equal(per1000('1', '0.000001'), '0.000000001');
  assert.equal(per1000(0, '25'), '0');
  assert.equal(per1000('99999999999999999999', '28'), '2799999999999999999.972');
});

test('sum adds exactly', () => {
  assert.equal(sum([]), '0');
  assert.equal(sum(['0.1', '0.2', '0.3']), '0.6');
  assert.equal(sum(['1', 'bad']), null);
  assert.equal(cmp(sum(['3688', '6.6', '7717.5']), '11412.1'), 0);
});

test('cmp and isPositive; null for what is not a decimal', () => {
  assert.equal(cmp('10', '9.99'), 1);
  assert.equal(cmp('0.10', '0.1'), 0);
  assert.equal(cmp('-1', '0'), -1);
  assert.equal(cmp('1e3', '1'), null);
  assert.equal(isPositive('0.000001'), true);
  assert.equal(isPositive('0'), false);
  assert.equal(isPositive('-2'), false);
});

test('parseMoney reads the catalog money syntax, normalized', () => {
  assert.deepEqual(parseMoney('9688'), { n: 9688n, scale: 0 });
  assert.deepEqual(parseMoney('6.60'), { n: 66n, scale: 1 });
  assert.deepEqual(parseMoney('+1e3'), { n: 1000n, scale: 0 });
  assert.deepEqual(parseMoney('.5'), { n: 5n, scale: 1 });
  assert.deepEqual(parseMoney('25E-3'), { n: 25n, scale: 3 });
  for (const bad of ['-1', 'abc', '', '1e', '1.2.3', '1,000', '1'.repeat(41), '1e41', '1e-41', 7, null]) {
    assert.equal(parseMoney(bad), null, JSON.stringify(bad));
  }
  assert.notEqual(parseMoney('1'.repeat(40)), null);
  assert.notEqual(parseMoney('1e40'), null);
});

test('canonical writes money in its plain form, or leaves it for the engine', () => {
  const got = ['+1e3', '1.50', '.5', '1e-3', '0.000', '12.', 'abc', '-1'].map(canonical);
  assert.deepEqual(got, ['1000', '1.5', '0.5', '0.001', '0', '12', 'abc', '-1']);
  assert.equal(places('1.234567'), 6);
  assert.equal(places('1e-7'), 7);
  assert.equal(places('1.50'), 1);
  assert.equal(places('x'), 0);
});

test('percentOff takes 0 < pct <= 100 with two places at most', () => {
  assert.equal(percentOff('20'), '20');
  assert.equal(percentOff(' 12.50 % '), '12.5');
  assert.equal(percentOff('100'), '100');
  assert.equal(percentOff('0.01'), '0.01');
  for (const bad of ['0', '0.00', '100.5', '-5', '20.125', '1e1', 'abc', '', '1000']) {
    assert.equal(percentOff(bad), null, bad);
  }
});

test('discounted is price × (100 − pct) / 100, exactly', () => {
  assert.equal(discounted('9688', '20'), '7750.4');
  assert.equal(discounted('6.6', '12.5'), '5.775');
  assert.equal(discounted('166.25', '12.5'), '145.46875');
  assert.equal(discounted('3688', '100'), '0');
  assert.equal(discounted('73888', '33.33'), '49261.1296');
  assert.equal(discounted('0.01', '0.01'), '0.009999');
  assert.equal(discounted('+1e3', '10'), '900');
  assert.equal(discounted('x', '10'), null);
  assert.equal(discounted('10', null), null);
});

test('change against the list price: one decimal, half away from zero', () => {
  const got = [['7750.4', '9688'], ['1', '3'], ['2', '3'], ['10', '8'], ['5', '5.0'], ['5', '0'], ['x', '1'], ['1000.5', '1000']].map(([p, l]) => change(p, l));
  assert.deepEqual(got, ['−20%', '−66.7%', '−33.3%', '+25%', '', '', '', '+0.1%']);
  assert.equal(change('1000.4', '1000'), ''); // +0.04% rounds to nothing
});

test('ticks are exact decimals from 0 covering max', () => {
  assert.deepEqual(ticks(10000), { values: ['0', '2000', '4000', '6000', '8000', '10000'], top: 10000 });
  assert.deepEqual(ticks(1), { values: ['0', '0.2', '0.4', '0.6', '0.8', '1'], top: 1 });
  assert.deepEqual(ticks(12), { values: ['0', '2.5', '5', '7.5', '10', '12.5'], top: 12.5 });
  assert.deepEqual(ticks(7), { values: ['0', '2', '4', '6', '8'], top: 8 });
  assert.deepEqual(ticks(0), { values: ['0', '1'], top: 1 });
  assert.deepEqual(ticks(Infinity), { values: ['0', '1'], top: 1 });
});

test('breakEven is the first whole minute a line reaches a cost', () => {
  assert.equal(breakEven(1000, '25', '100', '25'), 4000n);
  assert.equal(breakEven(0, '0', '0.01', '7'), 2n); // ceil(10 / 7)
  assert.equal(breakEven(0, '0', '7', '7'), 1000n); // exactly: no rounding up
  assert.equal(breakEven(500, '30', '20', '25'), 500n); // already reached
  assert.equal(breakEven(0, '0', '1', '0'), null);
  assert.equal(breakEven(0, 'x', '1', '1'), null);
});
