// What each local cluster simulates (nodes, region, zones, pod capacity, timings): the `simulation` section of its
// apiserver config (src/apiserver/simulation/simulation-options.ts), chosen with `kubefed-local up` flags for every
// cluster and a --cluster-config file per cluster, and kept in state.json so later `up` and `start` reuse it.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { isObject } from '../common/object.js';
import { parseSimulationOptions } from '../apiserver/simulation/simulation-config.js';
import { resolveSimulation, type SimulationOptions } from '../apiserver/simulation/simulation-options.js';
import { LocalError } from './errors.js';

/** A cluster's simulation section; `false` turns the simulated nodes and workloads off. */
export type ClusterSimulation = SimulationOptions | false;

/** Settings an `up` asks for: `all` from the flags, `perCluster` from --cluster-config (more specific, so it wins). */
export interface SimulationRequest {
  all?: SimulationOptions;
  perCluster?: Record<string, ClusterSimulation>;
}

/** The `up` flags that shape every cluster's simulation, as commander hands them over. */
export interface SimulationFlags {
  nodes?: number;
  podsPerNode?: number;
  region?: string;
  zones?: string[];
}

/** `--zones a,b,c`: comma-separated zone names, blanks around commas ignored. */
export function parseZoneList(value: string): string[] {
  const zones = value.split(',').map((z) => z.trim());
  if (zones.some((z) => z === '')) throw new LocalError(`--zones must be a comma-separated list of zone names, got "${value}"`);
  return zones;
}

/** The section the flags describe, or undefined when no flag was given (so stored settings stay untouched). */
export function simulationFromFlags(flags: SimulationFlags): SimulationOptions | undefined {
  const out: SimulationOptions = {};
  if (flags.nodes !== undefined) out.nodes = flags.nodes;
  if (flags.podsPerNode !== undefined) out.podsPerNode = flags.podsPerNode;
  if (flags.region !== undefined) out.region = flags.region;
  if (flags.zones !== undefined) out.zones = flags.zones;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Reads a --cluster-config file: YAML or JSON mapping a cluster name to its simulation section (or `false`).
 * Every section is checked with the API server's own parser, so a mistake is reported now, naming cluster and field,
 * rather than by a server that fails to start.
 */
export function readClusterConfig(file: string): Record<string, ClusterSimulation> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new LocalError(`--cluster-config ${file}: cannot read it (${firstLine(err)})`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new LocalError(`--cluster-config ${file}: not valid YAML or JSON (${firstLine(err)})`);
  }
  return parseClusterConfig(raw, `--cluster-config ${file}`);
}

export function parseClusterConfig(raw: unknown, where: string): Record<string, ClusterSimulation> {
  if (raw === null || raw === undefined) return {};
  if (!isObject(raw)) throw new LocalError(`${where}: must map cluster names (cluster1, cluster2, ...) to simulation settings`);
  const out: Record<string, ClusterSimulation> = {};
  for (const [name, section] of Object.entries(raw)) {
    if (!/^cluster[1-9]\d*$/.test(name)) throw new LocalError(`${where}: "${name}" is not a cluster name (cluster1, cluster2, ...)`);
    out[name] = validateSimulation(name, section, `${where}: ${name}`);
  }
  return out;
}

/**
 * Checks a section as the API server will when it starts, including what only resolving reveals (the load-balancer
 * CIDR); throws a LocalError whose one line starts with `where`.
 */
export function validateSimulation(clusterName: string, raw: unknown, where: string): ClusterSimulation {
  try {
    const parsed = parseSimulationOptions(raw, where);
    if (parsed !== false) resolveSimulation(clusterName, parsed);
    return parsed;
  } catch (err) {
    if (err instanceof LocalError) throw err;
    const message = firstLine(err);
    throw new LocalError(message.startsWith(where) ? message : `${where}: ${message}`);
  }
}

/**
 * A cluster's settings after an `up`: what was stored, overridden field by field by the flags, then by its
 * --cluster-config section. `false` in the file turns the simulation off; flags turn a stored `false` back on.
 */
export function mergeSimulation(stored: ClusterSimulation | undefined, name: string, request: SimulationRequest): ClusterSimulation | undefined {
  let result = stored;
  if (request.all !== undefined) result = { ...(result || {}), ...request.all };
  const own = request.perCluster?.[name];
  if (own !== undefined) result = own === false ? false : { ...(result || {}), ...own };
  if (result === undefined || result === false) return result;
  return validateSimulation(name, result, name);
}

/** How many nodes a cluster with these settings starts with (the simulation's default is 3; off means none). */
export function configuredNodes(name: string, simulation: ClusterSimulation | undefined): number {
  if (simulation === false) return 0;
  return resolveSimulation(name, simulation ?? {}).nodes;
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? message;
}
