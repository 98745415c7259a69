// RFC 6902 JSON Patch with the semantics of evanphx/json-patch v4.12, the library KubeFed applies overrides with
// (kubefed-behaviour.md §3.6.2). Users' existing overrides rely on its deviations from the RFC, which
// fast-json-patch does not share: `replace` of a missing object member creates it, negative array indexes count
// from the end, array indexes are parsed like Go's strconv.Atoi ("+1", "007"), a path of "" is refused, and an
// omitted `value` means null. Error texts are evanphx's, so messages read as they did under KubeFed.
import type { JsonObject, JsonValue } from '../common/object.js';

export interface JsonPatchOperation {
  op: string;
  path: string;
  /** Omitted means null. */
  value?: JsonValue;
}

/** Why a patch could not be applied; `message` is evanphx/json-patch's text. */
export class JsonPatchError extends Error {
  override readonly name = 'JsonPatchError';
  /** Position of the failing operation in the patch (-1 before `applyJsonPatch` knows it). */
  readonly index: number;
  constructor(message: string, index = -1) {
    super(message);
    this.index = index;
  }
}

// evanphx's sentinel errors, which Wrapf appends after ": ".
const errMissing = 'missing value';
const errInvalidIndex = 'invalid index referenced';

type Container = JsonObject | JsonValue[];

function isContainer(v: JsonValue | undefined): v is Container {
  return typeof v === 'object' && v !== null;
}

/** RFC 6901 unescaping in evanphx's order: `~1` then `~0`, in one left-to-right pass. */
function decodeKey(k: string): string {
  return k.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

/** Go's strconv.Atoi on a path token; throws its error text. */
function atoi(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) throw new JsonPatchError(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  const n = Number(key);
  if (!Number.isSafeInteger(n)) throw new JsonPatchError(`strconv.Atoi: parsing ${JSON.stringify(key)}: value out of range`);
  return n;
}

function invalidIndex(idx: number): JsonPatchError {
  return new JsonPatchError(`Unable to access invalid index: ${idx}: ${errInvalidIndex}`);
}

/** Resolves an index into an array of `length` elements (negative counts from the end); throws when out of range. */
function arrayIndex(key: string, length: number): number {
  const idx = atoi(key);
  if (idx >= length || idx < -length) throw invalidIndex(idx);
  return idx < 0 ? idx + length : idx;
}

function getMember(c: Container, key: string): JsonValue | undefined {
  if (Array.isArray(c)) return c[arrayIndex(key, c.length)];
  return Object.hasOwn(c, key) ? c[key] : undefined;
}

/** evanphx findObject: the container holding the last token, or undefined when any parent is missing. */
function findParent(doc: JsonObject, path: string): { container: Container; key: string } | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let current: Container = doc;
  for (const part of split.slice(1, -1)) {
    let next: JsonValue | undefined;
    try {
      next = getMember(current, decodeKey(part));
    } catch {
      return undefined;
    }
    if (!isContainer(next)) return undefined;
    current = next;
  }
  return { container: current, key: decodeKey(split[split.length - 1] ?? '') };
}

function setMember(c: JsonObject, key: string, value: JsonValue): void {
  // defineProperty keeps a member named "__proto__" an ordinary data member, as it is in JSON.
  Object.defineProperty(c, key, { value, writable: true, enumerable: true, configurable: true });
}

function add(doc: JsonObject, path: string, value: JsonValue): void {
  const found = findParent(doc, path);
  if (!found) throw new JsonPatchError(`add operation does not apply: doc is missing path: "${path}": ${errMissing}`);
  const { container, key } = found;
  if (!Array.isArray(container)) {
    setMember(container, key, value);
    return;
  }
  if (key === '-') {
    container.push(value);
    return;
  }
  try {
    let idx: number;
    try {
      idx = atoi(key);
    } catch (e) {
      throw new JsonPatchError(`value was not a proper array index: '${key}': ${(e as Error).message}`);
    }
    const size = container.length + 1;
    if (idx >= size || idx < -size) throw invalidIndex(idx);
    container.splice(idx < 0 ? idx + size : idx, 0, value);
  } catch (e) {
    throw new JsonPatchError(`error in add for path: '${path}': ${(e as Error).message}`);
  }
}

function remove(doc: JsonObject, path: string): void {
  const found = findParent(doc, path);
  if (!found) throw new JsonPatchError(`remove operation does not apply: doc is missing path: "${path}": ${errMissing}`);
  const { container, key } = found;
  try {
    if (Array.isArray(container)) {
      container.splice(arrayIndex(key, container.length), 1);
    } else {
      if (!Object.hasOwn(container, key)) throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: ${errMissing}`);
      delete container[key];
    }
  } catch (e) {
    throw new JsonPatchError(`error in remove for path: '${path}': ${(e as Error).message}`);
  }
}

function replace(doc: JsonObject, path: string, value: JsonValue): void {
  const found = findParent(doc, path);
  if (!found) throw new JsonPatchError(`replace operation does not apply: doc is missing path: ${path}: ${errMissing}`);
  const { container, key } = found;
  if (Array.isArray(container)) {
    let idx: number;
    try {
      idx = arrayIndex(key, container.length);
    } catch {
      throw new JsonPatchError(`replace operation does not apply: doc is missing key: ${path}: ${errMissing}`);
    }
    container[idx] = value;
    return;
  }
  // evanphx's object `get` never fails, so a missing member is created rather than refused.
  setMember(container, key, value);
}

/**
 * Applies `ops` in order to a deep copy of `doc` and returns the copy; `doc` is left untouched. Throws
 * JsonPatchError on the first operation that does not apply. Supports `add`, `remove` and `replace` (the operations
 * KubeFed's override schema allows).
 */
export function applyJsonPatch(doc: JsonObject, ops: readonly JsonPatchOperation[]): JsonObject {
  const out = structuredClone(doc);
  for (const [i, op] of ops.entries()) {
    const value = op.value === undefined ? null : structuredClone(op.value);
    try {
      switch (op.op) {
        case 'add':
          add(out, op.path, value);
          break;
        case 'remove':
          remove(out, op.path);
          break;
        case 'replace':
          replace(out, op.path, value);
          break;
        default:
          throw new JsonPatchError(`Unexpected kind: ${op.op}`);
      }
    } catch (e) {
      throw e instanceof JsonPatchError ? new JsonPatchError(e.message, i) : e;
    }
  }
  return out;
}
