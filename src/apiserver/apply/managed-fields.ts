// metadata.managedFields bookkeeping shared by apply and ordinary writes (k8s.io/apimachinery fieldmanager): one entry
// per manager + operation + apiVersion + subresource, each owning a set of field paths.
import type { KubeObject, ManagedFieldsEntry } from '../../common/object.js';
import { fieldsOf, fromFieldsV1, pathFromKey, toFieldsV1, valueAt, type FieldSet } from './field-set.js';
import type { ListTypeResolver } from './list-type.js';

export interface ManagerSet {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  fields: FieldSet;
}

export function sameIdentity(a: Omit<ManagerSet, 'fields' | 'time'>, b: Omit<ManagerSet, 'fields' | 'time'>): boolean {
  return a.manager === b.manager && a.operation === b.operation && a.apiVersion === b.apiVersion && (a.subresource ?? '') === (b.subresource ?? '');
}

export function parseManagedFields(entries: ManagedFieldsEntry[] | undefined): ManagerSet[] {
  return (entries ?? [])
    .filter((e) => e.manager !== undefined || e.fieldsV1 !== undefined)
    .map((e) => ({
      manager: e.manager ?? '',
      operation: e.operation ?? 'Update',
      apiVersion: e.apiVersion ?? '',
      ...(e.subresource ? { subresource: e.subresource } : {}),
      ...(e.time ? { time: e.time } : {}),
      fields: fromFieldsV1(e.fieldsV1),
    }));
}

/** Whole seconds of an entry's time, as fieldmanager compares them (metav1.Time has second precision). */
function seconds(m: ManagerSet): number {
  const t = m.time ? Date.parse(m.time) : 0;
  return Number.isFinite(t) ? Math.floor(t / 1000) : 0;
}

/**
 * The stored order of entries (fieldmanager's sortEncodedManagedFields): Apply before Update, then older first,
 * then by manager and subresource. Managers that no longer own anything are dropped, as kube-apiserver does.
 */
export function serializeManagedFields(managers: ManagerSet[]): ManagedFieldsEntry[] {
  const order = (a: ManagerSet, b: ManagerSet): number => {
    if (a.operation !== b.operation) return a.operation < b.operation ? -1 : 1;
    if (seconds(a) !== seconds(b)) return seconds(a) - seconds(b);
    if (a.manager !== b.manager) return a.manager < b.manager ? -1 : 1;
    const sa = a.subresource ?? '';
    const sb = b.subresource ?? '';
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  };
  return managers
    .filter((m) => m.fields.size > 0)
    .sort(order)
    .map((m) => ({
      manager: m.manager,
      operation: m.operation,
      apiVersion: m.apiVersion,
      ...(m.time ? { time: m.time } : {}),
      fieldsType: 'FieldsV1' as const,
      fieldsV1: toFieldsV1(m.fields),
      ...(m.subresource ? { subresource: m.subresource } : {}),
    }));
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keys = Object.keys(ra);
    return keys.length === Object.keys(rb).length && keys.every((k) => k in rb && deepEqual(ra[k], rb[k]));
  }
  return false;
}

/**
 * Whether the member at `pathKey` differs between two objects: list items (`k:`/`v:`) change only by appearing or
 * disappearing (their fields are members of their own); leaves change by value.
 */
export function memberChanged(before: unknown, after: unknown, key: string): boolean {
  const path = pathFromKey(key);
  const a = valueAt(before, path);
  const b = valueAt(after, path);
  const last = path[path.length - 1] ?? '';
  if (last.startsWith('k:') || last.startsWith('v:')) return (a === undefined) !== (b === undefined);
  return !deepEqual(a, b);
}

export interface UpdateManagedFieldsOptions {
  /** The stored object before the write; undefined on create. */
  old: KubeObject | undefined;
  /** The object about to be stored. Its metadata.managedFields, when present, replace the stored ones (kubectl edit). */
  updated: KubeObject;
  manager: string;
  operation: 'Update';
  apiVersion: string;
  subresource?: string;
  listType: ListTypeResolver;
  /** RFC 3339 timestamp recorded on the writer's entry. */
  now: string;
}

/**
 * Ownership after an ordinary write (create, update, non-apply patch): the writer takes every field it added or
 * changed, away from other managers; fields the write removed leave every manager. Returns the new managedFields.
 */
export function updateManagedFields(options: UpdateManagedFieldsOptions): ManagedFieldsEntry[] {
  const { old, updated, manager, apiVersion, subresource, listType, now } = options;
  const sent = updated.metadata.managedFields;
  // A client that sends managedFields as [{}] asks for them to be reset; an empty list changes nothing (fieldmanager).
  const reset = sent !== undefined && sent.length > 0 && sent.every((e) => e.manager === undefined && e.fieldsV1 === undefined);
  const managers = reset ? [] : parseManagedFields(sent?.length ? sent : old?.metadata.managedFields);
  const before = fieldsOf(old ?? {}, listType);
  const after = fieldsOf(updated, listType);
  const changed: FieldSet = new Set([...after].filter((k) => !before.has(k) || memberChanged(old, updated, k)));
  for (const m of managers) {
    for (const k of m.fields) if (!after.has(k) || changed.has(k)) m.fields.delete(k);
  }
  const identity = { manager, operation: 'Update' as const, apiVersion, ...(subresource ? { subresource } : {}) };
  let own = managers.find((m) => sameIdentity(m, identity));
  if (!own && changed.size > 0) {
    own = { ...identity, fields: new Set() };
    managers.push(own);
  }
  if (own && changed.size > 0) {
    for (const k of changed) own.fields.add(k);
    // kube-apiserver records scale writes through a Scale-shaped manager and converts them back without a time.
    if (subresource === 'scale') delete own.time;
    else own.time = now;
  }
  return serializeManagedFields(managers);
}
