import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileCelRules, validateCelRules } from './compile.js';
import type { CelSchema } from './schema.js';

const policySchema: CelSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      'x-kubernetes-validations': [
        { rule: 'duration(self.minDelay) <= duration(self.maxDelay)', message: 'minDelay must not exceed maxDelay' },
        { rule: '!has(self.replicas) || self.replicas >= 0', messageExpression: '"replicas is " + string(self.replicas)', fieldPath: '.replicas' },
      ],
      properties: {
        minDelay: { type: 'string' },
        maxDelay: { type: 'string' },
        replicas: { type: 'integer' },
        weight: { type: 'number' },
        clusterName: {
          type: 'string',
          'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'clusterName is immutable' }],
        },
        tags: {
          type: 'array', items: { type: 'string' },
          'x-kubernetes-validations': [
            { rule: 'self.all(t, t.matches("^[a-z]+$"))', message: 'tags must be lowercase words' },
            { rule: 'self.isSorted()', message: 'tags must be sorted', reason: 'FieldValueForbidden' },
          ],
        },
        clusters: {
          type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, weight: { type: 'integer' } },
            'x-kubernetes-validations': [
              { rule: 'self.weight >= oldSelf.weight', message: 'weight may only grow' },
              { rule: 'has(self.weight)', reason: 'FieldValueRequired', message: 'weight is required' },
            ],
          },
        },
        labels: {
          type: 'object', additionalProperties: { type: 'string', 'x-kubernetes-validations': [{ rule: 'size(self) <= 5' }] },
        },
      },
    },
  },
};

function object(spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'example.com/v1', kind: 'Policy', metadata: { name: 'p' }, spec };
}

describe('compileCelRules', () => {
  const rules = compileCelRules(policySchema);

  it('compiles a schema whose rules are all valid', () => assert.deepEqual(rules.compileErrors, []));

  const cases: { name: string; obj: Record<string, unknown>; old?: Record<string, unknown>; want: { field: string; message: string; reason: string }[] }[] = [
    { name: 'accepts a valid object', obj: object({ minDelay: '1s', maxDelay: '1m30s', replicas: 2, tags: ['a', 'b'] }), want: [] },
    {
      name: 'compares Go durations with the rule message',
      obj: object({ minDelay: '2h', maxDelay: '90m' }),
      want: [{ field: 'spec', reason: 'FieldValueInvalid', message: 'Invalid value: "object": minDelay must not exceed maxDelay' }],
    },
    {
      name: 'reports at fieldPath with the messageExpression',
      obj: object({ minDelay: '1s', maxDelay: '2s', replicas: -1 }),
      want: [{ field: 'spec.replicas', reason: 'FieldValueInvalid', message: 'Invalid value: "object": replicas is -1' }],
    },
    {
      name: 'uses the reason and the default message',
      obj: object({ minDelay: '1s', maxDelay: '2s', tags: ['b', 'a'], labels: { team: 'toolong' } }),
      want: [
        { field: 'spec.tags', reason: 'FieldValueForbidden', message: 'Forbidden: tags must be sorted' },
        { field: 'spec.labels[team]', reason: 'FieldValueInvalid', message: 'Invalid value: "string": failed rule: size(self) <= 5' },
      ],
    },
    {
      name: 'string matches on every list item',
      obj: object({ minDelay: '1s', maxDelay: '2s', tags: ['Bad'] }),
      want: [{ field: 'spec.tags', reason: 'FieldValueInvalid', message: 'Invalid value: "array": tags must be lowercase words' }],
    },
    {
      name: 'skips transition rules on create',
      obj: object({ minDelay: '1s', maxDelay: '2s', clusterName: 'a', clusters: [{ name: 'c1', weight: 1 }] }),
      want: [],
    },
    {
      name: 'rejects an immutable field change on update',
      obj: object({ minDelay: '1s', maxDelay: '2s', clusterName: 'b' }),
      old: object({ minDelay: '1s', maxDelay: '2s', clusterName: 'a' }),
      want: [{ field: 'spec.clusterName', reason: 'FieldValueInvalid', message: 'Invalid value: "string": clusterName is immutable' }],
    },
    {
      name: 'runs a transition rule when the field is newly set on update only if it existed before',
      obj: object({ minDelay: '1s', maxDelay: '2s', clusterName: 'b' }),
      old: object({ minDelay: '1s', maxDelay: '2s' }),
      want: [],
    },
    {
      name: 'correlates map-list items by key for oldSelf',
      obj: object({ minDelay: '1s', maxDelay: '2s', clusters: [{ name: 'new', weight: 1 }, { name: 'c1', weight: 1 }] }),
      old: object({ minDelay: '1s', maxDelay: '2s', clusters: [{ name: 'c1', weight: 5 }] }),
      want: [{ field: 'spec.clusters[1]', reason: 'FieldValueInvalid', message: 'Invalid value: "object": weight may only grow' }],
    },
    {
      name: 'FieldValueRequired reason',
      obj: object({ minDelay: '1s', maxDelay: '2s', clusters: [{ name: 'c1' }] }),
      want: [{ field: 'spec.clusters[0]', reason: 'FieldValueRequired', message: 'Required value: weight is required' }],
    },
    {
      name: 'does not re-reject an unchanged value on update (ratcheting)',
      obj: object({ minDelay: '2h', maxDelay: '1s', replicas: 3 }),
      old: object({ minDelay: '2h', maxDelay: '1s', replicas: 2 }),
      want: [{ field: 'spec', reason: 'FieldValueInvalid', message: 'Invalid value: "object": minDelay must not exceed maxDelay' }],
    },
    {
      name: 'ratchets when the whole node is unchanged',
      obj: object({ minDelay: '2h', maxDelay: '1s', replicas: 2 }),
      old: object({ minDelay: '2h', maxDelay: '1s', replicas: 2 }),
      want: [],
    },
    {
      name: 'reports an evaluation error against the rule',
      obj: object({ minDelay: 'soon', maxDelay: '1s' }),
      want: [{ field: 'spec', reason: 'FieldValueInvalid', message: '' }],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = rules.validate(c.obj, c.old);
      if (c.want.length === 1 && c.want[0].message === '') {
        assert.equal(got.length, 1);
        assert.equal(got[0].field, 'spec');
        assert.match(got[0].message ?? '', /^Invalid value: "object": .* evaluating rule: minDelay must not exceed maxDelay$/);
        return;
      }
      assert.deepEqual(got, c.want);
    });
  }

  it('reports a root-level rule at <nil> as kube-apiserver does', () => {
    const root = compileCelRules({ type: 'object', 'x-kubernetes-validations': [{ rule: 'self.metadata.name.startsWith("x-")', message: 'name must start with x-' }] });
    assert.deepEqual(root.validate({ metadata: { name: 'y' } }), [
      { field: '<nil>', reason: 'FieldValueInvalid', message: 'Invalid value: "object": name must start with x-' },
    ]);
  });

  it('supports the Kubernetes list and regex library', () => {
    const schema: CelSchema = {
      type: 'object',
      properties: { xs: { type: 'array', items: { type: 'integer' } }, s: { type: 'string' } },
      'x-kubernetes-validations': [
        { rule: 'self.xs.sum() == 6 && self.xs.min() == 1 && self.xs.max() == 3 && self.xs.indexOf(2) == 1 && self.xs.lastIndexOf(9) == -1' },
        { rule: 'self.s.find("[0-9]+") == "42" && self.s.findAll("[a-z]").size() == 1 && self.s.findAll("[0-9]", 1) == ["4"] && self.s.lowerAscii() == "ab42"' },
        { rule: 'self.xs.exists_one(x, x == 2) && self.xs.map(x, x * 2).filter(x, x > 2).size() == 2 && size(self.s) == 4' },
        { rule: 'self.s.endsWith("42") && self.s.contains("B4")' },
      ],
    };
    assert.deepEqual(compileCelRules(schema).validate({ xs: [1, 2, 3], s: 'aB42' }), []);
    assert.equal(compileCelRules(schema).validate({ xs: [1, 2, 4], s: 'aB42' }).length, 1);
  });
});

