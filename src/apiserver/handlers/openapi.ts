// /openapi/v3: the index and one document per group-version. Each resource's item path carries a PATCH operation
// tagged with x-kubernetes-group-version-kind and a fieldValidation parameter, which is how kubectl decides to
// leave validation to the server (kubectl-wire §4.1); components.schemas holds GVK-tagged schemas (CRDs: their
// openAPIV3Schema) for kubectl explain. Schema names follow kube-apiserver's (io.k8s.api.apps.v1.Deployment;
// CRDs: reversed group, e.g. com.example.v1.Widget). Built-in kinds get their full schemas (openapi/builtin-schemas.ts).
import { createHash } from 'node:crypto';
import type { JsonObject } from '../../common/object.js';
import { builtinComponentSchemas, builtinSchemaName } from '../openapi/builtin-schemas.js';
import { openApiV2Protobuf } from '../openapi/openapi-v2.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

function schemaName(t: ResourceType): string {
  const builtin = t.custom ? undefined : builtinSchemaName(t.group, t.version, t.kind);
  if (builtin) return builtin;
  if (t.custom) return `${t.group.split('.').reverse().join('.')}.${t.version}.${t.kind}`;
  if (t.group === 'apiextensions.k8s.io') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${t.version}.${t.kind}`;
  const g = t.group === '' ? 'core' : (t.group.split('.')[0] as string);
  return `io.k8s.api.${g}.${t.version}.${t.kind}`;
}

function gvkTag(t: ResourceType): JsonObject[] {
  return [{ group: t.group, kind: t.kind, version: t.version }];
}

function queryParam(name: string, type: string, description: string): JsonObject {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } };
}

const WRITE_PARAMS: JsonObject[] = [
  queryParam('dryRun', 'string', 'When present, indicates that modifications should not be persisted. Valid value: All'),
  queryParam('fieldManager', 'string', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
  queryParam('fieldValidation', 'string', 'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values: Ignore, Warn, Strict.'),
];

function schemaFor(t: ResourceType): JsonObject {
  const base: JsonObject = {
    type: 'object',
    properties: {
      apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
      kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
      metadata: { allOf: [{ $ref: `#/components/schemas/${OBJECT_META}` }], default: {}, description: "Standard object's metadata." },
    },
    'x-kubernetes-group-version-kind': gvkTag(t),
  };
  const custom = t.custom?.schema;
  if (custom) {
    const props = (custom.properties ?? {}) as JsonObject;
    return { ...custom, properties: { ...props, ...(base.properties as JsonObject) }, 'x-kubernetes-group-version-kind': gvkTag(t) };
  }
  return base;
}

export class OpenApi {
  readonly #registry: Registry;
  #revision = -1;
  #docs = new Map<string, { text: string; hash: string }>();
  #index = '';
  #v2: { revision: number; body: Uint8Array } | undefined;

  constructor(registry: Registry) {
    this.#registry = registry;
  }

  #refresh(): void {
    if (this.#revision === this.#registry.revision) return;
    this.#revision = this.#registry.revision;
    this.#docs = new Map();
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const g of this.#registry.groups()) {
      for (const v of g.versions) {
        const key = g.group ? `apis/${g.group}/${v}` : `api/${v}`;
        const text = JSON.stringify(this.#document(g.group, v));
        const hash = createHash('sha512').update(text).digest('hex').toUpperCase();
        this.#docs.set(key, { text, hash });
        paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
      }
    }
    this.#index = JSON.stringify({ paths });
  }

  index(): string {
    this.#refresh();
    return this.#index;
  }

  /** /openapi/v2 as protobuf (what kubectl ≤ 1.27 reads to detect server-side field validation). */
  v2(serverVersion: string): Uint8Array {
    if (this.#v2?.revision !== this.#registry.revision) {
      this.#v2 = { revision: this.#registry.revision, body: openApiV2Protobuf(this.#registry.all(), serverVersion) };
    }
    return this.#v2.body;
  }

  /** The document for "api/v1" or "apis/{g}/{v}"; undefined when not served. */
  document(key: string): string | undefined {
    this.#refresh();
    return this.#docs.get(key)?.text;
  }

  #document(group: string, version: string): JsonObject {
    const paths: JsonObject = {};
    const schemas: JsonObject = builtinComponentSchemas([OBJECT_META]);
    const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
    for (const t of this.#registry.typesIn(group, version)) {
      const name = schemaName(t);
      const builtin = t.custom ? undefined : builtinComponentSchemas([name]);
      if (builtin && builtin[name]) Object.assign(schemas, builtin);
      else schemas[name] = schemaFor(t);
      const ref = { $ref: `#/components/schemas/${name}` };
      const base = t.namespaced ? `${prefix}/namespaces/{namespace}/${t.resource}` : `${prefix}/${t.resource}`;
      const op = (action: string, verb: string, params: JsonObject[]): JsonObject => ({
        operationId: `${verb}${t.kind}`,
        'x-kubernetes-action': action,
        'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
        parameters: params,
        responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } },
      });
      const item: JsonObject = {};
      if (t.verbs.includes('get')) item.get = op('get', 'read', []);
      if (t.verbs.includes('update')) item.put = op('put', 'replace', WRITE_PARAMS);
      if (t.verbs.includes('patch')) item.patch = op('patch', 'patch', [...WRITE_PARAMS, queryParam('force', 'boolean', 'Force is going to "force" Apply requests.')]);
      if (t.verbs.includes('delete')) item.delete = op('delete', 'delete', [queryParam('dryRun', 'string', 'When present, indicates that modifications should not be persisted.')]);
      if (Object.keys(item).length) paths[`${base}/{name}`] = item;
      const coll: JsonObject = {};
      if (t.verbs.includes('list')) coll.get = op('list', 'list', []);
      if (t.verbs.includes('create')) coll.post = op('post', 'create', WRITE_PARAMS);
      paths[base] = coll;
    }
    return {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: 'v1.32.0' },
      paths,
      components: { schemas },
    };
  }
}
