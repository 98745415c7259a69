// CRD structural schemas (apiextensions.k8s.io/v1 openAPIV3Schema): validation with kube's cause shapes and
// messages (apiextensions-apiserver pkg/apiserver/validation ConvertToFieldErrors over kube-openapi's validator),
// pruning of unknown fields (pkg/apiserver/schema/pruning) and defaulting (pkg/apiserver/schema/defaulting).
// A hand-written walker rather than ajv: one pass, no code generation per CRD, and causes come out in kube's shape
// directly. CEL rules (`x-kubernetes-validations`) are not evaluated here.

import type { StatusCause } from '../../common/object.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface CompiledSchema {
  /** Validation causes (empty when valid); `field` is a dotted path such as `spec.size` or `spec.items[1]`. */
  validate(obj: unknown): StatusCause[];
  /** Removes fields the schema does not declare, in place; returns their paths (`spec.foo`) for strict validation. */
  prune(obj: unknown): string[];
  /** Fills `default` values in place, deeply, before validation (as kube defaults on decode). */
  applyDefaults(obj: unknown): void;
}

interface Node {
  type?: string;
  nullable: boolean;
  intOrString: boolean;
  preserveUnknown: boolean;
  embedded: boolean;
  enum?: unknown[];
  pattern?: RegExp;
  patternSource?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum: boolean;
  exclusiveMaximum: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  required: string[];
  properties?: Map<string, Node>;
  additionalProperties?: Node | boolean;
  items?: Node;
  listType?: string;
  listMapKeys: string[];
  hasDefault: boolean;
  default?: unknown;
  /** allOf/anyOf/oneOf/not branches may only constrain values; their properties still count for pruning. */
  junctors: Node[];
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function compileNode(s: unknown): Node {
  const r = isRec(s) ? s : {};
  const node: Node = {
    type: typeof r['type'] === 'string' ? r['type'] : undefined,
    nullable: r['nullable'] === true,
    intOrString: r['x-kubernetes-int-or-string'] === true,
    preserveUnknown: r['x-kubernetes-preserve-unknown-fields'] === true,
    embedded: r['x-kubernetes-embedded-resource'] === true,
    enum: Array.isArray(r['enum']) ? r['enum'] : undefined,
    minimum: num(r['minimum']),
    maximum: num(r['maximum']),
    exclusiveMinimum: r['exclusiveMinimum'] === true,
    exclusiveMaximum: r['exclusiveMaximum'] === true,
    minLength: num(r['minLength']),
    maxLength: num(r['maxLength']),
    minItems: num(r['minItems']),
    maxItems: num(r['maxItems']),
    minProperties: num(r['minProperties']),
    maxProperties: num(r['maxProperties']),
    required: Array.isArray(r['required']) ? r['required'].filter((x): x is string => typeof x === 'string') : [],
    listType: typeof r['x-kubernetes-list-type'] === 'string' ? r['x-kubernetes-list-type'] : undefined,
    listMapKeys: Array.isArray(r['x-kubernetes-list-map-keys']) ? r['x-kubernetes-list-map-keys'].map(String) : [],
    hasDefault: Object.prototype.hasOwnProperty.call(r, 'default'),
    default: r['default'],
    junctors: [],
  };
  if (typeof r['pattern'] === 'string') {
    node.patternSource = r['pattern'];
    node.pattern = new RegExp(r['pattern'], 'u');
  }
  if (isRec(r['properties'])) {
    node.properties = new Map(Object.entries(r['properties']).map(([k, v]) => [k, compileNode(v)]));
  }
  if (isRec(r['additionalProperties'])) node.additionalProperties = compileNode(r['additionalProperties']);
  else if (typeof r['additionalProperties'] === 'boolean') node.additionalProperties = r['additionalProperties'];
  if (isRec(r['items'])) node.items = compileNode(r['items']);
  for (const j of ['allOf', 'anyOf', 'oneOf']) {
    if (Array.isArray(r[j])) node.junctors.push(...(r[j] as unknown[]).map(compileNode));
  }
  return node;
}

/** Go's %v-ish rendering of a value inside "Invalid value: …". */
function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const joinPath = (base: string, key: string): string => (base === '' ? key : `${base}.${key}`);

function typeMatches(node: Node, v: unknown): boolean {
  if (node.intOrString) return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
  switch (node.type) {
    case undefined: return true;
    case 'object': return isRec(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number';
    case 'boolean': return typeof v === 'boolean';
    default: return true;
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function validateNode(node: Node, v: unknown, path: string, out: StatusCause[]): void {
  const where = path === '' ? 'body' : path;
  if (v === null) {
    if (!node.nullable && (node.type !== undefined || node.intOrString)) {
      out.push({ reason: 'FieldValueTypeInvalid', field: path, message: `Invalid value: "null": ${where} in body must be of type ${node.intOrString ? 'integer,string' : node.type}: "null"` });
    }
    return;
  }
  if (!typeMatches(node, v)) {
    const want = node.intOrString ? 'integer,string' : node.type ?? '';
    out.push({ reason: 'FieldValueTypeInvalid', field: path, message: `Invalid value: "${jsonType(v)}": ${where} in body must be of type ${want}: "${jsonType(v)}"` });
    return;
  }
  if (node.enum !== undefined && !node.enum.some((e) => deepEqual(e, v))) {
    out.push({ reason: 'FieldValueNotSupported', field: path, message: `Unsupported value: ${show(v)}: supported values: ${node.enum.map(show).join(', ')}` });
  }
  // kube-openapi's number and string validators stop at their first failure (maximum before minimum; maxLength,
  // minLength, then pattern).
  if (typeof v === 'number') {
    if (node.maximum !== undefined && (node.exclusiveMaximum ? v >= node.maximum : v > node.maximum)) {
      out.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${show(v)}: ${where} in body should be less than ${node.exclusiveMaximum ? '' : 'or equal to '}${node.maximum}` });
    } else if (node.minimum !== undefined && (node.exclusiveMinimum ? v <= node.minimum : v < node.minimum)) {
      out.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${show(v)}: ${where} in body should be greater than ${node.exclusiveMinimum ? '' : 'or equal to '}${node.minimum}` });
    }
  }
  if (typeof v === 'string') {
    const len = [...v].length;
    if (node.maxLength !== undefined && len > node.maxLength) {
      out.push({ reason: 'FieldValueTooLong', field: path, message: `Too long: may not be more than ${node.maxLength} bytes` });
    } else if (node.minLength !== undefined && len < node.minLength) {
      out.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${show(v)}: ${where} in body should be at least ${node.minLength} chars long` });
    } else if (node.pattern !== undefined && !node.pattern.test(v)) {
      out.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${show(v)}: ${where} in body should match '${node.patternSource ?? ''}'` });
    }
  }
  if (Array.isArray(v)) {
    if (node.maxItems !== undefined && v.length > node.maxItems) {
      out.push({ reason: 'FieldValueTooMany', field: path, message: `Too many: ${v.length}: must have at most ${node.maxItems} items` });
    }
    if (node.minItems !== undefined && v.length < node.minItems) {
      out.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${v.length}: ${where} in body should have at least ${node.minItems} items` });
    }
    v.forEach((item, i) => { if (node.items) validateNode(node.items, item, `${path}[${i}]`, out); });
    validateListType(node, v, path, out);
  }
  if (isRec(v)) {
    for (const req of node.required) {
      if (!Object.prototype.hasOwnProperty.call(v, req)) out.push({ reason: 'FieldValueRequired', field: joinPath(path, req), message: 'Required value' });
    }
    const count = Object.keys(v).length;
    if (node.maxProperties !== undefined && count > node.maxProperties) {
      out.push({ reason: 'FieldValueTooMany', field: path, message: `Too many: ${count}: must have at most ${node.maxProperties} items` });
    }
    if (node.minProperties !== undefined && count < node.minProperties) {
      out.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${count}: ${where} in body should have at least ${node.minProperties} properties` });
    }
    for (const [k, child] of Object.entries(v)) {
      const prop = node.properties?.get(k);
      if (prop !== undefined) validateNode(prop, child, joinPath(path, k), out);
      else if (isRec(node.additionalProperties)) validateNode(node.additionalProperties as Node, child, joinPath(path, k), out);
    }
  }
  for (const j of node.junctors) validateNode(j, v, path, out);
}

