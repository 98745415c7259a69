export { compileJsonPath, formatJsonPathValue, JsonPathError } from './jsonpath.js';
export type { CompiledJsonPath } from './jsonpath.js';
