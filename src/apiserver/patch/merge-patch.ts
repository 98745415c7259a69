// RFC 7386 JSON merge patch (`application/merge-patch+json`): objects merge recursively, null deletes, everything else
// (arrays included) replaces.

import { isObject } from '../../common/object.js';

function mergeInto(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergeInto(result[key], value);
  }
  return result;
}

/**
 * Returns the patched value. Neither argument is mutated and the result shares no structure with them, so callers may
 * modify it freely (the server stamps resourceVersion and managedFields onto it).
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  return mergeInto(structuredClone(target), structuredClone(patch));
}
