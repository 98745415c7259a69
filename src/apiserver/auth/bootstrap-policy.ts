// The RBAC objects every cluster starts with (kube-apiserver's rbac/bootstrap-roles post-start hook, from
// k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go): cluster-admin for system:masters,
// discovery, /version and /healthz for every authenticated user, self-reviews for everyone, and the user-facing
// aggregated roles view, edit and admin. The rule lists of the aggregated roles are trimmed to the resources these
// clusters serve. Missing objects are created at start; existing ones are left as the user changed them.
import type { ObjectService } from '../objects/object-service.js';
import type { Registry } from '../registry/registry.js';
import type { PolicyRule, Subject } from './rbac-rules.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

interface ClusterRoleSpec {
  name: string;
  rules: PolicyRule[];
  labels?: Record<string, string>;
  /** Labels of the ClusterRoles this one aggregates. */
  aggregateFrom?: string;
}

const group = (name: string): Subject => ({ kind: 'Group', apiGroup: RBAC_GROUP, name });

const CLUSTER_ROLES: ClusterRoleSpec[] = [
  { name: 'cluster-admin', rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }] },
  {
    name: 'system:discovery',
    rules: [{ nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'], verbs: ['get'] }],
  },
  { name: 'system:public-info-viewer', rules: [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }] },
  {
    name: 'system:basic-user',
    rules: [
      { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
    ],
  },
  { name: 'admin', rules: [], aggregateFrom: 'rbac.authorization.k8s.io/aggregate-to-admin' },
  { name: 'edit', rules: [], aggregateFrom: 'rbac.authorization.k8s.io/aggregate-to-edit', labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } },
  { name: 'view', rules: [], aggregateFrom: 'rbac.authorization.k8s.io/aggregate-to-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } },
  {
    name: 'system:aggregate-to-view',
    labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' },
    rules: [
      {
        apiGroups: [''], verbs: READ,
        resources: ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'pods/log', 'pods/status',
          'replicationcontrollers', 'replicationcontrollers/scale', 'replicationcontrollers/status', 'serviceaccounts', 'services',
          'services/status', 'bindings', 'events', 'limitranges', 'resourcequotas', 'resourcequotas/status', 'namespaces', 'namespaces/status'],
      },
      {
        apiGroups: ['apps'], verbs: READ,
        resources: ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status',
          'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status'],
      },
      { apiGroups: ['autoscaling'], verbs: READ, resources: ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'] },
      { apiGroups: ['batch'], verbs: READ, resources: ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'] },
      { apiGroups: ['policy'], verbs: READ, resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'] },
      { apiGroups: ['networking.k8s.io'], verbs: READ, resources: ['ingresses', 'ingresses/status', 'networkpolicies'] },
      { apiGroups: ['discovery.k8s.io'], verbs: READ, resources: ['endpointslices'] },
    ],
  },
  {
    name: 'system:aggregate-to-edit',
    labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' },
    rules: [
      { apiGroups: [''], verbs: ['impersonate'], resources: ['serviceaccounts'] },
      { apiGroups: [''], verbs: ['create'], resources: ['serviceaccounts/token'] },
      { apiGroups: [''], verbs: READ, resources: ['secrets'] },
      {
        apiGroups: [''], verbs: WRITE,
        resources: ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'configmaps', 'endpoints', 'events',
          'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'],
      },
      {
        apiGroups: ['apps'], verbs: WRITE,
        resources: ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale',
          'statefulsets', 'statefulsets/scale'],
      },
      { apiGroups: ['autoscaling'], verbs: WRITE, resources: ['horizontalpodautoscalers'] },
      { apiGroups: ['batch'], verbs: WRITE, resources: ['cronjobs', 'jobs'] },
      { apiGroups: ['networking.k8s.io'], verbs: WRITE, resources: ['ingresses', 'networkpolicies'] },
      { apiGroups: ['policy'], verbs: WRITE, resources: ['poddisruptionbudgets'] },
      { apiGroups: ['discovery.k8s.io'], verbs: WRITE, resources: ['endpointslices'] },
      { apiGroups: ['coordination.k8s.io'], verbs: [...READ, ...WRITE], resources: ['leases'] },
    ],
  },
  {
    name: 'system:aggregate-to-admin',
    labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' },
    rules: [
      { apiGroups: ['authorization.k8s.io'], verbs: ['create'], resources: ['localsubjectaccessreviews'] },
      { apiGroups: [RBAC_GROUP], verbs: [...READ, ...WRITE], resources: ['rolebindings', 'roles'] },
    ],
  },
];

const CLUSTER_ROLE_BINDINGS: { name: string; role: string; subjects: Subject[] }[] = [
  { name: 'cluster-admin', role: 'cluster-admin', subjects: [group('system:masters')] },
  { name: 'system:discovery', role: 'system:discovery', subjects: [group('system:authenticated')] },
  { name: 'system:basic-user', role: 'system:basic-user', subjects: [group('system:authenticated')] },
  { name: 'system:public-info-viewer', role: 'system:public-info-viewer', subjects: [group('system:authenticated'), group('system:unauthenticated')] },
];

export function ensureBootstrapPolicy(registry: Registry, svc: ObjectService): void {
  const roles = registry.get(RBAC_GROUP, 'v1', 'clusterroles');
  const bindings = registry.get(RBAC_GROUP, 'v1', 'clusterrolebindings');
  if (!roles || !bindings) return;
  const opts = { fieldManager: 'kube-apiserver' };
  for (const r of CLUSTER_ROLES) {
    if (svc.find(roles, '', r.name)) continue;
    const body: Record<string, unknown> = {
      metadata: { name: r.name, labels: { ...BOOTSTRAP_LABELS, ...r.labels }, annotations: { ...AUTOUPDATE } },
      rules: r.rules,
    };
    if (r.aggregateFrom) body.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [r.aggregateFrom]: 'true' } }] };
    svc.create(roles, '', body, opts);
  }
  for (const b of CLUSTER_ROLE_BINDINGS) {
    if (svc.find(bindings, '', b.name)) continue;
    svc.create(bindings, '', {
      metadata: { name: b.name, labels: { ...BOOTSTRAP_LABELS }, annotations: { ...AUTOUPDATE } },
      roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: b.role },
      subjects: b.subjects,
    }, opts);
  }
}
