// Strategic-merge metadata of the built-in kinds this server serves: which list fields merge, by which key, and which
// are sets of scalars. These are wire facts taken from the `patchStrategy` / `patchMergeKey` struct tags (and, for
// `keys`, the `+listMapKey` markers that server-side apply uses) of k8s.io/api v0.32:
//   core/v1/types.go, apps/v1/types.go, batch/v1/types.go, and k8s.io/apimachinery/pkg/apis/meta/v1/types.go.
// A field absent from these tables is a plain map (merged key by key) or an atomic list (replaced whole), which is
// what strategic merge patch does for fields without tags.

import type { GroupVersionKind } from '../../common/object.js';

/** How a list field merges. `key` is the SMP patchMergeKey; `keys` the full SSA list-map key set when it differs. */
export type ListSemantics =
  | { strategy: 'merge'; key: string; keys?: readonly string[] }
  | { strategy: 'set' };

export interface FieldMeta {
  /** Present on list fields that do not replace atomically. */
  readonly list?: ListSemantics;
  /** `patchStrategy:"retainKeys"` (alone or with merge): the client sends `$retainKeys` for this struct or item. */
  readonly retainKeys?: boolean;
  /** The struct's fields (for a list field: the element struct's fields). */
  readonly fields?: TypeMeta;
}

export type TypeMeta = Readonly<Record<string, FieldMeta>>;

const byName: ListSemantics = { strategy: 'merge', key: 'name' };
const byType: ListSemantics = { strategy: 'merge', key: 'type' };
const conditions: FieldMeta = { list: byType };

// meta/v1 ObjectMeta: Finalizers `patchStrategy:"merge"`, OwnerReferences `patchStrategy:"merge" patchMergeKey:"uid"`.
const objectMeta: TypeMeta = {
  finalizers: { list: { strategy: 'set' } },
  ownerReferences: { list: { strategy: 'merge', key: 'uid' } },
};

// core/v1 Container and EphemeralContainerCommon.
const container: TypeMeta = {
  ports: { list: { strategy: 'merge', key: 'containerPort', keys: ['containerPort', 'protocol'] } },
  env: { list: byName },
  volumeMounts: { list: { strategy: 'merge', key: 'mountPath' } },
  volumeDevices: { list: { strategy: 'merge', key: 'devicePath' } },
};

// core/v1 PodSpec.
const podSpec: TypeMeta = {
  volumes: { list: byName, retainKeys: true },
  initContainers: { list: byName, fields: container },
  containers: { list: byName, fields: container },
  ephemeralContainers: { list: byName, fields: container },
  imagePullSecrets: { list: byName },
  hostAliases: { list: { strategy: 'merge', key: 'ip' } },
  topologySpreadConstraints: {
    list: { strategy: 'merge', key: 'topologyKey', keys: ['topologyKey', 'whenUnsatisfiable'] },
  },
  schedulingGates: { list: byName },
  resourceClaims: { list: byName, retainKeys: true },
};

// core/v1 PodStatus.
const podStatus: TypeMeta = {
  conditions,
  podIPs: { list: { strategy: 'merge', key: 'ip' } },
  hostIPs: { list: { strategy: 'merge', key: 'ip' } },
  resourceClaimStatuses: { list: byName, retainKeys: true },
};

const podTemplateSpec: TypeMeta = {
  metadata: { fields: objectMeta },
  spec: { fields: podSpec },
};

const withStatusConditions: TypeMeta = { conditions };

function kind(extra: TypeMeta = {}): TypeMeta {
  return { metadata: { fields: objectMeta }, ...extra };
}

const workload = (spec: TypeMeta = {}): TypeMeta =>
  kind({ spec: { fields: { template: { fields: podTemplateSpec }, ...spec } }, status: { fields: withStatusConditions } });

const gvkKey = (group: string, version: string, k: string): string => `${group}/${version}/${k}`;

