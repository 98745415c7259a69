// DIR/<cluster>/apiserver.json: the one file the API server process reads at start (docs/architecture.md,
// "local ↔ apiserver"). Paths are absolute so the server does not depend on its working directory.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterPki } from './pki-paths.js';
import { tokenFile } from './tokens.js';

export interface ApiserverConfig {
  name: string;
  host: string;
  port: number;
  certFile: string;
  keyFile: string;
  caFile: string;
  tokenFile: string;
  dataDir: string;
}

export function configFile(clusterDir: string): string {
  return join(clusterDir, 'apiserver.json');
}

export function buildConfig(name: string, host: string, port: number, clusterDir: string, pki: ClusterPki): ApiserverConfig {
  return {
    name,
    host,
    port,
    certFile: pki.certFile,
    keyFile: pki.keyFile,
    caFile: pki.caFile,
    tokenFile: tokenFile(clusterDir),
    dataDir: join(clusterDir, 'data'),
  };
}

export async function writeConfig(clusterDir: string, config: ApiserverConfig): Promise<void> {
  await writeFile(configFile(clusterDir), JSON.stringify(config, null, 2) + '\n');
}
