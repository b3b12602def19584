// node --test: a statement file (JSON or CSV) read back gives the same
// statement; every bad row is named; what people have is accepted.
import test from 'node:test';
import assert from 'node:assert/strict';
import { statementJSON, statementFileCSV, readImport, fileInputs } from '../../site/js/statementfile.js';

const trtc = {
  id: 'trtc-2019-cny',
  meters: [{ id: 'call', name: 'Call time', nameZh: '通话时长' }],
  packages: [{ id: 'trial', purchasable: false }, { id: 'entry', name: 'Entry', nameZh: '入门包', purchasable: true }, { id: 'standard', purchasable: true }],
};
const agora = {
  id: 'agora-2021-cny',
  meters: [{ id: 'audio', name: 'Audio' }, { id: 'rtc.hd', name: 'RTC HD' }],
  packages: [{ id: 'hd-25k', purchasable: true }],
};
const custom = { id: 'custom-acme-1a2b3c', custom: true, meters: [{ id: 'call' }], packages: [{ id: "pkg;=cmd|' /C calc'!A0;", purchasable: true }] };
const known = { [trtc.id]: trtc, [agora.id]: agora };
const lookup = (id) => known[id] || null;

const seed002 = {
  catalog: 'trtc-2019-cny', start: '', end: '', trial: '2019-07-01',
  purchases: [{ package: 'entry', date: '2019-08-01', count: '1' }],
  usage: [
    { month: '2019-07', meter: 'call', amount: '199.5', unit: 'minutes' },
    { month: '2019-08', meter: 'call', amount: '3108030', unit: 'seconds' },
  ],
};

const sim = {
  catalog: 'trtc-2019-cny', currency: 'CNY', start: '2019-07', end: '2019-08',
  months: [{ month: '2019-07', meters: [{ meter: 'call', billedMinutes: '200', freeMinutes: '0', deductions: [], overageMinutes: '0', overageCost: '0', unservedMinutes: '0' }], prepaid: '0', postpaid: '0', payable: '0', forfeited: [], balances: [] }],
  totals: { prepaid: '3688', postpaid: '25.025', payable: '3713.025', forfeitedMinutes: '0', total: '3713.025', unservedMinutes: '0' },
  lots: [],
};

test('JSON statement file round trip', () => {
  const text = statementJSON(seed002, { totals: sim.totals });
  const r = readImport(text, null, lookup);
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  assert.equal(r.kind, 'statement');
  assert.deepEqual(r.statement, seed002);
});

test('CSV statement file round trip, results section skipped', () => {
  const text = statementFileCSV(seed002, sim);
  assert.match(text, /^rtcprice statement,1\r\n/);
  assert.match(text, /\r\nrtcprice results,trtc-2019-cny,CNY/);
  const r = readImport(text, agora, lookup);
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  assert.deepEqual(r.statement, seed002);
});

test('CSV statement file survives a ;-locale spreadsheet and a BOM', () => {
  // What a spreadsheet splitting on ';' writes back: same rows, ';' between.
  const text = `\uFEFF${statementFileCSV(seed002, null).replaceAll(',', ';')}`;
  const r = readImport(text, null, lookup);
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  assert.deepEqual(r.statement, seed002);
});

test('a custom list with a formula-like package id comes back exactly', () => {
  known[custom.id] = custom;
  try {
    const ss = { catalog: custom.id, start: '2026-01', end: '2026-02', trial: '', purchases: [{ package: custom.packages[0].id, date: '2026-01-05', count: '2' }], usage: [{ month: '2026-01', meter: 'call', amount: '10', unit: 'minutes' }] };
    const csv = statementFileCSV(ss, null);
    assert.ok(!csv.split(/[;,\r\n]/).some((c) => /^[=+@]/.test(c)), csv);
    assert.deepEqual(readImport(csv, null, lookup).statement, ss);
  } finally {
    delete known[custom.id];
  }
  // The JSON file carries the custom list: it opens where the list is unknown.
  const ss = { catalog: custom.id, start: '', end: '', trial: '', purchases: [], usage: [{ month: '2026-01', meter: 'call', amount: '10', unit: 'minutes' }] };
  const r = readImport(statementJSON(ss, { customCatalog: custom }), null, lookup);
  assert.deepEqual(r.statement, ss);
  assert.deepEqual(r.customCatalog, custom);
});

