// Server-side apply (`application/apply-patch+yaml`) after structured-merge-diff: the applied configuration is merged
// into the live object (map-list items by key, set items by value), the applier's Apply entry becomes exactly the
// fields it sent, fields it sent before and no longer sends are removed unless another manager owns them, and
// changing a value another manager owns is a conflict unless `force` moves the ownership.
import type { KubeObject, ManagedFieldsEntry, StatusCause } from '../../common/object.js';
import { fieldsOf, formatPath, keyElement, pathFromKey, removeAt, canonicalJson, type FieldSet } from './field-set.js';
import type { ListTypeResolver } from './list-type.js';
import { memberChanged, parseManagedFields, sameIdentity, serializeManagedFields, type ManagerSet } from './managed-fields.js';

export interface ServerSideApplyOptions {
  /** The stored object; undefined when the apply creates it. */
  live: KubeObject | undefined;
  /** The decoded apply body (the user's configuration). */
  applied: KubeObject;
  /** The `fieldManager` query parameter (required for apply). */
  manager: string;
  force: boolean;
  /** The request's apiVersion (recorded on the entry and printed in conflicts). */
  apiVersion: string;
  subresource?: string;
  listType: ListTypeResolver;
  /** RFC 3339 timestamp recorded on the applier's entry. */
  now: string;
}

export interface ApplyConflict {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  /** structured-merge-diff's path, e.g. `.spec.replicas`. */
  field: string;
}

export type ServerSideApplyResult =
  | { object: KubeObject; managedFields: ManagedFieldsEntry[]; conflicts?: undefined }
  | { conflicts: ApplyConflict[]; object?: undefined; managedFields?: undefined };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function merge(live: unknown, applied: unknown, names: string[], listType: ListTypeResolver): unknown {
  if (isPlainObject(applied) && isPlainObject(live) && !(names.length > 0 && listType(names)?.type === 'atomic')) {
    const out: Record<string, unknown> = { ...live };
    for (const [k, v] of Object.entries(applied)) {
      if (v === null) delete out[k];
      else out[k] = merge(live[k], v, [...names, k], listType);
    }
    return out;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const lt = listType(names);
    if (lt?.type === 'map') {
      const out = live.map((item) => clone(item));
      for (const item of applied) {
        const key = keyElement(item, lt.keys);
        const i = out.findIndex((existing) => keyElement(existing, lt.keys) === key);
        if (i >= 0) out[i] = merge(out[i], item, names, listType);
        else out.push(clone(item));
      }
      return out;
    }
    if (lt?.type === 'set') {
      const seen = new Set(live.map(canonicalJson));
      return [...live.map((item) => clone(item)), ...applied.filter((item) => !seen.has(canonicalJson(item))).map((item) => clone(item))];
    }
  }
  return clone(applied);
}

function managersOf(live: KubeObject | undefined, apiVersion: string, listType: ListTypeResolver): ManagerSet[] {
  const managers = parseManagedFields(live?.metadata.managedFields);
  // An object written before field tracking (or with managedFields reset) belongs to "before-first-apply", so a
  // first apply that changes its values conflicts instead of silently taking over (fieldmanager's
  // BeforeFirstApply manager).
  if (live && managers.length === 0) {
    managers.push({ manager: 'before-first-apply', operation: 'Update', apiVersion, fields: fieldsOf(live, listType) });
  }
  return managers;
}

function withoutManagedFields(obj: KubeObject): KubeObject {
  const { managedFields: _ignored, ...metadata } = obj.metadata ?? {};
  return { ...obj, metadata };
}

function ownedBelow(managers: ManagerSet[], key: string): boolean {
  return managers.some((m) => [...m.fields].some((k) => k === key || k.startsWith(`${key}\n`)));
}

/** Applies `applied` for `manager`: the merged object and its managedFields, or the conflicts that block it. */
export function serverSideApply(options: ServerSideApplyOptions): ServerSideApplyResult {
  const { live, manager, force, apiVersion, subresource, listType, now } = options;
  const applied = withoutManagedFields(options.applied);
  const appliedSet: FieldSet = fieldsOf(applied, listType);
  const merged = (live ? merge(withoutManagedFields(live), applied, [], listType) : clone(applied)) as KubeObject;

  const identity = { manager, operation: 'Apply' as const, apiVersion, ...(subresource ? { subresource } : {}) };
  const managers = managersOf(live, apiVersion, listType);
  const own = managers.find((m) => sameIdentity(m, identity) || (m.manager === manager && m.operation === 'Apply' && (m.subresource ?? '') === (subresource ?? '')));
  const others = managers.filter((m) => m !== own);

  const conflicts: ApplyConflict[] = [];
  const conflicting = new Map<ManagerSet, string[]>();
  for (const other of others) {
    for (const key of other.fields) {
      if (!appliedSet.has(key) || !memberChanged(live, merged, key)) continue;
      conflicts.push({
        manager: other.manager, operation: other.operation, apiVersion: other.apiVersion,
        ...(other.subresource ? { subresource: other.subresource } : {}), field: formatPath(pathFromKey(key)),
      });
      conflicting.set(other, [...(conflicting.get(other) ?? []), key]);
    }
  }
  if (conflicts.length > 0 && !force) return { conflicts };
  for (const [other, keys] of conflicting) for (const key of keys) other.fields.delete(key);

  // Fields this manager applied before and dropped now: remove them unless someone else still owns them (or a
  // field beneath them, for list items).
  for (const key of own?.fields ?? []) {
    if (appliedSet.has(key) || ownedBelow(others, key)) continue;
    removeAt(merged, pathFromKey(key));
  }

  const entry: ManagerSet = { ...identity, time: now, fields: appliedSet };
  const next = own ? managers.map((m) => (m === own ? entry : m)) : [...managers, entry];
  const managedFields = serializeManagedFields(next);
  merged.metadata = { ...(merged.metadata ?? {}), managedFields };
  return { object: merged, managedFields };
}

function printManager(c: ApplyConflict): string {
  let printed = JSON.stringify(c.manager);
  if (c.subresource) printed += ` with subresource ${JSON.stringify(c.subresource)}`;
  return c.operation === 'Update' ? `${printed} using ${c.apiVersion}` : printed;
}

/**
 * The 409 message and causes for apply conflicts, worded as kube-apiserver's fieldmanager does:
 * `Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas`, causes
 * `{reason: FieldManagerConflict, message: 'conflict with "…" using apps/v1', field: '.spec.replicas'}`.
 */
export function formatApplyConflicts(conflicts: ApplyConflict[]): { message: string; causes: StatusCause[] } {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c)}`, field: c.field }));
  if (conflicts.length === 1) {
    return { message: `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0])}: ${conflicts[0].field}`, causes };
  }
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) byManager.set(printManager(c), [...(byManager.get(printManager(c)) ?? []), c.field]);
  const lines: string[] = [];
  for (const printed of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${printed}:`, ...(byManager.get(printed) ?? []).map((f) => `- ${f}`));
  }
  return { message: `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`, causes };
}
