// CustomResourceDefinitions through kubectl: served at once, printer columns, structural-schema validation,
// defaulting, strict field validation, pruning, subresources, and removal with the CRD.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { fails, startClusters, waitFor } from './harness.js';

const c = await startClusters(2);

const WIDGETS_CRD = stringify({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wd'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
        // With printer columns given, a real apiserver shows exactly these after NAME: no implicit AGE
        // (apiextensions-apiserver adds its default Age column only when the list is empty), hence the explicit one.
        additionalPrinterColumns: [
          { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
          { name: 'Color', type: 'string', jsonPath: '.spec.color' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: { type: 'integer', minimum: 1, maximum: 10 },
                  color: { type: 'string', enum: ['red', 'blue'], default: 'blue' },
                  replicas: { type: 'integer', default: 1 },
                },
              },
              status: { type: 'object', properties: { replicas: { type: 'integer' } } },
            },
          },
        },
      },
    ],
  },
});

const GADGETS_CRD = stringify({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gadgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Cluster',
    names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { level: { type: 'string' } } } } } },
      },
    ],
  },
});

function widget(name: string, spec: Record<string, unknown>): string {
  return stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name }, spec });
}

test('applying a CRD serves it at once and it becomes Established', async () => {
  const r = await c.kubectl(['apply', '-f', '-'], { input: WIDGETS_CRD });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created');

  const wait = await c.kubectl(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=30s']);
  assert.equal(wait.code, 0, wait.stderr);
  assert.equal(wait.stdout.trim(), 'customresourcedefinition.apiextensions.k8s.io/widgets.example.com condition met');

  const list = await c.kubectl(['get', 'crd']);
  // kube-apiserver 1.37's CRD table adds SCOPE and VERSIONS; the built-in server serves v1.32's NAME, CREATED AT.
  assert.match(list.stdout, c.engine === 'kube-apiserver' ? /^NAME\s+SCOPE\s+VERSIONS\s+CREATED AT$/m : /^NAME\s+CREATED AT$/m);
  assert.match(list.stdout, c.engine === 'kube-apiserver' ? /^widgets\.example\.com\s+Namespaced\s+v1\(storage\)\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/m : /^widgets\.example\.com\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/m);

  const resources = await c.kubectl(['api-resources', '--api-group=example.com']);
  assert.match(resources.stdout, /^widgets\s+wd\s+example\.com\/v1\s+true\s+Widget$/m);
});

test('a custom resource gets its defaults and shows the printer columns', async () => {
  const r = await c.kubectl(['apply', '-f', '-'], { input: widget('w1', { size: 3 }) });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'widget.example.com/w1 created');

  const get = await c.kubectl(['get', 'widgets']);
  assert.equal(get.code, 0, get.stderr);
  assert.match(get.stdout, /^NAME\s+SIZE\s+COLOR\s+AGE$/m);
  assert.match(get.stdout, /^w1\s+3\s+blue\s+\d+s$/m);

  const short = await c.kubectl(['get', 'wd', 'w1', '-o', 'jsonpath={.spec.color}/{.spec.replicas}']);
  assert.equal(short.stdout, 'blue/1', short.stderr);

  const again = await c.kubectl(['apply', '-f', '-'], { input: widget('w1', { size: 3 }) });
  assert.equal(again.stdout.trim(), 'widget.example.com/w1 unchanged', again.stderr);
});

test('schema violations are rejected with the field and the reason', async () => {
  const wrongType = await c.kubectl(['apply', '-f', '-'], { input: widget('w2', { size: 'big' }) });
  fails(wrongType, /The Widget "w2" is invalid: spec\.size: Invalid value: "string": spec\.size in body must be of type integer: "string"/);

  const tooSmall = await c.kubectl(['apply', '-f', '-'], { input: widget('w2', { size: 0 }) });
  fails(tooSmall, /The Widget "w2" is invalid: spec\.size: Invalid value: 0: spec\.size in body should be greater than or equal to 1/);

  const badEnum = await c.kubectl(['apply', '-f', '-'], { input: widget('w2', { size: 2, color: 'green' }) });
  fails(badEnum, /spec\.color: Unsupported value: "green": supported values: "red", "blue"/);

  const missing = await c.kubectl(['apply', '-f', '-'], { input: widget('w2', { color: 'red' }) });
  fails(missing, /The Widget "w2" is invalid: spec\.size: Required value/);

  const none = await c.kubectl(['get', 'widget', 'w2']);
  assert.match(none.stderr, /widgets\.example\.com "w2" not found/);
});

