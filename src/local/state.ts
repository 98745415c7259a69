// DIR/state.json: which clusters a kubefed-local folder holds, the port each one keeps across restarts (the
// kubeconfig names the port, so a restarted cluster must come back on it) and the simulation settings chosen at
// `up` (every rewrite of DIR/<cluster>/apiserver.json must carry them). Everything else about a cluster lives in
// DIR/<cluster>/.
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateSimulation, type ClusterSimulation } from './cluster-settings.js';
import { ENGINES, type EngineName } from './engines.js';

export interface ClusterRecord {
  name: string;
  port: number;
  /** The real engine's etcd client and peer ports (absent for the built-in engine). */
  etcdPort?: number;
  etcdPeerPort?: number;
  /** Absent: the simulation's defaults. */
  simulation?: ClusterSimulation;
}

export interface LocalState {
  /** Absent: the built-in engine (folders written before there were two engines have none). */
  engine?: EngineName;
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
  const top = (typeof value === 'object' && value !== null ? value : {}) as { clusters?: unknown; engine?: unknown };
  const clusters = top.clusters;
  if (!Array.isArray(clusters)) throw new Error(`${file} is not a kubefed-local state file (no "clusters" list)`);
  const engine = ENGINES.find((e) => e === top.engine);
  if (top.engine !== undefined && engine === undefined) {
    throw new Error(`${file}: "engine" must be one of ${ENGINES.join(', ')}, got ${JSON.stringify(top.engine)}`);
  }
  const parsed: LocalState = {
    clusters: clusters.map((c: unknown, i) => {
      const rec = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
      if (typeof rec.name !== 'string' || typeof rec.port !== 'number') {
        throw new Error(`${file}: clusters[${i}] needs a string "name" and a number "port"`);
      }
      const out: ClusterRecord = { name: rec.name, port: rec.port };
      for (const k of ['etcdPort', 'etcdPeerPort'] as const) {
        const v = rec[k];
        if (v === undefined) continue;
        if (typeof v !== 'number') throw new Error(`${file}: clusters[${i}].${k} must be a number`);
        out[k] = v;
      }
      if (rec.simulation !== undefined) out.simulation = validateSimulation(rec.name, rec.simulation, `${file}: ${rec.name}`);
      return out;
    }),
  };
  if (engine !== undefined) parsed.engine = engine;
  return parsed;
}

export async function writeState(dir: string, state: LocalState): Promise<void> {
  const file = stateFile(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2) + '\n');
  await rename(tmp, file);
}
