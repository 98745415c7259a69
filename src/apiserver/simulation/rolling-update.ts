// The arithmetic of a Deployment's rolling update (pkg/controller/deployment/util/deployment_util.go and
// rolling.go): resolving maxSurge/maxUnavailable, how far the new ReplicaSet may grow, and how far old ones may
// shrink without dropping below the minimum availability. Pure, so it is tested apart from the controller.

export type IntOrPercent = number | string | undefined;

/**
 * intstr.GetScaledValueFromIntOrPercent: an integer as is, "N%" of `total` rounded up (maxSurge) or down
 * (maxUnavailable). Throws for a malformed value, naming it.
 */
export function scaledValue(v: IntOrPercent, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage: "${v}"`);
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** ResolveFenceposts: both zero would make no progress, so maxUnavailable becomes 1. */
export function resolveFenceposts(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** NewRSNewReplicas for RollingUpdate: grow the new ReplicaSet as far as maxSurge allows, never past desired. */
export function newReplicaSetSize(desired: number, surge: number, totalSpecReplicas: number, newSpecReplicas: number): number {
  const maxTotal = desired + surge;
  if (totalSpecReplicas >= maxTotal) return newSpecReplicas;
  const scaleUp = Math.min(maxTotal - totalSpecReplicas, desired - newSpecReplicas);
  return newSpecReplicas + Math.max(0, scaleUp);
}

export interface ReplicaCounts {
  /** spec.replicas */
  replicas: number;
  /** status.availableReplicas */
  available: number;
}

/**
 * reconcileOldReplicaSets: the new spec.replicas of each old ReplicaSet (given oldest first). Unhealthy old
 * replicas go first (cleanupUnhealthyReplicas, bounded by maxScaledDown), then available ones down to the
 * minimum availability (scaleDownOldReplicaSetsForRollingUpdate).
 */
export function scaleDownOld(olds: ReplicaCounts[], current: ReplicaCounts, desired: number, unavailable: number): number[] {
  const sizes = olds.map((o) => o.replicas);
  const oldTotal = sizes.reduce((a, b) => a + b, 0);
  if (oldTotal === 0) return sizes;
  const allPods = oldTotal + current.replicas;
  const minAvailable = desired - unavailable;
  const newUnavailable = current.replicas - current.available;
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return sizes;
  let cleaned = 0;
  olds.forEach((o, i) => {
    const size = sizes[i] ?? 0;
    if (cleaned >= maxScaledDown || size === 0) return;
    const unhealthy = size - Math.min(o.available, size);
    const down = Math.min(maxScaledDown - cleaned, unhealthy);
    sizes[i] = size - down;
    cleaned += down;
  });
  const availableTotal = olds.reduce((a, o, i) => a + Math.min(o.available, sizes[i] ?? 0), 0) + current.available;
  if (availableTotal <= minAvailable) return sizes;
  const toScaleDown = availableTotal - minAvailable;
  let scaled = 0;
  for (let i = 0; i < sizes.length && scaled < toScaleDown; i++) {
    const size = sizes[i] ?? 0;
    if (size === 0) continue;
    const down = Math.min(size, toScaleDown - scaled);
    sizes[i] = size - down;
    scaled += down;
  }
  return sizes;
}