test('unknown fields are rejected under strict validation and pruned with --validate=false', async () => {
  const file = c.writeFile('w3.yaml', widget('w3', { size: 2, bogus: true }));
  const strict = await c.kubectl(['apply', '-f', file]);
  fails(strict, /Error from server \(BadRequest\): error when creating ".*w3\.yaml": Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec\.bogus"/);

  const pruned = await c.kubectl(['apply', '--validate=false', '-f', file]);
  assert.equal(pruned.code, 0, pruned.stderr);
  assert.equal(pruned.stdout.trim(), 'widget.example.com/w3 created');
  const spec = await c.kubectl(['get', 'widget', 'w3', '-o', 'jsonpath={.spec}']);
  assert.deepEqual(JSON.parse(spec.stdout), { size: 2, color: 'blue', replicas: 1 });
});

test('custom resources accept merge and JSON patches but not strategic merge patches', async () => {
  const smp = await c.kubectl(['patch', 'widget', 'w1', '-p', '{"spec":{"size":4}}']);
  fails(smp, /application\/strategic-merge-patch\+json is not supported by example\.com\/v1, Kind=Widget/);

  const merge = await c.kubectl(['patch', 'widget', 'w1', '--type=merge', '-p', '{"spec":{"size":4,"color":"red"}}']);
  assert.equal(merge.stdout.trim(), 'widget.example.com/w1 patched', merge.stderr);
  const json = await c.kubectl(['patch', 'widget', 'w1', '--type=json', '-p', '[{"op":"replace","path":"/spec/size","value":5}]']);
  assert.equal(json.stdout.trim(), 'widget.example.com/w1 patched', json.stderr);
  const invalid = await c.kubectl(['patch', 'widget', 'w1', '--type=merge', '-p', '{"spec":{"size":11}}']);
  fails(invalid, /spec\.size in body should be less than or equal to 10/);
  assert.match((await c.kubectl(['get', 'widgets', 'w1'])).stdout, /^w1\s+5\s+red\s+\d+s$/m);
});

test('the scale subresource of a custom resource follows specReplicasPath', async () => {
  const r = await c.kubectl(['scale', 'widget', 'w1', '--replicas=3']);
  assert.equal(r.stdout.trim(), 'widget.example.com/w1 scaled', r.stderr);
  assert.equal((await c.kubectl(['get', 'widget', 'w1', '-o', 'jsonpath={.spec.replicas}'])).stdout, '3');
});

test('a cluster-scoped CRD serves objects without a namespace', async () => {
  assert.equal((await c.kubectl(['apply', '-f', '-'], { input: GADGETS_CRD })).code, 0);
  assert.equal((await c.kubectl(['wait', '--for=condition=Established', 'crd/gadgets.example.com', '--timeout=30s'])).code, 0);
  const g = stringify({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g1' }, spec: { level: 'high' } });
  const r = await c.kubectl(['apply', '-f', '-'], { input: g });
  assert.equal(r.stdout.trim(), 'gadget.example.com/g1 created', r.stderr);
  const get = await c.kubectl(['get', 'gadgets', '-A']);
  // No printer columns: the apiserver's default is a single Age column.
  assert.match(get.stdout, /^NAME\s+AGE$/m);
  assert.match(get.stdout, /^g1\s+\d+s$/m);
  const ns = await c.kubectl(['get', 'gadget', 'g1', '-o', 'jsonpath={.metadata.namespace}']);
  assert.equal(ns.stdout, '');
});

test('the CRDs exist in cluster1 only', async () => {
  const r = await c.kubectl(['get', 'crd', '--context', 'cluster2']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /No resources found/);
});

test('deleting a CRD removes its objects and stops serving the type', async () => {
  const r = await c.kubectl(['delete', 'crd', 'widgets.example.com']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'customresourcedefinition.apiextensions.k8s.io "widgets.example.com" deleted');
  await waitFor(async () => {
    const get = await c.kubectl(['get', 'widgets']);
    // With discovery still cached kubectl asks anyway and gets 404; after a refresh it knows the type is gone.
    return get.code === 1 && /the server doesn't have a resource type "widgets"|Unable to list "example\.com\/v1, Resource=widgets": the server could not find the requested resource/.test(get.stderr);
  }, 10_000, 'the widgets type to disappear');

  // Re-creating the CRD must not resurrect the old objects.
  assert.equal((await c.kubectl(['apply', '-f', '-'], { input: WIDGETS_CRD })).code, 0);
  assert.equal((await c.kubectl(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=30s'])).code, 0);
  const empty = await waitFor(async () => {
    const get = await c.kubectl(['get', 'widgets']);
    return get.code === 0 ? get : undefined;
  }, 10_000, 'the widgets type to be served again');
  assert.match(empty.stderr, /No resources found in default namespace\./);
});
