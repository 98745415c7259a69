// `npm run bench`: runs every benchmark and prints one table each. Benchmarks are scripts that measure, never
// timed assertions; `npm run bench -- <name>` runs those whose name contains <name>.
import { formatTable, type BenchRow } from './table.js';

interface Benchmark { name: string; load: () => Promise<() => Promise<BenchRow[]>> }

const benchmarks: Benchmark[] = [
  { name: 'planner', load: async () => (await import('./planner.js')).benchPlanner },
  { name: 'apiserver', load: async () => (await import('./apiserver.js')).benchApiServer },
  { name: 'workloads', load: async () => (await import('./workloads.js')).benchWorkloads },
  { name: 'rsp', load: async () => (await import('./rsp.js')).benchRsp },
  { name: 'propagation', load: async () => (await import('./propagation.js')).benchPropagation },
  { name: 'dns-e2e', load: async () => (await import('./dns-e2e.js')).benchDnsPropagation },
  { name: 'dns', load: async () => (await import('./dns.js')).benchDnsServer },
  { name: 'engines', load: async () => (await import('./engines.js')).benchEngines },
  { name: 'engine-tools', load: async () => (await import('./engines.js')).benchEngineTools },
];

const filter = process.argv[2];
let failed = false;
for (const b of benchmarks.filter((x) => !filter || x.name.includes(filter))) {
  process.stderr.write(`running ${b.name} ...\n`);
  try {
    const run = await b.load();
    console.log(`${formatTable(b.name, await run())}\n`);
  } catch (e) {
    failed = true;
    console.log(`## ${b.name}\nfailed: ${e instanceof Error ? e.message : String(e)}\n`);
  }
}
process.exit(failed ? 1 : 0);
