// The objects `kubefedctl join` creates, as pure builders (kubefed-behaviour.md §4.2): in the member a namespace,
// a ServiceAccount `<cluster>-<host>`, its token Secret and RBAC; in the host a Secret with the token and the
// KubeFedCluster. `unjoin` deletes objects with the same names.
import { CORE_V1BETA1, type Scope } from '../apis/constants.js';
import type { KubeFedCluster } from '../apis/types.js';
import type { KubeObject } from '../common/object.js';
import { CliError } from './errors.js';

/** Names derived from the joining cluster C, the host cluster name H and the KubeFed namespace NS. */
export interface JoinNames {
  namespace: string;
  /** `C-H`: the ServiceAccount, and its token Secret, in the member. */
  serviceAccount: string;
  /** `kubefed-controller-manager:C-H`: ClusterRole/Binding (Cluster scope) or Role/Binding in NS (Namespaced). */
  role: string;
  /** `kubefed-controller-manager:NS:healthcheck-C-H`: the health-check ClusterRole/Binding of Namespaced scope. */
  healthCheckRole: string;
}

/**
 * H may not contain `:` or `/` (it becomes part of object names). KubeFed's message when the host context's name
 * has them and `--host-cluster-name` was not given.
 */
export function hostClusterName(hostContext: string, override: string | undefined): string {
  if (override !== undefined && override !== '') {
    if (/[:/]/.test(override)) throw new CliError(`--host-cluster-name "${override}" may not contain ":" or "/"`);
    return override;
  }
  if (/[:/]/.test(hostContext)) {
    throw new CliError('host-cluster-name must be set if the name of the host cluster context contains one of ":" or "/"');
  }
  return hostContext;
}

export function joinNames(clusterName: string, hostName: string, namespace: string): JoinNames {
  const serviceAccount = `${clusterName}-${hostName}`;
  return {
    namespace,
    serviceAccount,
    role: `kubefed-controller-manager:${serviceAccount}`,
    healthCheckRole: `kubefed-controller-manager:${namespace}:healthcheck-${serviceAccount}`,
  };
}

export function namespaceObject(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function memberServiceAccount(n: JoinNames): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: n.serviceAccount, namespace: n.namespace, annotations: { 'kubernetes.io/enforce-mountable-secrets': 'true' } },
    automountServiceAccountToken: false,
  };
}

/** An explicit token Secret: Kubernetes ≥ 1.24 no longer creates one per ServiceAccount (KubeFed v0.10.0). */
export function memberTokenSecret(n: JoinNames): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/service-account-token',
    metadata: { name: n.serviceAccount, namespace: n.namespace, annotations: { 'kubernetes.io/service-account.name': n.serviceAccount } },
  };
}

const subject = (n: JoinNames): Record<string, string> => ({ kind: 'ServiceAccount', name: n.serviceAccount, namespace: n.namespace });

/**
 * Member RBAC for the controller manager's ServiceAccount. The health-check rule uses verb `get`: KubeFed wrote `Get`
 * (quirk 11), which RBAC compares case-sensitively and so never granted `/healthz`.
 */
export function memberRbac(n: JoinNames, scope: Scope): { ref: 'clusterRoles' | 'clusterRoleBindings' | 'roles' | 'roleBindings'; object: KubeObject }[] {
  const rbac = 'rbac.authorization.k8s.io/v1';
  const binding = (kind: 'ClusterRoleBinding' | 'RoleBinding', roleKind: 'ClusterRole' | 'Role', name: string, namespace?: string): KubeObject => ({
    apiVersion: rbac,
    kind,
    metadata: namespace ? { name, namespace } : { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name },
    subjects: [subject(n)],
  });
  if (scope === 'Cluster') {
    return [
      {
        ref: 'clusterRoles',
        object: {
          apiVersion: rbac,
          kind: 'ClusterRole',
          metadata: { name: n.role },
          rules: [
            { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
            { nonResourceURLs: ['*'], verbs: ['get'] },
          ],
        },
      },
      { ref: 'clusterRoleBindings', object: binding('ClusterRoleBinding', 'ClusterRole', n.role) },
    ];
  }
  return [
    {
      ref: 'roles',
      object: { apiVersion: rbac, kind: 'Role', metadata: { name: n.role, namespace: n.namespace }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] },
    },
    { ref: 'roleBindings', object: binding('RoleBinding', 'Role', n.role, n.namespace) },
    {
      ref: 'clusterRoles',
      object: {
        apiVersion: rbac,
        kind: 'ClusterRole',
        metadata: { name: n.healthCheckRole },
        rules: [
          { nonResourceURLs: ['/healthz'], verbs: ['get'] },
          { apiGroups: [''], resources: ['nodes'], verbs: ['list'] },
        ],
      },
    },
    { ref: 'clusterRoleBindings', object: binding('ClusterRoleBinding', 'ClusterRole', n.healthCheckRole) },
  ];
}

/**
 * The host Secret holding the member's bearer token (and its CA, so the credentials are self-contained). Without
 * `--secret-name` the server generates `<cluster>-xxxxx`, as KubeFed does.
 */
export function hostCredentialsSecret(clusterName: string, namespace: string, secretName: string | undefined, token: string, caCrt: string | undefined): KubeObject {
  const data: Record<string, string> = { token: Buffer.from(token, 'utf8').toString('base64') };
  if (caCrt) data['ca.crt'] = caCrt;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: secretName ? { name: secretName, namespace } : { generateName: `${clusterName}-`, namespace },
    data,
  };
}

export interface MemberEndpoint {
  /** The member's API server URL from the kubeconfig cluster entry. */
  server: string;
  /** The kubeconfig's CA (PEM), if it has one. */
  caPem?: string;
  /** `ca.crt` of the token secret (base64, as stored), used when the kubeconfig carries no CA. */
  secretCaCrt?: string;
  insecureSkipTLSVerify: boolean;
  proxyUrl?: string;
}

export function kubeFedClusterObject(clusterName: string, namespace: string, secretName: string, endpoint: MemberEndpoint): KubeFedCluster {
  const spec: KubeFedCluster['spec'] = { apiEndpoint: endpoint.server, secretRef: { name: secretName } };
  const caBundle = endpoint.caPem ? Buffer.from(endpoint.caPem, 'utf8').toString('base64') : endpoint.secretCaCrt;
  if (caBundle) spec.caBundle = caBundle;
  if (endpoint.insecureSkipTLSVerify) spec.disabledTLSValidations = ['*'];
  if (endpoint.proxyUrl) spec.proxyURL = endpoint.proxyUrl;
  return { apiVersion: CORE_V1BETA1, kind: 'KubeFedCluster', metadata: { name: clusterName, namespace }, spec };
}
