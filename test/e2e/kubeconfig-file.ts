// A kubeconfig for one cluster and one user, for e2e files that talk to a cluster with other credentials than the
// admin kubeconfig `kubefed-local` writes (no token, a wrong token or CA, a ServiceAccount's token).
import { stringify } from 'yaml';

export interface KubeconfigFileOptions {
  server: string;
  /** The CA that must verify `server` (PEM). */
  caPem: string;
  /** The user's credentials: a bearer token, or basic-auth fields (which our servers refuse). */
  user: { token: string } | { username: string; password: string };
  /** Name of the cluster, the user and the context, which is also the current context (default `default`). */
  name?: string;
}

/** The kubeconfig YAML (client-go clientcmd v1 Config) for one cluster, one user and the context joining them. */
export function kubeconfigYaml(o: KubeconfigFileOptions): string {
  const name = o.name ?? 'default';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': name,
    clusters: [{ name, cluster: { server: o.server, 'certificate-authority-data': Buffer.from(o.caPem).toString('base64') } }],
    users: [{ name, user: o.user }],
    contexts: [{ name, context: { cluster: name, user: name } }],
  });
}
