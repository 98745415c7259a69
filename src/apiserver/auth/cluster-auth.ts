// Authentication and authorization of one cluster's requests, as kube-apiserver chains them: a bearer token is a
// static token from the token file or a service-account JWT; every authenticated user is also in
// system:authenticated; system:masters may do everything, everyone else is checked by RBAC.
import type { Store } from '../storage/store.js';
import { authenticateBoundToken } from './bound-token.js';
import { forbiddenError } from './forbidden.js';
import type { SigningKey } from './jwt.js';
import { RbacAuthorizer, type Decision } from './rbac-authorizer.js';
import { requestAttributes, type RequestAttributes } from './request-attributes.js';
import { ServiceAccountTokenAuthenticator } from './service-account-token.js';
import { StaticTokens } from './static-tokens.js';
import type { UserInfo } from './token-file.js';

export const AUTHENTICATED_GROUP = 'system:authenticated';

export interface ClusterAuthOptions {
  /** tokens.csv text or parsed map. */
  tokens: string | Map<string, UserInfo>;
  /** The token file to watch for changes (kubefed-local's DIR/<cluster>/tokens.csv). */
  tokenFile?: string;
  store: Store;
  signingKey: SigningKey;
  log?: (line: string) => void;
}

export class ClusterAuth {
  readonly rbac: RbacAuthorizer;
  readonly #static: StaticTokens;
  readonly #serviceAccounts: ServiceAccountTokenAuthenticator;
  readonly #store: Store;
  readonly #key: SigningKey;

  constructor(opts: ClusterAuthOptions) {
    this.#static = new StaticTokens(opts.tokens, opts.tokenFile, opts.log);
    this.#serviceAccounts = new ServiceAccountTokenAuthenticator(opts.store, opts.signingKey);
    this.#store = opts.store;
    this.#key = opts.signingKey;
    this.rbac = new RbacAuthorizer(opts.store);
  }

  /** The user behind an Authorization header; undefined when absent, malformed, unknown or revoked. */
  authenticate(authorization: string | undefined): UserInfo | undefined {
    if (!authorization) return undefined;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m) return undefined;
    return this.authenticateToken(m[1] as string);
  }

  /** The user a bearer token stands for (TokenReview asks this directly). */
  authenticateToken(token: string): UserInfo | undefined {
    const fixed = this.#static.get(token);
    if (fixed) return fixed.groups.includes(AUTHENTICATED_GROUP) ? fixed : { ...fixed, groups: [...fixed.groups, AUTHENTICATED_GROUP] };
    if (token.split('.').length !== 3) return undefined;
    return this.#serviceAccounts.authenticate(token) ?? authenticateBoundToken(token, this.#key, this.#store);
  }

  decide(user: UserInfo, a: RequestAttributes): Decision {
    return this.rbac.authorize(user, a);
  }

  /** Throws kube-apiserver's 403 unless the user may make this request. */
  authorize(user: UserInfo, method: string, path: string, query: URLSearchParams): void {
    const a = requestAttributes(method, path, query);
    const d = this.rbac.authorize(user, a);
    if (!d.allowed) throw forbiddenError(user.name, a, d.reason);
  }

  close(): void {
    this.#static.close();
    this.rbac.close();
  }
}
