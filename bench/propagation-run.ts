// Runs only the propagation benchmark (`node dist/bench/propagation-run.js`), with the counts from the environment.
import { benchPropagation } from './propagation.js';
import { formatTable } from './table.js';

console.log(formatTable('propagation', await benchPropagation()));
