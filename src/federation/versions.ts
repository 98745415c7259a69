// Version bookkeeping (kubefed-behaviour.md §3.6.3–3.6.4, KubeFed `sync/version/*`, `util/propagatedversion.go`):
// what was last written to each cluster, so an unchanged federated resource never causes a write.
import { createHash } from 'node:crypto';
import { isObject } from '../common/object.js';
import type { ClusterObjectVersion, PropagatedVersionStatus } from '../apis/types.js';
import { goJsonMarshal } from './go-json.js';

/** Hex MD5 of the bytes Go's json.Encoder writes for `value` (trailing newline included), as KubeFed hashes. */
export function goJsonHash(value: unknown): string {
  return createHash('md5').update(`${goJsonMarshal(value)}\n`, 'utf8').digest('hex');
}

/** `status.templateVersion`: hash of `spec.template`; `""` when there is none. */
export function templateVersion(federated: { spec?: unknown }): string {
  const spec = federated.spec;
  if (!isObject(spec) || !isObject(spec.template)) return '';
  return goJsonHash(spec.template);
}

function stringOr(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}

/** The override list as KubeFed's Go structs serialise it: empty `op`, null `value`, empty lists omitted. */
function overridesForHash(raw: unknown): unknown {
  if (!Array.isArray(raw)) return null;
  return raw.map((item: unknown) => {
    const it = isObject(item) ? item : {};
    const out: Record<string, unknown> = { clusterName: stringOr(it.clusterName, '') };
    const list = Array.isArray(it.clusterOverrides) ? it.clusterOverrides : [];
    if (list.length > 0) {
      out.clusterOverrides = list.map((o: unknown) => {
        const ov = isObject(o) ? o : {};
        const entry: Record<string, unknown> = {};
        if (typeof ov.op === 'string' && ov.op !== '') entry.op = ov.op;
        entry.path = stringOr(ov.path, '');
        if (ov.value !== undefined && ov.value !== null) entry.value = ov.value;
        return entry;
      });
    }
    return out;
  });
}

/** `status.overridesVersion`: hash of `{"overrides": [...]}`; `""` when the federated resource has no spec. */
export function overridesVersion(federated: { spec?: unknown }): string {
  const spec = federated.spec;
  if (!isObject(spec)) return '';
  return goJsonHash({ overrides: overridesForHash(spec.overrides) });
}

/** The version of a member object: `gen:<generation>` when it has one, else `rv:<resourceVersion>`. */
export function objectVersion(obj: { metadata?: { generation?: number; resourceVersion?: string } }): string {
  const generation = obj.metadata?.generation ?? 0;
  return generation !== 0 ? `gen:${generation}` : `rv:${obj.metadata?.resourceVersion ?? ''}`;
}

/** Name of the (Cluster)PropagatedVersion of a federated resource: `<lowercase target kind>-<name>`. */
export function propagatedVersionName(targetKind: string, federatedName: string): string {
  return `${targetKind.toLowerCase()}-${federatedName}`;
}

/** Kind holding the versions: ClusterPropagatedVersion when the federated type is cluster-scoped. */
export function propagatedVersionKind(federatedNamespaced: boolean): 'PropagatedVersion' | 'ClusterPropagatedVersion' {
  return federatedNamespaced ? 'PropagatedVersion' : 'ClusterPropagatedVersion';
}

/**
 * Cluster name → version last propagated, usable only while the recorded template and overrides hashes equal the
 * current ones; otherwise empty, so every cluster is updated (this is how template and override edits propagate).
 */
export function recordedClusterVersions(
  status: PropagatedVersionStatus | null | undefined,
  currentTemplateVersion: string,
  currentOverridesVersion: string,
): Map<string, string> {
  const out = new Map<string, string>();
  if (!status || status.templateVersion !== currentTemplateVersion || status.overridesVersion !== currentOverridesVersion) return out;
  for (const cv of status.clusterVersions ?? []) out.set(cv.clusterName, cv.version);
  return out;
}

function labelsEqual(a: Record<string, string> | null | undefined, b: Record<string, string> | null | undefined): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  // nil and empty maps are equal, as in KubeFed's ObjectMetaObjEquivalent.
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b ?? {}, k) && (b ?? {})[k] === (a ?? {})[k]);
}

interface MetaHolder {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; generation?: number; resourceVersion?: string };
}

/**
 * Whether the member object must be rewritten: its version differs from the one recorded at the last write, or
 * (for generation-tracked objects, whose metadata edits do not bump the generation) name, namespace, labels or
 * annotations differ from the desired object. `recordedVersion` is undefined when nothing usable was recorded.
 */
export function objectNeedsUpdate(desired: MetaHolder, clusterObject: MetaHolder, recordedVersion: string | undefined): boolean {
  const current = objectVersion(clusterObject);
  if (recordedVersion !== current) return true;
  if (!current.startsWith('gen:')) return false;
  const d = desired.metadata ?? {};
  const c = clusterObject.metadata ?? {};
  return (
    (d.name ?? '') !== (c.name ?? '') ||
    (d.namespace ?? '') !== (c.namespace ?? '') ||
    !labelsEqual(d.labels, c.labels) ||
    !labelsEqual(d.annotations, c.annotations)
  );
}

/**
 * The PropagatedVersion status after a reconcile. Recorded versions survive only while the hashes are unchanged
 * and only for clusters still selected; `newVersions` (cluster → version of what was just written; `""` after a
 * delete) wins; empty versions are dropped; the list is sorted by cluster name. `changed` is false when the result
 * equals `old`, so the write can be skipped.
 */
export function updatePropagatedVersionStatus(
  old: PropagatedVersionStatus | null | undefined,
  currentTemplateVersion: string,
  currentOverridesVersion: string,
  selectedClusters: readonly string[],
  newVersions: ReadonlyMap<string, string>,
): { status: PropagatedVersionStatus; changed: boolean } {
  const versions = new Map(newVersions);
  const selected = new Set(selectedClusters);
  for (const [cluster, version] of recordedClusterVersions(old, currentTemplateVersion, currentOverridesVersion)) {
    if (selected.has(cluster) && !versions.has(cluster)) versions.set(cluster, version);
  }
  const clusterVersions: ClusterObjectVersion[] = [...versions.entries()]
    .filter(([, v]) => v !== '')
    .map(([clusterName, version]) => ({ clusterName, version }))
    .sort((a, b) => (a.clusterName < b.clusterName ? -1 : a.clusterName > b.clusterName ? 1 : 0));
  const status: PropagatedVersionStatus = { templateVersion: currentTemplateVersion, overridesVersion: currentOverridesVersion, clusterVersions };
  const oldVersions = old?.clusterVersions ?? [];
  const changed =
    !old ||
    old.templateVersion !== status.templateVersion ||
    old.overridesVersion !== status.overridesVersion ||
    oldVersions.length !== clusterVersions.length ||
    oldVersions.some((v, i) => v.clusterName !== clusterVersions[i]?.clusterName || v.version !== clusterVersions[i]?.version);
  return { status, changed };
}
