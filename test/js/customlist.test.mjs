// node --test test/js/: customlist.js, the rules on a custom price list
// object that the store (custom.js) and the editor apply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  okId, isCustom, wire, customId, readSaved, pickCustom, syncList, fromLinkOnly, withSaved, renamed,
  editable, copied, unitConsistent, setPrice, discount, setFree,
} from '../../site/js/customlist.js';

const list = (id, extra = {}) => ({ format: 1, id, name: id, currency: 'CNY', meters: [], packages: [], ...extra });

test('customId: a slug of the name and a hash of it', () => {
  const a = customId('ACME 2026');
  assert.match(a, /^custom-acme-2026-[0-9a-f]{6}$/);
  assert.equal(customId(' ACME 2026 '), a);
  assert.notEqual(customId('acme 2026'), a); // the hash tells them apart
  assert.match(customId('某客户'), /^custom-[0-9a-f]{6}$/);
  assert.match(customId('<img src=x onerror=alert(1)>'), /^custom-[a-z0-9-]+$/);
  assert.ok(okId(a));
  assert.ok(!okId('rtc-2026'));
  assert.ok(!okId('custom-<b>'));
  assert.ok(!okId(7));
});

test('wire: a deep copy as a request sends it', () => {
  const c = list('custom-a', { packages: [{ id: 'p', price: '1', per1000: '2' }] });
  const w = wire(c);
  assert.equal(w.custom, true);
  assert.equal('per1000' in w.packages[0], false);
  assert.equal(c.packages[0].per1000, '2'); // the original is untouched
  assert.ok(isCustom(w));
  assert.ok(!isCustom(c));
  assert.ok(!isCustom(null));
});

test('readSaved keeps every object with an id, however many were saved', () => {
  assert.deepEqual(readSaved('not json'), []);
  assert.deepEqual(readSaved('{"id": "x"}'), []);
  assert.deepEqual(readSaved(null), []);
  const text = JSON.stringify([list('custom-a'), 7, null, [], { id: 3 }, list('custom-b'), list('custom-c')]);
  assert.deepEqual(readSaved(text).map((c) => c.id), ['custom-a', 'custom-b', 'custom-c']);
  // A 51st saved list comes back too (it was cut at 50 on the next load).
  const many = JSON.stringify(Array.from({ length: 51 }, (_, i) => list(`custom-${i}`)));
  assert.equal(readSaved(many).length, 51);
  assert.equal(readSaved(many)[50].id, 'custom-50');
});

test('pickCustom: each valid id once, the state first, no published id', () => {
  const fromLink = list('custom-a', { name: 'link' });
  const saved = [list('custom-a', { name: 'saved' }), list('custom-b'), list('rtc'), list('custom-bad'), list('custom-<x>')];
  const got = pickCustom([fromLink, 'junk', ...saved], ['rtc'], (c) => c.id !== 'custom-bad');
  assert.deepEqual(got.map((c) => [c.id, c.name]), [['custom-a', 'link'], ['custom-b', 'custom-b']]);
  assert.ok(got.every((c) => c.custom === true));
});

test('syncList: the lists the views use travel in the state', () => {
  const a = list('custom-a');
  const b = list('custom-b');
  const linkOnly = list('custom-link');
  // A saved list a view uses is copied in; one no view uses is dropped;
  // a link's list not saved here stays.
  assert.deepEqual(syncList([b, linkOnly], [a, b], new Set(['custom-a', 'rtc'])).map((c) => c.id), ['custom-link', 'custom-a']);
  // A list in the state that a view uses stays as it is there.
  const mine = list('custom-a', { name: 'from the link' });
  assert.equal(syncList([mine], [a], new Set(['custom-a']))[0], mine);
  // Every list a link brought stays, however many, beside those the views
  // use (nine link lists and a saved one used: all ten; it kept the last 8).
  const many = Array.from({ length: 9 }, (_, i) => list(`custom-${i}`));
  const kept = syncList(many, [a], new Set(['custom-a'])).map((c) => c.id);
  assert.deepEqual(kept, [...many.map((c) => c.id), 'custom-a']);
});

test('fromLinkOnly: the state lists not saved here as they are', () => {
  const a = list('custom-a');
  const changed = list('custom-b', { name: 'changed' });
  const saved = [wire(a), wire(list('custom-b'))];
  assert.deepEqual(fromLinkOnly([a, changed, list('custom-c'), list('rtc')], saved).map((c) => c.id), ['custom-b', 'custom-c']);
});

