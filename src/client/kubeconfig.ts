// Where a cluster is and how to authenticate to it. Kubeconfig parsing and the dynamic credential plugins (exec,
// auth providers, token files) come from @kubernetes/client-node 1.4.0's KubeConfig; everything after that (HTTP,
// TLS, retries, watches) is ours (ts-ecosystem.md §1).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OutgoingHttpHeaders } from 'node:http';
import type https from 'node:https';
import { KubeConfig, type Cluster, type User } from '@kubernetes/client-node';

/** Everything needed to open connections to one cluster's API server. PEM fields hold decoded PEM text. */
export interface ClusterConnection {
  /** Name used in messages: the kubeconfig context, or the KubeFedCluster name. */
  name: string;
  /** Base URL, e.g. https://127.0.0.1:6443 (a path prefix is kept). */
  server: string;
  caData?: string;
  token?: string;
  clientCertData?: string;
  clientKeyData?: string;
  username?: string;
  password?: string;
  /** No server certificate verification at all (kubeconfig insecure-skip-tls-verify, KubeFed `*`). */
  skipTLSVerify: boolean;
  /** Verify the chain but not that the certificate names the host (KubeFed `SubjectName`). */
  skipHostnameVerification?: boolean;
  /** Verify the chain but accept a certificate outside its validity period (KubeFed `ValidityPeriod`). */
  acceptExpiredCertificates?: boolean;
  /** SNI and hostname used for verification instead of the server's host (kubeconfig tls-server-name). */
  tlsServerName?: string;
  proxyUrl?: string;
  /** Default namespace of the kubeconfig context. */
  namespace?: string;
  /** Credentials that change over time (exec plugins, rotated token files): the Authorization header to send. */
  authorization?: () => Promise<string | undefined>;
  /** Client-side rate limit the connection was configured with (KubeFed member clusters: 20 qps, burst 30). */
  qps?: number;
  burst?: number;
}

export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
}

export interface LoadClusterConnectionOptions {
  /** Path of a kubeconfig file; otherwise $KUBECONFIG, ~/.kube/config, then the in-cluster service account. */
  kubeconfig?: string;
  /** Context to use instead of the file's current-context. */
  context?: string;
  /** Root of the mounted service account (tests point it elsewhere). */
  serviceAccountDir?: string;
  /** Environment to read KUBECONFIG, HOME and KUBERNETES_SERVICE_* from (tests replace it). */
  env?: NodeJS.ProcessEnv;
}

/** Kubernetes mounts the pod's service account credentials here (rest.InClusterConfig). */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

interface LoadedConfig {
  kc: KubeConfig;
  source: string;
  inCluster: boolean;
}

function loadKubeConfig(opts: LoadClusterConnectionOptions): LoadedConfig {
  const env = opts.env ?? process.env;
  const kc = new KubeConfig();
  if (opts.kubeconfig) {
    const file = path.resolve(opts.kubeconfig);
    if (!fs.existsSync(file)) throw new KubeconfigError(`kubeconfig file "${opts.kubeconfig}" does not exist`);
    parseFile(kc, file);
    return { kc, source: opts.kubeconfig, inCluster: false };
  }
  const fromEnv = (env['KUBECONFIG'] ?? '').split(path.delimiter).filter((f) => f !== '');
  if (fromEnv.length > 0) {
    // Like kubectl, files in $KUBECONFIG that do not exist are skipped; the first file's current-context wins.
    const existing = fromEnv.filter((f) => fs.existsSync(f));
    if (existing.length === 0) throw new KubeconfigError(`none of the files in KUBECONFIG (${fromEnv.join(path.delimiter)}) exist`);
    parseFile(kc, existing[0] as string);
    for (const f of existing.slice(1)) {
      const more = new KubeConfig();
      parseFile(more, f);
      kc.mergeConfig(more, true);
    }
    return { kc, source: existing.join(path.delimiter), inCluster: false };
  }
  const home = env['HOME'] || env['USERPROFILE'] || os.homedir();
  const defaultFile = path.join(home, '.kube', 'config');
  if (fs.existsSync(defaultFile)) {
    parseFile(kc, defaultFile);
    return { kc, source: defaultFile, inCluster: false };
  }
  const saDir = opts.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const host = env['KUBERNETES_SERVICE_HOST'];
  const port = env['KUBERNETES_SERVICE_PORT'];
  if (host && port && fs.existsSync(path.join(saDir, 'token'))) {
    // KubeConfig.loadFromCluster reads process.env and a path prefix; the prefix turns our dir into its fixed path.
    const prefix = saDir.endsWith(SERVICE_ACCOUNT_DIR) ? saDir.slice(0, saDir.length - SERVICE_ACCOUNT_DIR.length) : undefined;
    if (prefix !== undefined && env === process.env) {
      kc.loadFromCluster(prefix);
    } else {
      loadInCluster(kc, host, port, saDir);
    }
    return { kc, source: 'in-cluster service account', inCluster: true };
  }
  throw new KubeconfigError(
    `no kubeconfig found: pass --kubeconfig, set KUBECONFIG, create ${defaultFile}, or run inside a cluster`,
  );
}

