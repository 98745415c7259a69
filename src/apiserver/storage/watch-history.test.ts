import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ChangeEvent, WatchHistory } from './watch-history.js';

function ev(rv: number): ChangeEvent {
  return { type: 'ADDED', rv, storageKey: '/configmaps', namespace: 'a', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `o${rv}` } } };
}

test('since returns exactly the events after a resourceVersion', () => {
  const h = new WatchHistory(10, 0);
  for (let i = 1; i <= 5; i++) h.push(ev(i));
  assert.deepEqual(h.since(2)?.map((e) => e.rv), [3, 4, 5]);
  assert.deepEqual(h.since(5), []);
  assert.deepEqual(h.since(0)?.map((e) => e.rv), [1, 2, 3, 4, 5]);
});

test('once events are evicted, watching from before them is expired', () => {
  const h = new WatchHistory(3, 0);
  for (let i = 1; i <= 5; i++) h.push(ev(i));
  assert.equal(h.floor, 2);
  assert.equal(h.since(1), undefined);
  assert.deepEqual(h.since(2)?.map((e) => e.rv), [3, 4, 5]);
});

test('a history started after a restart expires older resourceVersions', () => {
  const h = new WatchHistory(10, 100);
  assert.equal(h.since(50), undefined);
  assert.deepEqual(h.since(100), []);
});
