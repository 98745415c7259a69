// CustomResourceDefinitions and their custom resources: the CRD's own status, validation of CRDs, structural
// pruning, defaulting, OpenAPI validation errors, CEL rules (messages, messageExpression, transition rules), printer
// columns and the patch types a custom resource accepts.
import { answer, at, poll, type HttpOutput, type Scenario, type Target } from './scenario.js';
import { establish } from './subresources.js';

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

interface Kit {
  group: string;
  path: string;
  crdName: string;
  cr(name: string, spec: unknown, extra?: Record<string, unknown>): Record<string, unknown>;
}

function kit(t: Target, plural: string, kind: string): Kit {
  const group = `${t.namespace}.example.com`;
  return {
    group,
    path: `/apis/${group}/v1/namespaces/${t.namespace}/${plural}`,
    crdName: `${plural}.${group}`,
    cr: (name, spec, extra = {}) => ({ apiVersion: `${group}/v1`, kind, metadata: { name }, spec, ...extra }),
  };
}

function crd(k: Kit, plural: string, kind: string, schema: Record<string, unknown>, version: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: k.crdName },
    spec: {
      group: k.group, scope: 'Namespaced', names: { plural, singular: kind.toLowerCase(), kind },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema }, ...version }],
    },
  };
}

function sortedCauses(r: HttpOutput): Record<string, unknown> {
  const causes = (at(r.body, 'details.causes') as { field?: string }[] | undefined) ?? [];
  return { status: r.status, reason: at(r.body, 'reason'), causes: [...causes].sort((a, b) => String(a.field).localeCompare(String(b.field))) };
}

const result = (r: HttpOutput): Record<string, unknown> => (r.status >= 400 ? answer(r) : { status: r.status, spec: at(r.body, 'spec'), extra: at(r.body, 'extra'), warnings: r.warnings });

