export { fieldsOf, fromFieldsV1, pathKey, toFieldsV1, formatPath, type FieldSet } from './field-set.js';
export { listTypeFromMergeSemantics, type ListType, type ListTypeResolver } from './list-type.js';
export { updateManagedFields, type UpdateManagedFieldsOptions } from './managed-fields.js';
export {
  formatApplyConflicts, serverSideApply, type ApplyConflict, type ServerSideApplyOptions, type ServerSideApplyResult,
} from './server-side-apply.js';
