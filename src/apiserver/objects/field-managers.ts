// managedFields for every write (server-side apply's field ownership): ordinary writes record an Update entry for
// their fieldManager; apply patches go through structured-merge-diff style merging with conflicts. List identity
// comes from the strategic-merge metadata for built-in kinds and from x-kubernetes-list-type for custom resources.
import type { KubeObject } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import { listTypeFromMergeSemantics, type ListType, type ListTypeResolver, formatApplyConflicts, serverSideApply, updateManagedFields } from '../apply/index.js';
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

export function listTypeResolver(t: ResourceType): ListTypeResolver {
  let r = resolvers.get(t);
  if (!r) {
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    const schema = t.custom?.schema;
    r = t.custom ? (path) => schemaListType(schema, path) : (path) => listTypeFromMergeSemantics(listTypeAt(gvk, path));
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
    if (old.metadata.managedFields) next.metadata.managedFields = old.metadata.managedFields;
    else delete next.metadata.managedFields;
    return;
  }
  const mf = updateManagedFields({
    old, updated: next, manager, operation: 'Update', apiVersion: gvString(t),
    ...(subresource ? { subresource } : {}), listType: listTypeResolver(t), now: nowTimestamp(),
  });
  if (mf.length) next.metadata.managedFields = mf;
  else delete next.metadata.managedFields;
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
    const details: NonNullable<ConstructorParameters<typeof ApiError>[0]['details']> = { name: live?.metadata.name ?? '', kind: t.resource, causes };
    if (t.group) details.group = t.group;
    throw new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Conflict', details, code: 409 });
  }
  return r.object;
}
