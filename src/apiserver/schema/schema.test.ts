import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSchema, validateCustomResourceDefinition } from './index.js';

const widgetSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['size'],
      properties: {
        size: { type: 'integer', minimum: 1, maximum: 10 },
        color: { type: 'string', enum: ['red', 'blue'], default: 'red' },
        name: { type: 'string', pattern: '^[a-z]+$', maxLength: 5, minLength: 1 },
        port: { 'x-kubernetes-int-or-string': true },
        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set', maxItems: 3 },
        ports: {
          type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port'],
          items: { type: 'object', properties: { port: { type: 'integer' }, proto: { type: 'string', default: 'TCP' } } },
        },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } },
        note: { type: 'string', nullable: true },
      },
    },
    status: { type: 'object', properties: { ready: { type: 'boolean' } } },
  },
};

const cr = (spec: Record<string, unknown>): Record<string, unknown> =>
  ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec });

test('compileSchema.validate: causes shaped like kube-apiserver', () => {
  const s = compileSchema(widgetSchema);
  const cases: [Record<string, unknown>, { reason: string; field: string; message: string }[]][] = [
    [cr({ size: 3 }), []],
    [cr({ size: 3, port: 'http', note: null, tags: ['a', 'b'] }), []],
    [cr({}), [{ reason: 'FieldValueRequired', field: 'spec.size', message: 'Required value' }]],
    [cr({ size: 'big' }), [{ reason: 'FieldValueTypeInvalid', field: 'spec.size', message: 'Invalid value: "string": spec.size in body must be of type integer: "string"' }]],
    [cr({ size: 11 }), [{ reason: 'FieldValueInvalid', field: 'spec.size', message: 'Invalid value: 11: spec.size in body should be less than or equal to 10' }]],
    [cr({ size: 0 }), [{ reason: 'FieldValueInvalid', field: 'spec.size', message: 'Invalid value: 0: spec.size in body should be greater than or equal to 1' }]],
    [cr({ size: 1, color: 'green' }), [{ reason: 'FieldValueNotSupported', field: 'spec.color', message: 'Unsupported value: "green": supported values: "red", "blue"' }]],
    [cr({ size: 1, name: 'ABC' }), [{ reason: 'FieldValueInvalid', field: 'spec.name', message: "Invalid value: \"ABC\": spec.name in body should match '^[a-z]+$'" }]],
    [cr({ size: 1, name: 'abcdef' }), [{ reason: 'FieldValueTooLong', field: 'spec.name', message: 'Too long: may not be more than 5 bytes' }]],
    [cr({ size: 1, port: 1.5 }), [{ reason: 'FieldValueTypeInvalid', field: 'spec.port', message: 'Invalid value: "number": spec.port in body must be of type integer,string: "number"' }]],
    [cr({ size: 1, tags: ['a', 'a'] }), [{ reason: 'FieldValueDuplicate', field: 'spec.tags[1]', message: 'Duplicate value: "a"' }]],
    [cr({ size: 1, tags: ['a', 'b', 'c', 'd'] }), [{ reason: 'FieldValueTooMany', field: 'spec.tags', message: 'Too many: 4: must have at most 3 items' }]],
    [cr({ size: 1, ports: [{ port: 80 }, { port: 80 }] }), [{ reason: 'FieldValueDuplicate', field: 'spec.ports[1]', message: 'Duplicate value: {"port":80}' }]],
    [cr({ size: 1, labels: { a: 1 } }), [{ reason: 'FieldValueTypeInvalid', field: 'spec.labels.a', message: 'Invalid value: "integer": spec.labels.a in body must be of type string: "integer"' }]],
    [cr({ size: null }), [{ reason: 'FieldValueTypeInvalid', field: 'spec.size', message: 'Invalid value: "null": spec.size in body must be of type integer: "null"' }]],
  ];
  for (const [obj, want] of cases) assert.deepEqual(s.validate(obj), want, JSON.stringify(obj.spec));
});

test('compileSchema.prune: unknown fields removed and reported', () => {
  const s = compileSchema(widgetSchema);
  const obj = {
    apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, junk: 1,
    spec: {
      size: 1, foo: 'x', labels: { keep: 'me' }, extra: { anything: { goes: true } },
      template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 1 }, bogus: 2 },
      ports: [{ port: 80, nope: true }],
    },
    status: { ready: true, phase: 'x' },
  };
  assert.deepEqual(s.prune(obj).sort(), ['junk', 'spec.foo', 'spec.ports[0].nope', 'spec.template.bogus', 'spec.template.spec.x', 'status.phase']);
  assert.deepEqual(obj, {
    apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' },
    spec: {
      size: 1, labels: { keep: 'me' }, extra: { anything: { goes: true } },
      template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} },
      ports: [{ port: 80 }],
    },
    status: { ready: true },
  });
});

test('compileSchema.applyDefaults: deep defaults, nulls of non-nullable fields', () => {
  const s = compileSchema(widgetSchema);
  const obj = cr({ size: 1, ports: [{ port: 80 }, { port: 443, proto: 'UDP' }] });
  s.applyDefaults(obj);
  assert.deepEqual(obj['spec'], { size: 1, color: 'red', ports: [{ port: 80, proto: 'TCP' }, { port: 443, proto: 'UDP' }] });
  const withNull = cr({ size: 1, color: null });
  s.applyDefaults(withNull);
  assert.equal((withNull['spec'] as Record<string, unknown>)['color'], 'red');
});

const goodCRD = () => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com', scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [{
      name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: widgetSchema },
      additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
    }],
  },
});

test('validateCustomResourceDefinition', () => {
  assert.deepEqual(validateCustomResourceDefinition(goodCRD()), []);
  const cases: [(c: ReturnType<typeof goodCRD>) => void, string][] = [
    [(c) => { c.metadata.name = 'widget.example.com'; }, 'metadata.name'],
    [(c) => { c.spec.group = 'example'; }, 'spec.group'],
    [(c) => { c.spec.scope = 'Global'; }, 'spec.scope'],
    [(c) => { c.spec.versions[0]!.storage = false; }, 'spec.versions'],
    [(c) => { c.spec.versions[0]!.schema = {} as typeof widgetSchema & { openAPIV3Schema: typeof widgetSchema }; }, 'spec.versions[0].schema.openAPIV3Schema'],
    [(c) => { c.spec.versions[0]!.additionalPrinterColumns[0]!.jsonPath = '.spec['; }, 'spec.versions[0].additionalPrinterColumns[0].jsonPath'],
    [(c) => { c.spec.names.plural = 'Widgets'; c.metadata.name = 'Widgets.example.com'; }, 'spec.names.plural'],
  ];
  for (const [mutate, field] of cases) {
    const c = goodCRD();
    mutate(c);
    const causes = validateCustomResourceDefinition(c);
    assert.ok(causes.some((x) => x.field === field), `${field}: ${JSON.stringify(causes)}`);
  }
});

test('compileSchema.prune: a root schema declaring `metadata: {type: object}` keeps the object metadata', () => {
  const s = compileSchema({ type: 'object', properties: { metadata: { type: 'object' }, spec: { type: 'object', properties: { a: { type: 'string' } } } } });
  const obj = { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'n', namespace: 'ns', labels: { k: 'v' } }, spec: { a: 'b', junk: 1 } };
  assert.deepEqual(s.prune(obj), ['spec.junk']);
  assert.deepEqual(obj.metadata, { name: 'n', namespace: 'ns', labels: { k: 'v' } });
});
