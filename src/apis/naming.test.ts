import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiVersionFor,
  crdNameFor,
  federatedKindFor,
  federatedPluralFor,
  federatedShortNamesFor,
  groupQualifiedName,
  pluralName,
  propagatedVersionName,
  splitGroupQualifiedName,
  syncControllerName,
} from './naming.js';

test('pluralName follows KubeFed except for vowel + y endings', () => {
  const cases: [string, string][] = [
    ['ConfigMap', 'configmaps'],
    ['FederatedDeployment', 'federateddeployments'],
    ['Ingress', 'ingresses'],
    ['Box', 'boxes'],
    ['Batch', 'batches'],
    ['Mesh', 'meshes'],
    ['Quiz', 'quizes'],
    ['Echo', 'echoes'],
    ['Policy', 'policies'],
    ['FederatedNetworkPolicy', 'federatednetworkpolicies'],
    ['Y', 'ies'],
    // KubeFed: gatewaies; ours matches the plural `kubefedctl enable` gives the CRD.
    ['FederatedGateway', 'federatedgateways'],
    ['Key', 'keys'],
  ];
  for (const [kind, plural] of cases) assert.equal(pluralName(kind), plural, kind);
});

test('group-qualified names and their split', () => {
  assert.equal(groupQualifiedName({ pluralName: 'configmaps' }), 'configmaps');
  assert.equal(groupQualifiedName({ pluralName: 'configmaps', group: '' }), 'configmaps');
  assert.equal(groupQualifiedName({ pluralName: 'clusterroles', group: 'rbac.authorization.k8s.io' }), 'clusterroles.rbac.authorization.k8s.io');
  assert.deepEqual(splitGroupQualifiedName('clusterroles.rbac.authorization.k8s.io'), { pluralName: 'clusterroles', group: 'rbac.authorization.k8s.io' });
  assert.deepEqual(splitGroupQualifiedName('namespaces'), { pluralName: 'namespaces', group: '' });
});

test('derived names of federated types and bookkeeping objects', () => {
  assert.equal(apiVersionFor({ group: '', version: 'v1' }), 'v1');
  assert.equal(apiVersionFor({ version: 'v1' }), 'v1');
  assert.equal(apiVersionFor({ group: 'apps', version: 'v1' }), 'apps/v1');
  assert.equal(federatedKindFor('Deployment'), 'FederatedDeployment');
  assert.equal(federatedPluralFor('deployments'), 'federateddeployments');
  assert.deepEqual(federatedShortNamesFor(['deploy', 'dp']), ['fdeploy', 'fdp']);
  assert.deepEqual(federatedShortNamesFor(undefined), []);
  assert.equal(crdNameFor({ pluralName: 'federateddeployments', group: 'types.kubefed.io' }), 'federateddeployments.types.kubefed.io');
  assert.equal(propagatedVersionName('Deployment', 'nginx'), 'deployment-nginx');
  assert.equal(propagatedVersionName('ClusterRole', 'admin'), 'clusterrole-admin');
  assert.equal(syncControllerName('FederatedDeployment'), 'federateddeployment-controller');
});
