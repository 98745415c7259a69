// OpenAPI v3 component schemas of the built-in kinds, expanded from the generated definitions (names, types,
// formats, required fields) and annotated with the list merge metadata that strategic merge patch and server-side
// apply use (patch/patch-meta.ts, taken from k8s.io/api's patchStrategy/patchMergeKey/listMapKey markers). Shapes
// follow kube-apiserver's /openapi/v3 documents: struct-valued fields as `allOf: [{$ref}]`, GVK-tagged kinds.
import type { JsonObject, JsonValue } from '../../common/object.js';
import { fieldMeta, patchSchemaFor, type TypeMeta } from '../patch/patch-meta.js';
import { BUILTIN_DEFINITIONS, BUILTIN_ROOTS } from './builtin-definitions.generated.js';
import type { Definition } from './definitions.js';

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const REF_PREFIX = '#/components/schemas/';

/** Schema name of a built-in kind (io.k8s.api.apps.v1.Deployment), or undefined if it has no definition. */
export function builtinSchemaName(group: string, version: string, kind: string): string | undefined {
  return BUILTIN_ROOTS.find((r) => r.group === group && r.version === version && r.kind === kind)?.definition;
}

/** The definition named `name` (for walking objects against it). */
export function builtinDefinition(name: string): Definition | undefined {
  return Object.prototype.hasOwnProperty.call(BUILTIN_DEFINITIONS, name) ? BUILTIN_DEFINITIONS[name] : undefined;
}

function expandType(type: string, refs: Set<string>): JsonObject {
  if (type.startsWith('[]')) return { type: 'array', items: expandType(type.slice(2), refs) };
  if (type.startsWith('{}')) return { type: 'object', additionalProperties: expandType(type.slice(2), refs) };
  if (type.startsWith('#')) {
    refs.add(type.slice(1));
    return { allOf: [{ $ref: `${REF_PREFIX}${type.slice(1)}` }], default: {} };
  }
  if (type === 'IntOrString') {
    refs.add(INT_OR_STRING);
    return { allOf: [{ $ref: `${REF_PREFIX}${INT_OR_STRING}` }] };
  }
  if (type === 'object') return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const [t, format] = type.split(':');
  return format ? { type: t as string, format } : { type: t as string };
}

type Extensions = Record<string, JsonValue>;

/** definition name → property → merge-metadata extensions, collected by walking every kind's patch metadata. */
function mergeExtensions(): Map<string, Map<string, Extensions>> {
  const out = new Map<string, Map<string, Extensions>>();
  const walk = (defName: string, meta: TypeMeta, depth: number): void => {
    const def = builtinDefinition(defName);
    if (!def || depth > 12) return;
    for (const field of Object.keys(meta)) {
      const fm = fieldMeta(meta, field);
      const type = def.properties[field];
      if (!fm || type === undefined) continue;
      const ext: Extensions = {};
      const strategies: string[] = [];
      if (fm.list?.strategy === 'merge') {
        strategies.push('merge');
        ext['x-kubernetes-patch-merge-key'] = fm.list.key;
        ext['x-kubernetes-list-type'] = 'map';
        ext['x-kubernetes-list-map-keys'] = [...(fm.list.keys ?? [fm.list.key])];
      } else if (fm.list?.strategy === 'set') {
        strategies.push('merge');
        ext['x-kubernetes-list-type'] = 'set';
      }
      if (fm.retainKeys) strategies.push('retainKeys');
      if (strategies.length) ext['x-kubernetes-patch-strategy'] = strategies.join(',');
      if (Object.keys(ext).length) {
        const props = out.get(defName) ?? new Map<string, Extensions>();
        props.set(field, { ...(props.get(field) ?? {}), ...ext });
        out.set(defName, props);
      }
      const ref = /#(.+)$/.exec(type);
      if (fm.fields && ref) walk(ref[1] as string, fm.fields, depth + 1);
    }
  };
  for (const r of BUILTIN_ROOTS) {
    const meta = patchSchemaFor({ group: r.group, version: r.version, kind: r.kind });
    if (meta) walk(r.definition, meta, 0);
  }
  return out;
}

let cache: Map<string, { schema: JsonObject; refs: string[] }> | undefined;

function expanded(): Map<string, { schema: JsonObject; refs: string[] }> {
  if (cache) return cache;
  const merge = mergeExtensions();
  const gvks = new Map<string, JsonObject[]>();
  for (const r of BUILTIN_ROOTS) gvks.set(r.definition, [...(gvks.get(r.definition) ?? []), { group: r.group, kind: r.kind, version: r.version }]);
  cache = new Map();
  for (const [name, def] of Object.entries(BUILTIN_DEFINITIONS)) {
    const refs = new Set<string>();
    const properties: JsonObject = {};
    for (const [prop, type] of Object.entries(def.properties)) {
      properties[prop] = { ...expandType(type, refs), ...(merge.get(name)?.get(prop) ?? {}) };
    }
    const schema: JsonObject = { type: 'object', properties };
    if (def.required?.length) schema.required = [...def.required];
    const gvk = gvks.get(name);
    if (gvk) schema['x-kubernetes-group-version-kind'] = gvk;
    cache.set(name, { schema, refs: [...refs] });
  }
  cache.set(INT_OR_STRING, { schema: { type: 'string', format: 'int-or-string', 'x-kubernetes-int-or-string': true }, refs: [] });
  return cache;
}

/** The schemas `roots` need: themselves and every definition they reference, transitively, by name. */
export function builtinComponentSchemas(roots: string[]): Record<string, JsonObject> {
  const all = expanded();
  const out: Record<string, JsonObject> = {};
  const queue = [...roots];
  while (queue.length) {
    const name = queue.shift() as string;
    const e = all.get(name);
    if (!e || out[name]) continue;
    out[name] = e.schema;
    queue.push(...e.refs);
  }
  return out;
}