test('withSaved and renamed: saving an edited list under a new name', () => {
  const old = list('custom-old');
  const other = list('custom-other');
  const stored = wire(list('custom-new'));
  assert.deepEqual(withSaved([old, other], stored, 'custom-old').map((c) => c.id), ['custom-other', 'custom-new']);
  assert.deepEqual(withSaved([stored, other], stored).map((c) => c.id), ['custom-other', 'custom-new']);
  const views = [{ catalog: 'custom-old' }, { catalog: 'rtc' }];
  const got = renamed([old, other], views, 'custom-old', stored);
  assert.deepEqual(views.map((v) => v.catalog), ['custom-new', 'rtc']);
  assert.deepEqual(got.map((c) => c.id), ['custom-other', 'custom-new']);
  // Two views on it: the list is in the state once.
  const both = [{ catalog: 'custom-old' }, { catalog: 'custom-new' }];
  assert.deepEqual(renamed([], both, 'custom-old', stored).map((c) => c.id), ['custom-new']);
});

test('editable: plain money, the given name and its id, no Chinese name', () => {
  const c = editable(list('rtc', {
    nameZh: '声网', packages: [{ id: 'p', price: '+1e3', per1000: '1' }], meters: [{ id: 'm', overagePer1000: '7.50' }],
  }), 'ACME');
  assert.equal(c.packages[0].price, '1000');
  assert.equal(c.meters[0].overagePer1000, '7.5');
  assert.equal(c.name, 'ACME');
  assert.equal(c.id, customId('ACME'));
  assert.equal('nameZh' in c, false);
  assert.equal(editable(list('x', { name: 'Own' })).name, 'Own');
  assert.equal(editable(list('x', { packages: [{ price: 'abc' }] })).packages[0].price, 'abc'); // the engine says what is wrong
});

test('copied: a published list gets a note, a custom one is copied as it is', () => {
  const pub = list('rtc', { name: 'RTC', notes: ['n'] });
  assert.deepEqual(copied(pub).notes, ['Custom price list copied from rtc (RTC).', 'n']);
  assert.deepEqual(copied({ ...pub, notes: Array(20).fill('n') }).notes.length, 20);
  assert.deepEqual(copied(list('custom-a', { custom: true })).notes, undefined);
});

test('unit prices: kept only while exact', () => {
  assert.ok(unitConsistent({ minutes: 1000, price: '25', unitPer1000: '25' }));
  assert.ok(unitConsistent({ minutes: 2000, price: '25', unitPer1000: '12.5' }));
  assert.ok(unitConsistent({ minutes: 3, price: '0.0225', unitPer1000: '7.5' }));
  assert.ok(!unitConsistent({ minutes: 1000, price: '26', unitPer1000: '25' }));
  assert.ok(!unitConsistent({ minutes: 1.5, price: '25', unitPer1000: '25' }));
  assert.ok(!unitConsistent({ minutes: 1000, price: '-25', unitPer1000: '-25' }));
  const p = { minutes: 1000, price: '25', unitPer1000: '25' };
  setPrice(p, '25.0');
  assert.equal(p.unitPer1000, '25');
  setPrice(p, '24');
  assert.equal(p.price, '24');
  assert.equal('unitPer1000' in p, false);
});

test('discount: off the list price, so applying twice does not compound', () => {
  const base = [{ minutes: 1000, price: '9688', unitPer1000: '9688' }, { minutes: 3, price: '10', unitPer1000: '3333.33' }, {}];
  const pkgs = base.map((b) => ({ ...b }));
  discount(pkgs, base, [0, 1, 2], '20');
  discount(pkgs, base, [0, 1, 2], '20');
  assert.deepEqual(pkgs[0], { minutes: 1000, price: '7750.4', unitPer1000: '7750.4' });
  assert.deepEqual(pkgs[1], { minutes: 3, price: '8' }); // its unit price is not exact any more
  assert.deepEqual(pkgs[2], {}); // no list price: left alone
  const one = base.map((b) => ({ ...b }));
  discount(one, base, [1], '50');
  assert.equal(one[0].price, '9688');
  assert.equal(one[1].price, '5');
});

test('setFree: a count as a number, anything else for the engine to refuse', () => {
  const c = list('custom-a');
  setFree(c, ' 300 ', ['m1', 'm2']);
  assert.deepEqual(c.freeAllowance, { minutesPerMonth: 300, order: ['m1', 'm2'] });
  c.freeAllowance.order = ['m2', 'm1'];
  setFree(c, '1e3', ['m1', 'm2']);
  assert.deepEqual(c.freeAllowance, { minutesPerMonth: '1e3', order: ['m2', 'm1'] });
  setFree(c, '9999999999999999', []);
  assert.equal(c.freeAllowance.minutesPerMonth, '9999999999999999');
  setFree(c, '  ', []);
  assert.equal('freeAllowance' in c, false);
});
