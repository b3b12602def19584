// node --test: both languages have every string.
import test from 'node:test';
import assert from 'node:assert/strict';
import zh from '../../site/js/i18n-zh.js';
import en from '../../site/js/i18n-en.js';

test('zh and en have the same keys', () => {
  assert.deepEqual(Object.keys(en).filter((k) => !(k in zh)), []);
  assert.deepEqual(Object.keys(zh).filter((k) => !(k in en)), []);
});

test('every import error key a statement file can give has a string', async () => {
  const src = await import('node:fs').then((fs) => fs.readFileSync(new URL('../../site/js/statementfile.js', import.meta.url), 'utf8'));
  const keys = [...new Set([...src.matchAll(/key: '([a-zA-Z.]+)'/g)].map((m) => m[1]))];
  assert.ok(keys.length > 10);
  for (const k of keys) {
    assert.ok(k in en, `en lacks ${k}`);
    assert.ok(k in zh, `zh lacks ${k}`);
  }
});
