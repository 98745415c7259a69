// Sets of field paths as structured-merge-diff (sigs.k8s.io/structured-merge-diff/v4 fieldpath) records ownership:
// a path is a list of elements `f:<field>`, `k:<json of key fields>` (map-list item), `v:<json value>` (set item);
// the members of a set are leaves (scalars, atomic lists, empty maps) and list items. fieldsV1 is the same set as a
// trie: each element is a key, `.` marks a path that is itself a member.
import type { JsonObject } from '../../common/object.js';
import type { ListTypeResolver } from './list-type.js';

export type PathElement = string;
export type FieldPath = PathElement[];

/** A set of paths, keyed by their elements joined with "\n" (JSON-encoded elements never contain a raw newline). */
export type FieldSet = Set<string>;

export function pathKey(path: FieldPath): string {
  return path.join('\n');
}

export function pathFromKey(key: string): FieldPath {
  return key === '' ? [] : key.split('\n');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted, as structured-merge-diff serializes key sets and values. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function keyElement(item: unknown, keys: string[]): PathElement {
  const picked: Record<string, unknown> = {};
  if (isPlainObject(item)) for (const k of keys) if (item[k] !== undefined) picked[k] = item[k];
  return `k:${canonicalJson(picked)}`;
}

// Fields the API server sets itself and never records ownership of (fieldmanager's stripmeta).
const strippedRoot = new Set(['apiVersion', 'kind']);
const strippedMeta = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'selfLink', 'managedFields']);

function stripped(names: string[], field: string): boolean {
  if (names.length === 0) return strippedRoot.has(field);
  return names.length === 1 && names[0] === 'metadata' && strippedMeta.has(field);
}

/** Every owned path of `value` (the whole object), given the list types of its lists. */
export function fieldsOf(value: unknown, listType: ListTypeResolver): FieldSet {
  const out: FieldSet = new Set();
  const walk = (v: unknown, path: FieldPath, names: string[]): void => {
    if (isPlainObject(v) && path.length > 0 && listType(names)?.type === 'atomic') {
      // An atomic map (metav1.LabelSelector, x-kubernetes-map-type: atomic) is one value, owned whole.
      out.add(pathKey(path));
      return;
    }
    if (isPlainObject(v)) {
      const present = Object.entries(v).filter(([, child]) => child !== undefined && child !== null);
      // An empty map is a member of its own; one holding only server-set metadata is not.
      if (present.length === 0 && path.length > 0) out.add(pathKey(path));
      for (const [k, child] of present) if (!stripped(names, k)) walk(child, [...path, `f:${k}`], [...names, k]);
      return;
    }
    if (Array.isArray(v)) {
      const lt = listType(names);
      if (lt?.type === 'map') {
        for (const item of v) {
          const itemPath = [...path, keyElement(item, lt.keys)];
          out.add(pathKey(itemPath));
          if (isPlainObject(item)) for (const [k, child] of Object.entries(item)) walk(child, [...itemPath, `f:${k}`], [...names, k]);
        }
        return;
      }
      if (lt?.type === 'set') {
        for (const item of v) out.add(pathKey([...path, `v:${canonicalJson(item)}`]));
        return;
      }
    }
    out.add(pathKey(path));
  };
  walk(value, [], []);
  return out;
}

/** The value at `path`, or undefined when it does not exist. */
export function valueAt(root: unknown, path: FieldPath): unknown {
  let at: unknown = root;
  for (const el of path) {
    if (el.startsWith('f:')) {
      if (!isPlainObject(at)) return undefined;
      at = at[el.slice(2)];
    } else if (el.startsWith('k:')) {
      if (!Array.isArray(at)) return undefined;
      const keys = Object.keys(JSON.parse(el.slice(2)) as Record<string, unknown>);
      at = at.find((item) => keyElement(item, keys) === el);
    } else if (el.startsWith('v:')) {
      if (!Array.isArray(at)) return undefined;
      at = at.find((item) => `v:${canonicalJson(item)}` === el);
    } else {
      return undefined;
    }
    if (at === undefined) return undefined;
  }
  return at;
}

/** Deletes the field or list item at `path` from `root` in place (no-op when absent). */
export function removeAt(root: unknown, path: FieldPath): void {
  if (path.length === 0) return;
  const parent = valueAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (last.startsWith('f:') && isPlainObject(parent)) {
    delete parent[last.slice(2)];
  } else if (Array.isArray(parent)) {
    const keys = last.startsWith('k:') ? Object.keys(JSON.parse(last.slice(2)) as Record<string, unknown>) : [];
    const i = parent.findIndex((item) => (last.startsWith('k:') ? keyElement(item, keys) === last : `v:${canonicalJson(item)}` === last));
    if (i >= 0) parent.splice(i, 1);
  }
}

/** The fieldsV1 trie of a set. */
export function toFieldsV1(set: FieldSet): JsonObject {
  const root: JsonObject = {};
  for (const key of [...set].sort()) {
    let node = root;
    for (const el of pathFromKey(key)) {
      node[el] ??= {};
      node = node[el] as JsonObject;
    }
    if (key !== '') node['.'] = {};
  }
  // A leaf is written `{}`, not `{".":{}}`: "." appears only where the path also has children (list items).
  const tidy = (node: JsonObject): JsonObject => {
    const out: JsonObject = {};
    const children = Object.keys(node).filter((k) => k !== '.');
    if (children.length > 0 && '.' in node) out['.'] = {};
    for (const k of children) out[k] = tidy(node[k] as JsonObject);
    return out;
  };
  return tidy(root);
}

/** The set a fieldsV1 trie describes. */
export function fromFieldsV1(fields: JsonObject | undefined): FieldSet {
  const out: FieldSet = new Set();
  const walk = (node: JsonObject, path: FieldPath): void => {
    const children = Object.keys(node).filter((k) => k !== '.');
    if (path.length > 0 && (children.length === 0 || '.' in node)) out.add(pathKey(path));
    for (const k of children) {
      const child = node[k];
      walk(isPlainObject(child) ? (child as JsonObject) : {}, [...path, k]);
    }
  };
  if (fields) walk(fields, []);
  return out;
}

/**
 * A path as structured-merge-diff prints it in conflicts: `.spec.replicas`,
 * `.spec.template.spec.containers[name="nginx"].image`, `.metadata.finalizers[="x"]`.
 */
export function formatPath(path: FieldPath): string {
  return path.map((el) => {
    if (el.startsWith('f:')) return `.${el.slice(2)}`;
    if (el.startsWith('v:')) return `[=${el.slice(2)}]`;
    if (el.startsWith('k:')) {
      const keys = JSON.parse(el.slice(2)) as Record<string, unknown>;
      return `[${Object.entries(keys).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    }
    return el;
  }).join('');
}