test('every bad row is named, nothing imported', () => {
  const text = [
    'rtcprice statement,1',
    'statement,trtc-2019-cny,,,2019-07-01',
    'purchase,nosuch,2019-08-01,1',
    'purchase,entry,2019-08-32,0',
    'usage,2019-13,call,10,minutes',
    'usage,2019-07,call,abc,minutes',
    'usage,2019-07,video,10,hours',
    'usage,2019-08,call,10,minutes',
  ].join('\n');
  const r = readImport(text, null, lookup);
  assert.equal(r.statement, undefined);
  const got = r.errors.map((e) => `${e.line}:${e.key}`);
  assert.deepEqual(got, ['3:imp.package', '4:imp.date', '4:imp.count', '5:imp.month', '6:imp.amount', '7:imp.meter', '7:imp.unit']);
  assert.equal(r.errors[0].vars.v, 'nosuch');
});

test('an exported results-only CSV (older export) is refused, not read as usage', () => {
  const r = readImport('rtcprice statement,trtc-2019-cny,CNY,2019-07,2019-08\r\n\r\nmonth,meter,billed_minutes\r\n2019-07,call,200\r\ntotal_cost,4563.025\r\n', trtc, lookup);
  assert.deepEqual(r.errors.map((e) => e.key), ['imp.resultsOnly']);
});

test('plain usage rows: ; separators, 年/月 months, 30,000, CRLF, BOM, seconds header', () => {
  const r = readImport('\uFEFF月份;分钟\r\n2019年7月;30,000\r\n2019/8;199.5\r\n', trtc, lookup);
  assert.deepEqual(r, { kind: 'usage', usage: [
    { month: '2019-07', meter: 'call', amount: '30000', unit: 'minutes' },
    { month: '2019-08', meter: 'call', amount: '199.5', unit: 'minutes' },
  ] });
  const s = readImport('month,meter,seconds\n2019-07,Call time,11970\n', trtc, lookup);
  assert.deepEqual(s.usage, [{ month: '2019-07', meter: 'call', amount: '11970', unit: 'seconds' }]);
  // Several meters and no meter column: the row is named.
  const m = readImport('2019-07,10\n', agora, lookup);
  assert.deepEqual(m.errors.map((e) => `${e.line}:${e.key}`), ['1:imp.meterMissing']);
});

test('plain purchase rows', () => {
  const r = readImport('package,date,count\n入门包,2019年8月1日,2\nstandard,2019/9/1,1\n', trtc, lookup);
  assert.deepEqual(r, { kind: 'purchases', purchases: [
    { package: 'entry', date: '2019-08-01', count: '2' },
    { package: 'standard', date: '2019-09-01', count: '1' },
  ] });
  const bad = readImport('package,date\ntrial,2019-08-01\n', trtc, lookup);
  assert.deepEqual(bad.errors.map((e) => `${e.line}:${e.key}`), ['2:imp.package']);
});

test('JSON errors name the field', () => {
  assert.deepEqual(readImport('{"format":"other"}', null, lookup).errors.map((e) => e.key), ['imp.format']);
  assert.deepEqual(readImport('{oops', null, lookup).errors.map((e) => e.key), ['imp.json']);
  assert.deepEqual(readImport('{"format":"rtcprice-statement","version":2}', null, lookup).errors.map((e) => e.key), ['imp.version']);
  const r = readImport(JSON.stringify({ format: 'rtcprice-statement', version: 1, catalog: 'trtc-2019-cny', usage: [{ month: '2019-07', meter: 'call', minutes: '1' }, { month: 'x', meter: 'call' }] }), null, lookup);
  assert.deepEqual(r.errors.map((e) => `${e.path}:${e.key}`), ['usage[1]:imp.field', 'usage[1]:imp.month', 'usage[1]:imp.amount']);
});

test('blank usage rows are not written', () => {
  const ss = { ...seed002, usage: [...seed002.usage, { month: '', meter: 'call', amount: '', unit: 'minutes' }] };
  assert.equal(fileInputs(ss).usage.length, 2);
});
