// The controller manager's RBAC on the host cluster, per scope (KubeFed's chart, kubefed-behaviour.md §8), adjusted
// to what this controller manager does: it locks with a Lease (not a ConfigMap) and watches the member clusters'
// credential Secrets through an informer (list/watch, not only get). Member clusters are reached with the tokens
// `kubefedctl join` created there, so nothing here grants access to the federated target types on the host.
// Rule fields: k8s.io/api/rbac/v1 types.go PolicyRule.
import { CORE_GROUP, MULTICLUSTER_DNS_GROUP, SCHEDULING_GROUP, TYPES_GROUP } from '../apis/constants.js';
import type { Scope } from '../apis/constants.js';
import type { KubeObject } from '../common/object.js';
import {
  CONFIG_ROLE,
  CONFIG_ROLE_BINDING,
  CONTROLLER_ROLE,
  CONTROLLER_ROLE_BINDING,
  CONTROLLER_SERVICE_ACCOUNT,
} from './names.js';

export const RBAC_V1 = 'rbac.authorization.k8s.io/v1';
const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

const READ = ['get', 'watch', 'list'];

/**
 * `kubefed-role`. `*` resources of KubeFed's own groups include their status subresources (RBAC matches `*` against
 * `resource/subresource` too). Cluster scope reads Namespaces (the namespaces sync controller watches them);
 * Namespaced scope cannot (a Role grants nothing cluster-scoped) and does not need to: cluster-scoped types are not
 * propagated by a namespaced control plane. Delete verbs differ per scope exactly as in KubeFed's chart.
 */
export function controllerRules(scope: Scope): PolicyRule[] {
  const cluster = scope === 'Cluster';
  return [
    { apiGroups: [SCHEDULING_GROUP], resources: ['*'], verbs: [...READ, 'update', 'patch'] },
    { apiGroups: [MULTICLUSTER_DNS_GROUP], resources: ['*'], verbs: [...READ, 'create', 'update', 'patch', ...(cluster ? ['delete'] : [])] },
    { apiGroups: [CORE_GROUP], resources: ['*'], verbs: [...READ, 'create', 'update', 'patch', ...(cluster ? [] : ['delete'])] },
    { apiGroups: [TYPES_GROUP], resources: ['*'], verbs: [...READ, 'update', 'patch'] },
    ...(cluster ? [{ apiGroups: [''], resources: ['namespaces'], verbs: READ }] : []),
    { apiGroups: [''], resources: ['events'], verbs: ['get', 'create', 'update', 'patch'] },
  ];
}

/** `kubefed-config-role`, always a Role in the KubeFed namespace. */
export function configRules(): PolicyRule[] {
  return [
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update', 'patch'] },
    { apiGroups: [''], resources: ['secrets'], verbs: READ },
  ];
}

/** ServiceAccount, `kubefed-role` and its binding, `kubefed-config-role` and its binding. */
export function controllerRbacObjects(namespace: string, scope: Scope): KubeObject[] {
  const subjects = [{ kind: 'ServiceAccount', name: CONTROLLER_SERVICE_ACCOUNT, namespace }];
  const cluster = scope === 'Cluster';
  const roleMeta = cluster ? { name: CONTROLLER_ROLE } : { name: CONTROLLER_ROLE, namespace };
  const bindingMeta = cluster ? { name: CONTROLLER_ROLE_BINDING } : { name: CONTROLLER_ROLE_BINDING, namespace };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: CONTROLLER_SERVICE_ACCOUNT, namespace } },
    { apiVersion: RBAC_V1, kind: cluster ? 'ClusterRole' : 'Role', metadata: roleMeta, rules: controllerRules(scope) },
    {
      apiVersion: RBAC_V1,
      kind: cluster ? 'ClusterRoleBinding' : 'RoleBinding',
      metadata: bindingMeta,
      roleRef: { apiGroup: RBAC_GROUP, kind: cluster ? 'ClusterRole' : 'Role', name: CONTROLLER_ROLE },
      subjects,
    },
    { apiVersion: RBAC_V1, kind: 'Role', metadata: { name: CONFIG_ROLE, namespace }, rules: configRules() },
    {
      apiVersion: RBAC_V1,
      kind: 'RoleBinding',
      metadata: { name: CONFIG_ROLE_BINDING, namespace },
      roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: CONFIG_ROLE },
      subjects,
    },
  ];
}
