// PATCH bodies by Content-Type (kubectl-wire §8, §10.4): JSON patch, JSON merge patch, strategic merge patch
// (built-in kinds only; custom resources answer 415 exactly as kube-apiserver does). Server-side apply plugs in
// through `ApplyPatcher`.
import type { KubeObject } from '../../common/object.js';
import { ApiError, badRequest, rejectedRequest, unprocessable, unsupportedMediaType } from '../http/api-error.js';
import { applyJsonPatch } from '../patch/json-patch.js';
import { applyMergePatch } from '../patch/merge-patch.js';
import { PatchError } from '../patch/patch-error.js';
import { applyStrategicMergePatch } from '../patch/strategic-merge-patch.js';
import type { ResourceType } from '../registry/resource-type.js';

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

const CR_PATCH_TYPES = 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml';
const ALL_PATCH_TYPES = 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json';

export function checkPatchType(t: ResourceType, contentType: string): void {
  if (contentType === JSON_PATCH || contentType === MERGE_PATCH || contentType === APPLY_PATCH) return;
  if (contentType === STRATEGIC_MERGE_PATCH && !t.custom) return;
  // A patch type no resource takes is refused before any handler sees it, with the bare HTTP status text.
  if (contentType !== STRATEGIC_MERGE_PATCH) throw unsupportedMediaType('415: Unsupported Media Type', {});
  throw unsupportedMediaType(CR_PATCH_TYPES);
}

function translate(e: unknown): never {
  if (e instanceof PatchError) throw e.code === 400 ? badRequest(e.message) : unprocessable(e.message);
  if (e instanceof ApiError) throw e;
  throw badRequest(e instanceof Error ? e.message : String(e));
}

/** Applies a json, merge or strategic patch to a copy of `current`; the result still needs update semantics. */
export function applyPatch(t: ResourceType, contentType: string, current: KubeObject, patch: unknown): unknown {
  try {
    switch (contentType) {
      case JSON_PATCH:
        try {
          return applyJsonPatch(current, patch);
        } catch (e) {
          // The decoding error is reported; an operation that does not apply only as the generic 422.
          if (e instanceof PatchError) throw e.code === 400 ? badRequest(`error decoding patch: ${e.message}`) : rejectedRequest();
          throw e;
        }
      case MERGE_PATCH:
        return applyMergePatch(current, patch);
      case STRATEGIC_MERGE_PATCH:
        return applyStrategicMergePatch(current, patch, { group: t.group, version: t.version, kind: t.kind });
      default:
        throw unsupportedMediaType(t.custom ? CR_PATCH_TYPES : ALL_PATCH_TYPES);
    }
  } catch (e) {
    return translate(e);
  }
}
