// node --test site/js/amount.test.js: the typed-amount parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAmount, shift } from '../../site/js/amount.js';

const ok = (typed, value) => assert.deepEqual(parseAmount(typed), { value }, `parseAmount(${JSON.stringify(typed)})`);
const bad = (typed, error) => assert.deepEqual(parseAmount(typed), { error }, `parseAmount(${JSON.stringify(typed)})`);

test('plain decimals pass through exactly', () => {
  ok('30000', '30000');
  ok(' 199.5 ', '199.5');
  ok('0.000001', '0.000001');
  ok('007', '7');
  ok('', '');
  ok('   ', '');
  ok('123456789012345678901234567890.123456789', '123456789012345678901234567890.123456789');
});

test('thousands separators', () => {
  ok('30,000', '30000');
  ok('1,234,567.25', '1234567.25');
  ok('30 000', '30000');
  ok('1 234 567', '1234567');
  ok('30\u00a0000', '30000'); // no-break space
  ok('30\u202f000', '30000'); // narrow no-break space (fr-FR)
  bad('3,00', 'grouping');
  bad('30,00,000', 'grouping');
  bad('30,000 000', 'grouping');
  bad('1,2', 'grouping');
  bad(',300', 'grouping');
});

test('full-width digits and punctuation', () => {
  ok('３００００', '30000');
  ok('３０，０００', '30000');
  ok('１．５', '1.5');
  ok('\u3000２\u3000', '2');
});

test('万 and 亿, exactly', () => {
  ok('3万', '30000');
  ok('1.5万', '15000');
  ok('1.23456万', '12345.6');
  ok('0.00001万', '0.1');
  ok('３万', '30000');
  ok('2 万', '20000');
  ok('1.5亿', '150000000');
  ok('12萬', '120000');
  bad('万', 'unit');
  bad('3,000万', 'unit');
  bad('3万5', 'syntax');
  bad('3万万', 'syntax');
});

test('signs are passed on for the engine to judge', () => {
  ok('-400', '-400');
  ok('－４００', '-400');
  ok('+5', '5');
  ok('-0', '0');
});

test('anything else is refused', () => {
  for (const s of ['abc', '1e5', '0x10', 'NaN', 'Infinity', '1.', '.5', '1..2', '30k', '3 万 5', '¥30', '1,5', '--1']) {
    const r = parseAmount(s);
    assert.ok(r.error, `parseAmount(${JSON.stringify(s)}) should be refused, got ${JSON.stringify(r)}`);
  }
  bad(null, 'syntax');
  bad({}, 'syntax');
  bad(1.5, 'syntax');
  ok(42, '42');
});

test('shift moves the point without floats', () => {
  assert.equal(shift('1', '5', 4), '15000');
  assert.equal(shift('0', '0001', 4), '1');
  assert.equal(shift('12', '', -3), '0.012');
  assert.equal(shift('0', '', 8), '0');
  assert.equal(shift('9007199254740993', '', 4), '90071992547409930000');
});

test('amounts collects refusals with their fields', async () => {
  const { amounts } = await import('../../site/js/amount.js');
  const a = amounts();
  assert.equal(a.take('30,000', 'usage.call'), '30000');
  assert.equal(a.take('3,00', 'usage.hd'), '3,00');
  assert.equal(a.take('x', 'calls[0].minutes'), 'x');
  assert.deepEqual(a.errors, [{ field: 'usage.hd', error: 'grouping' }, { field: 'calls[0].minutes', error: 'syntax' }]);
});
