export { compileCelRules, validateCelRules, type CompiledCelRules } from './compile.js';
export type { CelSchema, ValidationRule } from './schema.js';
