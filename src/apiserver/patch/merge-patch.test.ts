import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyMergePatch } from './merge-patch.js';

test('applyMergePatch: RFC 7386 appendix A examples', () => {
  const cases: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, want] of cases) {
    assert.deepEqual(applyMergePatch(target, patch), want, `${JSON.stringify(target)} + ${JSON.stringify(patch)}`);
  }
});

test('applyMergePatch: kubectl label/scale bodies and no aliasing of the input', () => {
  const live = { metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 1, template: { x: 1 } } };
  const out = applyMergePatch(live, { metadata: { labels: { tier: 'fe' } }, spec: { replicas: 5 } }) as typeof live;
  assert.deepEqual(out, { metadata: { name: 'web', labels: { app: 'web', tier: 'fe' } }, spec: { replicas: 5, template: { x: 1 } } });
  out.spec.template.x = 2;
  assert.equal(live.spec.template.x, 1);
  assert.equal(live.spec.replicas, 1);
});
