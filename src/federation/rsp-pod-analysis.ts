// What a member cluster's pods say about a workload (KubeFed `podanalyzer`, kubefed-behaviour.md §3.8 step 1): how
// many replicas really run, and how many have waited too long for a node (which lowers the capacity estimate).
// Pure: the caller passes the pods and the clock.

/** The part of a Pod the analysis reads (the RSP controller's pod cache keeps only this). */
export interface PodView {
  metadata: { name?: string; labels?: Record<string, string> };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; reason?: string; lastTransitionTime?: string }[];
  };
}

export interface PodAnalysis {
  /** Running pods whose Ready condition is True. */
  running: number;
  /** Pods unschedulable for longer than the threshold. */
  unschedulable: number;
  /** Milliseconds until the youngest-but-not-yet-counted unschedulable pod crosses the threshold; absent if none. */
  recheckAfterMs?: number;
}

/** KubeFed's `UnschedulableThreshold`: a pod must be unschedulable this long before it lowers the capacity estimate. */
export const DEFAULT_UNSCHEDULABLE_THRESHOLD_MS = 60_000;

/** Pods whose labels include every `matchLabels` pair (the workload's `spec.selector.matchLabels`). */
export function podsMatching<T extends PodView>(pods: readonly T[], matchLabels: Readonly<Record<string, string>>): T[] {
  const wanted = Object.entries(matchLabels);
  return pods.filter((p) => wanted.every(([k, v]) => p.metadata.labels?.[k] === v));
}

/**
 * Counts running and long-unschedulable pods at time `now` (ms since the epoch). Unlike KubeFed (quirk 8), a pod
 * counts as running only when its Ready condition is True: a Running pod that fails its readiness probe serves no
 * traffic, so it must not stop the planner from placing its replica elsewhere.
 */
export function analysePods(pods: readonly PodView[], now: number, thresholdMs: number): PodAnalysis {
  let running = 0;
  let unschedulable = 0;
  let recheckAfterMs: number | undefined;
  for (const pod of pods) {
    const conditions = pod.status?.conditions ?? [];
    if (pod.status?.phase === 'Running' && conditions.some((c) => c.type === 'Ready' && c.status === 'True')) {
      running++;
      continue;
    }
    const scheduled = conditions.find((c) => c.type === 'PodScheduled');
    if (!scheduled || scheduled.status !== 'False' || scheduled.reason !== 'Unschedulable') continue;
    const since = Date.parse(scheduled.lastTransitionTime ?? '');
    // A missing or unparsable timestamp cannot prove the pod waited long enough; treat it as just unschedulable.
    const age = Number.isNaN(since) ? 0 : now - since;
    if (age > thresholdMs) unschedulable++;
    else recheckAfterMs = Math.min(recheckAfterMs ?? Infinity, thresholdMs - age + 1);
  }
  const out: PodAnalysis = { running, unschedulable };
  if (recheckAfterMs !== undefined) out.recheckAfterMs = recheckAfterMs;
  return out;
}
