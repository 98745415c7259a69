import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allCrds } from '../apis/crds/index.js';
import { defaultFederatedTypes } from '../apis/federated-crd.js';
import { validateKubeFedConfig } from '../apis/validation.js';
import type { KubeFedConfig } from '../apis/types.js';
import type { KubeObject } from '../common/object.js';
import { controlPlaneObjects } from './objects.js';
import type { PolicyRule } from './rbac.js';

const kinds = (objects: KubeObject[]): string[] => objects.map((o) => o.kind);
const find = (objects: KubeObject[], kind: string, name: string): KubeObject => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(o, `${kind} ${name} is installed`);
  return o;
};
const rules = (o: KubeObject): PolicyRule[] => o['rules'] as PolicyRule[];

/** Does any rule grant `verb` on `group`/`resource` (RBAC's `*` matching, subresources included)? */
function allows(policy: PolicyRule[], group: string, resource: string, verb: string): boolean {
  return policy.some(
    (r) =>
      (r.apiGroups.includes(group) || r.apiGroups.includes('*')) &&
      (r.resources.includes(resource) || r.resources.includes('*')) &&
      (r.verbs.includes(verb) || r.verbs.includes('*')),
  );
}

test('without deploy the control plane is the namespace, CRDs, config, RBAC and FTCs, in apply order', () => {
  const objects = controlPlaneObjects();
  const crdCount = allCrds().length;
  assert.equal(objects.length, 1 + crdCount + 1 + 5 + defaultFederatedTypes().length);
  assert.deepEqual(kinds(objects).slice(0, 1 + crdCount + 1), ['Namespace', ...Array(crdCount).fill('CustomResourceDefinition'), 'KubeFedConfig']);
  assert.deepEqual(kinds(objects).slice(-10), Array(10).fill('FederatedTypeConfig'));
  assert.ok(!kinds(objects).includes('Deployment'));
  for (const o of objects.filter((x) => x.kind !== 'Namespace' && x.kind !== 'CustomResourceDefinition' && x.kind !== 'ClusterRole' && x.kind !== 'ClusterRoleBinding')) {
    assert.equal(o.metadata.namespace, 'kube-federation-system', `${o.kind} ${o.metadata.name}`);
  }
});

test('deploy adds the Deployment and the metrics Service last', () => {
  const objects = controlPlaneObjects({ deploy: true });
  assert.deepEqual(kinds(objects).slice(-2), ['Deployment', 'Service']);
});

test('the KubeFedConfig carries KubeFed defaults with a Lease lock and passes validation', () => {
  const config = find(controlPlaneObjects(), 'KubeFedConfig', 'kubefed') as KubeFedConfig;
  assert.deepEqual(config.spec.controllerDuration, { availableDelay: '20s', unavailableDelay: '60s', cacheSyncTimeout: '5m' });
  assert.deepEqual(config.spec.leaderElect, { leaseDuration: '15s', renewDeadline: '10s', retryPeriod: '5s', resourceLock: 'leases' });
  assert.deepEqual(config.spec.clusterHealthCheck, { period: '10s', failureThreshold: 3, successThreshold: 1, timeout: '3s' });
  assert.deepEqual(config.spec.syncController, { maxConcurrentReconciles: 1, adoptResources: 'Enabled' });
  assert.equal(config.spec.featureGates?.find((g) => g.name === 'PushReconciler')?.configuration, 'Enabled');
  assert.equal(config.spec.featureGates?.find((g) => g.name === 'RawResourceStatusCollection')?.configuration, 'Disabled');
  assert.deepEqual(validateKubeFedConfig(config), []);
});

test('options reach the KubeFedConfig and keep unset fields at their defaults', () => {
  const config = find(
    controlPlaneObjects({ scope: 'Namespaced', clusterHealthCheck: { period: '30s' }, featureGates: { RawResourceStatusCollection: 'Enabled' } }),
    'KubeFedConfig',
    'kubefed',
  ) as KubeFedConfig;
  assert.equal(config.spec.scope, 'Namespaced');
  assert.deepEqual(config.spec.clusterHealthCheck, { period: '30s', failureThreshold: 3, successThreshold: 1, timeout: '3s' });
  assert.equal(config.spec.featureGates?.find((g) => g.name === 'RawResourceStatusCollection')?.configuration, 'Enabled');
  assert.equal(config.spec.featureGates?.find((g) => g.name === 'PushReconciler')?.configuration, 'Enabled');
});

