import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { builtinComponentSchemas, builtinSchemaName } from './builtin-schemas.js';
import { generateDefinitions, renderDefinitionsModule } from './generate-definitions.js';
import { dropUnknownNestedFields } from './unknown-fields.js';

test('the committed definitions are exactly what the pinned @kubernetes/client-node generates', async () => {
  const committed = readFileSync(fileURLToPath(new URL('../../../../src/apiserver/openapi/builtin-definitions.generated.ts', import.meta.url)), 'utf8');
  assert.equal(renderDefinitionsModule(await generateDefinitions()), committed);
});

test('Deployment has a GVK-tagged schema with typed, required spec fields', () => {
  const name = builtinSchemaName('apps', 'v1', 'Deployment');
  assert.equal(name, 'io.k8s.api.apps.v1.Deployment');
  const schemas = builtinComponentSchemas([name as string]);
  assert.deepEqual(schemas[name as string]?.['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  const spec = schemas['io.k8s.api.apps.v1.DeploymentSpec'] as { required: string[]; properties: Record<string, Record<string, unknown>> };
  assert.deepEqual(spec.required, ['selector', 'template']);
  assert.deepEqual(spec.properties.replicas, { type: 'integer', format: 'int32' });
  assert.ok(schemas['io.k8s.api.core.v1.Container'], 'referenced definitions are included');
  assert.ok(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
});

test('list fields carry their merge metadata', () => {
  const schemas = builtinComponentSchemas(['io.k8s.api.apps.v1.Deployment']);
  const props = (n: string): Record<string, Record<string, unknown>> => (schemas[n] as { properties: Record<string, Record<string, unknown>> }).properties;
  const cases: [string, string, Record<string, unknown>][] = [
    ['io.k8s.api.core.v1.PodSpec', 'containers', { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] }],
    ['io.k8s.api.core.v1.Container', 'ports', { 'x-kubernetes-patch-merge-key': 'containerPort', 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'] }],
    ['io.k8s.api.core.v1.PodSpec', 'volumes', { 'x-kubernetes-patch-strategy': 'merge,retainKeys' }],
    ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'finalizers', { 'x-kubernetes-list-type': 'set' }],
    ['io.k8s.api.apps.v1.DeploymentSpec', 'strategy', { 'x-kubernetes-patch-strategy': 'retainKeys' }],
  ];
  for (const [def, field, want] of cases) {
    for (const [k, v] of Object.entries(want)) assert.deepEqual(props(def)[field]?.[k], v, `${def}.${field} ${k}`);
  }
});

test('unknown nested fields are found and dropped, known ones kept', () => {
  const cases: { name: string; obj: Record<string, unknown>; unknown: string[] }[] = [
    { name: 'clean', obj: { spec: { replicas: 1, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } }, unknown: [] },
    { name: 'spec field', obj: { spec: { foo: 1 } }, unknown: ['spec.foo'] },
    { name: 'list item', obj: { spec: { template: { spec: { containers: [{ name: 'c' }, { name: 'd', imagex: 'i' }] } } } }, unknown: ['spec.template.spec.containers[1].imagex'] },
    { name: 'owner reference', obj: { metadata: { ownerReferences: [{ uid: 'u', bogus: true }] } }, unknown: ['metadata.ownerReferences[0].bogus'] },
    { name: 'free-form labels are not checked', obj: { metadata: { labels: { anything: 'x' } } }, unknown: [] },
  ];
  for (const c of cases) {
    const found = dropUnknownNestedFields('io.k8s.api.apps.v1.Deployment', c.obj);
    assert.deepEqual(found, c.unknown, c.name);
    assert.deepEqual(dropUnknownNestedFields('io.k8s.api.apps.v1.Deployment', c.obj), [], `${c.name}: dropped`);
  }
});
