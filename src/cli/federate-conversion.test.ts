import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../common/object.js';
import { defaultFederatedTypeFor, federatedResourceFor, isDns1123Subdomain, placementFor, templateOf } from './federate-conversion.js';

const allClusters = placementFor({});

const cases: { name: string; source: KubeObject; template: Record<string, unknown>; namespace?: string }[] = [
  {
    name: 'Service loses clusterIP, clusterIPs, nodePorts and healthCheckNodePort',
    source: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop', uid: 'u1', resourceVersion: '9', labels: { app: 'web' } },
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.0.0.7',
        clusterIPs: ['10.0.0.7'],
        healthCheckNodePort: 31000,
        ports: [{ name: 'http', port: 80, nodePort: 30080 }, { name: 'https', port: 443 }],
        selector: { app: 'web' },
      },
      status: { loadBalancer: {} },
    },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { type: 'LoadBalancer', ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }], selector: { app: 'web' } },
    },
    namespace: 'shop',
  },
  {
    name: 'ServiceAccount loses its token secrets but keeps imagePullSecrets',
    source: {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'robot', namespace: 'shop' },
      secrets: [{ name: 'robot-token-abcde' }],
      imagePullSecrets: [{ name: 'registry' }],
      automountServiceAccountToken: true,
    },
    template: { imagePullSecrets: [{ name: 'registry' }], automountServiceAccountToken: true },
    namespace: 'shop',
  },
  {
    name: 'Namespace loses spec.finalizers and is federated into itself',
    source: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'a' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } },
    template: { metadata: { labels: { team: 'a' } }, spec: {} },
    namespace: 'shop',
  },
  {
    name: 'Deployment keeps its whole spec, and no metadata but labels',
    source: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', annotations: { 'deployment.kubernetes.io/revision': '1' }, generation: 3 },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } } },
      status: { replicas: 2 },
    },
    template: { spec: { replicas: 2, selector: { matchLabels: { app: 'web' } } } },
    namespace: 'shop',
  },
  {
    name: 'a cluster-scoped ClusterRole gets no namespace',
    source: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
    template: { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
  },
  {
    name: 'a Service in another group than core is not touched',
    source: { apiVersion: 'example.com/v1', kind: 'Service', metadata: { name: 'x', namespace: 'n' }, spec: { clusterIP: 'keep' } },
    template: { spec: { clusterIP: 'keep' } },
    namespace: 'n',
  },
];

for (const c of cases) {
  test(`federate conversion: ${c.name}`, () => {
    const before = structuredClone(c.source);
    const { federated } = federatedResourceFor(c.source, defaultFederatedTypeFor(c.source.kind), allClusters);
    assert.deepEqual(federated.spec.template, c.template);
    assert.equal(federated.metadata.name, c.source.metadata.name);
    assert.equal(federated.metadata.namespace, c.namespace);
    assert.equal(federated.kind, `Federated${c.source.kind}`);
    assert.equal(federated.apiVersion, 'types.kubefed.io/v1beta1');
    assert.deepEqual(federated.spec.placement, { clusterSelector: { matchLabels: {} } });
    assert.deepEqual(c.source, before, 'the source object is not modified');
  });
}

test('federate conversion warns when annotations are dropped', () => {
  const withAnnotations = federatedResourceFor(
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', annotations: { a: 'b' } } },
    defaultFederatedTypeFor('ConfigMap'),
    allClusters,
  );
  assert.deepEqual(withAnnotations.warnings, ['Annotations defined for ConfigMap "n/c" will not appear in the template of the federated resource']);
  assert.equal(templateOf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }).droppedAnnotations, false);
});

test('placement: all clusters by default, an explicit list, or a label selector', () => {
  assert.deepEqual(placementFor({}), { clusterSelector: { matchLabels: {} } });
  assert.deepEqual(placementFor({ clusters: ['cluster1', 'cluster3'] }), { clusters: [{ name: 'cluster1' }, { name: 'cluster3' }] });
  assert.deepEqual(placementFor({ matchLabels: { region: 'eu' } }), { clusterSelector: { matchLabels: { region: 'eu' } } });
});

test('federated group and version can be chosen', () => {
  assert.deepEqual(defaultFederatedTypeFor('Widget', 'fed.example.com', 'v1'), { apiVersion: 'fed.example.com/v1', kind: 'FederatedWidget' });
});

test('DNS-1123 subdomain names', () => {
  for (const ok of ['a', 'web-1', 'a.b.c', '0abc']) assert.equal(isDns1123Subdomain(ok), true, ok);
  for (const bad of ['', 'Web', '-a', 'a_b', 'a.', 'x'.repeat(254)]) assert.equal(isDns1123Subdomain(bad), false, bad);
});
