// node --test site/js/dec.test.js: exact decimal helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add, sub, mul, per1000, sum, cmp } from '../../site/js/dec.js';

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
