import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../common/object.js';
import { applyReplicaSchedule } from './replica-schedule.js';

const fd = (spec: JsonObject): { kind: string; spec: JsonObject } => ({ kind: 'FederatedDeployment', spec });

describe('applyReplicaSchedule', () => {
  it('writes placement and replica overrides into a fresh object, keeping the selector', () => {
    const r = applyReplicaSchedule(fd({ template: { spec: { replicas: 1 } }, placement: { clusterSelector: {} } }), { cluster2: 5, cluster1: 4 });
    assert.equal(r.changed, true);
    assert.deepEqual(r.object.spec, {
      template: { spec: { replicas: 1 } },
      placement: { clusterSelector: {}, clusters: [{ name: 'cluster1' }, { name: 'cluster2' }] },
      overrides: [
        { clusterName: 'cluster1', clusterOverrides: [{ path: '/spec/replicas', value: 4 }] },
        { clusterName: 'cluster2', clusterOverrides: [{ path: '/spec/replicas', value: 5 }] },
      ],
    });
  });

  it('is unchanged when placement and replica overrides already match, whatever the order', () => {
    const input = fd({
      placement: { clusters: [{ name: 'b' }, { name: 'a' }] },
      overrides: [
        { clusterName: 'b', clusterOverrides: [{ path: '/spec/template/spec/containers/0/image', value: 'x' }, { op: 'replace', path: '/spec/replicas', value: 2 }] },
        { clusterName: 'a', clusterOverrides: [{ path: '/spec/replicas', value: 0 }] },
      ],
    });
    const r = applyReplicaSchedule(input, { a: 0, b: 2 });
    assert.equal(r.changed, false);
    assert.deepEqual(r.object, input);
  });

  it('updates existing replica overrides in place and preserves other overrides', () => {
    const r = applyReplicaSchedule(fd({
      placement: { clusters: [{ name: 'a' }, { name: 'b' }] },
      overrides: [
        { clusterName: 'a', clusterOverrides: [{ path: '/spec/replicas', value: 0 }, { path: '/ultimate/answer', value: 42 }] },
        { clusterName: 'b', clusterOverrides: [{ path: '/ultimate/answer', value: 7 }] },
      ],
    }), { a: 5, b: 1 });
    assert.equal(r.changed, true);
    assert.deepEqual(r.object.spec.overrides, [
      { clusterName: 'a', clusterOverrides: [{ path: '/spec/replicas', value: 5 }, { path: '/ultimate/answer', value: 42 }] },
      { clusterName: 'b', clusterOverrides: [{ path: '/ultimate/answer', value: 7 }, { path: '/spec/replicas', value: 1 }] },
    ]);
  });

  it('removes replica overrides of clusters no longer scheduled, keeping their other overrides', () => {
    const r = applyReplicaSchedule(fd({
      placement: { clusters: [{ name: 'a' }, { name: 'gone' }, { name: 'also-gone' }] },
      overrides: [
        { clusterName: 'gone', clusterOverrides: [{ path: '/spec/replicas', value: 3 }, { path: '/ultimate/answer', value: 42 }] },
        { clusterName: 'also-gone', clusterOverrides: [{ path: '/spec/replicas', value: 3 }] },
        { clusterName: 'a', clusterOverrides: [{ path: '/spec/replicas', value: 3 }] },
      ],
    }), { a: 6 });
    assert.deepEqual(r.object.spec, {
      placement: { clusters: [{ name: 'a' }] },
      overrides: [
        { clusterName: 'gone', clusterOverrides: [{ path: '/ultimate/answer', value: 42 }] },
        { clusterName: 'a', clusterOverrides: [{ path: '/spec/replicas', value: 6 }] },
      ],
    });
  });

  const differing: [string, JsonObject][] = [
    ['a non-numeric replica override', { path: '/spec/replicas', value: '3' }],
    ['a remove of the replica override', { op: 'remove', path: '/spec/replicas' }],
  ];
  for (const [name, override] of differing) {
    it(`${name} counts as different and is rewritten`, () => {
      const r = applyReplicaSchedule(fd({ placement: { clusters: [{ name: 'a' }] }, overrides: [{ clusterName: 'a', clusterOverrides: [override] }] }), { a: 3 });
      assert.equal(r.changed, true);
      assert.deepEqual(r.object.spec.overrides, [{ clusterName: 'a', clusterOverrides: [{ path: '/spec/replicas', value: 3 }] }]);
    });
  }

  it('a placement difference alone is a change', () => {
    const r = applyReplicaSchedule(fd({ placement: { clusters: [{ name: 'a' }, { name: 'b' }] }, overrides: [{ clusterName: 'a', clusterOverrides: [{ path: '/spec/replicas', value: 3 }] }] }), { a: 3 });
    assert.equal(r.changed, true);
    assert.deepEqual(r.object.spec.placement, { clusters: [{ name: 'a' }] });
  });

  it('does not mutate its input', () => {
    const input = fd({ placement: { clusters: [] } });
    const before = structuredClone(input);
    applyReplicaSchedule(input, { a: 1 });
    assert.deepEqual(input, before);
  });
});
