export { PatchError } from './patch-error.js';
export { applyJsonPatch } from './json-patch.js';
export { applyMergePatch } from './merge-patch.js';
export { applyStrategicMergePatch } from './strategic-merge-patch.js';
export { fieldMeta, listTypeAt, patchSchemaFor } from './patch-meta.js';
export type { FieldMeta, ListSemantics, TypeMeta } from './patch-meta.js';
