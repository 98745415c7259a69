import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import type { ApiResource } from '../client/index.js';
import { equivalentTypeNames, federatedTypeObjects, parseEnableTypeDirective, schemaHasIntegerReplicas, targetHasReplicas } from './enable.js';
import { formatObjects } from './output.js';

function res(group: string, version: string, kind: string, resource: string, namespaced: boolean, shortNames: string[] = []): ApiResource {
  return { group, version, kind, resource, namespaced, shortNames, singular: kind.toLowerCase(), verbs: ['list'], categories: [], subresources: [], preferred: true };
}

const opts = { federatedGroup: 'types.kubefed.io', federatedVersion: 'v1beta1' };

const cases: { r: ApiResource; replicas: boolean; ftcName: string; crdName: string; fedScope: string; shortNames?: string[] }[] = [
  { r: res('apps', 'v1', 'Deployment', 'deployments', true, ['deploy']), replicas: true, ftcName: 'deployments.apps', crdName: 'federateddeployments.types.kubefed.io', fedScope: 'Namespaced', shortNames: ['fdeploy'] },
  { r: res('', 'v1', 'ConfigMap', 'configmaps', true, ['cm']), replicas: false, ftcName: 'configmaps', crdName: 'federatedconfigmaps.types.kubefed.io', fedScope: 'Namespaced', shortNames: ['fcm'] },
  { r: res('', 'v1', 'Namespace', 'namespaces', false, ['ns']), replicas: false, ftcName: 'namespaces', crdName: 'federatednamespaces.types.kubefed.io', fedScope: 'Namespaced', shortNames: ['fns'] },
  { r: res('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false), replicas: false, ftcName: 'clusterroles.rbac.authorization.k8s.io', crdName: 'federatedclusterroles.types.kubefed.io', fedScope: 'Cluster' },
  { r: res('networking.istio.io', 'v1beta1', 'VirtualService', 'virtualservices', true, ['vs']), replicas: false, ftcName: 'virtualservices.networking.istio.io', crdName: 'federatedvirtualservices.types.kubefed.io', fedScope: 'Namespaced', shortNames: ['fvs'] },
];

for (const c of cases) {
  test(`enable ${c.r.kind}: FTC ${c.ftcName}, CRD ${c.crdName}`, () => {
    const { ftc, crd } = federatedTypeObjects(c.r, c.replicas, opts, 'kube-federation-system');
    assert.equal(ftc.metadata.name, c.ftcName);
    assert.equal(ftc.metadata.namespace, 'kube-federation-system');
    assert.equal(ftc.spec.propagation, 'Enabled');
    assert.equal(ftc.spec.targetType.kind, c.r.kind);
    assert.equal(ftc.spec.targetType.version, c.r.version);
    assert.equal(ftc.spec.federatedType.kind, `Federated${c.r.kind}`);
    assert.equal(ftc.spec.federatedType.scope, c.fedScope);
    assert.equal(crd.metadata.name, c.crdName);
    assert.equal(crd.spec.scope, c.fedScope);
    assert.deepEqual(crd.spec.names.shortNames, c.shortNames);
    const spec = crd.spec.versions[0]?.schema.openAPIV3Schema.properties?.['spec']?.properties ?? {};
    assert.equal('retainReplicas' in spec, c.replicas);
    assert.deepEqual(spec['template'], { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  });
}

test('enable --federated-group/--federated-version name the generated type', () => {
  const { ftc, crd } = federatedTypeObjects(res('apps', 'v1', 'Deployment', 'deployments', true), true, { federatedGroup: 'fed.example.com', federatedVersion: 'v1' }, 'ns');
  assert.equal(ftc.spec.federatedType.group, 'fed.example.com');
  assert.equal(ftc.spec.federatedType.version, 'v1');
  assert.equal(crd.metadata.name, 'federateddeployments.fed.example.com');
});

test('enable -o yaml prints the FTC then the CRD as YAML documents without status', () => {
  const { ftc, crd } = federatedTypeObjects(res('apps', 'v1', 'Deployment', 'deployments', true), true, opts, 'kube-federation-system');
  const out = formatObjects([ftc, { ...crd, status: { conditions: [] } }], 'yaml');
  const docs = out.split(/^---\n/m).filter((d) => d !== '');
  assert.equal(docs.length, 2);
  assert.match(docs[0] ?? '', /^apiVersion: core\.kubefed\.io\/v1beta1\nkind: FederatedTypeConfig\n/);
  assert.match(docs[1] ?? '', /^apiVersion: apiextensions\.k8s\.io\/v1\nkind: CustomResourceDefinition\n/);
  for (const d of docs) assert.equal('status' in (parse(d) as object), false, 'status is stripped');
  assert.equal(docs[0], stringify(ftc, { lineWidth: 0 }));
  const json = JSON.parse(formatObjects([ftc, crd], 'json')) as { kind: string; items: unknown[] };
  assert.equal(json.kind, 'List');
  assert.equal(json.items.length, 2);
});

const replicaCases: [string, unknown, boolean][] = [
  ['integer spec.replicas', { properties: { spec: { properties: { replicas: { type: 'integer', format: 'int32' } } } } }, true],
  ['string spec.replicas', { properties: { spec: { properties: { replicas: { type: 'string' } } } } }, false],
  ['no replicas', { properties: { spec: { properties: { foo: { type: 'string' } } } } }, false],
  ['no schema', {}, false],
];
for (const [name, schema, expected] of replicaCases) {
  test(`retainReplicas from the schema: ${name}`, () => assert.equal(schemaHasIntegerReplicas(schema), expected));
}

test('a schema without spec falls back to the built-in kinds with replicas', () => {
  assert.equal(targetHasReplicas({ properties: { metadata: {} } }, 'apps', 'StatefulSet'), true);
  assert.equal(targetHasReplicas({ properties: { metadata: {} } }, '', 'ReplicationController'), true);
  assert.equal(targetHasReplicas({ properties: { metadata: {} } }, 'example.com', 'StatefulSet'), false);
  assert.equal(targetHasReplicas({ properties: { spec: { properties: {} } } }, 'apps', 'StatefulSet'), false);
});

test('equivalent APIs: deployments in apps and extensions, nothing for other types', () => {
  assert.deepEqual(equivalentTypeNames('deployments', 'apps'), ['deployments.extensions']);
  assert.deepEqual(equivalentTypeNames('ingresses', 'networking.k8s.io'), ['ingresses.extensions']);
  assert.deepEqual(equivalentTypeNames('configmaps', ''), []);
  assert.deepEqual(equivalentTypeNames('deployments', 'example.com'), []);
});

test('EnableTypeDirective files: defaults, overrides and a missing name', () => {
  assert.deepEqual(parseEnableTypeDirective('metadata:\n  name: deployments.apps\n', 'f.yaml'), { name: 'deployments.apps', federatedGroup: 'types.kubefed.io', federatedVersion: 'v1beta1' });
  assert.deepEqual(
    parseEnableTypeDirective('apiVersion: core.kubefed.io/v1beta1\nkind: EnableTypeDirective\nmetadata:\n  name: jobs\nspec:\n  targetVersion: v1\n  federatedGroup: fed.example.com\n', 'f.yaml'),
    { name: 'jobs', federatedGroup: 'fed.example.com', federatedVersion: 'v1beta1', targetVersion: 'v1' },
  );
  assert.throws(() => parseEnableTypeDirective('spec: {}\n', 'f.yaml'), /f\.yaml has no metadata\.name/);
  assert.throws(() => parseEnableTypeDirective('a: [', 'f.yaml'), /cannot parse f\.yaml/);
});
