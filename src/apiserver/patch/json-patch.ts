// RFC 6902 JSON patch (`application/json-patch+json`) on top of fast-json-patch. Error texts follow the ones
// kube-apiserver relays from github.com/evanphx/json-patch, so `kubectl patch --type json` prints what users know
// ("The request is invalid: testing value /spec/replicas failed: test failed").

import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { PatchError } from './patch-error.js';

const { applyPatch, JsonPatchError } = fastJsonPatch;

function describe(name: string, op: Record<string, unknown>): { code: 400 | 422; message: string } {
  const path = typeof op['path'] === 'string' ? op['path'] : '';
  const from = typeof op['from'] === 'string' ? op['from'] : '';
  const kind = typeof op['op'] === 'string' ? op['op'] : '';
  switch (name) {
    case 'TEST_OPERATION_FAILED':
      return { code: 422, message: `testing value ${path} failed: test failed` };
    case 'OPERATION_PATH_UNRESOLVABLE':
      return kind === 'replace'
        ? { code: 422, message: `replace operation does not apply: doc is missing key: ${path}: missing value` }
        : { code: 422, message: `${kind} operation does not apply: doc is missing path: "${path}": missing value` };
    case 'OPERATION_FROM_UNRESOLVABLE':
      return { code: 422, message: `${kind} operation does not apply: doc is missing from path: "${from}": missing value` };
    case 'OPERATION_PATH_CANNOT_ADD':
      return { code: 422, message: `add operation does not apply: doc is missing path: "${path}": missing value` };
    case 'OPERATION_VALUE_OUT_OF_BOUNDS':
    case 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX':
      return { code: 422, message: `${kind} operation does not apply: invalid index referenced in path "${path}"` };
    case 'OPERATION_OP_INVALID':
      return { code: 422, message: `Unexpected kind: ${kind}` };
    case 'OPERATION_PATH_INVALID':
      return { code: 422, message: `${kind} operation does not apply: invalid path "${path}"` };
    case 'OPERATION_FROM_REQUIRED':
      return { code: 422, message: `${kind} operation missing from path` };
    case 'OPERATION_VALUE_REQUIRED':
    case 'OPERATION_VALUE_CANNOT_CONTAIN_UNDEFINED':
      return { code: 422, message: `${kind} operation missing value for path "${path}"` };
    default:
      return { code: 422, message: `${kind} operation on "${path}" failed` };
  }
}

/** encoding/json's name for the JSON type of a value. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return v === null ? 'null' : typeof v;
}

/**
 * Applies an RFC 6902 patch to a copy of `doc` (the input is never mutated). A body that is not an array of operation
 * objects is a 400; an operation that does not apply (failed `test`, missing path) is a 422.
 */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  // encoding/json's UnmarshalTypeError into kube-apiserver's []handlers.jsonPatchOp.
  if (!Array.isArray(ops)) {
    throw new PatchError(400, `json: cannot unmarshal ${jsonKind(ops)} into Go value of type []handlers.jsonPatchOp`);
  }
  for (const op of ops) {
    if (typeof op !== 'object' || op === null || Array.isArray(op)) {
      throw new PatchError(400, `json: cannot unmarshal ${jsonKind(op)} into Go value of type handlers.jsonPatchOp`);
    }
  }
  try {
    return applyPatch(doc, ops as Operation[], true, false).newDocument;
  } catch (e) {
    if (e instanceof JsonPatchError) {
      const op = ops[e.index ?? 0] as Record<string, unknown> | undefined;
      const { code, message } = describe(e.name, op ?? {});
      throw new PatchError(code, message);
    }
    throw e;
  }
}