test('the installed KubeFedConfig enables both DNS gates by default; an explicit Disabled option wins (ADR 0004)', () => {
  const gate = (config: KubeFedConfig, name: string): string | undefined => config.spec.featureGates?.find((g) => g.name === name)?.configuration;
  const byDefault = find(controlPlaneObjects(), 'KubeFedConfig', 'kubefed') as KubeFedConfig;
  assert.equal(gate(byDefault, 'CrossClusterServiceDiscovery'), 'Enabled');
  assert.equal(gate(byDefault, 'FederatedIngress'), 'Enabled');
  const off = find(controlPlaneObjects({ featureGates: { CrossClusterServiceDiscovery: 'Disabled', FederatedIngress: 'Disabled' } }), 'KubeFedConfig', 'kubefed') as KubeFedConfig;
  assert.equal(gate(off, 'CrossClusterServiceDiscovery'), 'Disabled');
  assert.equal(gate(off, 'FederatedIngress'), 'Disabled');
  assert.equal(gate(off, 'PushReconciler'), 'Enabled', 'the other gates keep their defaults');
  assert.deepEqual(validateKubeFedConfig(off), []);
});

const rbacCases = [
  { scope: 'Cluster' as const, roleKind: 'ClusterRole', bindingKind: 'ClusterRoleBinding', namespaced: false, readsNamespaces: true },
  { scope: 'Namespaced' as const, roleKind: 'Role', bindingKind: 'RoleBinding', namespaced: true, readsNamespaces: false },
];

for (const c of rbacCases) {
  test(`${c.scope} scope: kubefed-role is a ${c.roleKind} bound to the controller's ServiceAccount`, () => {
    const objects = controlPlaneObjects({ scope: c.scope, namespace: 'fed' });
    const role = find(objects, c.roleKind, 'kubefed-role');
    const binding = find(objects, c.bindingKind, 'kubefed-rolebinding');
    assert.equal(role.metadata.namespace, c.namespaced ? 'fed' : undefined);
    assert.deepEqual(binding['roleRef'], { apiGroup: 'rbac.authorization.k8s.io', kind: c.roleKind, name: 'kubefed-role' });
    assert.deepEqual(binding['subjects'], [{ kind: 'ServiceAccount', name: 'kubefed-controller', namespace: 'fed' }]);
    assert.ok(!objects.some((o) => o.kind === (c.namespaced ? 'ClusterRole' : 'Role') && o.metadata.name === 'kubefed-role'));
    find(objects, 'ServiceAccount', 'kubefed-controller');
  });

  test(`${c.scope} scope: the rules cover what the controller manager does on the host`, () => {
    const objects = controlPlaneObjects({ scope: c.scope });
    const controller = rules(find(objects, c.roleKind, 'kubefed-role'));
    const config = rules(find(objects, 'Role', 'kubefed-config-role'));
    const needs: [string, string, string][] = [
      ['core.kubefed.io', 'kubefedconfigs', 'get'],
      ['core.kubefed.io', 'kubefedconfigs', 'create'],
      ['core.kubefed.io', 'kubefedclusters', 'watch'],
      ['core.kubefed.io', 'kubefedclusters/status', 'patch'],
      ['core.kubefed.io', 'federatedtypeconfigs', 'patch'],
      ['core.kubefed.io', 'federatedtypeconfigs/status', 'patch'],
      ['core.kubefed.io', 'propagatedversions', 'create'],
      ['core.kubefed.io', 'propagatedversions/status', 'patch'],
      ['types.kubefed.io', 'federateddeployments', 'list'],
      ['types.kubefed.io', 'federateddeployments/status', 'patch'],
      ['types.kubefed.io', 'federateddeployments', 'patch'],
      ['scheduling.kubefed.io', 'replicaschedulingpreferences', 'watch'],
      ['multiclusterdns.kubefed.io', 'dnsendpoints/status', 'update'],
      ['', 'events', 'create'],
      ['', 'events', 'patch'],
    ];
    for (const [g, r, v] of needs) assert.ok(allows(controller, g, r, v), `kubefed-role allows ${v} ${g}/${r}`);
    assert.equal(allows(controller, '', 'namespaces', 'watch'), c.readsNamespaces);
    for (const v of ['get', 'create', 'update']) assert.ok(allows(config, 'coordination.k8s.io', 'leases', v), `config role allows ${v} leases`);
    for (const v of ['get', 'list', 'watch']) assert.ok(allows(config, '', 'secrets', v), `config role allows ${v} secrets`);
  });
}