function validateListType(node: Node, v: unknown[], path: string, out: StatusCause[]): void {
  if (node.listType === 'set') {
    const seen: unknown[] = [];
    v.forEach((item, i) => {
      if (seen.some((s) => deepEqual(s, item))) out.push({ reason: 'FieldValueDuplicate', field: `${path}[${i}]`, message: `Duplicate value: ${show(item)}` });
      else seen.push(item);
    });
  } else if (node.listType === 'map' && node.listMapKeys.length > 0) {
    const seen = new Set<string>();
    v.forEach((item, i) => {
      if (!isRec(item)) return;
      const key = JSON.stringify(node.listMapKeys.map((k) => item[k] ?? null));
      if (seen.has(key)) {
        const shown = Object.fromEntries(node.listMapKeys.map((k) => [k, item[k]]));
        out.push({ reason: 'FieldValueDuplicate', field: `${path}[${i}]`, message: `Duplicate value: ${JSON.stringify(shown)}` });
      }
      seen.add(key);
    });
  }
}

const objectMetaKeys = ['apiVersion', 'kind', 'metadata'];

function pruneNode(node: Node, v: unknown, path: string, removed: string[], root: boolean): void {
  if (Array.isArray(v)) {
    if (node.items !== undefined) v.forEach((item, i) => pruneNode(node.items as Node, item, `${path}[${i}]`, removed, false));
    return;
  }
  if (!isRec(v)) return;
  const keepMeta = root || node.embedded;
  const props = new Map(node.properties ?? []);
  for (const j of node.junctors) for (const [k, p] of j.properties ?? []) if (!props.has(k)) props.set(k, p);
  for (const key of Object.keys(v)) {
    // The envelope belongs to the server (it prunes metadata to ObjectMeta itself): a schema that declares
    // `metadata: {type: object}`, as KubeFed's CRDs do, must not empty it.
    if (keepMeta && objectMetaKeys.includes(key)) continue;
    const prop = props.get(key);
    if (prop !== undefined) {
      pruneNode(prop, v[key], joinPath(path, key), removed, false);
    } else if (isRec(node.additionalProperties)) {
      pruneNode(node.additionalProperties as Node, v[key], joinPath(path, key), removed, false);
    } else if (!node.preserveUnknown && node.additionalProperties !== true) {
      removed.push(joinPath(path, key));
      delete v[key];
    }
  }
}