/** The same cluster/user KubeConfig.loadFromCluster builds, for a service account mounted at a custom path. */
function loadInCluster(kc: KubeConfig, host: string, port: string, saDir: string): void {
  const scheme = port === '80' || port === '8080' || port === '8001' ? 'http' : 'https';
  const serverHost = host.includes(':') ? `[${host}]` : host;
  const nsFile = path.join(saDir, 'namespace');
  const namespace = fs.existsSync(nsFile) ? fs.readFileSync(nsFile, 'utf8').trim() : undefined;
  kc.loadFromOptions({
    clusters: [{ name: 'inCluster', server: `${scheme}://${serverHost}:${port}`, caFile: path.join(saDir, 'ca.crt'), skipTLSVerify: false }],
    users: [{ name: 'inClusterUser', authProvider: { name: 'tokenFile', config: { tokenFile: path.join(saDir, 'token') } } }],
    contexts: [{ name: 'inClusterContext', cluster: 'inCluster', user: 'inClusterUser', namespace }],
    currentContext: 'inClusterContext',
  });
}

function parseFile(kc: KubeConfig, file: string): void {
  try {
    kc.loadFromFile(file);
  } catch (err) {
    throw new KubeconfigError(`cannot load kubeconfig file "${file}": ${err instanceof Error ? err.message : String(err)}`);
  }
}

