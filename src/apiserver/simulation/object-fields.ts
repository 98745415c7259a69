// Narrowing helpers for the untyped bodies of built-in objects, plus the few shared workload rules: controller
// references, pod readiness and activity (k8s.io/kubernetes pkg/api/v1/pod/util.go, pkg/controller/controller_utils.go).
import type { KubeObject, OwnerReference } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import { type LabelSelectorSpec, type Selector, selectorFromLabelSelector } from '../../common/labels.js';
import { nowTimestamp } from '../objects/names.js';

export type Json = Record<string, unknown>;

export function rec(v: unknown): Json {
  return isObject(v) ? v : {};
}

export function arr(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

export function num(v: unknown, def: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : def;
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(rec(v))) if (typeof x === 'string') out[k] = x;
  return out;
}

export function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

export function controllerRef(o: KubeObject): OwnerReference | undefined {
  return (o.metadata.ownerReferences ?? []).find((r) => r.controller === true);
}

/** The ownerReference a controller puts on what it creates (controller=true, blockOwnerDeletion=true). */
export function ownerRefTo(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '',
    controller: true, blockOwnerDeletion: true,
  };
}

/** The selector of a workload's spec.selector; an unparsable one selects nothing. */
export function specSelector(o: KubeObject): Selector {
  try {
    return selectorFromLabelSelector(rec(o.spec).selector as LabelSelectorSpec | undefined);
  } catch {
    return selectorFromLabelSelector(undefined);
  }
}

export function conditionOf(status: unknown, type: string): Json | undefined {
  return arr(rec(status).conditions).find((c) => c.type === type);
}

export function isPodReady(pod: KubeObject): boolean {
  return conditionOf(pod.status, 'Ready')?.status === 'True';
}

export function podPhase(pod: KubeObject): string {
  return str(rec(pod.status).phase) || 'Pending';
}

/** IsPodActive: not terminal and not being deleted. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** Available = Ready for at least minReadySeconds (podutil.IsPodAvailable). */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now = Date.now()): boolean {
  const ready = conditionOf(pod.status, 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(str(ready.lastTransitionTime));
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now;
}

/**
 * Sets a condition the way Kubernetes' SetCondition helpers do: lastTransitionTime moves only when status changes;
 * returns the new list.
 */
export function withCondition(conditions: unknown, next: Json, timeFields: string[] = ['lastTransitionTime']): Json[] {
  const list = arr(conditions);
  const now = nowTimestamp();
  const old = list.find((c) => c.type === next.type);
  const merged: Json = { ...next };
  for (const f of timeFields) merged[f] = now;
  if (old && old.status === next.status && old.lastTransitionTime) merged.lastTransitionTime = old.lastTransitionTime;
  if (old && old.status === next.status && old.reason === next.reason && old.message === next.message) {
    for (const f of timeFields) if (old[f]) merged[f] = old[f];
  }
  return old ? list.map((c) => (c === old ? merged : c)) : [...list, merged];
}
