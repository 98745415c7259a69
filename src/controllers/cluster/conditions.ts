// The health controller's decisions, pure (kubefed-behaviour.md §3.3, KubeFed kubefedcluster/controller.go):
// the conditions a probe yields, and the threshold smoothing that keeps a Ready cluster Ready until
// `failureThreshold` consecutive probes failed and lets it recover after `successThreshold` good ones.
import { ClusterConditionMessages, ClusterConditionReasons } from '../../apis/constants.js';
import type { ClusterCondition, KubeFedClusterStatus } from '../../apis/types.js';

/** What one probe of a member found. */
export type ProbeResult =
  | { kind: 'malformed' }
  | { kind: 'unreachable'; error: string }
  | { kind: 'notOk' }
  | { kind: 'ok' };

export function isClusterReady(status: Pick<KubeFedClusterStatus, 'conditions'> | undefined): boolean {
  return (status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The conditions KubeFed writes for a probe, all stamped `now` (lastProbeTime = lastTransitionTime). */
export function probeConditions(probe: ProbeResult, now: string): ClusterCondition[] {
  const c = (type: ClusterCondition['type'], status: ClusterCondition['status'], reason: string, message: string): ClusterCondition => ({
    type,
    status,
    reason,
    message,
    lastProbeTime: now,
    lastTransitionTime: now,
  });
  switch (probe.kind) {
    case 'malformed':
      return [c('ConfigMalformed', 'True', ClusterConditionReasons.ClusterConfigMalformed, ClusterConditionMessages.ConfigMalformed)];
    case 'unreachable':
      return [c('Offline', 'True', ClusterConditionReasons.ClusterNotReachable, `${ClusterConditionMessages.NotReachablePrefix}${probe.error}`)];
    case 'notOk':
      return [
        c('Ready', 'False', ClusterConditionReasons.ClusterNotReady, ClusterConditionMessages.HealthzNotOk),
        c('Offline', 'False', ClusterConditionReasons.ClusterReachable, ClusterConditionMessages.Reachable),
      ];
    case 'ok':
      return [c('Ready', 'True', ClusterConditionReasons.ClusterReady, ClusterConditionMessages.HealthzOk)];
  }
}

export interface Thresholds {
  successThreshold: number;
  failureThreshold: number;
}

export interface SmoothedStatus {
  conditions: ClusterCondition[];
  /** Consecutive probes whose readiness disagreed with the stored one, carried to the next probe. */
  pending: number;
}

/**
 * Threshold smoothing with the effect KubeFed documents (thresholdAdjustedClusterStatus): the first probe is taken
 * as is; a probe agreeing with the stored readiness is taken (keeping lastTransitionTime of unchanged conditions);
 * a disagreeing probe is taken only when it is the `threshold`-th disagreeing probe in a row (successThreshold
 * when it says ready, failureThreshold when not), and until then the stored conditions stay with the new probe
 * time. KubeFed's own counter compared against the run of *agreeing* probes, so a cluster Ready for a long time
 * flipped on its first failure; counting disagreeing probes gives the documented "3 failures in a row".
 */
export function thresholdAdjustedConditions(
  previous: readonly ClusterCondition[] | undefined,
  probed: readonly ClusterCondition[],
  pending: number,
  thresholds: Thresholds,
  now: string,
): SmoothedStatus {
  if (!previous || previous.length === 0) return { conditions: probed.map((c) => ({ ...c })), pending: 0 };
  const wasReady = isClusterReady({ conditions: [...previous] });
  const probedReady = isClusterReady({ conditions: [...probed] });
  if (probedReady === wasReady) {
    const conditions = probed.map((c) => {
      const old = previous.find((p) => p.type === c.type && p.status === c.status);
      return old?.lastTransitionTime ? { ...c, lastTransitionTime: old.lastTransitionTime } : { ...c };
    });
    return { conditions, pending: 0 };
  }
  const threshold = probedReady ? thresholds.successThreshold : thresholds.failureThreshold;
  if (pending + 1 >= threshold) return { conditions: probed.map((c) => ({ ...c })), pending: 0 };
  return { conditions: previous.map((c) => ({ ...c, lastProbeTime: now })), pending: pending + 1 };
}

/**
 * Whether the status must be written: anything but the probe time changed, or the stored probe time is older than
 * `heartbeatMs`. KubeFed rewrote every cluster's status every period; we keep lastProbeTime fresh at most once per
 * heartbeat so an idle federation does not write (and wake every watcher of KubeFedClusters) every few seconds.
 */
export function clusterStatusNeedsWrite(old: KubeFedClusterStatus | undefined, next: KubeFedClusterStatus, nowMs: number, heartbeatMs: number): boolean {
  const strip = (s: KubeFedClusterStatus | undefined): unknown => ({
    conditions: (s?.conditions ?? []).map((c) => ({ ...c, lastProbeTime: '' })).sort((a, b) => (a.type < b.type ? -1 : 1)),
    kubernetesVersion: s?.kubernetesVersion ?? '',
    zones: s?.zones ?? [],
    region: s?.region ?? '',
  });
  if (JSON.stringify(strip(old)) !== JSON.stringify(strip(next))) return true;
  const lastProbe = Math.max(0, ...(old?.conditions ?? []).map((c) => Date.parse(c.lastProbeTime) || 0));
  return nowMs - lastProbe >= heartbeatMs;
}

/** Node labels that carry topology: the GA keys first, then the legacy beta keys (Kubernetes well-known labels). */
const ZONE_LABELS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];
const REGION_LABELS = ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'];

function firstLabel(labels: Record<string, string> | undefined, keys: readonly string[]): string {
  for (const k of keys) {
    const v = labels?.[k];
    if (v) return v;
  }
  return '';
}

/**
 * Zones (sorted, unique) and region of a member from its nodes' labels. Empty results mean "unknown", and the
 * caller keeps the values it had (which may have been set by hand): unlike KubeFed v0.10 we never wipe them.
 */
export function topologyFromNodes(nodes: readonly { metadata: { labels?: Record<string, string> } }[]): { zones: string[]; region: string } {
  const zones = new Set<string>();
  let region = '';
  for (const n of nodes) {
    const z = firstLabel(n.metadata.labels, ZONE_LABELS);
    if (z) zones.add(z);
    if (!region) region = firstLabel(n.metadata.labels, REGION_LABELS);
  }
  return { zones: [...zones].sort(), region };
}
