// The apiserver config file written by kubefed-local (docs/architecture.md, "local ↔ apiserver").
import { readFileSync } from 'node:fs';
import { isObject } from '../common/object.js';
import { parseSimulationOptions, type SimulationOptions } from './simulation/index.js';

export interface ApiServerConfig {
  name: string;
  host: string;
  port: number;
  certFile: string;
  keyFile: string;
  caFile: string;
  tokenFile: string;
  dataDir: string;
  /** Optional: simulated nodes and workloads (simulation/simulation-options.ts); false turns them off. */
  simulation?: SimulationOptions | false;
}

export function loadConfig(file: string): ApiServerConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read apiserver config ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isObject(raw)) throw new Error(`apiserver config ${file} must be a JSON object`);
  const str = (k: string): string => {
    const v = raw[k];
    if (typeof v !== 'string' || v === '') throw new Error(`apiserver config ${file}: "${k}" must be a non-empty string`);
    return v;
  };
  const port = raw.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`apiserver config ${file}: "port" must be an integer between 0 and 65535`);
  }
  return {
    name: str('name'), host: str('host'), port,
    certFile: str('certFile'), keyFile: str('keyFile'), caFile: str('caFile'), tokenFile: str('tokenFile'), dataDir: str('dataDir'),
    simulation: parseSimulationOptions(raw.simulation, `apiserver config ${file}`),
  };
}
