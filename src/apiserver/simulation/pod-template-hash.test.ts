import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fnv32a, podTemplateHash } from './pod-template-hash.js';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } };

test('fnv32a matches the published FNV-1a test vectors', () => {
  for (const [input, want] of [['', 0x811c9dc5], ['a', 0xe40c292c], ['foobar', 0xbf9cf968]] as const) {
    assert.equal(fnv32a(input), want, input);
  }
});

test('the hash is stable under key order and uses only the safe alphabet', () => {
  const reordered = { spec: { containers: [{ image: 'nginx:1.25', name: 'nginx' }] }, metadata: { labels: { app: 'web' } } };
  const h = podTemplateHash(template);
  assert.equal(podTemplateHash(reordered), h);
  assert.match(h, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
});

test('a changed template or a collision count gives a new hash', () => {
  const h = podTemplateHash(template);
  const updated = { ...template, spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } };
  assert.notEqual(podTemplateHash(updated), h);
  assert.notEqual(podTemplateHash(template, 1), h);
  assert.equal(podTemplateHash(template, 0), h);
});
