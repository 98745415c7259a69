// Strategic merge patch (`application/strategic-merge-patch+json`) for built-in kinds, with the semantics of
// k8s.io/apimachinery/pkg/util/strategicpatch (patch.go, StrategicMergeMapPatchUsingLookupPatchMeta with
// MergeParallelList and IgnoreUnmatchedNulls set, as kube-apiserver applies client patches):
// - maps merge key by key; `null` deletes;
// - lists tagged `patchStrategy:"merge"` merge by their patchMergeKey (lists of scalars: set union); other lists are
//   replaced whole;
// - directives: `$patch: replace|delete|merge` (in a map or as a list item), `$retainKeys`,
//   `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`.
// The result keeps apimachinery's ordering rule: patch items in patch (or $setElementOrder) order, with items only the
// server had interleaved at their old relative positions. That is what makes `kubectl apply` keep container order.

import { isObject } from '../../common/object.js';
import type { GroupVersionKind } from '../../common/object.js';
import { PatchError } from './patch-error.js';
import { fieldMeta, patchSchemaFor } from './patch-meta.js';
import type { FieldMeta, TypeMeta } from './patch-meta.js';

type JsonMap = Record<string, unknown>;

const directiveMarker = '$patch';
const retainKeysDirective = '$retainKeys';
const setElementOrderPrefix = '$setElementOrder/';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList/';

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

const show = (v: unknown): string => JSON.stringify(v);

/** Position of `item` in `list`, by merge key for maps and by value for scalars; -1 when absent. */
function indexIn(list: readonly unknown[], item: unknown, mergeKey: string | undefined): number {
  if (mergeKey !== undefined && isObject(item)) {
    const want = item[mergeKey];
    return list.findIndex((x) => isObject(x) && deepEqual(x[mergeKey], want));
  }
  return list.findIndex((x) => deepEqual(x, item));
}

function sortByOrder(items: unknown[], order: readonly unknown[], mergeKey: string | undefined): unknown[] {
  const ranked = items.map((item, i) => ({ item, i, rank: indexIn(order, item, mergeKey) }));
  ranked.sort((a, b) => {
    const ra = a.rank < 0 ? Number.MAX_SAFE_INTEGER : a.rank;
    const rb = b.rank < 0 ? Number.MAX_SAFE_INTEGER : b.rank;
    return ra - rb || a.i - b.i;
  });
  return ranked.map((r) => r.item);
}

/**
 * apimachinery's normalizeElementOrder + mergeSortedSlice: sort patch items by `patchOrder`, server-only items by
 * `serverOrder`, then insert each server-only item before the first patch item that the live list had after it.
 */
function normalizeElementOrder(
  patchItems: unknown[], serverOnly: unknown[], patchOrder: readonly unknown[], serverOrder: readonly unknown[],
  mergeKey: string | undefined,
): unknown[] {
  const right = sortByOrder(patchItems, patchOrder, mergeKey);
  const left = sortByOrder(serverOnly, serverOrder, mergeKey);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]);
    else if (i >= left.length) out.push(right[j++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey);
      const ri = indexIn(serverOrder, right[j], mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

function partition(merged: unknown[], present: readonly unknown[], mergeKey: string | undefined): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of merged) (indexIn(present, item, mergeKey) >= 0 ? inPatch : serverOnly).push(item);
  return [inPatch, serverOnly];
}

function elementsAreMaps(original: readonly unknown[], patch: readonly unknown[]): boolean {
  let maps = false;
  let scalars = false;
  for (const v of [...original, ...patch]) {
    if (Array.isArray(v)) throw new PatchError(422, 'lists of lists are not supported');
    if (isObject(v)) maps = true;
    else scalars = true;
  }
  if (maps && scalars) throw new PatchError(422, 'mismatched types in list: maps and scalars cannot be merged');
  return maps;
}

function requireMergeKey(item: JsonMap, mergeKey: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(item, mergeKey)) {
    throw new PatchError(422, `map: ${show(item)} does not contain declared merge key: ${mergeKey}`);
  }
  return item[mergeKey];
}

