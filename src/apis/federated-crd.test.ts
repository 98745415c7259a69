import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '@bufbuild/cel';
import { defaultFederatedTypes, federatedTypeConfigFor, federatedTypeCrd } from './federated-crd.js';
import type { FederatedTypeOptions } from './federated-crd.js';
import { FTC_NAME_RULE, structuralSchemaErrors } from './crds/index.js';
import type { CustomResourceDefinition, JSONSchemaProps } from './crds/index.js';
import { validateFederatedTypeConfig } from './validation.js';

const specOf = (crd: CustomResourceDefinition): JSONSchemaProps => {
  const spec = crd.spec.versions[0]?.schema.openAPIV3Schema.properties?.['spec'];
  assert.ok(spec);
  return spec;
};
const byKind = (kind: string): FederatedTypeOptions => {
  const t = defaultFederatedTypes().find((o) => o.target.kind === kind);
  assert.ok(t, kind);
  return t;
};

test('the ten default federated types are the chart\'s', () => {
  const rows = defaultFederatedTypes().map((o) => {
    const crd = federatedTypeCrd(o);
    const ftc = federatedTypeConfigFor(o);
    return [ftc.metadata.name, crd.spec.names.kind, crd.spec.names.plural, crd.spec.scope, (crd.spec.names.shortNames ?? []).join(',')].join(' ');
  });
  assert.deepEqual(rows, [
    'clusterroles.rbac.authorization.k8s.io FederatedClusterRole federatedclusterroles Cluster ',
    'configmaps FederatedConfigMap federatedconfigmaps Namespaced fcm',
    'deployments.apps FederatedDeployment federateddeployments Namespaced fdeploy',
    'ingresses.networking.k8s.io FederatedIngress federatedingresses Namespaced fing',
    'jobs.batch FederatedJob federatedjobs Namespaced ',
    'namespaces FederatedNamespace federatednamespaces Namespaced fns',
    'replicasets.apps FederatedReplicaSet federatedreplicasets Namespaced frs',
    'secrets FederatedSecret federatedsecrets Namespaced ',
    'serviceaccounts FederatedServiceAccount federatedserviceaccounts Namespaced fsa',
    'services FederatedService federatedservices Namespaced fsvc',
  ]);
});

test('retainReplicas exists only where the target has integer spec.replicas', () => {
  const withRetain = defaultFederatedTypes()
    .filter((o) => specOf(federatedTypeCrd(o)).properties?.['retainReplicas'] !== undefined)
    .map((o) => o.target.kind);
  assert.deepEqual(withRetain, ['Deployment', 'ReplicaSet']);
  assert.deepEqual(specOf(federatedTypeCrd(byKind('Deployment'))).properties?.['retainReplicas'], { type: 'boolean' });
});

test('generated CRDs: name, status subresource, structural schema, opaque template, override op pattern', () => {
  for (const o of defaultFederatedTypes()) {
    const crd = federatedTypeCrd(o);
    assert.equal(crd.metadata.name, `federated${o.target.pluralName}.types.kubefed.io`);
    assert.deepEqual(crd.spec.versions[0]?.subresources, { status: {} });
    assert.deepEqual(structuralSchemaErrors(crd.spec.versions[0]?.schema.openAPIV3Schema ?? {}), []);
    assert.deepEqual(specOf(crd).properties?.['template'], { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  }
  const op = specOf(federatedTypeCrd(byKind('ConfigMap'))).properties?.['overrides']?.items?.properties?.['clusterOverrides']?.items?.properties?.['op'];
  const pattern = new RegExp(op?.pattern ?? '^$');
  for (const ok of ['', 'add', 'remove', 'replace']) assert.match(ok, pattern);
  assert.doesNotMatch('move', pattern);
});

test('FederatedNamespace is namespaced although Namespace is cluster-scoped; FederatedClusterRole stays cluster-scoped', () => {
  assert.equal(federatedTypeCrd(byKind('Namespace')).spec.scope, 'Namespaced');
  assert.equal(federatedTypeConfigFor(byKind('Namespace')).spec.federatedType.scope, 'Namespaced');
  assert.equal(federatedTypeConfigFor(byKind('Namespace')).spec.targetType.scope, 'Cluster');
  assert.equal(federatedTypeCrd(byKind('ClusterRole')).spec.scope, 'Cluster');
  const custom: FederatedTypeOptions = {
    target: { group: 'example.io', version: 'v1', kind: 'Namespace', pluralName: 'namespaces', scope: 'Cluster' },
    targetHasReplicas: false,
  };
  assert.equal(federatedTypeCrd(custom).spec.scope, 'Cluster', 'only the core Namespace is special');
});

test('generated FTCs are valid, satisfy the CRD name rule, and honour --federated-group/--federated-version', () => {
  for (const o of defaultFederatedTypes()) {
    const ftc = federatedTypeConfigFor(o);
    assert.deepEqual(validateFederatedTypeConfig(ftc), [], ftc.metadata.name);
    assert.equal(run(FTC_NAME_RULE, { self: ftc } as unknown as Parameters<typeof run>[1]), true, ftc.metadata.name);
    assert.equal(ftc.metadata.namespace, 'kube-federation-system');
    assert.equal(ftc.spec.propagation, 'Enabled');
  }
  const istio: FederatedTypeOptions = {
    target: { group: 'networking.istio.io', version: 'v1beta1', kind: 'VirtualService', pluralName: 'virtualservices', scope: 'Namespaced', shortNames: ['vs'] },
    targetHasReplicas: false,
    federatedGroup: 'fed.example.com',
    federatedVersion: 'v1alpha1',
  };
  const crd = federatedTypeCrd(istio);
  assert.equal(crd.metadata.name, 'federatedvirtualservices.fed.example.com');
  assert.equal(crd.spec.versions[0]?.name, 'v1alpha1');
  assert.deepEqual(crd.spec.names.shortNames, ['fvs']);
  const ftc = federatedTypeConfigFor(istio, 'kubefed-ns');
  assert.equal(ftc.metadata.name, 'virtualservices.networking.istio.io');
  assert.equal(ftc.metadata.namespace, 'kubefed-ns');
  assert.deepEqual(ftc.spec.federatedType, {
    group: 'fed.example.com',
    version: 'v1alpha1',
    kind: 'FederatedVirtualService',
    pluralName: 'federatedvirtualservices',
    scope: 'Namespaced',
  });
});
