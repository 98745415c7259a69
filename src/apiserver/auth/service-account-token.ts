// Legacy (Secret-based) service-account tokens: the claims kube-controller-manager's token controller signs
// (k8s.io/kubernetes/pkg/serviceaccount/legacy.go) and the checks kube-apiserver's validator makes. A token is
// valid only while its Secret still holds it and its ServiceAccount exists with the uid the token names, so
// deleting either revokes it.
import type { KubeObject } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import type { Store } from '../storage/store.js';
import { signJwt, verifyJwt, type Claims, type SigningKey } from './jwt.js';
import { serviceAccountUsername } from './rbac-rules.js';
import type { UserInfo } from './token-file.js';

export const SERVICE_ACCOUNT_TOKEN_TYPE = 'kubernetes.io/service-account-token';
export const SA_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
export const SA_UID_ANNOTATION = 'kubernetes.io/service-account.uid';
export const LEGACY_ISSUER = 'kubernetes/serviceaccount';
export const SECRETS_KEY = '/secrets';
export const SERVICE_ACCOUNTS_KEY = '/serviceaccounts';

const CLAIM_NAMESPACE = 'kubernetes.io/serviceaccount/namespace';
const CLAIM_SECRET = 'kubernetes.io/serviceaccount/secret.name';
const CLAIM_SA_NAME = 'kubernetes.io/serviceaccount/service-account.name';
const CLAIM_SA_UID = 'kubernetes.io/serviceaccount/service-account.uid';

export function legacyClaims(serviceAccount: KubeObject, secretName: string): Claims {
  const ns = serviceAccount.metadata.namespace ?? '';
  const name = serviceAccount.metadata.name ?? '';
  return {
    iss: LEGACY_ISSUER,
    [CLAIM_NAMESPACE]: ns,
    [CLAIM_SECRET]: secretName,
    [CLAIM_SA_NAME]: name,
    [CLAIM_SA_UID]: serviceAccount.metadata.uid ?? '',
    sub: serviceAccountUsername(ns, name),
  };
}

export function issueLegacyToken(serviceAccount: KubeObject, secretName: string, key: SigningKey): string {
  return signJwt(legacyClaims(serviceAccount, secretName), key);
}

interface LegacyIdentity {
  namespace: string;
  secretName: string;
  name: string;
  uid: string;
}

function identityOf(claims: Claims): LegacyIdentity | undefined {
  const s = (k: string): string | undefined => (typeof claims[k] === 'string' && claims[k] !== '' ? (claims[k] as string) : undefined);
  const namespace = s(CLAIM_NAMESPACE);
  const secretName = s(CLAIM_SECRET);
  const name = s(CLAIM_SA_NAME);
  const uid = s(CLAIM_SA_UID);
  if (claims.iss !== LEGACY_ISSUER || !namespace || !secretName || !name || !uid) return undefined;
  if (claims.sub !== serviceAccountUsername(namespace, name)) return undefined;
  return { namespace, secretName, name, uid };
}

/** Signature checks cost tens of microseconds; remember verified tokens (bounded) and recheck only the store. */
const MAX_VERIFIED = 10_000;

export class ServiceAccountTokenAuthenticator {
  readonly #store: Store;
  readonly #key: SigningKey;
  readonly #verified = new Map<string, { identity: LegacyIdentity; exp?: number }>();

  constructor(store: Store, key: SigningKey) {
    this.#store = store;
    this.#key = key;
  }

  /** The service account's identity, or undefined for a token that is not (or no longer) valid. */
  authenticate(token: string, nowSeconds = Math.floor(Date.now() / 1000)): UserInfo | undefined {
    let entry = this.#verified.get(token);
    if (entry && entry.exp !== undefined && nowSeconds >= entry.exp) entry = undefined;
    if (!entry) {
      const r = verifyJwt(token, this.#key, nowSeconds);
      if (!r.ok) return undefined;
      const identity = identityOf(r.claims);
      if (!identity) return undefined;
      entry = { identity, exp: typeof r.claims.exp === 'number' ? r.claims.exp : undefined };
      if (this.#verified.size >= MAX_VERIFIED) this.#verified.clear();
      this.#verified.set(token, entry);
    }
    const id = entry.identity;
    const secret = this.#store.get(SECRETS_KEY, id.namespace, id.secretName);
    if (!secret || secret.metadata.deletionTimestamp) return undefined;
    const data = isObject(secret.data) ? secret.data : {};
    if (data.token !== Buffer.from(token).toString('base64')) return undefined;
    const sa = this.#store.get(SERVICE_ACCOUNTS_KEY, id.namespace, id.name);
    if (!sa || sa.metadata.deletionTimestamp || sa.metadata.uid !== id.uid) return undefined;
    return {
      name: serviceAccountUsername(id.namespace, id.name),
      uid: id.uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${id.namespace}`, 'system:authenticated'],
    };
  }
}
