// Addresses of the resources kubefedctl reads and writes (Kubernetes and KubeFed API groups and plurals).
import { CORE_GROUP, Plurals, V1BETA1 } from '../apis/constants.js';
import type { ResourceRef } from '../client/index.js';

export const refs = {
  namespaces: { version: 'v1', resource: 'namespaces' },
  serviceAccounts: { version: 'v1', resource: 'serviceaccounts' },
  secrets: { version: 'v1', resource: 'secrets' },
  clusterRoles: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles' },
  clusterRoleBindings: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings' },
  roles: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles' },
  roleBindings: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings' },
  crds: { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' },
  kubeFedClusters: { group: CORE_GROUP, version: V1BETA1, resource: Plurals.KubeFedCluster },
  kubeFedConfigs: { group: CORE_GROUP, version: V1BETA1, resource: Plurals.KubeFedConfig },
  federatedTypeConfigs: { group: CORE_GROUP, version: V1BETA1, resource: Plurals.FederatedTypeConfig },
} as const satisfies Record<string, ResourceRef>;

/** `kind.group/name` as kubectl prints it (`customresourcedefinition.apiextensions.k8s.io/x`, `namespace/x`). */
export function displayName(kind: string, group: string | undefined, name: string): string {
  return group ? `${kind.toLowerCase()}.${group}/${name}` : `${kind.toLowerCase()}/${name}`;
}
