import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReplicaSchedulingPreference, ReplicaSchedulingPreferenceSpec } from '../apis/types.js';
import type { KubeObject } from '../common/object.js';
import { decide, type ClusterState, type Decision, type DecisionInput } from './rsp-decision.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');

function rsp(spec: Partial<ReplicaSchedulingPreferenceSpec>): ReplicaSchedulingPreference {
  return {
    apiVersion: 'scheduling.kubefed.io/v1alpha1',
    kind: 'ReplicaSchedulingPreference',
    metadata: { name: 'web', namespace: 'app', generation: 1 },
    spec: { targetKind: 'FederatedDeployment', totalReplicas: 9, ...spec },
  };
}

const fed = (placement: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'types.kubefed.io/v1beta1',
  kind: 'FederatedDeployment',
  metadata: { name: 'web', namespace: 'app' },
  spec: { placement },
});
const fedNs = (placement: Record<string, unknown>): KubeObject => ({
  apiVersion: 'types.kubefed.io/v1beta1',
  kind: 'FederatedNamespace',
  metadata: { name: 'app', namespace: 'app' },
  spec: { placement },
});

const ready = (name: string, extra: Partial<ClusterState> = {}): ClusterState => ({ name, ready: true, labels: {}, ...extra });

function input(over: Partial<DecisionInput>): DecisionInput {
  return {
    rsp: rsp({}),
    federated: fed(),
    federatedNamespace: fedNs({ clusterSelector: {} }),
    clusters: [ready('cluster1'), ready('cluster2')],
    scope: 'Cluster',
    now: NOW,
    unschedulableThresholdMs: 60_000,
    ...over,
  };
}

function replicas(d: Decision): Record<string, number> {
  assert.equal(d.scheduled, true, d.scheduled ? '' : `${d.reason}: ${d.message}`);
  return d.scheduled ? d.replicas : {};
}

function problem(d: Decision): { reason: string; userError: boolean } {
  assert.equal(d.scheduled, false);
  return d.scheduled ? { reason: '', userError: false } : { reason: d.reason, userError: d.userError };
}

const seed = { cluster1: { minReplicas: 4, maxReplicas: 6, weight: 1 }, cluster2: { minReplicas: 4, maxReplicas: 8, weight: 2 } };

test('the seed example: 9 replicas, cluster1 min 4 max 6 weight 1, cluster2 min 4 max 8 weight 2 → 4/5', () => {
  assert.deepEqual(replicas(decide(input({ rsp: rsp({ clusters: seed }) }))), { cluster1: 4, cluster2: 5 });
});

test('weights 2:1 of 6 → 4/2', () => {
  const d = decide(input({ rsp: rsp({ totalReplicas: 6, clusters: { cluster1: { weight: 2 }, cluster2: { weight: 1 } } }) }));
  assert.deepEqual(replicas(d), { cluster1: 4, cluster2: 2 });
});

test('a cluster that is not Ready gets nothing and leaves placement; its replicas go to the others', () => {
  const d = decide(input({ rsp: rsp({ totalReplicas: 6, rebalance: true }), clusters: [ready('cluster1'), ready('cluster2'), { name: 'cluster3', ready: false }] }));
  assert.deepEqual(replicas(d), { cluster1: 3, cluster2: 3 });
});

test('current replicas come from ready replicas; without rebalance running replicas stay', () => {
  const clusters = [
    ready('cluster1', { workload: { replicas: 6, readyReplicas: 6, matchLabels: { app: 'web' } } }),
    ready('cluster2', { workload: { replicas: 0, readyReplicas: 0, matchLabels: { app: 'web' } } }),
  ];
  assert.deepEqual(replicas(decide(input({ rsp: rsp({ totalReplicas: 6 }), clusters }))), { cluster1: 6, cluster2: 0 });
  assert.deepEqual(replicas(decide(input({ rsp: rsp({ totalReplicas: 6, rebalance: true }), clusters }))), { cluster1: 3, cluster2: 3 });
});

test('pods unschedulable beyond the threshold cap the cluster and move replicas elsewhere', () => {
  const pending = (i: number, secondsAgo: number): NonNullable<ClusterState['pods']>[number] => ({
    metadata: { name: `p${i}`, labels: { app: 'web' } },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastTransitionTime: new Date(NOW - secondsAgo * 1000).toISOString() }] },
  });
  const runningPod = (i: number): NonNullable<ClusterState['pods']>[number] => ({
    metadata: { name: `r${i}`, labels: { app: 'web' } },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  });
  const clusters = (age: number): ClusterState[] => [
    ready('cluster1', { workload: { replicas: 3, readyReplicas: 3, matchLabels: { app: 'web' } } }),
    ready('cluster2', { workload: { replicas: 3, readyReplicas: 3, matchLabels: { app: 'web' } } }),
    ready('cluster3', { workload: { replicas: 3, readyReplicas: 1, matchLabels: { app: 'web' } }, pods: [runningPod(1), pending(2, age), pending(3, age)] }),
  ];
  const spec = rsp({ totalReplicas: 9, rebalance: false });
  const young = decide(input({ rsp: spec, clusters: clusters(10) }));
  assert.deepEqual(replicas(young), { cluster1: 3, cluster2: 3, cluster3: 3 });
  assert.equal(young.scheduled && young.recheckAfterMs, 50_001);
  const old = decide(input({ rsp: spec, clusters: clusters(61) }));
  assert.deepEqual(replicas(old), { cluster1: 4, cluster2: 4, cluster3: 1 });
  assert.equal(old.scheduled && old.rows.find((r) => r.cluster === 'cluster3')?.capacity, 1);
});