/** mergeSlice: merges a patch list into a live list declared as merging (by key, or as a set of scalars). */
function mergeList(original: unknown[], patch: unknown[], meta: FieldMeta): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const list = meta.list;
  const mergeKey = list?.strategy === 'merge' ? list.key : undefined;
  if (!elementsAreMaps(original, patch)) {
    const merged: unknown[] = [];
    for (const v of [...original, ...patch]) if (indexIn(merged, v, undefined) < 0) merged.push(v);
    const [inPatch, serverOnly] = partition(merged, patch, undefined);
    return normalizeElementOrder(inPatch, serverOnly, patch, original, undefined);
  }
  if (mergeKey === undefined) throw new PatchError(422, 'cannot merge lists of maps without a merge key');

  // mergeSliceWithSpecialElements: `$patch` items delete entries or turn the merge into a replace.
  let live = original;
  let replace = false;
  const plain: JsonMap[] = [];
  for (const v of patch as JsonMap[]) {
    if (!Object.prototype.hasOwnProperty.call(v, directiveMarker)) {
      plain.push(v);
      continue;
    }
    const directive = v[directiveMarker];
    if (directive === 'delete') {
      const key = requireMergeKey(v, mergeKey);
      live = live.filter((x) => !(isObject(x) && deepEqual(x[mergeKey], key)));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw new PatchError(400, 'merging lists cannot yet be specified in the patch');
    } else {
      throw new PatchError(400, `unknown patch type: ${String(directive)} in map: ${show(v)}`);
    }
  }
  let toMerge: JsonMap[] = plain;
  if (replace) {
    live = [];
    toMerge = plain;
  }

  // mergeSliceWithoutSpecialElements: merge items sharing a key, append the others.
  const merged = [...live];
  for (const item of toMerge) {
    const key = requireMergeKey(item, mergeKey);
    const at = merged.findIndex((x) => isObject(x) && deepEqual(x[mergeKey], key));
    const existing = at >= 0 ? merged[at] : undefined;
    if (isObject(existing)) merged[at] = mergeMap(existing, item, meta.fields);
    else merged.push(mergeMap({}, item, meta.fields));
  }
  if (replace) return merged;
  const [inPatch, serverOnly] = partition(merged, toMerge, mergeKey);
  return normalizeElementOrder(inPatch, serverOnly, toMerge, live, mergeKey);
}

/** A patch value for a field the live object lacks (or holds with another type): directives resolved, nulls dropped. */
function fresh(value: unknown, meta: FieldMeta | undefined): unknown {
  if (isObject(value)) return mergeMap({}, value, meta?.fields);
  if (Array.isArray(value) && meta?.list !== undefined) return mergeList([], value, meta);
  return value;
}

function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!Object.prototype.hasOwnProperty.call(patch, retainKeysDirective)) return;
  const retain = patch[retainKeysDirective];
  delete patch[retainKeysDirective];
  if (!Array.isArray(retain)) throw new PatchError(400, 'invalid patch format of retainKeys');
  const keep = new Set(retain.map(String));
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(deleteFromPrimitiveListPrefix) || k.startsWith(setElementOrderPrefix)) continue;
    if (!keep.has(k)) throw new PatchError(422, "patch content doesn't match retainKeys list");
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/** Checks that the patch list's items appear in the $setElementOrder list in the same relative order. */
function checkOrderList(patchList: readonly unknown[], order: readonly unknown[], mergeKey: string | undefined, field: string): void {
  const items = patchList.filter((x) => !(isObject(x) && Object.prototype.hasOwnProperty.call(x, directiveMarker)));
  let p = 0;
  for (let o = 0; o < order.length && p < items.length; o++) {
    if (indexIn([order[o]], items[p], mergeKey) === 0) p++;
  }
  if (p < items.length) {
    throw new PatchError(400, `invalid patch: the order of the items in "${field}" does not match ${setElementOrderPrefix}${field}`);
  }
}