export const crdScenarios: Scenario[] = [
  {
    id: 'crds.pruning-defaulting',
    async run(t) {
      const k = kit(t, 'boxes', 'Box');
      await establish(t, crd(k, 'boxes', 'Box', {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: {
              size: { type: 'integer', default: 3 },
              color: { type: 'string', default: 'blue' },
              inner: { type: 'object', default: {}, properties: { depth: { type: 'integer', default: 1 } } },
              free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              tags: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      }), k.path);
      const spec = { size: 5, unknown: 'x', free: { anything: { goes: true } }, tags: ['a'] };
      const created = await t.request('POST', k.path, { body: k.cr('b1', spec, { extra: 'top' }) });
      const strict = await t.request('POST', `${k.path}?fieldValidation=Strict`, { body: k.cr('b2', spec, { extra: 'top' }) });
      const ignore = await t.request('POST', `${k.path}?fieldValidation=Ignore`, { body: k.cr('b3', {}) });
      const nullDefault = await t.request('POST', k.path, { body: k.cr('b4', { color: null }) });
      const get = await t.request('GET', `${k.path}/b1`);
      return { created: result(created), strict: result(strict), ignore: result(ignore), nullDefault: result(nullDefault), stored: at(get.body, 'spec') };
    },
  },
  {
    id: 'crds.openapi-validation',
    async run(t) {
      const k = kit(t, 'gauges', 'Gauge');
      await establish(t, crd(k, 'gauges', 'Gauge', {
        type: 'object',
        properties: {
          spec: {
            type: 'object', required: ['level'],
            properties: {
              level: { type: 'integer', minimum: 0, maximum: 10 },
              mode: { type: 'string', enum: ['fast', 'slow'] },
              code: { type: 'string', pattern: '^[a-z]+$', maxLength: 5 },
              items: { type: 'array', maxItems: 2, items: { type: 'string' } },
            },
          },
        },
      }), k.path);
      return {
        typeMismatch: answer(await t.request('POST', k.path, { body: k.cr('g1', { level: 'high' }) })),
        missing: answer(await t.request('POST', k.path, { body: k.cr('g2', { mode: 'fast' }) })),
        range: answer(await t.request('POST', k.path, { body: k.cr('g3', { level: 11 }) })),
        enum: answer(await t.request('POST', k.path, { body: k.cr('g4', { level: 1, mode: 'medium' }) })),
        pattern: answer(await t.request('POST', k.path, { body: k.cr('g5', { level: 1, code: 'ABCDEFG' }) })),
        items: answer(await t.request('POST', k.path, { body: k.cr('g6', { level: 1, items: ['a', 'b', 'c'] }) })),
        // kube-openapi visits properties in Go map order, so several causes come in no fixed order.
        several: sortedCauses(await t.request('POST', k.path, { body: k.cr('g7', { level: -1, mode: 'x' }) })),
        badName: answer(await t.request('POST', k.path, { body: k.cr('G_8', { level: 1 }) })),
      };
    },
  },
  {
    id: 'crds.cel-rules',
    async run(t) {
      const k = kit(t, 'ranges', 'Range');
      await establish(t, crd(k, 'ranges', 'Range', {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: {
              min: { type: 'integer' },
              max: { type: 'integer' },
              region: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'region is immutable' }] },
              name: { type: 'string', maxLength: 20, 'x-kubernetes-validations': [{ rule: 'self.startsWith("r-")', messageExpression: '"name " + self + " must start with r-"' }] },
            },
            'x-kubernetes-validations': [
              { rule: 'self.min <= self.max', message: 'min must not exceed max' },
              { rule: 'self.max < 100', message: 'max too large', reason: 'FieldValueForbidden', fieldPath: '.max' },
            ],
          },
        },
      }), k.path);
      const ok = await t.request('POST', k.path, { body: k.cr('r1', { min: 1, max: 2, region: 'eu', name: 'r-one' }) });
      return {
        ok: result(ok),
        minMax: answer(await t.request('POST', k.path, { body: k.cr('r2', { min: 5, max: 2 }) })),
        fieldPath: answer(await t.request('POST', k.path, { body: k.cr('r3', { min: 1, max: 200 }) })),
        messageExpression: answer(await t.request('POST', k.path, { body: k.cr('r4', { min: 1, max: 2, name: 'bad' }) })),
        transition: answer(await t.request('PATCH', `${k.path}/r1`, { contentType: 'application/merge-patch+json', body: { spec: { region: 'us' } } })),
        kubectl: await t.kubectl(['apply', '-n', t.namespace, '-f', t.file('r5.json', JSON.stringify(k.cr('r5', { min: 9, max: 1 })))]),
      };
    },
  },
  {
    id: 'crds.crd-lifecycle',
    async run(t) {
      const k = kit(t, 'knobs', 'Knob');
      const body = crd(k, 'knobs', 'Knob', { type: 'object', properties: { spec: { type: 'object', properties: { turn: { type: 'integer' } } } } });
      const created = await t.request('POST', CRDS, { body });
      const established = await poll(async () => {
        const r = await t.request('GET', `${CRDS}/${k.crdName}`);
        const conds = at(r.body, 'status.conditions');
        return Array.isArray(conds) && conds.some((c) => at(c, 'type') === 'Established' && at(c, 'status') === 'True') ? r : undefined;
      });
      const other = kit(t, 'dupes', 'Knob');
      const nameClash = await t.request('POST', CRDS, { body: { ...crd(other, 'dupes', 'Knob', { type: 'object' }), metadata: { name: 'wrong.name.example.com' } } });
      const noSchema = await t.request('POST', CRDS, { body: { ...crd(other, 'dupes', 'Dupe', {}), spec: { ...(crd(other, 'dupes', 'Dupe', {}).spec as object), versions: [{ name: 'v1', served: true, storage: true }] } } });
      const notStructural = await t.request('POST', CRDS, { body: crd(other, 'dupes', 'Dupe', { type: 'object', properties: { spec: { properties: { a: { type: 'string' } } } } }) });
      const deleted = await t.request('DELETE', `${CRDS}/${k.crdName}`);
      const goneResource = await poll(async () => ((await t.request('GET', k.path)).status === 404 ? true : undefined));
      return {
        created: { status: created.status, spec: at(created.body, 'spec'), generation: at(created.body, 'metadata.generation') },
        established: { conditions: at(established?.body, 'status.conditions'), acceptedNames: at(established?.body, 'status.acceptedNames'), storedVersions: at(established?.body, 'status.storedVersions') },
        nameClash: answer(nameClash), noSchema: answer(noSchema), notStructural: answer(notStructural),
        deleted: { status: deleted.status, kind: at(deleted.body, 'kind'), conditions: at(deleted.body, 'status.conditions') },
        goneResource: goneResource ?? false,
      };
    },
  },
  {
    id: 'crds.printer-columns-and-patches',
    async run(t) {
      const k = kit(t, 'lamps', 'Lamp');
      await establish(t, crd(k, 'lamps', 'Lamp', {
        type: 'object', properties: { spec: { type: 'object', properties: { watts: { type: 'integer' }, color: { type: 'string' } } } },
      }, {
        additionalPrinterColumns: [
          { name: 'Watts', type: 'integer', jsonPath: '.spec.watts' },
          { name: 'Color', type: 'string', jsonPath: '.spec.color', priority: 1, description: 'the colour' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
      }), k.path);
      await t.request('POST', k.path, { body: k.cr('l1', { watts: 60, color: 'red' }) });
      const ns = ['-n', t.namespace];
      const table = await t.request('GET', k.path, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
      return {
        table: { contentType: table.contentType, columnDefinitions: at(table.body, 'columnDefinitions'), cells: at(table.body, 'rows.0.cells') },
        get: await t.kubectl(['get', `lamps.${k.group}`, ...ns]),
        wide: await t.kubectl(['get', `lamps.${k.group}`, '-o', 'wide', ...ns]),
        strategic: answer(await t.request('PATCH', `${k.path}/l1`, { contentType: 'application/strategic-merge-patch+json', body: { spec: { watts: 1 } } })),
        kubectlPatch: await t.kubectl(['patch', `lamps.${k.group}`, 'l1', ...ns, '-p', '{"spec":{"watts":75}}']),
        kubectlMerge: await t.kubectl(['patch', `lamps.${k.group}`, 'l1', ...ns, '--type=merge', '-p', '{"spec":{"watts":75}}']),
      };
    },
  },
];
