// node --test test/js/: format.js, numbers, money and dates in the page's
// two languages. format.js reads the language from the context (dom.js),
// which names the document: a bare stand-in is enough here.
import { test } from 'node:test';
import assert from 'node:assert/strict';

globalThis.document ??= { documentElement: {} };
const { setLang } = await import('../../site/js/i18n.js');
const f = await import('../../site/js/format.js');

test('money is exact, whatever its size', () => {
  setLang('zh');
  assert.equal(f.money('3713.025', 'CNY'), '¥3,713.025');
  assert.equal(f.money('12345678901234567890.123456', 'CNY'), '¥12,345,678,901,234,567,890.123456');
  assert.equal(f.money('7', 'CNY'), '¥7.00');
  assert.equal(f.money('0.1', 'USD'), '$0.10');
  assert.equal(f.money('-2.5', 'CNY'), '-¥2.50');
  assert.equal(f.moneyShort('2000', 'CNY'), '¥2,000');
  assert.equal(f.moneyShort('2.5', 'CNY'), '¥2.5');
  // Never a float's digits: what is not a decimal string is not shown.
  for (const bad of [0.1, '1e3', 'abc', null, undefined, NaN]) assert.equal(f.money(bad, 'CNY'), '—', String(bad));
  assert.equal(f.money('1', 'NOT-A-CURRENCY'), '1 NOT-A-CURRENCY');
});

test('numbers, compact ticks and percentages', () => {
  setLang('en');
  assert.equal(f.num(51801), '51,801');
  assert.equal(f.num('1234567.125'), '1,234,567.125');
  assert.equal(f.num(1.5), '—'); // minutes are integers; money comes as strings
  assert.equal(f.compactNum('2500000'), '2.5M');
  assert.equal(f.percent('2.9504'), '295.04%');
  setLang('zh');
  assert.equal(f.compactNum('2500000'), '250万');
});

test('months and dates in both languages', () => {
  setLang('zh');
  assert.equal(f.month('2019-07'), '2019年7月');
  assert.equal(f.date('2020-08-31'), '2020年8月31日');
  assert.equal(f.monthShort('2019-07'), '7月');
  setLang('en');
  assert.equal(f.month('2019-07'), 'Jul 2019');
  assert.equal(f.date('2020-08-31'), 'Aug 31, 2020');
  assert.equal(f.monthShort('2019-07'), 'Jul');
  assert.equal(f.monthShort('2019-07', true), '2019-07');
  assert.equal(f.month('2019-13'), '2019-13'); // not a month: as given
  assert.equal(f.date('2020-08'), '2020-08');
});

test('addMonths counts calendar months', () => {
  assert.equal(f.addMonths('2026-11', 1), '2026-12');
  assert.equal(f.addMonths('2026-12', 1), '2027-01');
  assert.equal(f.addMonths('2026-01', 35), '2028-12');
  assert.equal(f.addMonths('2026-01', -1), '2025-12');
  assert.equal(f.addMonths('bad', 3), 'bad');
  assert.match(f.currentMonth(), /^\d{4}-\d{2}$/);
});