/** mergePatchIntoOriginal: merges every list that has a `$setElementOrder` directive, then orders it by it. */
function mergeOrderedLists(original: JsonMap, patch: JsonMap, type: TypeMeta | undefined): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(setElementOrderPrefix)) continue;
    const order = patch[key];
    delete patch[key];
    const field = key.slice(setElementOrderPrefix.length);
    if (!Array.isArray(order)) throw new PatchError(400, `invalid patch format of setElementOrder list: ${key} must be a list`);
    const patchValue = patch[field];
    if (patchValue === null) continue;
    const patchList = patchValue === undefined ? [] : patchValue;
    if (!Array.isArray(patchList)) throw new PatchError(400, `invalid patch format of setElementOrder list: ${field} is not a list`);
    const live = Array.isArray(original[field]) ? (original[field] as unknown[]) : [];
    if (order.length === 0 && patchList.length === 0) continue;
    const meta = fieldMeta(type, field);
    const mergeKey = meta?.list?.strategy === 'merge' ? meta.list.key : undefined;
    checkOrderList(patchList, order, mergeKey, field);
    const merged = meta?.list !== undefined ? mergeList(live, patchList, meta) : (fresh(patchList, meta) as unknown[]);
    const [inOrder, serverOnly] = partition(merged, order, mergeKey);
    original[field] = normalizeElementOrder(inOrder, serverOnly, order, live, mergeKey);
    delete patch[field];
  }
}

/** mergeMap: merges `patch` into `original` in place and returns the result. */
function mergeMap(original: JsonMap, patch: JsonMap, type: TypeMeta | undefined): JsonMap {
  if (Object.prototype.hasOwnProperty.call(patch, directiveMarker)) {
    const directive = patch[directiveMarker];
    delete patch[directiveMarker];
    if (directive === 'replace') return mergeMap({}, patch, type);
    if (directive === 'delete') return {};
    if (directive !== 'merge') throw new PatchError(400, `unknown patch type: ${String(directive)} in map: ${show(patch)}`);
  }
  applyRetainKeys(original, patch);
  mergeOrderedLists(original, patch, type);
  for (const [rawKey, value] of Object.entries(patch)) {
    if (rawKey.startsWith(deleteFromPrimitiveListPrefix)) {
      const k = rawKey.slice(deleteFromPrimitiveListPrefix.length);
      if (!Array.isArray(value)) throw new PatchError(400, `invalid patch format of ${rawKey}: must be a list`);
      const live = original[k];
      if (Array.isArray(live)) original[k] = live.filter((x) => indexIn(value, x, undefined) < 0);
      continue;
    }
    // Unknown directives would be dropped by kube's typed decoding; dropping them here keeps stored objects clean.
    if (rawKey.startsWith('$')) continue;
    if (value === null) {
      delete original[rawKey];
      continue;
    }
    const meta = fieldMeta(type, rawKey);
    const live = original[rawKey];
    if (isObject(live) && isObject(value)) original[rawKey] = mergeMap(live, value, meta?.fields);
    else if (Array.isArray(live) && Array.isArray(value) && meta?.list !== undefined) original[rawKey] = mergeList(live, value, meta);
    else original[rawKey] = fresh(value, meta);
  }
  return original;
}

/**
 * Applies a strategic merge patch to a copy of `original` (inputs are never mutated; the result shares nothing with
 * them). `gvk` selects the merge metadata (patch-meta.ts); kinds without metadata merge as plain maps with atomic
 * lists. Throws `PatchError` (400 malformed patch, 422 patch that does not fit the object).
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, gvk: GroupVersionKind): unknown {
  if (!isObject(patch)) throw new PatchError(400, 'the body of a strategic merge patch must be a JSON object');
  const live = isObject(original) ? structuredClone(original) : {};
  return mergeMap(live, structuredClone(patch), patchSchemaFor(gvk));
}
