// Everything authentication and authorization add to one API server: the bootstrap RBAC policy, the per-cluster
// service-account signing key, the token controller that fills service-account-token Secrets, and (when the server
// has a token file) the request authenticator and RBAC authorizer.
import { startServiceAccountTokens } from '../cluster-controllers/service-account-tokens.js';
import type { ObjectService } from '../objects/object-service.js';
import type { Registry } from '../registry/registry.js';
import { ensureBootstrapPolicy } from './bootstrap-policy.js';
import { ClusterAuth } from './cluster-auth.js';
import type { SigningKey } from './jwt.js';
import { loadOrCreateSigningKey } from './signing-key.js';
import type { UserInfo } from './token-file.js';

export interface ClusterSecurityOptions {
  /** tokens.csv text or parsed map; absent = no authentication (in-process test servers). */
  tokens?: string | Map<string, UserInfo>;
  /** The token file, re-read when it changes. */
  tokenFile?: string;
  /** Where the service-account signing key is kept; absent = a key in memory. */
  dataDir?: string;
  /** The cluster CA (PEM) put into service-account-token Secrets as ca.crt. */
  caPem?: string;
  log?: (line: string) => void;
}

export interface ClusterSecurity {
  /** Undefined when the server runs without authentication. */
  auth?: ClusterAuth;
  /** Signs service-account tokens (TokenRequest, the token controller). */
  signingKey: SigningKey;
  stop(): void;
}

export function startClusterSecurity(registry: Registry, service: ObjectService, opts: ClusterSecurityOptions): ClusterSecurity {
  ensureBootstrapPolicy(registry, service);
  const signingKey = loadOrCreateSigningKey(opts.dataDir);
  const stopTokens = startServiceAccountTokens(registry, service, { signingKey, caPem: opts.caPem, log: opts.log });
  const auth = opts.tokens === undefined
    ? undefined
    : new ClusterAuth({ tokens: opts.tokens, tokenFile: opts.tokenFile, store: service.store, signingKey, log: opts.log });
  return {
    auth,
    signingKey,
    stop() {
      stopTokens();
      auth?.close();
    },
  };
}
