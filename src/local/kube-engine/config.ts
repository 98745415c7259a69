// DIR/<cluster>/kube-engine.json: what the per-cluster engine process (main.ts) needs to run one real control plane.
// Written by the supervisor, read once by the process at start; paths are absolute.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterSimulation } from '../cluster-settings.js';

export interface KubeEngineConfig {
  name: string;
  host: string;
  /** kube-apiserver's secure port: the port the kubeconfig names. */
  port: number;
  etcdPort: number;
  etcdPeerPort: number;
  /** The kstack binary (kube-apiserver, kube-controller-manager, kube-scheduler, etcd). */
  kstack: string;
  clusterDir: string;
  caFile: string;
  caKeyFile: string;
  certFile: string;
  keyFile: string;
  tokenFile: string;
  dataDir: string;
  simulation?: ClusterSimulation;
}

export function kubeEngineConfigFile(clusterDir: string): string {
  return join(clusterDir, 'kube-engine.json');
}

export async function writeKubeEngineConfig(config: KubeEngineConfig): Promise<void> {
  await writeFile(kubeEngineConfigFile(config.clusterDir), JSON.stringify(config, null, 2) + '\n');
}

const REQUIRED_STRINGS = ['name', 'host', 'kstack', 'clusterDir', 'caFile', 'caKeyFile', 'certFile', 'keyFile', 'tokenFile', 'dataDir'] as const;
const REQUIRED_PORTS = ['port', 'etcdPort', 'etcdPeerPort'] as const;

export async function readKubeEngineConfig(file: string): Promise<KubeEngineConfig> {
  const raw: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (typeof raw !== 'object' || raw === null) throw new Error(`${file}: not a JSON object`);
  const o = raw as Record<string, unknown>;
  for (const k of REQUIRED_STRINGS) {
    if (typeof o[k] !== 'string' || o[k] === '') throw new Error(`${file}: "${k}" must be a non-empty string`);
  }
  for (const k of REQUIRED_PORTS) {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65535) throw new Error(`${file}: "${k}" must be a TCP port`);
  }
  return raw as KubeEngineConfig;
}
