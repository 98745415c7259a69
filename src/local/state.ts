// DIR/state.json: which clusters a kubefed-local folder holds, the port each one keeps across restarts (the
// kubeconfig names the port, so a restarted cluster must come back on it) and the simulation settings chosen at
// `up` (every rewrite of DIR/<cluster>/apiserver.json must carry them). Everything else about a cluster lives in
// DIR/<cluster>/.
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateSimulation, type ClusterSimulation } from './cluster-settings.js';

export interface ClusterRecord {
  name: string;
  port: number;
  /** Absent: the simulation's defaults. */
  simulation?: ClusterSimulation;
}

export interface LocalState {
  clusters: ClusterRecord[];
}

export function stateFile(dir: string): string {
  return join(dir, 'state.json');
}

export async function readState(dir: string): Promise<LocalState | undefined> {
  const file = stateFile(dir);
  if (!existsSync(file)) return undefined;
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  return parseState(parsed, file);
}

function parseState(value: unknown, file: string): LocalState {
  const clusters = typeof value === 'object' && value !== null ? (value as { clusters?: unknown }).clusters : undefined;
  if (!Array.isArray(clusters)) throw new Error(`${file} is not a kubefed-local state file (no "clusters" list)`);
  return {
    clusters: clusters.map((c: unknown, i) => {
      const rec = (typeof c === 'object' && c !== null ? c : {}) as { name?: unknown; port?: unknown; simulation?: unknown };
      if (typeof rec.name !== 'string' || typeof rec.port !== 'number') {
        throw new Error(`${file}: clusters[${i}] needs a string "name" and a number "port"`);
      }
      if (rec.simulation === undefined) return { name: rec.name, port: rec.port };
      return { name: rec.name, port: rec.port, simulation: validateSimulation(rec.name, rec.simulation, `${file}: ${rec.name}`) };
    }),
  };
}

export async function writeState(dir: string, state: LocalState): Promise<void> {
  const file = stateFile(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2) + '\n');
  await rename(tmp, file);
}
