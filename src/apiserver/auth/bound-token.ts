// Bound service-account tokens: what the TokenRequest API (POST serviceaccounts/NAME/token, `kubectl create token`)
// issues and kube-apiserver's validator accepts (k8s.io/kubernetes/pkg/serviceaccount/claims.go). The claims name the
// ServiceAccount by namespace, name and uid; a token stays valid until it expires or the ServiceAccount it names is
// deleted (or recreated with another uid). No Secret is involved.
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../common/object.js';
import type { Store } from '../storage/store.js';
import { signJwt, verifyJwt, type Claims, type SigningKey } from './jwt.js';
import { serviceAccountUsername } from './rbac-rules.js';
import { SERVICE_ACCOUNTS_KEY } from './service-account-token.js';
import type { UserInfo } from './token-file.js';

/** --service-account-issuer of both engines; also the default audience (--api-audiences defaults to the issuer). */
export const TOKEN_ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** The extra key kube-apiserver adds for a bound token's user, holding `JTI=<jti>`. */
export const CREDENTIAL_ID_EXTRA = 'authentication.kubernetes.io/credential-id';

export interface BoundTokenRequest {
  serviceAccount: KubeObject;
  audiences: string[];
  expirationSeconds: number;
  nowSeconds?: number;
}

export function issueBoundToken(r: BoundTokenRequest, key: SigningKey): { token: string; expires: number } {
  const now = r.nowSeconds ?? Math.floor(Date.now() / 1000);
  const ns = r.serviceAccount.metadata.namespace ?? '';
  const name = r.serviceAccount.metadata.name ?? '';
  const exp = now + r.expirationSeconds;
  const claims: Claims = {
    aud: r.audiences,
    exp,
    iat: now,
    iss: TOKEN_ISSUER,
    jti: randomUUID(),
    'kubernetes.io': { namespace: ns, serviceaccount: { name, uid: r.serviceAccount.metadata.uid ?? '' } },
    nbf: now,
    sub: serviceAccountUsername(ns, name),
  };
  return { token: signJwt(claims, key), expires: exp };
}

interface Identity {
  namespace: string;
  name: string;
  uid: string;
  jti: string;
}

function identityOf(claims: Claims): Identity | undefined {
  if (claims.iss !== TOKEN_ISSUER) return undefined;
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(TOKEN_ISSUER)) return undefined;
  const k = claims['kubernetes.io'];
  if (typeof k !== 'object' || k === null) return undefined;
  const kc = k as { namespace?: unknown; serviceaccount?: { name?: unknown; uid?: unknown } };
  const namespace = typeof kc.namespace === 'string' ? kc.namespace : '';
  const name = typeof kc.serviceaccount?.name === 'string' ? kc.serviceaccount.name : '';
  const uid = typeof kc.serviceaccount?.uid === 'string' ? kc.serviceaccount.uid : '';
  if (!namespace || !name || !uid || claims.sub !== serviceAccountUsername(namespace, name)) return undefined;
  return { namespace, name, uid, jti: typeof claims.jti === 'string' ? claims.jti : '' };
}

/** The ServiceAccount user of a bound token, or undefined (bad signature, expired, other issuer, account gone). */
export function authenticateBoundToken(token: string, key: SigningKey, store: Store, nowSeconds = Math.floor(Date.now() / 1000)): UserInfo | undefined {
  const r = verifyJwt(token, key, nowSeconds);
  if (!r.ok) return undefined;
  const id = identityOf(r.claims);
  if (!id) return undefined;
  const sa = store.get(SERVICE_ACCOUNTS_KEY, id.namespace, id.name);
  if (!sa || sa.metadata.deletionTimestamp || sa.metadata.uid !== id.uid) return undefined;
  return {
    name: serviceAccountUsername(id.namespace, id.name),
    uid: id.uid,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${id.namespace}`, 'system:authenticated'],
    ...(id.jti ? { extra: { [CREDENTIAL_ID_EXTRA]: [`JTI=${id.jti}`] } } : {}),
  };
}
