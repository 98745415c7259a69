// How server-side apply treats a list (structured-merge-diff's list types, `x-kubernetes-list-type`): `map` items are
// identified by their key fields, `set` items by their (scalar) value, and `atomic` lists are one value owned whole.
// A map path may also resolve to `atomic` (`x-kubernetes-map-type: atomic`, e.g. metav1.LabelSelector).

export type ListType = { type: 'map'; keys: string[] } | { type: 'set' } | { type: 'atomic' };

/**
 * The list type of the field at `path` (field names from the object root, no indices, e.g.
 * `['spec','template','spec','containers']`); undefined means atomic. The caller supplies it: built-in kinds from the
 * strategic-merge metadata (patch/patch-meta.ts `listTypeAt`, adapted by listTypeFromMergeSemantics), custom
 * resources from the CRD schema's `x-kubernetes-list-type` / `x-kubernetes-list-map-keys`.
 */
export type ListTypeResolver = (path: string[]) => ListType | undefined;

/** Adapts patch-meta's ListSemantics (`{strategy:'merge', key, keys?}` / `{strategy:'set'}`) to a ListType. */
export function listTypeFromMergeSemantics(
  semantics: { strategy: 'merge'; key: string; keys?: readonly string[] } | { strategy: 'set' } | undefined,
): ListType | undefined {
  if (!semantics) return undefined;
  if (semantics.strategy === 'set') return { type: 'set' };
  return { type: 'map', keys: [...(semantics.keys ?? [semantics.key])] };
}
