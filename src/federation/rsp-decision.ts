// The RSP controller's decision for one ReplicaSchedulingPreference (kubefed-behaviour.md §3.8 "Reconcile(RSP)"),
// as a pure function of what the caches hold: which clusters are candidates, what runs there now, what capacity
// the pods reveal, the planner's split, and the per-cluster replicas to write. The controller and
// `kubefedctl plan-replicas` both call it, so the command shows exactly what the controller would do.
// Imports only apis/ and federation/ (no I/O), so it can move to federation/ unchanged.
import { RSP_DEFAULT_CLUSTER_KEY, RSP_TARGET_KINDS, RspConditionReasons, type Scope } from '../apis/constants.js';
import type { ReplicaSchedulingPreference } from '../apis/types.js';
import { formatFieldErrors, validateReplicaSchedulingPreference } from '../apis/validation.js';
import { isObject, type KubeObject } from '../common/object.js';
import { computePlacement } from './placement.js';
import { planReplicas, PlannerInputError, rspResult, type PlannerClusterPreferences } from './planner.js';
import { analysePods, podsMatching, type PodView } from './rsp-pod-analysis.js';

/** The member workload (Deployment or ReplicaSet) fields the decision reads. */
export interface MemberWorkload {
  replicas?: number;
  readyReplicas?: number;
  /** `spec.selector.matchLabels`; absent when the workload has none. */
  matchLabels?: Record<string, string>;
}

export interface ClusterState {
  name: string;
  labels?: Record<string, string>;
  ready: boolean;
  /** The managed member object with the RSP's namespace/name, if the cluster has one. */
  workload?: MemberWorkload;
  /** Pods of the workload's namespace in that cluster (filtered by the selector here). */
  pods?: readonly PodView[];
}

export interface DecisionInput {
  rsp: ReplicaSchedulingPreference;
  /** The federated object with the RSP's namespace/name; undefined when it does not exist. */
  federated: KubeObject | undefined;
  /** The FederatedNamespace of the RSP's namespace (only read with intersectWithClusterSelector). */
  federatedNamespace: KubeObject | undefined;
  /** Every registered member cluster, ready or not. */
  clusters: readonly ClusterState[];
  scope: Scope;
  now: number;
  unschedulableThresholdMs: number;
}

/** One line of the explanation: the inputs and outputs of the planner for a cluster. */
export interface PlanRow {
  cluster: string;
  weight: number;
  minReplicas: number;
  /** Absent: unbounded. */
  maxReplicas?: number;
  /** Running replicas; absent when the cluster has no member object yet. */
  current?: number;
  /** Estimated capacity; absent when no pod has been unschedulable long enough. */
  capacity?: number;
  plan: number;
  overflow: number;
  /** Replicas written for the cluster: plan + overflow. */
  replicas: number;
}

export type Decision =
  | {
      scheduled: true;
      rows: PlanRow[];
      /** Cluster → replicas: what `applyReplicaSchedule` writes. */
      replicas: Record<string, number>;
      message: string;
      /** Look again after this long: some pod is unschedulable but younger than the threshold. */
      recheckAfterMs?: number;
    }
  | {
      scheduled: false;
      reason: string;
      message: string;
      /** Whether the problem is in the user's input (Warning event) rather than a passing state. */
      userError: boolean;
    };

const notScheduled = (reason: string, message: string, userError: boolean): Decision => ({ scheduled: false, reason, message, userError });

function preferenceFor(clusters: Record<string, PlannerClusterPreferences>, name: string): PlannerClusterPreferences | undefined {
  if (Object.hasOwn(clusters, name)) return clusters[name];
  if (Object.hasOwn(clusters, RSP_DEFAULT_CLUSTER_KEY)) return clusters[RSP_DEFAULT_CLUSTER_KEY];
  return undefined;
}

/**
 * Candidate clusters with intersectWithClusterSelector: the Ready clusters the target's clusterSelector picks and
 * its FederatedNamespace places. KubeFed evaluated the FederatedNamespace by selector only (quirk 7), so a namespace
 * placed with an explicit `clusters` list scheduled nothing; here the namespace's own placement counts, as the sync
 * controller evaluates it, because replicas written for a cluster the namespace excludes would never run.
 */
function intersectedCandidates(input: DecisionInput, ready: readonly ClusterState[]): { names: string[] } | { problem: Decision } {
  const { rsp, federated, federatedNamespace } = input;
  const registered = input.clusters.map((c) => ({ metadata: { name: c.name, labels: c.labels ?? {} } }));
  const subject = federated as KubeObject;
  const own = computePlacement({ federated: subject, clusters: registered, targetNamespaced: false, controlPlaneScope: input.scope, selectorOnly: true });
  if (!own.ok) return { problem: notScheduled(RspConditionReasons.SchedulingFailed, own.error.message, true) };
  let names = own.value.clusters;
  if (!federatedNamespace) {
    if (input.scope === 'Cluster') {
      return {
        problem: notScheduled(
          RspConditionReasons.NamespaceNotFederated,
          `intersectWithClusterSelector needs the FederatedNamespace "${rsp.metadata.namespace ?? ''}/${rsp.metadata.namespace ?? ''}", which does not exist`,
          true,
        ),
      };
    }
  } else {
    const ns = computePlacement({ federated: federatedNamespace, clusters: registered, targetNamespaced: false, controlPlaneScope: input.scope });
    if (!ns.ok) return { problem: notScheduled(RspConditionReasons.SchedulingFailed, ns.error.message, true) };
    const allowed = new Set(ns.value.clusters);
    names = names.filter((n) => allowed.has(n));
  }
  const readyNames = new Set(ready.map((c) => c.name));
  return { names: names.filter((n) => readyNames.has(n)) };
}

function int(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : 0;
}

