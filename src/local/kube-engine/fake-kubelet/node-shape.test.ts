import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../common/object.js';
import { arr, conditionOf, rec } from '../../../apiserver/simulation/object-fields.js';
import { resolveSimulation } from '../../../apiserver/simulation/simulation-options.js';
import { fakeNode, internalIpOf, leaseFor, microTime, nodeStatus, renewedLease } from './node-shape.js';

const sim = resolveSimulation('cluster2', { podsPerNode: 50 });

describe('fakeNode', () => {
  const node = fakeNode(sim, 1, 'v1.37.2');

  it('is named, labelled and sized like the built-in simulation’s nodes', () => {
    assert.equal(node.kind, 'Node');
    assert.equal(node.metadata.name, 'cluster2-node-2');
    const labels = node.metadata.labels ?? {};
    assert.equal(labels['kubernetes.io/hostname'], 'cluster2-node-2');
    assert.equal(labels['topology.kubernetes.io/region'], 'cluster2');
    assert.equal(labels['topology.kubernetes.io/zone'], 'cluster2-b');
    assert.equal(labels['node.kubernetes.io/instance-type'], 'kubefed-local.sim');
    assert.equal(labels['kubernetes.io/os'], 'linux');
    assert.equal(labels['kubernetes.io/arch'], 'amd64');
    assert.equal(rec(rec(node.status).allocatable).pods, '50');
    assert.equal(rec(rec(node.status).capacity).pods, '50');
    assert.equal(conditionOf(node.status, 'Ready')?.status, 'True');
  });

  it('reports the control plane’s version, loopback node addresses only, and the built-in engine’s pod CIDR', () => {
    assert.equal(rec(rec(node.status).nodeInfo).kubeletVersion, 'v1.37.2');
    assert.equal(internalIpOf(node), '127.18.2.3');
    assert.equal(rec(node.spec).podCIDR, '10.244.1.0/24');
    for (const a of arr(rec(node.status).addresses)) {
      if (a.type === 'InternalIP') assert.match(String(a.address), /^127\./);
    }
  });

  it('keeps the built-in simulation’s defaults for its own nodes', async () => {
    const { nodeObject, KUBELET_VERSION } = await import('../../../apiserver/simulation/nodes.js');
    const builtin = nodeObject(sim, 0);
    assert.equal(rec(rec(builtin.status).nodeInfo).kubeletVersion, KUBELET_VERSION);
    assert.equal(rec(builtin.spec).podCIDR, '10.244.0.0/24');
    assert.equal(arr(rec(builtin.status).addresses)[0]?.address, '172.18.0.2');
  });
});

describe('nodeStatus', () => {
  const desired = fakeNode(sim, 0, 'v1.37.2');

  it('moves every heartbeat to now and keeps transition times of unchanged conditions', () => {
    const current: KubeObject = { ...desired, status: { ...rec(desired.status), images: [{ names: ['x'] }] } };
    const cur = rec(current.status);
    cur.conditions = arr(cur.conditions).map((c) => ({ ...c, lastHeartbeatTime: '2020-01-01T00:00:00Z', lastTransitionTime: '2020-01-01T00:00:00Z' }));
    const s = nodeStatus(current, desired, '2030-01-01T00:00:00Z');
    const ready = conditionOf(s, 'Ready');
    assert.equal(ready?.lastHeartbeatTime, '2030-01-01T00:00:00Z');
    assert.equal(ready?.lastTransitionTime, '2020-01-01T00:00:00Z');
    assert.deepEqual(s.images, [{ names: ['x'] }]);
  });

  it('moves the transition time of a condition that changes (NotReady after a stop → Ready)', () => {
    const current: KubeObject = { ...desired, status: { conditions: [{ type: 'Ready', status: 'Unknown', lastTransitionTime: '2020-01-01T00:00:00Z' }] } };
    const ready = conditionOf(nodeStatus(current, desired, '2030-01-01T00:00:00Z'), 'Ready');
    assert.equal(ready?.status, 'True');
    assert.equal(ready?.lastTransitionTime, '2030-01-01T00:00:00Z');
  });
});

describe('leases', () => {
  const node: KubeObject = { ...fakeNode(sim, 0, 'v1'), metadata: { name: 'cluster2-node-1', uid: 'n-uid' } };

  it('formats renewTime as a MicroTime', () => {
    assert.equal(microTime(new Date('2030-01-02T03:04:05.678Z')), '2030-01-02T03:04:05.678000Z');
  });

  it('is held by the node for 40 s and owned by it', () => {
    const l = leaseFor(node, new Date('2030-01-01T00:00:00Z'));
    assert.equal(l.metadata.namespace, 'kube-node-lease');
    assert.deepEqual(l.spec, { holderIdentity: 'cluster2-node-1', leaseDurationSeconds: 40, renewTime: '2030-01-01T00:00:00.000000Z' });
    assert.deepEqual(l.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Node', name: 'cluster2-node-1', uid: 'n-uid' }]);
  });

  it('renews an existing lease, keeping its metadata and other spec fields', () => {
    const existing: KubeObject = { ...leaseFor(node, new Date(0)), spec: { holderIdentity: 'x', acquireTime: 'a', renewTime: 'old' } };
    existing.metadata.resourceVersion = '7';
    const r = renewedLease(existing, node, new Date('2030-01-01T00:00:00Z'));
    assert.equal(r.metadata.resourceVersion, '7');
    assert.deepEqual(r.spec, { holderIdentity: 'cluster2-node-1', acquireTime: 'a', renewTime: '2030-01-01T00:00:00.000000Z', leaseDurationSeconds: 40 });
  });
});
