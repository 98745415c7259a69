// The kubeconfig kubefed-local hands out: one context per cluster, with context, cluster and user all named after
// the cluster (so `--context cluster2` just works), the cluster's CA inline and the admin bearer token.
import { writeFile, rename } from 'node:fs/promises';
import { stringify } from 'yaml';

export interface KubeconfigCluster {
  name: string;
  server: string;
  caPem: string;
  token: string;
}

export function renderKubeconfig(clusters: KubeconfigCluster[], currentContext: string): string {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': currentContext,
    clusters: clusters.map((c) => ({
      name: c.name,
      cluster: { server: c.server, 'certificate-authority-data': Buffer.from(c.caPem).toString('base64') },
    })),
    users: clusters.map((c) => ({ name: c.name, user: { token: c.token } })),
    contexts: clusters.map((c) => ({ name: c.name, context: { cluster: c.name, user: c.name } })),
  };
  return stringify(doc);
}

/** Writes atomically (temporary file plus rename) so a concurrent reader never sees half a kubeconfig. */
export async function writeKubeconfig(path: string, clusters: KubeconfigCluster[], currentContext: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, renderKubeconfig(clusters, currentContext), { mode: 0o600 });
  await rename(tmp, path);
}
