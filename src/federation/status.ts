// The `status` the sync controller writes on a federated resource (kubefed-behaviour.md §2.6 and §3.6.6, KubeFed
// `sync/status/status.go`). Two deliberate differences from KubeFed: `status.clusters` is sorted by cluster name
// (KubeFed's order was random, so identical states produced different objects, quirk 9), and `lastUpdateTime` moves
// whenever member objects were written, not only when remote statuses were collected.
import { isDeepStrictEqual } from 'node:util';
import type { JsonValue } from '../common/object.js';
import { AggregateReasons, PROPAGATION_CONDITION, type AggregateReason, type PropagationStatus } from '../apis/constants.js';
import type { FederatedClusterStatus, FederatedResourceCondition, FederatedResourceStatus } from '../apis/types.js';

/** The outcome of one cluster in this reconcile. */
export interface ClusterOutcome {
  /** `''` when the member object exists and is current. */
  status: PropagationStatus;
  /** The member object's `.status`, when raw status collection is on and it was read. */
  remoteStatus?: JsonValue;
}

export interface FederatedStatusInput {
  /** The status currently stored on the federated resource. */
  old: FederatedResourceStatus | null | undefined;
  /** `metadata.generation` of the federated resource. */
  generation: number;
  /** Reason decided before per-cluster work (`''`, ClusterRetrievalFailed or ComputePlacementFailed). */
  reason: AggregateReason;
  /** Cluster name → outcome, for every cluster the reconcile touched or evaluated. */
  clusters: ReadonlyMap<string, ClusterOutcome>;
  /** Raw remote status collection is on for this type: a cluster without a remote status is not yet OK. */
  remoteStatusCollection?: boolean;
  /** Cluster-scoped control plane, namespaced type and no FederatedNamespace. */
  namespaceNotFederated?: boolean;
  /** Some member object was created, updated or deleted in this reconcile. */
  resourcesUpdated?: boolean;
  /** RFC 3339 UTC timestamp (seconds precision, as KubeFed writes). */
  now: string;
}

export interface FederatedStatusResult {
  status: FederatedResourceStatus;
  /** The aggregate reason after per-cluster checks. */
  reason: AggregateReason;
  /** False when KubeFed would skip the write: generation and Propagation condition unchanged. */
  changed: boolean;
}

/** The aggregate reason: the given one, else CheckClusters when a cluster is not OK, else NamespaceNotFederated. */
export function aggregateReason(input: Pick<FederatedStatusInput, 'reason' | 'clusters' | 'remoteStatusCollection' | 'namespaceNotFederated'>): AggregateReason {
  if (input.reason !== AggregateReasons.AggregateSuccess) return input.reason;
  for (const outcome of input.clusters.values()) {
    if (outcome.status !== '') return AggregateReasons.CheckClusters;
    if (input.remoteStatusCollection === true && outcome.remoteStatus === undefined) return AggregateReasons.CheckClusters;
  }
  return input.namespaceNotFederated === true ? AggregateReasons.NamespaceNotFederated : AggregateReasons.AggregateSuccess;
}

function clusterEntries(clusters: ReadonlyMap<string, ClusterOutcome>): FederatedClusterStatus[] {
  return [...clusters.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, o]) => {
      const entry: FederatedClusterStatus = { name };
      if (o.status !== '') entry.status = o.status;
      if (o.remoteStatus !== undefined) entry.remoteStatus = o.remoteStatus;
      return entry;
    });
}

function sameClusters(old: readonly FederatedClusterStatus[] | undefined, next: readonly FederatedClusterStatus[]): boolean {
  const byName = new Map((old ?? []).map((c) => [c.name, c]));
  if (byName.size !== next.length || (old ?? []).length !== next.length) return false;
  return next.every((c) => {
    const o = byName.get(c.name);
    return o !== undefined && (o.status ?? '') === (c.status ?? '') && isDeepStrictEqual(o.remoteStatus, c.remoteStatus);
  });
}

/**
 * Computes the new `status`: observedGeneration, the Propagation condition (True iff the aggregate reason is `""`;
 * lastTransitionTime moves when status or reason changes or the condition is new; lastUpdateTime moves on a
 * transition or when changes were propagated) and `status.clusters` sorted by name. Conditions of other types are
 * kept. `old` is not modified.
 */
export function computeFederatedStatus(input: FederatedStatusInput): FederatedStatusResult {
  const old = input.old ?? {};
  const reason = aggregateReason(input);
  const generationUpdated = old.observedGeneration !== input.generation;

  const nextClusters = clusterEntries(input.clusters);
  const clustersChanged = !sameClusters(old.clusters, nextClusters);
  const clusters = clustersChanged ? nextClusters : [...(old.clusters ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const changesPropagated = clustersChanged || input.resourcesUpdated === true;

  const conditions = (old.conditions ?? []).map((c) => ({ ...c }));
  let condition = conditions.find((c) => c.type === PROPAGATION_CONDITION);
  const isNew = condition === undefined;
  if (condition === undefined) {
    condition = { type: PROPAGATION_CONDITION, status: 'False' };
    conditions.push(condition);
  }
  const conditionStatus: FederatedResourceCondition['status'] = reason === AggregateReasons.AggregateSuccess ? 'True' : 'False';
  const transition = isNew || condition.status !== conditionStatus || (condition.reason ?? '') !== reason;
  if (transition) {
    condition.lastTransitionTime = input.now;
    condition.status = conditionStatus;
    if (reason === AggregateReasons.AggregateSuccess) delete condition.reason;
    else condition.reason = reason;
  }
  const conditionUpdated = transition || changesPropagated;
  if (conditionUpdated) condition.lastUpdateTime = input.now;

  const status: FederatedResourceStatus = { ...old, observedGeneration: input.generation, conditions };
  if (clusters.length > 0) status.clusters = clusters;
  else delete status.clusters;
  return { status, reason, changed: generationUpdated || conditionUpdated };
}

// Absent and empty lists are the same on the wire (omitempty).
function normalise(status: FederatedResourceStatus | null | undefined): unknown {
  const s = status ?? {};
  const clusters = [...(s.clusters ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const conditions = [...(s.conditions ?? [])].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return { ...s, clusters, conditions };
}

/** Whether writing `next` over `old` would change anything (cluster and condition order aside). */
export function statusChanged(old: FederatedResourceStatus | null | undefined, next: FederatedResourceStatus | null | undefined): boolean {
  return !isDeepStrictEqual(JSON.parse(JSON.stringify(normalise(old))), JSON.parse(JSON.stringify(normalise(next))));
}