const schemas = new Map<string, TypeMeta>([
  [gvkKey('', 'v1', 'Pod'), kind({ spec: { fields: podSpec }, status: { fields: podStatus } })],
  [gvkKey('', 'v1', 'PodTemplate'), kind({ template: { fields: podTemplateSpec } })],
  [gvkKey('', 'v1', 'ReplicationController'), workload()],
  [gvkKey('', 'v1', 'Service'), kind({
    spec: { fields: { ports: { list: { strategy: 'merge', key: 'port', keys: ['port', 'protocol'] } } } },
    status: { fields: withStatusConditions },
  })],
  [gvkKey('', 'v1', 'Secret'), kind()],
  [gvkKey('', 'v1', 'ConfigMap'), kind()],
  [gvkKey('', 'v1', 'ServiceAccount'), kind({ secrets: { list: byName } })],
  [gvkKey('', 'v1', 'Namespace'), kind({ status: { fields: withStatusConditions } })],
  [gvkKey('', 'v1', 'Node'), kind({
    spec: { fields: { podCIDRs: { list: { strategy: 'set' } } } },
    status: { fields: { conditions, addresses: { list: byType } } },
  })],
  [gvkKey('', 'v1', 'Endpoints'), kind()],
  [gvkKey('', 'v1', 'Event'), kind()],
  // apps/v1 DeploymentSpec.Strategy is `patchStrategy:"retainKeys"`.
  [gvkKey('apps', 'v1', 'Deployment'), workload({ strategy: { retainKeys: true } })],
  [gvkKey('apps', 'v1', 'ReplicaSet'), workload()],
  [gvkKey('apps', 'v1', 'StatefulSet'), workload()],
  [gvkKey('apps', 'v1', 'DaemonSet'), workload()],
  [gvkKey('batch', 'v1', 'Job'), workload()],
  [gvkKey('batch', 'v1', 'CronJob'), kind({
    spec: { fields: { jobTemplate: { fields: { metadata: { fields: objectMeta }, spec: { fields: { template: { fields: podTemplateSpec } } } } } } },
  })],
  [gvkKey('autoscaling', 'v1', 'Scale'), kind()],
  [gvkKey('networking.k8s.io', 'v1', 'Ingress'), kind()],
  [gvkKey('rbac.authorization.k8s.io', 'v1', 'Role'), kind()],
  [gvkKey('rbac.authorization.k8s.io', 'v1', 'ClusterRole'), kind()],
  [gvkKey('rbac.authorization.k8s.io', 'v1', 'RoleBinding'), kind()],
  [gvkKey('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding'), kind()],
  [gvkKey('coordination.k8s.io', 'v1', 'Lease'), kind()],
  [gvkKey('events.k8s.io', 'v1', 'Event'), kind()],
  [gvkKey('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition'), kind()],
]);

/**
 * The strategic-merge schema of a built-in kind, or undefined for kinds strategic merge patch does not support
 * (custom resources: the server answers 415 for them).
 */
export function patchSchemaFor(gvk: GroupVersionKind): TypeMeta | undefined {
  return schemas.get(gvkKey(gvk.group, gvk.version, gvk.kind));
}

/** The metadata of `field` inside a struct described by `type` (undefined for untagged fields). */
export function fieldMeta(type: TypeMeta | undefined, field: string): FieldMeta | undefined {
  return type !== undefined && Object.prototype.hasOwnProperty.call(type, field) ? type[field] : undefined;
}

/**
 * List semantics of the field at `path` (field names only, no list indices: `['spec','template','spec','containers',
 * 'ports']`); undefined when the field is not a merging list (atomic, or not a list at all).
 */
export function listTypeAt(gvk: GroupVersionKind, path: readonly string[]): ListSemantics | undefined {
  let type = patchSchemaFor(gvk);
  let meta: FieldMeta | undefined;
  for (const name of path) {
    meta = fieldMeta(type, name);
    if (meta === undefined) return undefined;
    type = meta.fields;
  }
  return meta?.list;
}
