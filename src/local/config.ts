// DIR/<cluster>/apiserver.json: the one file the API server process reads at start (docs/architecture.md,
// "local ↔ apiserver"). Paths are absolute so the server does not depend on its working directory.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiServerConfig } from '../apiserver/config.js';
import type { ClusterSimulation } from './cluster-settings.js';
import type { ClusterPki } from './pki-paths.js';
import { tokenFile } from './tokens.js';

export function configFile(clusterDir: string): string {
  return join(clusterDir, 'apiserver.json');
}

/** The section is written only when the cluster has settings of its own; without it the server uses its defaults. */
export function buildConfig(
  name: string,
  host: string,
  port: number,
  clusterDir: string,
  pki: ClusterPki,
  simulation?: ClusterSimulation,
): ApiServerConfig {
  const config: ApiServerConfig = {
    name,
    host,
    port,
    certFile: pki.certFile,
    keyFile: pki.keyFile,
    caFile: pki.caFile,
    tokenFile: tokenFile(clusterDir),
    dataDir: join(clusterDir, 'data'),
  };
  if (simulation !== undefined) config.simulation = simulation;
  return config;
}

export async function writeConfig(clusterDir: string, config: ApiServerConfig): Promise<void> {
  await writeFile(configFile(clusterDir), JSON.stringify(config, null, 2) + '\n');
}