function defaultNode(node: Node, v: unknown): void {
  if (Array.isArray(v)) {
    if (node.items !== undefined) for (const item of v) defaultNode(node.items, item);
    return;
  }
  if (!isRec(v)) return;
  for (const [k, prop] of node.properties ?? []) {
    const absent = !Object.prototype.hasOwnProperty.call(v, k);
    // A null for a non-nullable field with a default is defaulted too (kube ≥ 1.20).
    if (prop.hasDefault && (absent || (v[k] === null && !prop.nullable))) v[k] = structuredClone(prop.default);
    if (Object.prototype.hasOwnProperty.call(v, k)) defaultNode(prop, v[k]);
  }
  if (isRec(node.additionalProperties)) for (const child of Object.values(v)) defaultNode(node.additionalProperties as Node, child);
}

/** Compiles a CRD version's openAPIV3Schema once; use the result for every write of that version. */
export function compileSchema(openAPIV3Schema: unknown): CompiledSchema {
  const root = compileNode(openAPIV3Schema);
  return {
    validate(obj: unknown): StatusCause[] {
      const out: StatusCause[] = [];
      if (isRec(obj)) {
        // apiVersion, kind and metadata are validated by the server itself, not by the CRD schema.
        const body = Object.fromEntries(Object.entries(obj).filter(([k]) => !objectMetaKeys.includes(k) || root.properties?.has(k)));
        validateNode({ ...root, required: root.required.filter((r) => !objectMetaKeys.includes(r)) }, body, '', out);
      } else {
        validateNode(root, obj, '', out);
      }
      return out;
    },
    prune(obj: unknown): string[] {
      const removed: string[] = [];
      pruneNode(root, obj, '', removed, true);
      return removed;
    },
    applyDefaults(obj: unknown): void {
      defaultNode(root, obj);
    },
  };
}
