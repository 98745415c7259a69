// KubeFed's ReplicaSchedulingPreference planner (kubefed-behaviour.md §5, `pkg/controller/util/planner/planner.go`).
// Users migrating from KubeFed must get the same split for the same inputs, so the algorithm, including its
// tie-break hash and its integer ceilings, is reproduced step for step. Arithmetic is done in BigInt so that the
// `remaining × weight` products stay exact for any input (KubeFed used int64; see quirk 13).

/** One entry of an RSP's `spec.clusters` map (scheduling.kubefed.io/v1alpha1 ClusterPreferences). */
export interface PlannerClusterPreferences {
  minReplicas?: number | null;
  /** Absent or null: unbounded. */
  maxReplicas?: number | null;
  weight?: number | null;
}

/** The parts of an RSP `spec` the planner reads. */
export interface PlannerPreferences {
  totalReplicas: number;
  /** Cluster name (or `"*"` for every cluster without its own entry) → preferences. Empty/absent: `{"*": {weight: 1}}`. */
  clusters?: Record<string, PlannerClusterPreferences> | null;
  rebalance?: boolean | null;
}

export interface ReplicaPlan {
  /** Cluster name → replicas to run there. Every candidate cluster appears (0 when it gets none). */
  plan: Record<string, number>;
  /** Cluster name → extra replicas it would be nice to place there should capacity appear. */
  overflow: Record<string, number>;
}

/** A planner input that is not an integer: the caller (the RSP controller) reports it as bad input. */
export class PlannerInputError extends Error {
  override readonly name = 'PlannerInputError';
}

const wildcard = '*';

interface Participant {
  name: string;
  hash: number;
  min: bigint;
  max: bigint | undefined;
  weight: bigint;
}

const fnvOffsetBasis32 = 2166136261;
const fnvPrime32 = 16777619;

/**
 * FNV-1 (not 1a) 32-bit over the UTF-8 bytes of `parts` concatenated: Go's `hash/fnv.New32`. Multiplication is
 * modulo 2³² via Math.imul, then reinterpreted as unsigned.
 */
export function fnv1Hash32(...parts: string[]): number {
  let h = fnvOffsetBasis32;
  for (const part of parts) {
    for (const byte of Buffer.from(part, 'utf8')) {
      h = Math.imul(h, fnvPrime32) >>> 0;
      h = (h ^ byte) >>> 0;
    }
  }
  return h;
}

