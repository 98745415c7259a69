export type { TableColumnDefinition, TableConverter } from './table-converter.js';
export { builtinTableConverter } from './builtin.js';
export { crdTableConverter } from './crd-converter.js';
export type { PrinterColumn } from './crd-converter.js';
export { defaultTableConverter } from './default-converter.js';
export { formatAge, humanDuration } from './duration.js';