test('intersectWithClusterSelector: candidates are the Ready clusters the target selects', () => {
  const clusters = [ready('cluster1', { labels: { tier: 'a' } }), ready('cluster2', { labels: { tier: 'b' } }), ready('cluster3', { labels: { tier: 'a' } })];
  const d = decide(input({ rsp: rsp({ totalReplicas: 6, intersectWithClusterSelector: true }), federated: fed({ clusterSelector: { matchLabels: { tier: 'a' } } }), clusters }));
  assert.deepEqual(replicas(d), { cluster1: 3, cluster3: 3 });
});

test('intersectWithClusterSelector respects a FederatedNamespace placed by an explicit clusters list (quirk 7 fixed)', () => {
  const clusters = [ready('cluster1', { labels: { tier: 'a' } }), ready('cluster2', { labels: { tier: 'a' } })];
  const d = decide(input({
    rsp: rsp({ totalReplicas: 6, intersectWithClusterSelector: true }),
    federated: fed({ clusterSelector: { matchLabels: { tier: 'a' } } }),
    federatedNamespace: fedNs({ clusters: [{ name: 'cluster2' }] }),
    clusters,
  }));
  assert.deepEqual(replicas(d), { cluster2: 6 });
});

test('without intersection the target clusterSelector is bypassed', () => {
  const clusters = [ready('cluster1', { labels: { tier: 'a' } }), ready('cluster2', { labels: { tier: 'b' } })];
  const d = decide(input({ rsp: rsp({ totalReplicas: 4 }), federated: fed({ clusterSelector: { matchLabels: { tier: 'a' } } }), clusters }));
  assert.deepEqual(replicas(d), { cluster1: 2, cluster2: 2 });
});

const bad: { name: string; in: Partial<DecisionInput>; reason: string; userError: boolean; message: RegExp }[] = [
  { name: 'unknown targetKind', in: { rsp: rsp({ targetKind: 'FederatedJob' }) }, reason: 'TargetKindNotSupported', userError: true, message: /FederatedJob.*FederatedDeployment or FederatedReplicaSet/ },
  { name: 'negative totalReplicas', in: { rsp: rsp({ totalReplicas: -1 }) }, reason: 'SchedulingFailed', userError: true, message: /spec\.totalReplicas/ },
  { name: 'negative weight', in: { rsp: rsp({ clusters: { cluster1: { weight: -2 } } }) }, reason: 'SchedulingFailed', userError: true, message: /weight/ },
  { name: 'min greater than max', in: { rsp: rsp({ clusters: { cluster1: { minReplicas: 5, maxReplicas: 2 } } }) }, reason: 'SchedulingFailed', userError: true, message: /maxReplicas/ },
  { name: 'weight 0 everywhere', in: { rsp: rsp({ clusters: { '*': { weight: 0 } } }) }, reason: 'SchedulingFailed', userError: true, message: /weight 0/ },
  { name: 'missing federated object', in: { federated: undefined }, reason: 'FederatedResourceNotFound', userError: true, message: /FederatedDeployment "app\/web" not found/ },
  { name: 'no Ready cluster', in: { clusters: [{ name: 'cluster1', ready: false }] }, reason: 'NoReadyClusters', userError: false, message: /no member cluster is Ready/ },
  { name: 'intersection without a FederatedNamespace', in: { rsp: rsp({ intersectWithClusterSelector: true }), federatedNamespace: undefined }, reason: 'NamespaceNotFederated', userError: true, message: /FederatedNamespace "app\/app"/ },
];

for (const c of bad) {
  test(`bad input is reported, not scheduled: ${c.name}`, () => {
    const d = decide(input(c.in));
    assert.deepEqual(problem(d), { reason: c.reason, userError: c.userError });
    assert.match(d.message, c.message);
  });
}

test('weight 0 everywhere is fine when the minimums place every replica', () => {
  const d = decide(input({ rsp: rsp({ totalReplicas: 4, clusters: { '*': { minReplicas: 2, weight: 0 } } }) }));
  assert.deepEqual(replicas(d), { cluster1: 2, cluster2: 2 });
});

test('the message says how many replicas could not be placed', () => {
  const d = decide(input({ rsp: rsp({ totalReplicas: 10, clusters: { '*': { weight: 1, maxReplicas: 3 } } }) }));
  assert.deepEqual(replicas(d), { cluster1: 3, cluster2: 3 });
  assert.match(d.message, /6 of 10 replicas scheduled.*4 could not be placed/);
});