describe('validateCelRules', () => {
  const cases: { name: string; schema: CelSchema; field: string; message: RegExp }[] = [
    {
      name: 'syntax error',
      schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-validations': [{ rule: 'self.a >' }] } } },
      field: 'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule',
      message: /^Invalid value: apiextensions\.ValidationRule\{Rule:"self\.a >".*\}: compilation failed: ERROR: /,
    },
    {
      name: 'field the schema does not declare',
      schema: { type: 'object', properties: { a: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: 'has(self.namespace)' }] },
      field: 'spec.validation.openAPIV3Schema.x-kubernetes-validations[0].rule',
      message: /compilation failed: ERROR: <input>: undefined field 'namespace'$/,
    },
    {
      name: 'unknown function',
      schema: { type: 'object', 'x-kubernetes-validations': [{ rule: 'self.frobnicate()' }] },
      field: 'spec.validation.openAPIV3Schema.x-kubernetes-validations[0].rule',
      message: /undeclared reference to 'frobnicate'/,
    },
    {
      name: 'oldSelf inside a set list',
      schema: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] } },
      field: 'spec.validation.openAPIV3Schema.items.x-kubernetes-validations[0].rule',
      message: /oldSelf cannot be used on the uncorrelatable portion of the schema/,
    },
    {
      name: 'fieldPath that does not exist',
      schema: { type: 'object', properties: { a: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: 'true', fieldPath: '.b' }] },
      field: 'spec.validation.openAPIV3Schema.x-kubernetes-validations[0].fieldPath',
      message: /fieldPath must be a valid path/,
    },
  ];
  for (const c of cases) {
    it(`rejects a rule with a ${c.name}`, () => {
      const causes = validateCelRules(c.schema);
      assert.equal(causes.length, 1, JSON.stringify(causes));
      assert.equal(causes[0].field, c.field);
      assert.match(causes[0].message ?? '', c.message);
      assert.deepEqual(compileCelRules(c.schema).compileErrors, causes);
    });
  }

  it('accepts comprehension variables and type names', () => {
    assert.deepEqual(validateCelRules({ type: 'array', items: { type: 'integer' }, 'x-kubernetes-validations': [{ rule: 'self.all(x, type(x) == int)' }] }), []);
  });
});
