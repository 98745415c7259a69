// What a real control plane needs beyond the cluster's CA, serving certificate and admin token: the service-account
// signing key pair (kube-apiserver signs and verifies tokens with it, kube-controller-manager's token controller
// fills legacy token Secrets with it, which `kubefedctl join` relies on), and an identity for each component.
// The components authenticate with static tokens under their well-known user names, so the bootstrap RBAC that
// kube-apiserver creates (system:kube-controller-manager, system:kube-scheduler) applies exactly as in kubeadm.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { formatTokenLine, newToken, parseTokenFile } from '../tokens.js';

export const CONTROLLER_MANAGER_USER = 'system:kube-controller-manager';
export const SCHEDULER_USER = 'system:kube-scheduler';

export interface ServiceAccountKeys {
  keyFile: string;
  publicKeyFile: string;
}

/** The signing key pair under pki/, created once and kept (tokens already handed out stay valid). */
export async function ensureServiceAccountKeys(clusterDir: string): Promise<ServiceAccountKeys> {
  const keyFile = join(clusterDir, 'pki', 'sa.key');
  const publicKeyFile = join(clusterDir, 'pki', 'sa.pub');
  if (!existsSync(keyFile) || !existsSync(publicKeyFile)) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    await writeFile(keyFile, privateKey, { mode: 0o600 });
    await writeFile(publicKeyFile, publicKey);
  }
  return { keyFile, publicKeyFile };
}

/**
 * The token of `user` in the cluster's token file, appending a new line for it when there is none. Appending keeps
 * every token handed out before (the kubeconfig's admin token among them).
 */
export async function ensureUserToken(tokenFile: string, user: string): Promise<string> {
  const entries = parseTokenFile(await readFile(tokenFile, 'utf8'));
  const found = entries.find((e) => e.user === user);
  if (found) return found.token;
  const token = newToken();
  await appendFile(tokenFile, formatTokenLine({ token, user, uid: user, groups: [] }) + '\n');
  return token;
}

/** A kubeconfig for one component: the loopback server, the cluster CA and the component's token. */
export async function writeComponentKubeconfig(file: string, server: string, caFile: string, token: string): Promise<void> {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'local', cluster: { server, 'certificate-authority': caFile } }],
    users: [{ name: 'component', user: { token } }],
    contexts: [{ name: 'local', context: { cluster: 'local', user: 'component' } }],
    'current-context': 'local',
  };
  await writeFile(file, stringify(doc), { mode: 0o600 });
}
