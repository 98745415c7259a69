// What `kubefedctl init` installs in the host cluster besides the CRDs: the KubeFedConfig `kubefed` and the
// controller manager's identity and RBAC, after KubeFed's Helm chart (kubefed-behaviour.md §8).
import { CORE_GROUP, CORE_V1BETA1, KUBEFED_CONFIG_NAME, SCHEDULING_GROUP, MULTICLUSTER_DNS_GROUP, TYPES_GROUP, type Scope } from '../apis/constants.js';
import { setKubeFedConfigDefaults } from '../apis/defaults.js';
import type { KubeFedConfig } from '../apis/types.js';
import type { KubeObject } from '../common/object.js';

/** The chart's ServiceAccount for the controller manager. */
export const CONTROLLER_SERVICE_ACCOUNT = 'kubefed-controller';
export const CONTROLLER_ROLE = 'kubefed-role';
export const CONTROLLER_ROLE_BINDING = 'kubefed-rolebinding';
export const CONFIG_ROLE = 'kubefed-config-role';
export const CONFIG_ROLE_BINDING = 'kubefed-config-rolebinding';

/** The KubeFedConfig with every default written out, as the chart renders it. */
export function defaultKubeFedConfig(namespace: string, scope: Scope): KubeFedConfig {
  return setKubeFedConfigDefaults({
    apiVersion: CORE_V1BETA1,
    kind: 'KubeFedConfig',
    metadata: { name: KUBEFED_CONFIG_NAME, namespace },
    spec: { scope },
  });
}

type RbacRef = 'serviceAccounts' | 'clusterRoles' | 'clusterRoleBindings' | 'roles' | 'roleBindings';

/**
 * The chart's controller RBAC: `kubefed-role` (a ClusterRole in Cluster scope, a Role in Namespaced scope) and
 * `kubefed-config-role` for leader election and member secrets. Leader election uses a Lease here (KubeFed used a
 * ConfigMap lock), so the config role also grants coordination.k8s.io leases. Status subresources are covered by
 * the `*` resources of the KubeFed groups.
 */
export function controllerRbac(namespace: string, scope: Scope): { ref: RbacRef; object: KubeObject }[] {
  const rbac = 'rbac.authorization.k8s.io/v1';
  const subjects = [{ kind: 'ServiceAccount', name: CONTROLLER_SERVICE_ACCOUNT, namespace }];
  const kubefedRules = [
    { apiGroups: [SCHEDULING_GROUP], resources: ['*'], verbs: ['get', 'watch', 'list', 'update', 'patch'] },
    {
      apiGroups: [MULTICLUSTER_DNS_GROUP],
      resources: ['*'],
      verbs: scope === 'Cluster' ? ['get', 'watch', 'list', 'create', 'update', 'patch', 'delete'] : ['get', 'watch', 'list', 'create', 'update', 'patch'],
    },
    {
      apiGroups: [CORE_GROUP],
      resources: ['*'],
      verbs: scope === 'Cluster' ? ['get', 'watch', 'list', 'create', 'update', 'patch'] : ['get', 'watch', 'list', 'create', 'update', 'patch', 'delete'],
    },
    { apiGroups: [TYPES_GROUP], resources: ['*'], verbs: ['get', 'watch', 'list', 'update', 'patch'] },
    ...(scope === 'Cluster' ? [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'watch', 'list'] }] : []),
    { apiGroups: [''], resources: ['events'], verbs: ['get', 'create', 'update', 'patch'] },
  ];
  const role: KubeObject =
    scope === 'Cluster'
      ? { apiVersion: rbac, kind: 'ClusterRole', metadata: { name: CONTROLLER_ROLE }, rules: kubefedRules }
      : { apiVersion: rbac, kind: 'Role', metadata: { name: CONTROLLER_ROLE, namespace }, rules: kubefedRules };
  const roleBinding: KubeObject =
    scope === 'Cluster'
      ? {
          apiVersion: rbac,
          kind: 'ClusterRoleBinding',
          metadata: { name: CONTROLLER_ROLE_BINDING },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: CONTROLLER_ROLE },
          subjects,
        }
      : {
          apiVersion: rbac,
          kind: 'RoleBinding',
          metadata: { name: CONTROLLER_ROLE_BINDING, namespace },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: CONTROLLER_ROLE },
          subjects,
        };
  return [
    { ref: 'serviceAccounts', object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: CONTROLLER_SERVICE_ACCOUNT, namespace } } },
    { ref: scope === 'Cluster' ? 'clusterRoles' : 'roles', object: role },
    { ref: scope === 'Cluster' ? 'clusterRoleBindings' : 'roleBindings', object: roleBinding },
    {
      ref: 'roles',
      object: {
        apiVersion: rbac,
        kind: 'Role',
        metadata: { name: CONFIG_ROLE, namespace },
        rules: [
          { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'create', 'update', 'patch'] },
          { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update', 'patch'] },
          { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
        ],
      },
    },
    {
      ref: 'roleBindings',
      object: {
        apiVersion: rbac,
        kind: 'RoleBinding',
        metadata: { name: CONFIG_ROLE_BINDING, namespace },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: CONFIG_ROLE },
        subjects,
      },
    },
  ];
}
