import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newReplicaSetSize, resolveFenceposts, scaleDownOld, scaledValue } from './rolling-update.js';

test('scaledValue rounds percentages up for surge and down for unavailability', () => {
  const cases: [number | string | undefined, number, boolean, number][] = [
    ['25%', 3, true, 1], ['25%', 3, false, 0], ['25%', 10, true, 3], ['25%', 10, false, 2], [2, 10, true, 2],
    ['100%', 7, false, 7], [undefined, 5, true, 0],
  ];
  for (const [v, total, up, want] of cases) assert.equal(scaledValue(v, total, up), want, `${String(v)} of ${total}`);
  assert.throws(() => scaledValue('abc', 3, true), /not a percentage: "abc"/);
});

test('fenceposts never leave both surge and unavailability at zero', () => {
  assert.deepEqual(resolveFenceposts('25%', '25%', 3), { surge: 1, unavailable: 0 });
  assert.deepEqual(resolveFenceposts(0, 0, 3), { surge: 0, unavailable: 1 });
  assert.deepEqual(resolveFenceposts('25%', '25%', 100), { surge: 25, unavailable: 25 });
});

test('the new ReplicaSet grows only within maxSurge', () => {
  const cases: [number, number, number, number, number][] = [
    // desired, surge, total spec replicas, new RS replicas, want
    [3, 1, 3, 0, 1],
    [3, 1, 4, 1, 1],
    [3, 1, 3, 1, 2],
    [100, 25, 100, 0, 25],
    [3, 0, 2, 0, 1],
    [3, 1, 0, 0, 3],
  ];
  for (const [desired, surge, total, current, want] of cases) {
    assert.equal(newReplicaSetSize(desired, surge, total, current), want, `${desired}/${surge}/${total}/${current}`);
  }
});

test('old ReplicaSets shrink only as far as availability allows', () => {
  // 3 replicas, surge 1, unavailable 0: new RS has 1 pod not yet available → nothing can go.
  assert.deepEqual(scaleDownOld([{ replicas: 3, available: 3 }], { replicas: 1, available: 0 }, 3, 0), [3]);
  // The new pod became available → one old pod can go.
  assert.deepEqual(scaleDownOld([{ replicas: 3, available: 3 }], { replicas: 1, available: 1 }, 3, 0), [2]);
  // Unhealthy old pods are removed first (bounded by maxScaledDown), even before new ones are available.
  assert.deepEqual(scaleDownOld([{ replicas: 3, available: 1 }], { replicas: 1, available: 0 }, 3, 1), [2]);
  assert.deepEqual(scaleDownOld([{ replicas: 3, available: 1 }], { replicas: 1, available: 1 }, 3, 1), [1]);
  // Oldest first across several old ReplicaSets.
  assert.deepEqual(scaleDownOld([{ replicas: 1, available: 1 }, { replicas: 2, available: 2 }], { replicas: 3, available: 3 }, 3, 0), [0, 0]);
  assert.deepEqual(scaleDownOld([{ replicas: 0, available: 0 }], { replicas: 3, available: 3 }, 3, 0), [0]);
});
