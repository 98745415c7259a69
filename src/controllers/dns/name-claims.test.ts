import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NameClaims } from './name-claims.js';

const older = { key: 'IngressDNSRecord a/one', created: '2024-01-01T00:00:00Z' };
const newer = { key: 'IngressDNSRecord b/two', created: '2024-02-01T00:00:00Z' };

test('the oldest record keeps a shared name, whichever claims first', () => {
  for (const order of [[newer, older], [older, newer]]) {
    const claims = new NameClaims();
    const results = new Map(order.map((c) => [c.key, claims.claim(c, ['x.example.com', `${c.key}.only`])]));
    // Re-claim in the same order so each sees the final set of claimants.
    for (const c of order) results.set(c.key, claims.claim(c, ['x.example.com', `${c.key}.only`]));
    assert.deepEqual([...(results.get(newer.key)?.lost ?? [])], [['x.example.com', older.key]]);
    assert.equal(results.get(older.key)?.lost.size, 0);
  }
});

test('a newcomer on a held name makes the holder reconcile again, and releasing frees the name', () => {
  const claims = new NameClaims();
  claims.claim(older, ['x.example.com']);
  const second = claims.claim(newer, ['x.example.com']);
  assert.deepEqual([...second.affected], [older.key]);
  assert.deepEqual([...claims.release(older.key)], [newer.key]);
  assert.equal(claims.claim(newer, ['x.example.com']).lost.size, 0);
});

test('equal creation times fall back to the key order', () => {
  const claims = new NameClaims();
  const a = { key: 'ServiceDNSRecord a/x', created: 't' };
  const b = { key: 'IngressDNSRecord z/y', created: 't' };
  claims.claim(a, ['n']);
  assert.equal(claims.claim(b, ['n']).lost.get('n'), undefined);
  assert.equal(claims.claim(a, ['n']).lost.get('n'), b.key);
});

test('dropping a name stops claiming it', () => {
  const claims = new NameClaims();
  claims.claim(older, ['x']);
  claims.claim(newer, ['x']);
  const r = claims.claim(older, []);
  assert.deepEqual([...r.affected], [newer.key]);
  assert.equal(claims.claim(newer, ['x']).lost.size, 0);
});
