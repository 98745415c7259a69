// Compact JWS (RFC 7515) with ES256 (RFC 7518 §3.4: ECDSA P-256 + SHA-256, signature as the raw r||s pair) on
// node:crypto. Only what service-account tokens need: sign a claims object, verify one against a known key.
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export type Claims = Record<string, unknown>;

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Key id: base64url SHA-256 of the public key's DER SubjectPublicKeyInfo (as kube-apiserver derives it). */
  kid: string;
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export function keyId(publicKey: KeyObject): string {
  return b64url(createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest());
}

export function signingKeyFrom(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, kid: keyId(publicKey) };
}

export function signJwt(claims: Claims, key: SigningKey): string {
  const head = b64url(JSON.stringify({ alg: 'ES256', kid: key.kid }));
  const body = b64url(JSON.stringify(claims));
  const sig = sign('sha256', Buffer.from(`${head}.${body}`), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${head}.${body}.${b64url(sig)}`;
}

export type VerifyResult = { ok: true; claims: Claims } | { ok: false; reason: string };

function parseJsonPart(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Checks shape, algorithm, key id, signature and (when present) `exp`/`nbf` against `nowSeconds`. */
export function verifyJwt(token: string, key: SigningKey, nowSeconds = Math.floor(Date.now() / 1000)): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'not a compact JWS' };
  const [head, body, sig] = parts as [string, string, string];
  const header = parseJsonPart(head);
  if (!header || header.alg !== 'ES256') return { ok: false, reason: 'unsupported algorithm' };
  if (header.kid !== undefined && header.kid !== key.kid) return { ok: false, reason: 'unknown signing key' };
  const good = verify('sha256', Buffer.from(`${head}.${body}`), { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url'));
  if (!good) return { ok: false, reason: 'invalid signature' };
  const claims = parseJsonPart(body);
  if (!claims) return { ok: false, reason: 'malformed claims' };
  if (typeof claims.exp === 'number' && nowSeconds >= claims.exp) return { ok: false, reason: 'token has expired' };
  if (typeof claims.nbf === 'number' && nowSeconds < claims.nbf) return { ok: false, reason: 'token not yet valid' };
  return { ok: true, claims };
}
