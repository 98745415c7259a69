import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiResource } from '../client/index.js';
import type { KubeObject } from '../common/object.js';
import { contentResources, generatedByCluster, skipListMatches } from './federate-contents.js';

function res(group: string, resource: string, kind: string, extra: Partial<ApiResource> = {}): ApiResource {
  return {
    group,
    version: 'v1',
    kind,
    resource,
    namespaced: true,
    shortNames: [],
    singular: kind.toLowerCase(),
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    categories: [],
    subresources: [],
    preferred: true,
    ...extra,
  };
}

const resources = [
  res('', 'configmaps', 'ConfigMap', { shortNames: ['cm'] }),
  res('', 'secrets', 'Secret'),
  res('', 'endpoints', 'Endpoints'),
  res('', 'events', 'Event'),
  res('events.k8s.io', 'events', 'Event'),
  res('', 'namespaces', 'Namespace', { namespaced: false }),
  res('apps', 'deployments', 'Deployment', { shortNames: ['deploy'] }),
  res('apps', 'replicasets', 'ReplicaSet', { shortNames: ['rs'] }),
  res('extensions', 'ingresses', 'Ingress'),
  res('types.kubefed.io', 'federatedconfigmaps', 'FederatedConfigMap'),
  res('core.kubefed.io', 'propagatedversions', 'PropagatedVersion'),
  res('authorization.k8s.io', 'localsubjectaccessreviews', 'LocalSubjectAccessReview', { verbs: ['create'] }),
];

const names = (rs: ApiResource[]): string[] => rs.map((r) => (r.group ? `${r.resource}.${r.group}` : r.resource));

test('contents: KubeFed skips events, endpoints, extensions, federated types, versions, unlistable and cluster-scoped kinds', () => {
  assert.deepEqual(names(contentResources(resources, [])), ['configmaps', 'secrets', 'deployments.apps', 'replicasets.apps']);
});

const skipCases: [string, string[]][] = [
  ['cm', ['secrets', 'deployments.apps', 'replicasets.apps']],
  ['Secret', ['configmaps', 'deployments.apps', 'replicasets.apps']],
  ['replicasets.apps', ['configmaps', 'secrets', 'deployments.apps']],
  ['apps', ['configmaps', 'secrets']],
  ['deployments', ['configmaps', 'secrets', 'replicasets.apps']],
];
for (const [entry, expected] of skipCases) {
  test(`contents: --skip-api-resources ${entry}`, () => {
    assert.deepEqual(names(contentResources(resources, [entry])), expected);
  });
}

test('skip list entries are case-insensitive and ignore blanks', () => {
  assert.equal(skipListMatches(' CM ', res('', 'configmaps', 'ConfigMap', { shortNames: ['cm'] })), true);
  assert.equal(skipListMatches('', res('', 'configmaps', 'ConfigMap')), false);
  assert.equal(skipListMatches('configmaps.', res('', 'configmaps', 'ConfigMap')), false);
});

const objectCases: { name: string; obj: KubeObject; skipped: boolean }[] = [
  {
    name: 'a ReplicaSet owned by a Deployment',
    obj: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u', controller: true }] } },
    skipped: true,
  },
  {
    name: 'an object with a non-controller owner',
    obj: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'u' }] } },
    skipped: false,
  },
  { name: 'kube-root-ca.crt', obj: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt' } }, skipped: true },
  { name: 'the default ServiceAccount', obj: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } }, skipped: true },
  { name: 'another ServiceAccount', obj: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } }, skipped: false },
  { name: 'a token Secret', obj: { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token', metadata: { name: 't' } }, skipped: true },
  { name: 'an Opaque Secret', obj: { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 's' } }, skipped: false },
];
for (const c of objectCases) {
  test(`contents: ${c.name} is ${c.skipped ? 'skipped' : 'federated'}`, () => {
    assert.equal(generatedByCluster(c.obj) !== undefined, c.skipped);
  });
}