function readPem(data: string | undefined, file: string | undefined, what: string, owner: string): string | undefined {
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  if (file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new KubeconfigError(`cannot read ${what} file "${file}" of ${owner}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return undefined;
}

function hasDynamicCredentials(user: User): boolean {
  return Boolean(user.exec || user.authProvider);
}

/**
 * Resolves a kubeconfig (or the in-cluster service account) to the connection of one context. Errors name the file
 * and the missing entry: `context "x" does not exist in kubeconfig FILE`.
 */
export function loadClusterConnection(opts: LoadClusterConnectionOptions = {}): ClusterConnection {
  const { kc, source, inCluster } = loadKubeConfig(opts);
  const contextName = opts.context ?? kc.getCurrentContext();
  if (!contextName) {
    throw new KubeconfigError(`kubeconfig ${source} has no current-context; pass --context with one of: ${contextNames(kc)}`);
  }
  const ctx = kc.getContextObject(contextName);
  if (!ctx) throw new KubeconfigError(`context "${contextName}" does not exist in kubeconfig ${source}`);
  const cluster: Cluster | null = kc.getCluster(ctx.cluster);
  if (!cluster) {
    throw new KubeconfigError(`cluster "${ctx.cluster}" of context "${contextName}" does not exist in kubeconfig ${source}`);
  }
  const user: User | null = kc.getUser(ctx.user);
  if (!user) throw new KubeconfigError(`user "${ctx.user}" of context "${contextName}" does not exist in kubeconfig ${source}`);
  if (!cluster.server) throw new KubeconfigError(`cluster "${ctx.cluster}" in kubeconfig ${source} has no server`);

  const conn: ClusterConnection = {
    name: inCluster ? 'in-cluster' : contextName,
    server: cluster.server.replace(/\/+$/, ''),
    skipTLSVerify: cluster.skipTLSVerify === true,
  };
  const ca = readPem(cluster.caData, cluster.caFile, 'certificate-authority', `cluster "${cluster.name}"`);
  if (ca) conn.caData = ca;
  if (cluster.tlsServerName) conn.tlsServerName = cluster.tlsServerName;
  if (cluster.proxyUrl) conn.proxyUrl = cluster.proxyUrl;
  if (ctx.namespace) conn.namespace = ctx.namespace;
  const cert = readPem(user.certData, user.certFile, 'client-certificate', `user "${user.name}"`);
  const key = readPem(user.keyData, user.keyFile, 'client-key', `user "${user.name}"`);
  if (cert) conn.clientCertData = cert;
  if (key) conn.clientKeyData = key;
  if (user.token) conn.token = user.token;
  if (user.username) conn.username = user.username;
  if (user.password) conn.password = user.password;
  if (hasDynamicCredentials(user)) {
    // The exec / auth-provider / token-file authenticators cache and refresh credentials themselves. They run in a
    // KubeConfig of their own whose cluster is a placeholder https URL: applyToHTTPSOptions also builds an agent
    // (unused here) and refuses plain-http servers, which our local clusters may be.
    const authKc = new KubeConfig();
    authKc.loadFromClusterAndUser({ name: cluster.name, server: 'https://credentials.invalid', skipTLSVerify: true }, user);
    conn.authorization = async () => {
      const headers: OutgoingHttpHeaders = {};
      const request: https.RequestOptions = { headers };
      await authKc.applyToHTTPSOptions(request);
      const header = headers['Authorization'] ?? headers['authorization'];
      return typeof header === 'string' ? header.trim() : undefined;
    };
  }
  return conn;
}

/** Names of the contexts in a kubeconfig (for `--context` completion and messages). */
export function listContexts(opts: LoadClusterConnectionOptions = {}): { current: string; contexts: string[] } {
  const { kc } = loadKubeConfig(opts);
  return { current: kc.getCurrentContext(), contexts: kc.getContexts().map((c) => c.name) };
}

function contextNames(kc: KubeConfig): string {
  const names = kc.getContexts().map((c) => c.name);
  return names.length > 0 ? names.join(', ') : '(the file has no contexts)';
}

/** The KubeFedCluster fields a member connection is built from (kubefed-behaviour.md §2.1). */
export interface KubeFedClusterEndpoint {
  /** KubeFedCluster name. */
  name: string;
  apiEndpoint: string;
  /** spec.caBundle: base64 as stored in the object (PEM text is accepted too). */
  caBundle?: string;
  /** data.token of the cluster's secret, decoded. */
  token: string;
  disabledTLSValidations?: string[];
  proxyURL?: string;
}

/** KubeFed's member client limits (pkg/controller/util/cluster_util.go BuildClusterConfig). */
export const KUBEFED_MEMBER_QPS = 20;
export const KUBEFED_MEMBER_BURST = 30;

/** Turns `host`, `host:port`, an IP or a URL into a URL; KubeFed defaults the scheme to https. */
export function normalizeApiEndpoint(apiEndpoint: string): string {
  const trimmed = apiEndpoint.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new KubeconfigError(`apiEndpoint "${apiEndpoint}" is not a valid host, host:port or URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new KubeconfigError(`apiEndpoint "${apiEndpoint}" must use http or https, not ${url.protocol.replace(':', '')}`);
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Builds a member cluster connection with KubeFed's semantics: `*` disables verification, `SubjectName` skips the
 * hostname check, `ValidityPeriod` accepts certificates outside their validity window.
 */
export function connectionFromKubeFedCluster(cluster: KubeFedClusterEndpoint): ClusterConnection {
  if (!cluster.apiEndpoint || !cluster.apiEndpoint.trim()) {
    throw new KubeconfigError(`KubeFedCluster "${cluster.name}" has an empty spec.apiEndpoint`);
  }
  if (!cluster.token) throw new KubeconfigError(`the secret of KubeFedCluster "${cluster.name}" has no token`);
  const conn: ClusterConnection = {
    name: cluster.name,
    server: normalizeApiEndpoint(cluster.apiEndpoint),
    token: cluster.token.trim(),
    skipTLSVerify: false,
    qps: KUBEFED_MEMBER_QPS,
    burst: KUBEFED_MEMBER_BURST,
  };
  if (cluster.caBundle) {
    conn.caData = cluster.caBundle.trimStart().startsWith('-----BEGIN')
      ? cluster.caBundle
      : Buffer.from(cluster.caBundle.trim(), 'base64').toString('utf8');
  }
  if (cluster.proxyURL) conn.proxyUrl = cluster.proxyURL;
  for (const v of cluster.disabledTLSValidations ?? []) {
    if (v === '*') conn.skipTLSVerify = true;
    else if (v === 'SubjectName') conn.skipHostnameVerification = true;
    else if (v === 'ValidityPeriod') conn.acceptExpiredCertificates = true;
    else {
      throw new KubeconfigError(
        `KubeFedCluster "${cluster.name}" spec.disabledTLSValidations has unknown value "${v}" (allowed: *, SubjectName, ValidityPeriod)`,
      );
    }
  }
  return conn;
}
