// node --test: the CSV writer is safe in any spreadsheet locale (OWASP CSV
// injection), and the reader takes what people have.
import test from 'node:test';
import assert from 'node:assert/strict';
import { cell, toCSV, neutralize, unneutralize, parseRows, sniffDelimiter, normMonth, normDate, plainAmount } from '../../site/js/csv.js';

// splitFor reads one CSV line as a spreadsheet that splits on sep would,
// honouring quotes: the cells it would see.
function splitFor(line, sep) {
  return parseRows(line, sep)[0].cells;
}

test('the issue case: a package id with ; and a formula stays one inert cell in every locale', () => {
  const id = "pkg;=cmd|' /C calc'!A0;";
  const line = toCSV([['lot', id, '5']]).trimEnd();
  assert.equal(line, `lot,"pkg;'=cmd|' /C calc'!A0;",5`);
  for (const sep of [',', ';', '\t']) {
    const cells = splitFor(line, sep);
    // No cell a spreadsheet sees starts a formula.
    for (const c of cells) assert.doesNotMatch(c, /^[=+\-@]/, `sep ${JSON.stringify(sep)}: ${JSON.stringify(cells)}`);
  }
  // Read back with ',' and unneutralized it is the id exactly.
  assert.equal(unneutralize(splitFor(line, ',')[1]), id);
});

test('every separator, quote, CR and LF is quoted', () => {
  for (const v of ['a,b', 'a;b', 'a\tb', 'a"b', 'a\rb', 'a\nb']) {
    const c = cell(v);
    assert.ok(c.startsWith('"') && c.endsWith('"'), `${JSON.stringify(v)} -> ${c}`);
    assert.equal(parseRows(`${c},x`, ',')[0].cells[0], v);
  }
  assert.equal(cell('a"b'), '"a""b"');
  assert.equal(cell('plain'), 'plain');
});

test('cells starting a formula are neutralized with a quote', () => {
  const cases = {
    '=SUM(A1)': "'=SUM(A1)",
    '+1': "'+1",
    '-x': "'-x",
    '@A1': "'@A1",
    '=1+1;x': `"'=1+1;x"`,
    'a;=1': `"a;'=1"`,
    'a,+1\n@b': `"a,'+1\n'@b"`,
    'a;-5': `"a;-5"`,
    '\t=1': `"'\t'=1"`,
    '\r=1': `"'\r'=1"`,
    '  =1': "'  =1",
    "'abc": "''abc",
    "=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0",
  };
  for (const [v, want] of Object.entries(cases)) assert.equal(cell(v), want, JSON.stringify(v));
});

test('plain numbers, money and negative amounts are left as numbers', () => {
  for (const v of ['-5', '0', '3713.025', '-0.10', '1000000']) assert.equal(cell(v), v);
  assert.equal(cell(42), '42');
  assert.equal(cell(null), '');
  assert.equal(cell(undefined), '');
  // Not a plain number: neutralized.
  assert.equal(cell('-5e3'), "'-5e3");
  // Each part a reader may take for a cell is a number: left alone.
  assert.equal(cell('-1,000'), '"-1,000"');
});

test('unneutralize gives back exactly what was written', () => {
  for (const v of ['=x', '+1', '-x', '@a', "'abc", "'=x", "''", "'", '-5', 'plain', '  =1', '\t=1', 'a', "pkg;=cmd|' /C calc'!A0;", "a;'b,'=c", 'x\r\n=y', '\tx', "'\tx", '\n']) {
    assert.equal(unneutralize(neutralize(v)), v, JSON.stringify(v));
  }
});

test('reader: BOM, CRLF, quoted line breaks, blank rows, line numbers', () => {
  const rows = parseRows('\uFEFFmonth,minutes\r\n\r\n2019-07,"1,000"\r\n"a\r\nb",2\r\n', ',');
  assert.deepEqual(rows, [
    { line: 1, cells: ['month', 'minutes'] },
    { line: 3, cells: ['2019-07', '1,000'] },
    { line: 4, cells: ['a\r\nb', '2'] },
  ]);
});

test('delimiter: tab, then ;, then ,', () => {
  assert.equal(sniffDelimiter('month\tmeter\tminutes'), '\t');
  assert.equal(sniffDelimiter('2019-07;call;30,000'), ';');
  assert.equal(sniffDelimiter('\uFEFF2019-07,call,30'), ',');
  assert.equal(sniffDelimiter('"a;b",c'), ',');
});

test('months, dates and amounts people type', () => {
  assert.equal(normMonth('2019年7月'), '2019-07');
  assert.equal(normMonth('2019/7'), '2019-07');
  assert.equal(normMonth('2019.12'), '2019-12');
  assert.equal(normMonth('July'), 'July');
  assert.equal(normDate('2019年8月1日'), '2019-08-01');
  assert.equal(normDate('2019/8/1'), '2019-08-01');
  assert.equal(plainAmount('30,000'), '30000');
  assert.equal(plainAmount('3,108,030.5'), '3108030.5');
  // Never guessed: "199,5" is not 1995 nor 199.5.
  assert.equal(plainAmount('199,5'), '199,5');
});
