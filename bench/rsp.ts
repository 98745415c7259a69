// RSP controller benchmark (issue 8): the reconcile decision path without I/O — candidate clusters, current
// replicas and capacity from cached member workloads and pods, the planner, and the rewrite of the federated
// object — for one RSP over 100 clusters and for 1,000 RSPs over 5 clusters, as the controller runs them from its
// caches. Pure CPU: no cluster is involved.
import type { ReplicaSchedulingPreference } from '../src/apis/types.js';
import type { KubeObject } from '../src/common/object.js';
import { decide, type ClusterState, type DecisionInput, type PodView } from '../src/controllers/scheduling/index.js';
import { applyReplicaSchedule } from '../src/federation/replica-schedule.js';
import type { BenchRow } from './table.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');

function timeIt(runs: number, fn: () => void): number {
  fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / runs;
}

function rsp(name: string, clusters: string[], total: number): ReplicaSchedulingPreference {
  return {
    apiVersion: 'scheduling.kubefed.io/v1alpha1',
    kind: 'ReplicaSchedulingPreference',
    metadata: { name, namespace: 'bench', generation: 1 },
    spec: {
      targetKind: 'FederatedDeployment',
      totalReplicas: total,
      rebalance: false,
      clusters: Object.fromEntries(clusters.map((c, i) => [c, { minReplicas: i % 2, maxReplicas: 50 + i, weight: 1 + (i % 5) }])),
    },
  };
}

function federated(name: string): KubeObject & { spec?: unknown } {
  return {
    apiVersion: 'types.kubefed.io/v1beta1',
    kind: 'FederatedDeployment',
    metadata: { name, namespace: 'bench' },
    spec: { template: { spec: { replicas: 1 } }, placement: { clusterSelector: {} }, overrides: [{ clusterName: 'c1', clusterOverrides: [{ path: '/metadata/labels/x', value: 'y' }] }] },
  };
}

/** Clusters whose member workload of `name` runs `replicas`, one in four short of pods, some of them unschedulable. */
function clusterStates(names: string[], name: string, replicas: number): ClusterState[] {
  return names.map((c, i) => {
    const short = i % 4 === 0;
    const pods: PodView[] = Array.from({ length: replicas }, (_, p) => ({
      metadata: { name: `${name}-${p}`, labels: { app: name } },
      status: short && p >= replicas - 2
        ? { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastTransitionTime: new Date(NOW - 120_000).toISOString() }] }
        : { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    }));
    return { name: c, ready: i % 10 !== 9, labels: {}, workload: { replicas, readyReplicas: short ? replicas - 2 : replicas, matchLabels: { app: name } }, pods };
  });
}

function reconcile(input: DecisionInput, fed: KubeObject & { spec?: unknown }): void {
  const d = decide(input);
  if (d.scheduled) applyReplicaSchedule(fed, d.replicas);
}

export async function benchRsp(): Promise<BenchRow[]> {
  const names100 = Array.from({ length: 100 }, (_, i) => `cluster${i + 1}`);
  const big: DecisionInput = {
    rsp: rsp('big', names100, 5_000), federated: federated('big'), federatedNamespace: undefined,
    clusters: clusterStates(names100, 'big', 40), scope: 'Cluster', now: NOW, unschedulableThresholdMs: 60_000,
  };
  const bigFed = federated('big');
  const one = timeIt(200, () => reconcile(big, bigFed));

  const names5 = ['c1', 'c2', 'c3', 'c4', 'c5'];
  const inputs = Array.from({ length: 1000 }, (_, i): [DecisionInput, KubeObject & { spec?: unknown }] => [{
    rsp: rsp(`rsp-${i}`, names5, 12), federated: federated(`rsp-${i}`), federatedNamespace: undefined,
    clusters: clusterStates(names5, `rsp-${i}`, 3), scope: 'Cluster', now: NOW, unschedulableThresholdMs: 60_000,
  }, federated(`rsp-${i}`)]);
  const thousand = timeIt(10, () => {
    for (const [input, fed] of inputs) reconcile(input, fed);
  });
  return [
    { case: '1 RSP reconcile decision, 100 clusters (40 pods each), 5,000 replicas', 'ms': one },
    { case: '1,000 RSP reconcile decisions, 5 clusters each', 'ms': thousand, 'µs per RSP': (thousand * 1000) / 1000 },
  ];
}
