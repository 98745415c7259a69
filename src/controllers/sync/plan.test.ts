import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../common/object.js';
import { planCluster, planDeletion, type ClusterView } from './plan.js';

const obj = (deleting = false): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'x', namespace: 'ns', ...(deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
});

test('planCluster decides per cluster as KubeFed\'s sync loop does', () => {
  const existing = obj();
  const table: { name: string; selected: boolean; view: Omit<ClusterView, 'name'>; want: string }[] = [
    { name: 'selected, not ready', selected: true, view: { ready: false }, want: 'notReady' },
    { name: 'not selected, not ready', selected: false, view: { ready: false, clusterObject: existing }, want: 'skip' },
    { name: 'selected, absent', selected: true, view: { ready: true }, want: 'create' },
    { name: 'selected, present', selected: true, view: { ready: true, clusterObject: existing }, want: 'update' },
    { name: 'not selected, absent', selected: false, view: { ready: true }, want: 'skip' },
    { name: 'not selected, present', selected: false, view: { ready: true, clusterObject: existing }, want: 'delete' },
    { name: 'not selected, terminating', selected: false, view: { ready: true, clusterObject: obj(true) }, want: 'waitForRemoval' },
    { name: 'not selected, host namespace', selected: false, view: { ready: true, clusterObject: existing, hostNamespace: true }, want: 'removeLabel' },
  ];
  for (const t of table) assert.equal(planCluster(t.selected, { name: 'c', ...t.view }).action, t.want, t.name);
  const update = planCluster(true, { name: 'c', ready: true, clusterObject: existing });
  assert.ok(update.action === 'update' && update.clusterObject === existing);
});

test('planDeletion deletes what is there, waits for what is terminating, and reports unready clusters', () => {
  const plan = planDeletion([
    { name: 'a', ready: true, clusterObject: obj() },
    { name: 'b', ready: true, clusterObject: obj(true) },
    { name: 'c', ready: true },
    { name: 'd', ready: false, clusterObject: obj() },
    { name: 'e', ready: true, clusterObject: obj(), hostNamespace: true },
    { name: 'f', ready: true, clusterObject: obj(true), hostNamespace: true },
  ]);
  assert.deepEqual(plan, { notReady: ['d'], remaining: ['a', 'b', 'e'], toDelete: ['a'], toUnlabel: ['e'] });
});

test('planDeletion of clusters without objects leaves nothing remaining', () => {
  assert.deepEqual(planDeletion([{ name: 'a', ready: true }]), { notReady: [], remaining: [], toDelete: [], toUnlabel: [] });
});
