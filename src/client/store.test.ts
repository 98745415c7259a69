import { test } from 'node:test';
import assert from 'node:assert/strict';
import { objectKey, splitKey, Store } from './store.js';
import type { KubeObject } from '../common/object.js';

const obj = (name: string, namespace?: string, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'X',
  metadata: { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) },
});

test('keys are namespace/name, or name for cluster-scoped objects', () => {
  const cases: Array<[KubeObject, string, { namespace?: string; name: string }]> = [
    [obj('a', 'ns'), 'ns/a', { namespace: 'ns', name: 'a' }],
    [obj('cluster1'), 'cluster1', { name: 'cluster1' }],
  ];
  for (const [o, key, split] of cases) {
    assert.equal(objectKey(o), key);
    assert.deepEqual(splitKey(key), split);
  }
});

test('indexes follow updates and deletes', () => {
  const s = new Store({ byTier: (o) => (o.metadata.labels?.['tier'] ? [o.metadata.labels['tier']] : []) });
  s.set(obj('a', 'ns1', { tier: 'web' }));
  s.set(obj('b', 'ns2', { tier: 'web' }));
  assert.deepEqual(s.byIndex('byTier', 'web').map(objectKey).sort(), ['ns1/a', 'ns2/b']);
  s.set(obj('a', 'ns1', { tier: 'db' }));
  assert.deepEqual(s.byIndex('byTier', 'web').map(objectKey), ['ns2/b']);
  assert.deepEqual(s.byIndex('byTier', 'db').map(objectKey), ['ns1/a']);
  s.delete('ns2/b');
  assert.deepEqual(s.byIndex('byTier', 'web'), []);
  assert.deepEqual(s.listNamespace('ns1').map(objectKey), ['ns1/a']);
  s.addIndexer('byName', (o) => [o.metadata.name ?? '']);
  assert.deepEqual(s.byIndex('byName', 'a').map(objectKey), ['ns1/a']);
  assert.throws(() => s.byIndex('nope', 'x'), /index "nope" does not exist/);
  assert.equal(s.size, 1);
});
