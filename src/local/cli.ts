// The kubefed-local command line: local Kubernetes-compatible clusters for demos, tests and benchmarks. The process
// entry is main.ts; this module only builds the program so tests can drive it in-process.
import { Command, InvalidArgumentError } from 'commander';
import { parseZoneList, readClusterConfig, simulationFromFlags, type SimulationRequest } from './cluster-settings.js';
import { DEFAULT_ENGINE, ENGINES, parseEngine, type EngineName } from './engines.js';
import { Supervisor, type ClusterStatus } from './supervisor.js';

const SIMULATION_HELP = `
Simulated nodes:
  Each cluster simulates nodes (default: 3 nodes in zones <region>-a, -b, -c of a region named after the
  cluster, 110 pods each). --nodes, --pods-per-node, --region and --zones set that for every cluster this
  command starts; --cluster-config FILE (YAML or JSON) sets it per cluster and wins over the flags:

    cluster2: {nodes: 1, podsPerNode: 2, region: eu-west1, zones: [eu-west1-a]}

  Fields: nodes, podsPerNode, region, zones, instanceType, loadBalancerCidr, podStartMs, podCompletionMs;
  \`cluster3: false\` turns cluster3's simulation off. Settings are kept in DIR/state.json, so a later up or
  start reuses them. Nodes are created only when a cluster first starts and then persist with its data:
  changing nodes, podsPerNode, region, zones or instanceType later applies to new clusters only.`;

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}

function engineName(value: string): EngineName {
  try {
    return parseEngine(value);
  } catch (err) {
    throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
  }
}

function zoneList(value: string): string[] {
  try {
    return parseZoneList(value);
  } catch (err) {
    throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
  }
}

interface UpOptions {
  dir: string;
  clusters: number;
  basePort?: number;
  timeout?: number;
  engine?: EngineName;
  nodes?: number;
  podsPerNode?: number;
  region?: string;
  zones?: string[];
  clusterConfig?: string;
}

/** The simulation settings the `up` flags ask for. */
export function simulationRequest(opts: UpOptions): SimulationRequest {
  const request: SimulationRequest = {};
  const all = simulationFromFlags(opts);
  if (all !== undefined) request.all = all;
  if (opts.clusterConfig !== undefined) request.perCluster = readClusterConfig(opts.clusterConfig);
  return request;
}

/** `status` output, laid out like kubectl's tables: upper-case headers, columns three spaces apart. */
export function formatStatusTable(rows: ClusterStatus[]): string {
  const table = [
    ['NAME', 'PORT', 'ENGINE', 'NODES', 'PID', 'STATE'],
    ...rows.map((r) => [r.name, String(r.port), r.engine, String(r.nodes), r.pid === undefined ? '-' : String(r.pid), r.state]),
  ];
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
    .option('--engine <engine>', `${ENGINES.join(' or ')}: the built-in API server, or real kube-apiserver, kube-controller-manager, kube-scheduler and etcd (\`npm run build:tools\`) (default ${DEFAULT_ENGINE}; a folder keeps its engine)`, engineName)
    .option('--timeout <seconds>', 'how long to wait for every cluster to be ready (default 60, 180 for kube-apiserver)', wholeNumber)
    .option('--nodes <n>', 'simulated nodes per cluster (default 3)', wholeNumber)
    .option('--pods-per-node <n>', 'pod capacity of every simulated node (default 110)', wholeNumber)
    .option('--region <region>', 'topology.kubernetes.io/region of every node (default: the cluster name)')
    .option('--zones <zones>', 'comma-separated zones the nodes are spread over (default <region>-a,-b,-c)', zoneList)
    .option('--cluster-config <file>', 'per-cluster simulation settings, YAML or JSON (see below)')
    .addHelpText('after', SIMULATION_HELP)
    .action(async (opts: UpOptions) => {
      const simulation = simulationRequest(opts);
      await new Supervisor(opts.dir, {
        ...(opts.timeout === undefined ? {} : { readyTimeoutMs: opts.timeout * 1000 }),
        ...(opts.engine === undefined ? {} : { engine: opts.engine }),
      }).up(opts.clusters, opts.basePort, simulation);
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
    .option('--timeout <seconds>', 'how long to wait for the cluster to be ready (default 60, 180 for kube-apiserver)', wholeNumber)
    .action(async (cluster: string, opts: { dir: string; timeout?: number }) => {
      await new Supervisor(opts.dir, opts.timeout === undefined ? {} : { readyTimeoutMs: opts.timeout * 1000 }).start(cluster);
    });

  program
    .command('status')
    .description('show each cluster\'s port, engine, simulated node count, pid and state')
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