function toBig(value: unknown, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new PlannerInputError(`${what} must be an integer, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return BigInt(value);
}

function optionalBig(value: unknown, what: string): bigint | undefined {
  return value === undefined || value === null ? undefined : toBig(value, what);
}

const minBig = (a: bigint, b: bigint): bigint => (a < b ? a : b);

function bigMap(values: Record<string, number> | null | undefined, what: string): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [name, v] of Object.entries(values ?? {})) out.set(name, toBig(v, `${what}["${name}"]`));
  return out;
}

function toNumbers(values: Map<string, bigint>): Record<string, number> {
  return Object.fromEntries([...values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, Number(v)]));
}

function preferenceFor(clusters: Record<string, PlannerClusterPreferences>, name: string): PlannerClusterPreferences | undefined {
  if (Object.hasOwn(clusters, name)) return clusters[name];
  if (Object.hasOwn(clusters, wildcard)) return clusters[wildcard];
  return undefined;
}

/**
 * Splits `preferences.totalReplicas` across `clusterNames` (any order; duplicates ignored) as KubeFed's planner does.
 * `currentReplicas` and `estimatedCapacity` may lack clusters (unknown current count / unbounded capacity); `key` is
 * `"<namespace>/<name>"` of the RSP and only seeds the tie-break between clusters of equal weight.
 * Throws PlannerInputError for a non-integer number.
 */
export function planReplicas(
  preferences: PlannerPreferences,
  clusterNames: readonly string[],
  currentReplicas: Record<string, number> | null | undefined,
  estimatedCapacity: Record<string, number> | null | undefined,
  key: string,
): ReplicaPlan {
  const clusters: Record<string, PlannerClusterPreferences> =
    preferences.clusters && Object.keys(preferences.clusters).length > 0 ? preferences.clusters : { [wildcard]: { weight: 1 } };
  const current = bigMap(currentReplicas, 'currentReplicas');
  const capacity = bigMap(estimatedCapacity, 'estimatedCapacity');
  const rebalance = preferences.rebalance === true;

  const plan = new Map<string, bigint>();
  const overflow = new Map<string, bigint>();
  let participants: Participant[] = [];
  for (const name of new Set(clusterNames)) {
    const pref = preferenceFor(clusters, name);
    if (pref === undefined) {
      plan.set(name, 0n);
      continue;
    }
    const where = `clusters["${Object.hasOwn(clusters, name) ? name : wildcard}"]`;
    participants.push({
      name,
      hash: fnv1Hash32(name, key),
      min: optionalBig(pref.minReplicas, `${where}.minReplicas`) ?? 0n,
      max: optionalBig(pref.maxReplicas, `${where}.maxReplicas`),
      weight: optionalBig(pref.weight, `${where}.weight`) ?? 0n,
    });
  }
  // Weight descending, then hash ascending (KubeFed). The name comparison only orders hash collisions, which Go's
  // unstable sort leaves unspecified; it makes the result independent of the order of clusterNames.
  participants.sort((a, b) =>
    a.weight !== b.weight ? (a.weight > b.weight ? -1 : 1) : a.hash !== b.hash ? a.hash - b.hash : a.name < b.name ? -1 : 1,
  );

  let remaining = toBig(preferences.totalReplicas, 'totalReplicas');

  for (const p of participants) {
    let m = minBig(p.min, remaining);
    const cap = capacity.get(p.name);
    if (cap !== undefined) m = minBig(m, cap);
    remaining -= m;
    plan.set(p.name, m);
  }

  // Without rebalance, replicas already running above the minimum are reserved first, so they are not moved.
  const preallocated = new Map<string, bigint>();
  if (!rebalance) {
    for (const p of participants) {
      const planned = plan.get(p.name) ?? 0n;
      const count = current.get(p.name);
      if (count === undefined || count <= planned) continue;
      let target = count;
      if (p.max !== undefined) target = minBig(p.max, target);
      const cap = capacity.get(p.name);
      if (cap !== undefined) target = minBig(cap, target);
      let extra = minBig(target - planned, remaining);
      if (extra < 0n) extra = 0n;
      remaining -= extra;
      preallocated.set(p.name, extra);
      plan.set(p.name, planned + extra);
    }
  }

  // Each pass either places everything, fills at least one cluster, or halves the pending preallocations, so the
  // loop ends; a pass that changes nothing ends it too.
  let modified = true;
  while (modified && remaining > 0n) {
    modified = false;
    const weightSum = participants.reduce((sum, p) => sum + p.weight, 0n);
    const distribute = remaining;
    const notFull: Participant[] = [];
    for (const p of participants) {
      if (weightSum <= 0n) break;
      const start = plan.get(p.name) ?? 0n;
      // Go's integer division truncates toward zero, as BigInt division does.
      let extra = minBig((distribute * p.weight + weightSum - 1n) / weightSum, remaining);
      const prealloc = preallocated.get(p.name) ?? 0n;
      const used = minBig(extra, prealloc);
      preallocated.set(p.name, prealloc - used);
      extra -= used;
      if (used > 0n) modified = true;

      let total = start + extra;
      let full = false;
      if (p.max !== undefined && total > p.max) {
        total = p.max;
        full = true;
      }
      const cap = capacity.get(p.name);
      if (cap !== undefined && total > cap) {
        overflow.set(p.name, total - cap);
        total = cap;
        full = true;
      }
      if (!full) notFull.push(p);
      remaining -= total - start;
      plan.set(p.name, total);
      if (total > start) modified = true;
    }
    participants = notFull;
  }

  if (rebalance) return { plan: toNumbers(plan), overflow: toNumbers(overflow) };
  // Without rebalance only the replicas that found no place at all are offered as overflow.
  const trimmed = new Map<string, bigint>();
  for (const [name, value] of overflow) {
    const v = minBig(value, remaining);
    if (v > 0n) trimmed.set(name, v);
  }
  return { plan: toNumbers(plan), overflow: toNumbers(trimmed) };
}

/**
 * The replicas the RSP controller writes per cluster (§3.8 step 3): 0 for every cluster that currently runs the
 * workload, then the plan, plus the overflow.
 */
export function rspResult(
  currentReplicas: Record<string, number> | null | undefined,
  plan: Record<string, number>,
  overflow: Record<string, number>,
): Record<string, number> {
  const result = new Map<string, number>();
  for (const name of Object.keys(currentReplicas ?? {})) result.set(name, 0);
  for (const [name, v] of Object.entries(plan)) result.set(name, v);
  for (const [name, v] of Object.entries(overflow)) result.set(name, (result.get(name) ?? 0) + v);
  return Object.fromEntries([...result.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
