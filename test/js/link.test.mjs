// node --test test/js/: link.js, the share-link codec (TestLinkCodec
// checks it in the browser too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VERSION, isStateHash, encode, decode, readHash } from '../../site/js/link.js';

const state = { quote: { catalog: 'custom-acme-1a2b3c', usage: { 'video.hd': '30000' } }, lang: 'en', note: '某客户 <b>' };

test('a state round-trips through its token', async () => {
  const token = await encode(state);
  assert.match(token, new RegExp(`^${VERSION}\\.[A-Za-z0-9_-]+$`));
  assert.deepEqual(await decode(token), { value: { v: VERSION, ...state } });
  assert.deepEqual(await readHash(`#s=${token}`), { value: { v: VERSION, ...state }, error: '' });
});

test('older links are read', async () => {
  const legacy = encodeURIComponent(JSON.stringify(state));
  assert.deepEqual(await decode(legacy), { value: state });
});

test('damaged, foreign and newer tokens are errors, never throws', async () => {
  const token = await encode(state);
  const flipped = token.slice(0, -3) + (token.at(-3) === 'A' ? 'B' : 'A') + token.slice(-2);
  for (const bad of [flipped, `${VERSION}.`, `${VERSION}.!!`, 'x', '0.abc', `${VERSION}.a`, '%7Bnot json', 42]) {
    assert.deepEqual(await decode(bad), { error: 'corrupt' }, String(bad));
  }
  assert.deepEqual(await decode(`${VERSION + 1}.abc`), { error: 'version' });
  assert.deepEqual(await decode('9'.repeat(8 * 1024 * 1024 + 1)), { error: 'large' });
});

test('only #s= hashes hold a state', async () => {
  assert.ok(isStateHash('#s=1.abc'));
  assert.ok(!isStateHash('#app'));
  assert.ok(!isStateHash(undefined));
  assert.deepEqual(await readHash('#app'), { value: null, error: '' });
  assert.deepEqual(await readHash('#s=x'), { value: null, error: 'corrupt' });
});
