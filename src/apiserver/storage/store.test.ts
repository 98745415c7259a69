import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../common/object.js';
import { Store } from './store.js';

function obj(ns: string, name: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, uid: `${ns}-${name}`, ...extra } };
}

test('resourceVersions increase by one per write across resources, deletes included', () => {
  const s = new Store();
  const a = s.create('/configmaps', obj('a', 'x'));
  const b = s.create('/secrets', obj('a', 'y'));
  const gone = s.delete('/configmaps', a);
  assert.deepEqual([a.metadata.resourceVersion, b.metadata.resourceVersion, gone.metadata.resourceVersion], ['1', '2', '3']);
  assert.equal(s.resourceVersion, 3);
});

test('lists come in namespace then name order and can resume after a key', () => {
  const s = new Store();
  for (const [ns, n] of [['b', 'z'], ['a', 'y'], ['b', 'a'], ['a', 'b']] as const) s.create('/configmaps', obj(ns, n));
  const all = [...s.list('/configmaps')].map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
  assert.deepEqual(all, ['a/b', 'a/y', 'b/a', 'b/z']);
  assert.deepEqual([...s.list('/configmaps', 'b')].map((o) => o.metadata.name), ['a', 'z']);
  const rest = [...s.list('/configmaps', undefined, { namespace: 'a', name: 'y' })].map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
  assert.deepEqual(rest, ['b/a', 'b/z']);
});

test('the owner index finds dependents and forgets them when references go', () => {
  const s = new Store();
  const owner = s.create('/configmaps', obj('a', 'owner'));
  const dep = s.create('/configmaps', obj('a', 'dep', { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid as string }] }));
  assert.deepEqual(s.dependentsOf('a-owner').map((r) => r.name), ['dep']);
  s.update('/configmaps', { ...dep, metadata: { ...dep.metadata, ownerReferences: undefined } }, dep);
  assert.deepEqual(s.dependentsOf('a-owner'), []);
  assert.equal(s.byUid('a-dep')?.name, 'dep');
});

test('subscribers of a storage key see only its events, with the previous state', () => {
  const s = new Store();
  const seen: string[] = [];
  s.subscribe('/configmaps', (ev) => seen.push(`${ev.type}:${ev.object.metadata.name}:${ev.prev?.metadata.resourceVersion ?? '-'}`));
  const a = s.create('/configmaps', obj('a', 'x'));
  s.create('/secrets', obj('a', 'y'));
  s.update('/configmaps', { ...a, metadata: { ...a.metadata } }, a);
  assert.deepEqual(seen, ['ADDED:x:-', 'MODIFIED:x:1']);
});
