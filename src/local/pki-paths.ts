// Where a cluster's certificates live. Kept apart from pki.ts so that commands that only read them (status, down)
// do not load node-forge, which costs a few hundred milliseconds of start-up on every CLI call.
import { join } from 'node:path';

/** Where one cluster's PKI lives and the CA certificate in PEM, as the kubeconfig needs it. */
export interface ClusterPki {
  caFile: string;
  caKeyFile: string;
  certFile: string;
  keyFile: string;
  caPem: string;
}

export function pkiPaths(clusterDir: string): Omit<ClusterPki, 'caPem'> {
  const dir = join(clusterDir, 'pki');
  return {
    caFile: join(dir, 'ca.crt'),
    caKeyFile: join(dir, 'ca.key'),
    certFile: join(dir, 'apiserver.crt'),
    keyFile: join(dir, 'apiserver.key'),
  };
}
