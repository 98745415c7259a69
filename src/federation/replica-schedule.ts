// How the RSP controller writes a replica split into the federated object (kubefed-behaviour.md §3.8 step 4,
// KubeFed `schedulingtypes/plugin.go`): placement lists exactly the scheduled clusters, and each gets a
// `/spec/replicas` override; every other override is kept as written.
import type { JsonObject, JsonValue } from '../common/object.js';
import { isObject } from '../common/object.js';

const replicasPath = '/spec/replicas';

export interface ReplicaScheduleResult<T> {
  /** The federated object to write (a copy; the input is untouched). */
  object: T;
  /** False when placement and replica overrides already match, so no write is needed. */
  changed: boolean;
}

function sortedNames(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((r) => (isObject(r) && typeof r.name === 'string' ? [r.name] : [])).sort();
}

/** Whether the existing `/spec/replicas` overrides already say exactly `replicas` (KubeFed's OverrideUpdateNeeded). */
function replicaOverridesMatch(overrides: unknown, replicas: Readonly<Record<string, number>>): boolean {
  let matched = 0;
  for (const item of Array.isArray(overrides) ? overrides : []) {
    if (!isObject(item) || !Array.isArray(item.clusterOverrides)) continue;
    const cluster = typeof item.clusterName === 'string' ? item.clusterName : '';
    for (const o of item.clusterOverrides) {
      if (!isObject(o) || o.path !== replicasPath) continue;
      // A removal, or a non-numeric value, is never what the schedule wants.
      if (o.op === 'remove' || typeof o.value !== 'number') return false;
      if (!Object.hasOwn(replicas, cluster) || Math.trunc(o.value) !== replicas[cluster]) return false;
      matched++;
    }
  }
  return matched === Object.keys(replicas).length;
}

function rewriteOverrides(overrides: unknown, replicas: Readonly<Record<string, number>>): JsonValue[] {
  const out: JsonValue[] = [];
  const done = new Set<string>();
  for (const item of Array.isArray(overrides) ? (overrides as JsonValue[]) : []) {
    if (!isObject(item)) {
      out.push(item);
      continue;
    }
    const cluster = typeof item.clusterName === 'string' ? item.clusterName : '';
    const list = Array.isArray(item.clusterOverrides) ? (item.clusterOverrides as JsonValue[]) : [];
    const scheduled = Object.hasOwn(replicas, cluster) && !done.has(cluster);
    const kept: JsonValue[] = [];
    let hadReplicas = false;
    for (const o of list) {
      if (isObject(o) && o.path === replicasPath) {
        hadReplicas = true;
        if (scheduled) {
          const { op: _op, ...rest } = o as JsonObject;
          kept.push({ ...rest, value: replicas[cluster] ?? 0 });
        }
        continue;
      }
      kept.push(o);
    }
    if (scheduled && !hadReplicas) kept.push({ path: replicasPath, value: replicas[cluster] ?? 0 });
    if (scheduled) done.add(cluster);
    // An entry that only held the replica override of a cluster no longer scheduled goes with it.
    if (kept.length === 0 && hadReplicas) continue;
    out.push({ ...(item as JsonObject), clusterOverrides: kept });
  }
  for (const cluster of Object.keys(replicas).sort()) {
    if (!done.has(cluster)) out.push({ clusterName: cluster, clusterOverrides: [{ path: replicasPath, value: replicas[cluster] ?? 0 }] });
  }
  return out;
}

/**
 * Writes `replicas` (cluster → replicas, typically `rspResult(...)`) into a FederatedDeployment/ReplicaSet:
 * `spec.placement.clusters` becomes the scheduled clusters (sorted) when the set differs, `/spec/replicas` overrides
 * are updated, added (without `op`, i.e. replace) or removed for unscheduled clusters, other overrides and the
 * clusterSelector are preserved.
 */
export function applyReplicaSchedule<T extends { spec?: unknown }>(federated: T, replicas: Readonly<Record<string, number>>): ReplicaScheduleResult<T> {
  const object = structuredClone(federated);
  const spec: JsonObject = isObject(object.spec) ? (object.spec as JsonObject) : {};
  (object as { spec?: unknown }).spec = spec;
  const placement: JsonObject = isObject(spec.placement) ? (spec.placement as JsonObject) : {};

  const wanted = Object.keys(replicas).sort();
  const current = sortedNames(placement.clusters);
  const placementChanged = current.length !== wanted.length || current.some((n, i) => n !== wanted[i]);
  if (placementChanged) {
    placement.clusters = wanted.map((name) => ({ name }));
    spec.placement = placement;
  }
  const overridesChanged = !replicaOverridesMatch(spec.overrides, replicas);
  if (overridesChanged) spec.overrides = rewriteOverrides(spec.overrides, replicas);
  return { object, changed: placementChanged || overridesChanged };
}
