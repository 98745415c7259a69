import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FederatedResourceStatus } from '../apis/types.js';
import { aggregateReason, computeFederatedStatus, statusChanged, type ClusterOutcome, type FederatedStatusInput } from './status.js';

const t0 = '2024-01-01T00:00:00Z';
const t1 = '2024-01-01T00:01:00Z';
const outcomes = (entries: [string, ClusterOutcome['status']][]): Map<string, ClusterOutcome> => new Map(entries.map(([n, status]) => [n, { status }]));

describe('aggregateReason', () => {
  const cases: { name: string; input: Parameters<typeof aggregateReason>[0]; want: string }[] = [
    { name: 'all clusters OK', input: { reason: '', clusters: outcomes([['a', ''], ['b', '']]) }, want: '' },
    { name: 'a failed cluster', input: { reason: '', clusters: outcomes([['a', ''], ['b', 'CreationFailed']]) }, want: 'CheckClusters' },
    { name: 'a not-ready cluster', input: { reason: '', clusters: outcomes([['a', 'ClusterNotReady']]) }, want: 'CheckClusters' },
    { name: 'an earlier failure wins', input: { reason: 'ComputePlacementFailed', clusters: outcomes([['a', 'CreationFailed']]) }, want: 'ComputePlacementFailed' },
    { name: 'remote status missing with collection on', input: { reason: '', clusters: outcomes([['a', '']]), remoteStatusCollection: true }, want: 'CheckClusters' },
    { name: 'remote status present with collection on', input: { reason: '', clusters: new Map([['a', { status: '', remoteStatus: {} }]]), remoteStatusCollection: true }, want: '' },
    { name: 'namespace not federated', input: { reason: '', clusters: new Map(), namespaceNotFederated: true }, want: 'NamespaceNotFederated' },
    { name: 'failing clusters win over namespace not federated', input: { reason: '', clusters: outcomes([['a', 'UpdateFailed']]), namespaceNotFederated: true }, want: 'CheckClusters' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(aggregateReason(c.input), c.want));
});

describe('computeFederatedStatus', () => {
  const base: FederatedStatusInput = { old: undefined, generation: 1, reason: '', clusters: outcomes([['cluster2', ''], ['cluster1', '']]), now: t0 };

  it('first reconcile: True condition, clusters sorted by name, observedGeneration', () => {
    assert.deepEqual(computeFederatedStatus(base), {
      status: {
        observedGeneration: 1,
        conditions: [{ type: 'Propagation', status: 'True', lastTransitionTime: t0, lastUpdateTime: t0 }],
        clusters: [{ name: 'cluster1' }, { name: 'cluster2' }],
      },
      reason: '',
      changed: true,
    });
  });

  it('an unchanged reconcile is not a change and keeps the timestamps', () => {
    const first = computeFederatedStatus(base).status;
    const again = computeFederatedStatus({ ...base, old: first, now: t1 });
    assert.equal(again.changed, false);
    assert.deepEqual(again.status, first);
    assert.equal(statusChanged(first, again.status), false);
  });

  it('a failing cluster: False with reason CheckClusters, both timestamps move', () => {
    const first = computeFederatedStatus(base).status;
    const r = computeFederatedStatus({ ...base, old: first, clusters: outcomes([['cluster1', ''], ['cluster2', 'ApplyOverridesFailed']]), now: t1 });
    assert.equal(r.changed, true);
    assert.deepEqual(r.status, {
      observedGeneration: 1,
      conditions: [{ type: 'Propagation', status: 'False', reason: 'CheckClusters', lastTransitionTime: t1, lastUpdateTime: t1 }],
      clusters: [{ name: 'cluster1' }, { name: 'cluster2', status: 'ApplyOverridesFailed' }],
    });
  });

  it('recovery drops the reason', () => {
    const failing = computeFederatedStatus({ ...base, reason: 'ComputePlacementFailed', clusters: new Map() }).status;
    const r = computeFederatedStatus({ ...base, old: failing, now: t1 });
    assert.deepEqual(r.status.conditions, [{ type: 'Propagation', status: 'True', lastTransitionTime: t1, lastUpdateTime: t1 }]);
  });

  it('member updates without a status change move only lastUpdateTime', () => {
    const first = computeFederatedStatus(base).status;
    const r = computeFederatedStatus({ ...base, old: first, resourcesUpdated: true, now: t1 });
    assert.equal(r.changed, true);
    assert.deepEqual(r.status.conditions, [{ type: 'Propagation', status: 'True', lastTransitionTime: t0, lastUpdateTime: t1 }]);
  });

  it('a new generation alone is a change but keeps the condition', () => {
    const first = computeFederatedStatus(base).status;
    const r = computeFederatedStatus({ ...base, old: first, generation: 2, now: t1 });
    assert.equal(r.changed, true);
    assert.equal(r.status.observedGeneration, 2);
    assert.deepEqual(r.status.conditions, first.conditions);
  });

  it('a cluster leaving the placement is a propagated change', () => {
    const first = computeFederatedStatus(base).status;
    const r = computeFederatedStatus({ ...base, old: first, clusters: outcomes([['cluster1', '']]), now: t1 });
    assert.equal(r.changed, true);
    assert.deepEqual(r.status.clusters, [{ name: 'cluster1' }]);
    assert.deepEqual(r.status.conditions, [{ type: 'Propagation', status: 'True', lastTransitionTime: t0, lastUpdateTime: t1 }]);
  });

  it('remote statuses are recorded and compared', () => {
    const withRemote = (replicas: number): Map<string, ClusterOutcome> => new Map([['c', { status: '', remoteStatus: { replicas } }]]);
    const first = computeFederatedStatus({ ...base, clusters: withRemote(1), remoteStatusCollection: true }).status;
    assert.deepEqual(first.clusters, [{ name: 'c', remoteStatus: { replicas: 1 } }]);
    assert.equal(computeFederatedStatus({ ...base, old: first, clusters: withRemote(1), remoteStatusCollection: true, now: t1 }).changed, false);
    assert.equal(computeFederatedStatus({ ...base, old: first, clusters: withRemote(2), remoteStatusCollection: true, now: t1 }).changed, true);
  });

  it('no clusters: no clusters field; other conditions are kept; old is not mutated', () => {
    const old: FederatedResourceStatus = { observedGeneration: 1, conditions: [{ type: 'Other', status: 'True' }], clusters: [{ name: 'x' }] };
    const before = structuredClone(old);
    const r = computeFederatedStatus({ ...base, old, clusters: new Map(), namespaceNotFederated: true });
    assert.deepEqual(r.status, {
      observedGeneration: 1,
      conditions: [{ type: 'Other', status: 'True' }, { type: 'Propagation', status: 'False', reason: 'NamespaceNotFederated', lastTransitionTime: t0, lastUpdateTime: t0 }],
    });
    assert.equal(r.reason, 'NamespaceNotFederated');
    assert.deepEqual(old, before);
  });
});

describe('statusChanged', () => {
  const s: FederatedResourceStatus = { observedGeneration: 1, clusters: [{ name: 'a' }, { name: 'b', status: 'ClusterNotReady' }] };
  it('ignores cluster order', () => assert.equal(statusChanged(s, { observedGeneration: 1, clusters: [{ name: 'b', status: 'ClusterNotReady' }, { name: 'a' }] }), false));
  it('sees a status change', () => assert.equal(statusChanged(s, { observedGeneration: 1, clusters: [{ name: 'a' }, { name: 'b' }] }), true));
  it('sees a generation change', () => assert.equal(statusChanged(s, { ...s, observedGeneration: 2 }), true));
  it('absent equals empty', () => assert.equal(statusChanged(undefined, {}), false));
});
