import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import type { KubeObject } from '../../common/object.js';
import { Store } from '../storage/store.js';
import { signingKeyFrom, signJwt, verifyJwt } from './jwt.js';
import {
  issueLegacyToken, legacyClaims, SECRETS_KEY, SERVICE_ACCOUNTS_KEY, ServiceAccountTokenAuthenticator,
} from './service-account-token.js';

const newKey = () => signingKeyFrom(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);

function setup(): { store: Store; sa: KubeObject; secret: KubeObject; token: string; auth: ServiceAccountTokenAuthenticator; key: ReturnType<typeof newKey> } {
  const key = newKey();
  const store = new Store();
  const sa = store.create(SERVICE_ACCOUNTS_KEY, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'bot', namespace: 'team', uid: 'sa-uid' } });
  const token = issueLegacyToken(sa, 'bot-token', key);
  const secret = store.create(SECRETS_KEY, {
    apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token',
    metadata: { name: 'bot-token', namespace: 'team', uid: 's-uid', annotations: { 'kubernetes.io/service-account.name': 'bot' } },
    data: { token: Buffer.from(token).toString('base64') },
  });
  return { store, sa, secret, token, auth: new ServiceAccountTokenAuthenticator(store, key), key };
}

test('a legacy token authenticates as the service account with its groups', () => {
  const { auth, token } = setup();
  assert.deepEqual(auth.authenticate(token), {
    name: 'system:serviceaccount:team:bot', uid: 'sa-uid',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated'],
  });
});

test('legacy claims carry the Kubernetes claim names', () => {
  const { sa } = setup();
  assert.deepEqual(legacyClaims(sa, 'bot-token'), {
    iss: 'kubernetes/serviceaccount',
    'kubernetes.io/serviceaccount/namespace': 'team',
    'kubernetes.io/serviceaccount/secret.name': 'bot-token',
    'kubernetes.io/serviceaccount/service-account.name': 'bot',
    'kubernetes.io/serviceaccount/service-account.uid': 'sa-uid',
    sub: 'system:serviceaccount:team:bot',
  });
});

test('tokens stop authenticating when invalid or revoked', async (t) => {
  await t.test('deleting the ServiceAccount', () => {
    const { auth, token, store, sa } = setup();
    assert.ok(auth.authenticate(token));
    store.delete(SERVICE_ACCOUNTS_KEY, sa);
    assert.equal(auth.authenticate(token), undefined);
  });
  await t.test('a ServiceAccount recreated with another uid', () => {
    const { auth, token, store, sa } = setup();
    store.delete(SERVICE_ACCOUNTS_KEY, sa);
    store.create(SERVICE_ACCOUNTS_KEY, { ...sa, metadata: { ...sa.metadata, uid: 'other', resourceVersion: undefined } });
    assert.equal(auth.authenticate(token), undefined);
  });
  await t.test('deleting the Secret', () => {
    const { auth, token, store, secret } = setup();
    store.delete(SECRETS_KEY, secret);
    assert.equal(auth.authenticate(token), undefined);
  });
  await t.test('a Secret that no longer holds the token', () => {
    const { auth, token, store, secret, sa, key } = setup();
    store.update(SECRETS_KEY, { ...secret, data: { token: Buffer.from(issueLegacyToken(sa, 'bot-token', key) + 'x').toString('base64') } }, secret);
    assert.equal(auth.authenticate(token), undefined);
  });
  await t.test('signed by an unknown key', () => {
    const { auth, sa } = setup();
    assert.equal(auth.authenticate(issueLegacyToken(sa, 'bot-token', newKey())), undefined);
  });
  await t.test('a tampered payload', () => {
    const { auth, token } = setup();
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...legacyClaims(setup().sa, 'bot-token'), sub: 'system:serviceaccount:team:admin' })).toString('base64url');
    assert.equal(auth.authenticate(`${h}.${forged}.${s}`), undefined);
  });
  await t.test('not a JWT', () => {
    const { auth } = setup();
    assert.equal(auth.authenticate('a.b.c'), undefined);
  });
});

test('JWT verification enforces exp and nbf', () => {
  const key = newKey();
  const now = 1_700_000_000;
  const cases = [
    { claims: { exp: now - 1 }, ok: false, reason: 'token has expired' },
    { claims: { exp: now + 60 }, ok: true },
    { claims: { nbf: now + 60 }, ok: false, reason: 'token not yet valid' },
    { claims: {}, ok: true },
  ];
  for (const c of cases) {
    const r = verifyJwt(signJwt(c.claims, key), key, now);
    assert.equal(r.ok, c.ok, JSON.stringify(c.claims));
    if (!r.ok) assert.equal(r.reason, c.reason);
  }
  const other = newKey();
  assert.deepEqual(verifyJwt(signJwt({}, other), key, now), { ok: false, reason: 'unknown signing key' });
});

test('an expired service-account token is rejected even after a successful check', () => {
  const { store, sa, key } = setup();
  const now = Math.floor(Date.now() / 1000);
  const token = signJwt({ ...legacyClaims(sa, 'short'), exp: now + 10 }, key);
  store.create(SECRETS_KEY, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'short', namespace: 'team', uid: 'x' }, data: { token: Buffer.from(token).toString('base64') } });
  const auth = new ServiceAccountTokenAuthenticator(store, key);
  assert.ok(auth.authenticate(token, now));
  assert.equal(auth.authenticate(token, now + 10), undefined);
});
