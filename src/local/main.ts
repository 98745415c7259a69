// Process entry of `kubefed-local` (bin/kubefed-local.js imports this file).
import { main } from './cli.js';

process.exitCode = await main(process.argv);
