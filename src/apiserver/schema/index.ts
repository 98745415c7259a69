export { compileSchema } from './structural-schema.js';
export type { CompiledSchema } from './structural-schema.js';
export { validateCustomResourceDefinition } from './crd-validation.js';
