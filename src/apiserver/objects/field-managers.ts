// managedFields for every write (server-side apply's field ownership): ordinary writes record an Update entry for
// their fieldManager; apply patches go through structured-merge-diff style merging with conflicts. List identity
// comes from the strategic-merge metadata for built-in kinds and from x-kubernetes-list-type for custom resources.
import type { KubeObject, ManagedFieldsEntry } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import {
  fieldsOf, formatApplyConflicts, listTypeFromMergeSemantics, pathKey, serverSideApply, toFieldsV1, updateManagedFields,
  type ListType, type ListTypeResolver,
} from '../apply/index.js';
import { ApiError, badRequest } from '../http/api-error.js';
import { listTypeAt } from '../patch/patch-meta.js';
import type { ResourceType } from '../registry/resource-type.js';
import { gvString } from '../registry/resource-type.js';
import { equalExcept } from './deep-equal.js';
import { nowTimestamp } from './names.js';

const resolvers = new WeakMap<ResourceType, ListTypeResolver>();

function schemaListType(schema: unknown, path: string[]): ListType | undefined {
  let node: unknown = schema;
  for (const name of path) {
    if (!isObject(node)) return undefined;
    // Step through list items to the element schema, then into the property.
    if (node.type === 'array' && isObject(node.items)) node = node.items;
    const props = isObject(node) && isObject(node.properties) ? node.properties : undefined;
    node = props?.[name] ?? (isObject(node) && isObject(node.additionalProperties) ? node.additionalProperties : undefined);
  }
  if (!isObject(node) || node.type !== 'array') return undefined;
  const lt = node['x-kubernetes-list-type'];
  if (lt === 'set') return { type: 'set' };
  if (lt === 'map' && Array.isArray(node['x-kubernetes-list-map-keys'])) {
    return { type: 'map', keys: node['x-kubernetes-list-map-keys'].filter((k): k is string => typeof k === 'string') };
  }
  return undefined;
}

/** Workload kinds whose spec.selector is a metav1.LabelSelector, which is `x-kubernetes-map-type: atomic`. */
const SELECTOR_KINDS = new Set(['apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'apps/daemonsets', 'batch/jobs']);

function isAtomicSelector(t: ResourceType, path: string[]): boolean {
  return SELECTOR_KINDS.has(t.storageKey) && path.length === 2 && path[0] === 'spec' && path[1] === 'selector';
}

export function listTypeResolver(t: ResourceType): ListTypeResolver {
  let r = resolvers.get(t);
  if (!r) {
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    const schema = t.custom?.schema;
    r = t.custom ? (path) => schemaListType(schema, path)
      : (path) => (isAtomicSelector(t, path) ? { type: 'atomic' } : listTypeFromMergeSemantics(listTypeAt(gvk, path)));
    resolvers.set(t, r);
  }
  return r;
}

/** The manager kube-apiserver records when a request names none: the User-Agent up to its first "/". */
export function defaultFieldManager(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const i = ua.indexOf('/');
  return (i >= 0 ? ua.slice(0, i) : ua) || 'unknown';
}

/** Updates managedFields of `next` for an ordinary write; a write that changes nothing keeps them as they were. */
export function recordUpdate(t: ResourceType, old: KubeObject | undefined, next: KubeObject, manager: string, subresource: string): void {
  if (old && equalExcept(old, next, ['metadata']) && equalExcept(old.metadata as Record<string, unknown>, next.metadata as Record<string, unknown>, ['managedFields', 'resourceVersion', 'generation'])) {
    // A write that changes nothing but managedFields sets them (kubectl's client-side to server-side apply upgrade
    // rewrites them with a JSON patch); one that sends none or the same keeps the stored ones.
    const sent = next.metadata.managedFields;
    if (!sent || sent.length === 0 || JSON.stringify(sent) === JSON.stringify(old.metadata.managedFields)) {
      if (old.metadata.managedFields) next.metadata.managedFields = old.metadata.managedFields;
      else delete next.metadata.managedFields;
      return;
    }
  }
  const mf = updateManagedFields({
    old, updated: next, manager, operation: 'Update', apiVersion: gvString(t),
    ...(subresource ? { subresource } : {}), listType: listTypeResolver(t), now: nowTimestamp(),
  });
  if (mf.length) next.metadata.managedFields = mf;
  else delete next.metadata.managedFields;
}

/**
 * managedFields of a request object that is answered, not stored (reviews, TokenRequest): kube-apiserver runs the
 * create pipeline, so the reply names the writer of every field it sent. Lists count as atomic. The top-level
 * fields are Go structs that exist (empty) before the write, so only maps below them are members of their own
 * (fieldsV1 `.`), as structured-merge-diff records a newly set pointer struct.
 */
export function requestManagedFields(obj: KubeObject, manager: string, apiVersion: string, subresource = ''): ManagedFieldsEntry[] {
  const { metadata: _meta, ...fields } = obj;
  const set = fieldsOf(fields, () => undefined);
  const addMaps = (v: unknown, path: string[]): void => {
    if (!isObject(v)) return;
    if (path.length >= 2 && Object.keys(v).length > 0) set.add(pathKey(path));
    for (const [k, child] of Object.entries(v)) addMaps(child, [...path, `f:${k}`]);
  };
  addMaps(fields, []);
  if (set.size === 0) return [];
  return [{
    manager, operation: 'Update', apiVersion, time: nowTimestamp(), fieldsType: 'FieldsV1', fieldsV1: toFieldsV1(set),
    ...(subresource ? { subresource } : {}),
  }];
}

/** Server-side apply of `patch` onto `live` (undefined: the apply creates the object). Throws 409 on conflicts. */
export function applyConfiguration(t: ResourceType, live: KubeObject | undefined, patch: unknown, manager: string, force: boolean, subresource: string): KubeObject {
  if (!isObject(patch)) throw badRequest('the apply patch must be an object');
  const applied = patch as KubeObject;
  if (!isObject(applied.metadata)) applied.metadata = {};
  const r = serverSideApply({
    live, applied, manager, force, apiVersion: gvString(t), ...(subresource ? { subresource } : {}),
    listType: listTypeResolver(t), now: nowTimestamp(),
  });
  if (r.conflicts) {
    const { message, causes } = formatApplyConflicts(r.conflicts);
    // fieldmanager's conflict error names no object: its details hold only the causes.
    throw new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Conflict', details: { causes }, code: 409 });
  }
  return r.object;
}
