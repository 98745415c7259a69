// Idempotent writes: create what is missing, update what differs, leave the rest alone, and say which of the three
// happened (`created`, `configured`, `unchanged`, as `kubectl apply` does). Used by init, join and enable.
import { isAlreadyExists, isNotFound } from '../client/index.js';
import type { RestClient, ResourceRef } from '../client/index.js';
import { isObject, type KubeObject } from '../common/object.js';

export type ApplyResult = 'created' | 'configured' | 'unchanged';

/**
 * True when every field of `desired` is present with an equal value in `actual`. The server adds defaults (and
 * metadata), so a subset comparison is what "nothing to change" means; arrays compare element-wise in order.
 */
export function isSubset(desired: unknown, actual: unknown): boolean {
  if (Array.isArray(desired)) {
    return Array.isArray(actual) && desired.length === actual.length && desired.every((d, i) => isSubset(d, actual[i]));
  }
  if (isObject(desired)) {
    return isObject(actual) && Object.entries(desired).every(([k, v]) => isSubset(v, actual[k]));
  }
  return desired === actual;
}

/** Fields of `desired` other than metadata, with labels and annotations: what `ensure` keeps in sync. */
function managedPart(obj: KubeObject): Record<string, unknown> {
  const part: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (k !== 'metadata' && k !== 'apiVersion' && k !== 'kind' && k !== 'status') part[k] = v;
  const meta: Record<string, unknown> = {};
  if (obj.metadata.labels) meta['labels'] = obj.metadata.labels;
  if (obj.metadata.annotations) meta['annotations'] = obj.metadata.annotations;
  part['metadata'] = meta;
  return part;
}

export interface EnsureOptions {
  dryRun?: boolean;
  /** `create-only`: an existing object is left as it is (user-owned configuration such as KubeFedConfig). */
  mode?: 'sync' | 'create-only';
}

export interface EnsureOutcome<T extends KubeObject> {
  result: ApplyResult;
  object: T;
}

/**
 * Makes `desired` exist at `ref` (namespace taken from the object). An existing object that already contains every
 * desired field is `unchanged`; otherwise it is replaced by its own body with the desired fields laid over it
 * (an optimistic-concurrency PUT, so a concurrent writer makes this fail rather than be overwritten).
 */
export async function ensure<T extends KubeObject>(client: RestClient, ref: ResourceRef, desired: T, opts: EnsureOptions = {}): Promise<EnsureOutcome<T>> {
  const name = desired.metadata.name;
  if (!name) throw new Error(`ensure needs a named object (${desired.kind})`);
  const at: ResourceRef = { ...ref, namespace: desired.metadata.namespace, name };
  let existing: T | undefined;
  try {
    existing = await client.get<T>(at);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (!existing) {
    if (opts.dryRun) return { result: 'created', object: desired };
    try {
      return { result: 'created', object: await client.create<T>({ ...ref, namespace: desired.metadata.namespace }, desired) };
    } catch (err) {
      // Lost a race with another writer: fall through to the comparison with what it wrote.
      if (!isAlreadyExists(err)) throw err;
      existing = await client.get<T>(at);
    }
  }
  if (opts.mode === 'create-only' || isSubset(managedPart(desired), existing)) return { result: 'unchanged', object: existing };
  const merged = { ...existing, ...managedPart(desired) } as T;
  merged.metadata = {
    ...existing.metadata,
    labels: { ...existing.metadata.labels, ...desired.metadata.labels },
    annotations: { ...existing.metadata.annotations, ...desired.metadata.annotations },
  };
  if (Object.keys(merged.metadata.labels ?? {}).length === 0) delete merged.metadata.labels;
  if (Object.keys(merged.metadata.annotations ?? {}).length === 0) delete merged.metadata.annotations;
  if (opts.dryRun) return { result: 'configured', object: merged };
  return { result: 'configured', object: await client.update<T>(at, merged) };
}

/** DELETE that treats "already gone" as success; returns whether something was deleted. */
export async function deleteIfExists(client: RestClient, ref: ResourceRef): Promise<boolean> {
  try {
    await client.delete(ref);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** GET that answers undefined for NotFound. */
export async function getIfExists<T extends KubeObject>(client: RestClient, ref: ResourceRef): Promise<T | undefined> {
  try {
    return await client.get<T>(ref);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `probe` every `intervalMs` until it returns a value; undefined after `timeoutMs`. */
export async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await sleep(intervalMs);
  }
}

/** True once a CRD reports `Established=True` (apiextensions v1 CustomResourceDefinitionConditionType). */
export function crdEstablished(crd: KubeObject): boolean {
  const status = crd['status'];
  if (!isObject(status) || !Array.isArray(status['conditions'])) return false;
  return status['conditions'].some((c) => isObject(c) && c['type'] === 'Established' && c['status'] === 'True');
}
