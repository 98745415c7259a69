// `spec.overrides` of a federated resource (kubefed-behaviour.md §3.6.2, KubeFed `util/overrides.go`): parsed and
// validated once per reconcile (any error fails every cluster of the resource with ApplyOverridesFailed), then the
// selected cluster's list is applied to the member object as a JSON patch.
import type { JsonObject, JsonValue } from '../common/object.js';
import { isObject } from '../common/object.js';
import type { ClusterOverride, GenericOverrideItem } from '../apis/types.js';
import { PropagationStatuses } from '../apis/constants.js';
import { fail, ok, quote, type Result } from './errors.js';
import { applyJsonPatch, JsonPatchError } from './json-patch.js';

/** The parsed overrides: cluster name → its overrides in written order (op as written, possibly absent). */
export type OverridesMap = ReadonlyMap<string, readonly ClusterOverride[]>;

export interface ParsedOverrides {
  /** Cluster name → overrides. */
  byCluster: OverridesMap;
  /** The list as written (validated), or null when `spec.overrides` is absent; input of `overridesVersion`. */
  items: GenericOverrideItem[] | null;
}

/** The op an override stands for: KubeFed treats an empty or absent `op` as `replace`. */
export function overrideOp(o: ClusterOverride): string {
  return o.op === undefined || o.op === '' ? 'replace' : o.op;
}

// Namespace and name tie a member object to its federated resource, and kind selects the API; overriding them
// would break that association (KubeFed's invalidPaths).
const invalidPaths: ReadonlySet<string> = new Set(['/metadata/namespace', '/metadata/name', '/metadata/generateName', '/kind']);

const overridesFailed = PropagationStatuses.ApplyOverridesFailed;

function parseOverride(raw: unknown, where: string): Result<ClusterOverride> {
  if (!isObject(raw)) return fail(overridesFailed, `${where} must be an object`);
  if (typeof raw.path !== 'string') return fail(overridesFailed, `${where}.path must be a string`);
  if (raw.op !== undefined && raw.op !== null && typeof raw.op !== 'string') return fail(overridesFailed, `${where}.op must be a string`);
  const o: ClusterOverride = { path: raw.path };
  if (typeof raw.op === 'string') o.op = raw.op;
  if (raw.value !== undefined) o.value = raw.value as JsonValue;
  return ok(o);
}

/**
 * Parses and validates `spec.overrides` of `federated` with KubeFed's rules and messages: a cluster listed twice,
 * an override of namespace/name/generateName/kind, or a path repeated within a cluster. Shape errors (which the CRD
 * schema normally prevents) name the offending field.
 */
export function parseOverrides(federated: { spec?: unknown }): Result<ParsedOverrides> {
  const byCluster = new Map<string, ClusterOverride[]>();
  const spec = federated.spec;
  const raw = isObject(spec) ? spec.overrides : undefined;
  if (raw === undefined || raw === null) return ok({ byCluster, items: null });
  if (!Array.isArray(raw)) return fail(overridesFailed, 'spec.overrides must be a list');
  const items: GenericOverrideItem[] = [];
  for (const [i, rawItem] of raw.entries()) {
    const where = `spec.overrides[${i}]`;
    if (!isObject(rawItem)) return fail(overridesFailed, `${where} must be an object`);
    const clusterName = rawItem.clusterName ?? '';
    if (typeof clusterName !== 'string') return fail(overridesFailed, `${where}.clusterName must be a string`);
    if (byCluster.has(clusterName)) return fail(overridesFailed, `cluster ${quote(clusterName)} appears more than once`);
    const rawList = rawItem.clusterOverrides ?? [];
    if (!Array.isArray(rawList)) return fail(overridesFailed, `${where}.clusterOverrides must be a list`);
    const list: ClusterOverride[] = [];
    const paths = new Set<string>();
    for (const [j, rawOverride] of rawList.entries()) {
      const parsed = parseOverride(rawOverride, `${where}.clusterOverrides[${j}]`);
      if (!parsed.ok) return parsed;
      const { path } = parsed.value;
      if (invalidPaths.has(path)) {
        return fail(overridesFailed, `override[${j}] for cluster ${quote(clusterName)} has an invalid path: ${path}`);
      }
      if (paths.has(path)) return fail(overridesFailed, `path ${quote(path)} appears more than once for cluster ${quote(clusterName)}`);
      paths.add(path);
      list.push(parsed.value);
    }
    byCluster.set(clusterName, list);
    items.push(list.length > 0 ? { clusterName, clusterOverrides: list } : { clusterName });
  }
  return ok({ byCluster, items });
}

/** Names a federated resource in messages: `FederatedDeployment "ns/name"`. */
export interface FederatedRef {
  kind: string;
  namespace?: string;
  name: string;
}

export function qualifiedName(ref: { namespace?: string; name: string }): string {
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}

/**
 * Applies `clusterName`'s overrides to `obj` (a copy is returned; `obj` is untouched). A failing operation yields
 * ApplyOverridesFailed naming the federated resource, the cluster, and the operation's path.
 */
export function applyOverrides<T extends JsonObject>(obj: T, clusterName: string, overrides: OverridesMap, federated: FederatedRef): Result<T> {
  const list = overrides.get(clusterName);
  if (!list || list.length === 0) return ok(structuredClone(obj));
  const ops = list.map((o) => (o.value === undefined ? { op: overrideOp(o), path: o.path } : { op: overrideOp(o), path: o.path, value: o.value }));
  try {
    return ok(applyJsonPatch(obj, ops) as T);
  } catch (e) {
    if (!(e instanceof JsonPatchError)) throw e;
    const failed = ops[e.index];
    const what = failed ? `override[${e.index}] (${failed.op} ${failed.path})` : 'overrides';
    return fail(
      overridesFailed,
      `Failed to apply ${what} for cluster ${quote(clusterName)} to ${federated.kind} ${quote(qualifiedName(federated))}: ${e.message}`,
    );
  }
}