test('no rule grants access to the federated target types on the host, nor secrets cluster-wide', () => {
  for (const scope of ['Cluster', 'Namespaced'] as const) {
    const objects = controlPlaneObjects({ scope });
    const all = objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role').flatMap(rules);
    for (const [g, r] of [['apps', 'deployments'], ['', 'configmaps'], ['', 'services'], ['rbac.authorization.k8s.io', 'clusterroles']] as const) {
      assert.ok(!allows(all, g, r, 'create'), `${scope}: no create on ${g}/${r}`);
    }
    const clusterWide = objects.filter((o) => o.kind === 'ClusterRole').flatMap(rules);
    assert.ok(!allows(clusterWide, '', 'secrets', 'get'));
    assert.ok(!allows(all, '', 'configmaps', 'get'), 'no ConfigMap lock: leader election uses a Lease');
  }
});

test('the Deployment runs the controller manager as KubeFed\'s chart does, with our image', () => {
  const d = find(controlPlaneObjects({ deploy: true }), 'Deployment', 'kubefed-controller-manager') as KubeObject & {
    spec: { replicas: number; selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> & { containers: Record<string, unknown>[] } } };
  };
  assert.equal(d.spec.replicas, 2);
  assert.deepEqual(d.spec.selector.matchLabels, { 'kubefed-control-plane': 'controller-manager' });
  assert.deepEqual(d.spec.template.metadata.labels, d.spec.selector.matchLabels);
  const pod = d.spec.template.spec;
  assert.equal(pod['serviceAccountName'], 'kubefed-controller');
  assert.deepEqual(pod['securityContext'], { runAsUser: 1001, runAsNonRoot: true });
  assert.equal(pod['terminationGracePeriodSeconds'], 10);
  assert.ok(!('nodeSelector' in pod) && !('tolerations' in pod) && !('imagePullSecrets' in pod));
  const [c] = pod.containers;
  assert.ok(c);
  assert.match(String(c['image']), /^ghcr\.io\/kubefed-ts\/kubefed-ts:\d+\.\d+\.\d+/);
  assert.deepEqual(c['command'], ['kubefed-controller-manager', '--kubefed-namespace=$(POD_NAMESPACE)', '--v=2', '--healthz-addr=:8080', '--metrics-addr=:9090']);
  assert.deepEqual(c['env'], [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }]);
  assert.deepEqual(c['livenessProbe'], { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 5, periodSeconds: 3, timeoutSeconds: 3 });
  assert.equal((c['readinessProbe'] as { httpGet: { path: string } }).httpGet.path, '/readyz');
  assert.deepEqual(c['resources'], { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '100m', memory: '64Mi' } });
});

test('deployment options: replicas, log level, image, env, scheduling constraints', () => {
  const d = find(
    controlPlaneObjects({
      deploy: true,
      replicas: 3,
      logLevel: 4,
      image: 'registry.example/kf:dev',
      imagePullPolicy: 'Always',
      env: { HTTPS_PROXY: 'http://proxy:3128' },
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ key: 'infra', operator: 'Exists', effect: 'NoSchedule' }],
      imagePullSecrets: ['regcred'],
    }),
    'Deployment',
    'kubefed-controller-manager',
  ) as KubeObject & { spec: { replicas: number; template: { spec: Record<string, unknown> & { containers: Record<string, unknown>[] } } } };
  assert.equal(d.spec.replicas, 3);
  const pod = d.spec.template.spec;
  assert.deepEqual(pod['nodeSelector'], { 'kubernetes.io/os': 'linux' });
  assert.deepEqual(pod['imagePullSecrets'], [{ name: 'regcred' }]);
  assert.equal((pod['tolerations'] as unknown[]).length, 1);
  const c = pod.containers[0] ?? {};
  assert.equal(c['image'], 'registry.example/kf:dev');
  assert.equal(c['imagePullPolicy'], 'Always');
  assert.ok((c['command'] as string[]).includes('--v=4'));
  assert.deepEqual((c['env'] as { name: string }[]).map((e) => e.name), ['POD_NAMESPACE', 'HTTPS_PROXY']);
});

test('the metrics Service selects the controller pods on port 9090 with Prometheus annotations', () => {
  const s = find(controlPlaneObjects({ deploy: true, serviceLabels: { team: 'fed' } }), 'Service', 'kubefed-controller-manager-metrics-service');
  assert.deepEqual(s.metadata.labels, { 'kubefed-control-plane': 'controller-manager', team: 'fed' });
  assert.equal(s.metadata.annotations?.['prometheus.io/scrape'], 'true');
  assert.equal(s.metadata.annotations?.['prometheus.io/port'], '9090');
  assert.deepEqual(s['spec'], {
    selector: { 'kubefed-control-plane': 'controller-manager' },
    ports: [{ name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' }],
  });
});
