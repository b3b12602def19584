// node --test site/js/i18n.test.js: every error reason the engine documents
// (docs/api.md, "Error reasons") and every one the client produces has the
// page's own sentence in both languages, using only that reason's params.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import zh from '../../site/js/i18n-zh.js';
import en from '../../site/js/i18n-en.js';

const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

function reasons() {
  const out = new Map();
  const body = doc.slice(doc.indexOf('<!-- reasons: begin'), doc.indexOf('<!-- reasons: end'));
  for (const line of body.split('\n')) {
    const m = /^\| `([a-z_]+)` \| `[a-z_]+` \| .* \| (.*) \|$/.exec(line);
    if (m) out.set(m[1], m[2] === 'none' ? [] : [...m[2].matchAll(/`(\w+)`/g)].map((x) => x[1]));
  }
  // The client's own (docs/api.md, "Reasons the client produces").
  const client = doc.slice(doc.indexOf('#### Reasons the client produces'));
  for (const line of client.split('\n').slice(0, 40)) {
    const m = /^\| `[a-z_]+` \| `([a-z_]+)` \| .* \| (.*) \|$/.exec(line);
    if (m && !out.has(m[1])) out.set(m[1], [...m[2].matchAll(/`(\w+)`:/g)].map((x) => x[1]));
  }
  return out;
}

test('the reasons table was found', () => {
  assert.ok(reasons().size >= 50, `only ${reasons().size} reasons read from docs/api.md`);
});

for (const [name, dict] of [['zh', zh], ['en', en]]) {
  test(`every reason has a ${name} sentence with only its params`, () => {
    for (const [reason, params] of reasons()) {
      const text = dict[`reason.${reason}`];
      assert.ok(typeof text === 'string' && text.length > 0, `${name}: no sentence for ${reason}`);
      for (const [, p] of text.matchAll(/\{(\w+)\}/g)) {
        assert.ok(params.includes(p), `${name}: reason.${reason} uses {${p}}, not among its params ${params}`);
      }
    }
  });
}

test('the Chinese sentences are Chinese', () => {
  for (const [k, v] of Object.entries(zh)) {
    if (!k.startsWith('reason.') && !k.startsWith('err.') && !k.startsWith('amount.')) continue;
    assert.ok(!/[a-z]{3,}/.test(v.replace(/\{\w+\}/g, '')), `zh ${k} has English words: ${v}`);
  }
});