/** Decides what the RSP controller writes for `input.rsp` now. */
export function decide(input: DecisionInput): Decision {
  const { rsp, federated } = input;
  const name = `${rsp.metadata.namespace ?? ''}/${rsp.metadata.name ?? ''}`;
  const spec = rsp.spec;
  if (!isObject(spec)) return notScheduled(RspConditionReasons.SchedulingFailed, `ReplicaSchedulingPreference "${name}" has no spec`, true);
  if (!RSP_TARGET_KINDS.includes(spec.targetKind)) {
    return notScheduled(
      RspConditionReasons.TargetKindNotSupported,
      `spec.targetKind "${String(spec.targetKind ?? '')}" is not supported: must be ${RSP_TARGET_KINDS.join(' or ')}`,
      true,
    );
  }
  const errors = validateReplicaSchedulingPreference(rsp);
  if (errors.length > 0) return notScheduled(RspConditionReasons.SchedulingFailed, `invalid spec: ${formatFieldErrors(errors)}`, true);
  if (!federated) {
    return notScheduled(
      RspConditionReasons.FederatedResourceNotFound,
      `${spec.targetKind} "${name}" not found: an RSP schedules the ${spec.targetKind} with its own namespace and name`,
      true,
    );
  }

  const ready = input.clusters.filter((c) => c.ready);
  let candidates = ready.map((c) => c.name);
  if (spec.intersectWithClusterSelector === true) {
    const r = intersectedCandidates(input, ready);
    if ('problem' in r) return r.problem;
    candidates = r.names;
    if (candidates.length === 0) {
      return notScheduled(RspConditionReasons.NoReadyClusters, 'no Ready cluster is selected by the target\'s clusterSelector and its FederatedNamespace\'s placement', false);
    }
  }
  if (candidates.length === 0) return notScheduled(RspConditionReasons.NoReadyClusters, 'no member cluster is Ready', false);

  const preferences: Record<string, PlannerClusterPreferences> =
    spec.clusters && Object.keys(spec.clusters).length > 0 ? spec.clusters : { [RSP_DEFAULT_CLUSTER_KEY]: { weight: 1 } };
  const participants = candidates.filter((c) => preferenceFor(preferences, c) !== undefined);
  const minSum = participants.reduce((s, c) => s + int(preferenceFor(preferences, c)?.minReplicas), 0);
  const weightSum = participants.reduce((s, c) => s + int(preferenceFor(preferences, c)?.weight), 0);
  // KubeFed silently drops what the minimums do not cover when no weight is set; that loses replicas, so say so.
  if (weightSum === 0 && minSum < spec.totalReplicas) {
    return notScheduled(
      RspConditionReasons.SchedulingFailed,
      `every candidate cluster (${candidates.join(', ')}) has weight 0, so only their minReplicas (${minSum}) of totalReplicas ${spec.totalReplicas} could be placed: give at least one cluster a weight`,
      true,
    );
  }

  const current: Record<string, number> = {};
  const capacity: Record<string, number> = {};
  let recheckAfterMs: number | undefined;
  const byName = new Map(input.clusters.map((c) => [c.name, c]));
  for (const cluster of candidates) {
    const workload = byName.get(cluster)?.workload;
    if (!workload) continue;
    const replicas = int(workload.replicas);
    const readyReplicas = int(workload.readyReplicas);
    if (replicas === readyReplicas || !workload.matchLabels) {
      current[cluster] = readyReplicas;
      continue;
    }
    const pods = podsMatching(byName.get(cluster)?.pods ?? [], workload.matchLabels);
    const analysis = analysePods(pods, input.now, input.unschedulableThresholdMs);
    current[cluster] = analysis.running;
    if (analysis.unschedulable > 0) capacity[cluster] = Math.max(0, replicas - analysis.unschedulable);
    // Every cluster's verdict counts (KubeFed kept only the last one analysed, quirk 8).
    if (analysis.recheckAfterMs !== undefined) recheckAfterMs = Math.min(recheckAfterMs ?? Infinity, analysis.recheckAfterMs);
  }

  let result;
  try {
    result = planReplicas(spec, candidates, current, capacity, name);
  } catch (err) {
    if (err instanceof PlannerInputError) return notScheduled(RspConditionReasons.SchedulingFailed, `invalid spec: ${err.message}`, true);
    throw err;
  }
  const replicas = rspResult(current, result.plan, result.overflow);
  const rows: PlanRow[] = Object.keys(replicas).map((cluster) => {
    const pref = preferenceFor(preferences, cluster);
    const row: PlanRow = {
      cluster,
      weight: int(pref?.weight),
      minReplicas: int(pref?.minReplicas),
      plan: result.plan[cluster] ?? 0,
      overflow: result.overflow[cluster] ?? 0,
      replicas: replicas[cluster] ?? 0,
    };
    if (pref?.maxReplicas !== undefined && pref.maxReplicas !== null) row.maxReplicas = int(pref.maxReplicas);
    if (current[cluster] !== undefined) row.current = current[cluster];
    if (capacity[cluster] !== undefined) row.capacity = capacity[cluster];
    return row;
  });
  const placed = Object.values(result.plan).reduce((s, v) => s + v, 0);
  const split = rows.map((r) => `${r.cluster}=${r.replicas}`).join(', ');
  const lost = spec.totalReplicas - placed;
  const message = lost > 0
    ? `${placed} of ${spec.totalReplicas} replicas scheduled (${split}); ${lost} could not be placed: every cluster is at its maxReplicas or estimated capacity`
    : `${spec.totalReplicas} replicas scheduled: ${split}`;
  const decision: Decision = { scheduled: true, rows, replicas, message };
  if (recheckAfterMs !== undefined) decision.recheckAfterMs = recheckAfterMs;
  return decision;
}
