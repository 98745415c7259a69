// The kubefed-local command line: local Kubernetes-compatible clusters for demos, tests and benchmarks. The process
// entry is main.ts; this module only builds the program so tests can drive it in-process.
import { Command, InvalidArgumentError } from 'commander';
import { Supervisor, type ClusterStatus } from './supervisor.js';

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}

/** `status` output, laid out like kubectl's tables: upper-case headers, columns three spaces apart. */
export function formatStatusTable(rows: ClusterStatus[]): string {
  const table = [['NAME', 'PORT', 'PID', 'STATE'], ...rows.map((r) => [r.name, String(r.port), r.pid === undefined ? '-' : String(r.pid), r.state])];
  const widths = table[0]?.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length))) ?? [];
  return table.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3))).join('')).join('\n');
}

export function buildProgram(): Command {
  const program = new Command('kubefed-local')
    .description('Run local Kubernetes-compatible clusters (cluster1..clusterN) on 127.0.0.1')
    .showHelpAfterError(false);

  program
    .command('up')
    .description('start cluster1..clusterN and write DIR/kubeconfig')
    .requiredOption('--dir <dir>', 'folder that holds the clusters\' state')
    .option('--clusters <n>', 'number of clusters', wholeNumber, 2)
    .option('--base-port <port>', 'serve clusterI on port BASE+I-1 instead of free ports', wholeNumber)
    .option('--timeout <seconds>', 'how long to wait for every cluster to be ready', wholeNumber, 60)
    .action(async (opts: { dir: string; clusters: number; basePort?: number; timeout: number }) => {
      await new Supervisor(opts.dir, { readyTimeoutMs: opts.timeout * 1000 }).up(opts.clusters, opts.basePort);
    });

  program
    .command('down')
    .description('stop every cluster of DIR (data is kept)')
    .requiredOption('--dir <dir>', 'folder that holds the clusters\' state')
    .action(async (opts: { dir: string }) => {
      await new Supervisor(opts.dir).down();
    });

  program
    .command('stop')
    .argument('<cluster>', 'cluster name, e.g. cluster2')
    .description('stop one cluster (data is kept; clients see connection refused)')
    .requiredOption('--dir <dir>', 'folder that holds the clusters\' state')
    .action(async (cluster: string, opts: { dir: string }) => {
      await new Supervisor(opts.dir).stop(cluster);
    });

  program
    .command('start')
    .argument('<cluster>', 'cluster name, e.g. cluster2')
    .description('start a stopped cluster again on the same port with the same data')
    .requiredOption('--dir <dir>', 'folder that holds the clusters\' state')
    .option('--timeout <seconds>', 'how long to wait for the cluster to be ready', wholeNumber, 60)
    .action(async (cluster: string, opts: { dir: string; timeout: number }) => {
      await new Supervisor(opts.dir, { readyTimeoutMs: opts.timeout * 1000 }).start(cluster);
    });

  program
    .command('status')
    .description('show each cluster\'s port, pid and state')
    .requiredOption('--dir <dir>', 'folder that holds the clusters\' state')
    .action(async (opts: { dir: string }) => {
      console.log(formatStatusTable(await new Supervisor(opts.dir).status()));
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (err) {
    // LocalErrors are written for the user; anything else is unexpected, but still gets one line, not a stack.
    const message = err instanceof Error ? err.message : String(err);
    console.error(`error: ${message}`);
    return 1;
  }
}
