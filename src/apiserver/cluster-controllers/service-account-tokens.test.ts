import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import type { KubeObject } from '../../common/object.js';
import { AdmissionChain } from '../admission/admission.js';
import { builtinAdmission } from '../admission/builtin-admission.js';
import { signingKeyFrom } from '../auth/jwt.js';
import { ServiceAccountTokenAuthenticator } from '../auth/service-account-token.js';
import { ObjectService } from '../objects/object-service.js';
import { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';
import { Store } from '../storage/store.js';
import { startServiceAccountTokens } from './service-account-tokens.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function setup() {
  const registry = new Registry();
  const store = new Store();
  const admission = new AdmissionChain();
  const svc = new ObjectService(store, admission);
  admission.use(builtinAdmission(svc));
  const type = (r: string): ResourceType => registry.get('', 'v1', r) as ResourceType;
  svc.create(type('namespaces'), '', { metadata: { name: 'team' } });
  const key = signingKeyFrom(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  const stop = startServiceAccountTokens(registry, svc, { signingKey: key, caPem: CA });
  const auth = new ServiceAccountTokenAuthenticator(store, key);
  const tokenSecret = (name: string, sa: string): unknown => ({
    metadata: { name, annotations: { 'kubernetes.io/service-account.name': sa } }, type: 'kubernetes.io/service-account-token',
  });
  return { svc, type, stop, auth, tokenSecret };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const text = (o: KubeObject, k: string): string => Buffer.from(String((o.data as Record<string, unknown>)[k]), 'base64').toString('utf8');

test('a service-account-token Secret is filled with token, ca.crt, namespace and the uid annotation', async () => {
  const { svc, type, stop, auth, tokenSecret } = setup();
  const sa = svc.create(type('serviceaccounts'), 'team', { metadata: { name: 'bot' } }).object;
  svc.create(type('secrets'), 'team', tokenSecret('bot-token', 'bot'));
  await tick();
  const s = svc.get(type('secrets'), 'team', 'bot-token');
  assert.equal(text(s, 'ca.crt'), CA);
  assert.equal(text(s, 'namespace'), 'team');
  assert.equal(s.metadata.annotations?.['kubernetes.io/service-account.uid'], sa.metadata.uid);
  assert.equal(auth.authenticate(text(s, 'token'))?.name, 'system:serviceaccount:team:bot');
  stop();
});

test('a Secret written before its ServiceAccount is filled when the ServiceAccount appears', async () => {
  const { svc, type, stop, tokenSecret } = setup();
  svc.create(type('secrets'), 'team', tokenSecret('early', 'late-sa'));
  await tick();
  assert.equal(svc.get(type('secrets'), 'team', 'early').data, undefined);
  svc.create(type('serviceaccounts'), 'team', { metadata: { name: 'late-sa' } });
  await tick();
  assert.ok(text(svc.get(type('secrets'), 'team', 'early'), 'token').split('.').length === 3);
  stop();
});

test('other Secrets are left alone', async () => {
  const { svc, type, stop } = setup();
  svc.create(type('serviceaccounts'), 'team', { metadata: { name: 'bot' } });
  svc.create(type('secrets'), 'team', { metadata: { name: 'plain', annotations: { 'kubernetes.io/service-account.name': 'bot' } }, type: 'Opaque' });
  await tick();
  assert.equal(svc.get(type('secrets'), 'team', 'plain').data, undefined);
  stop();
});

test('deleting the ServiceAccount deletes its token Secrets and revokes the token', async () => {
  const { svc, type, stop, auth, tokenSecret } = setup();
  svc.create(type('serviceaccounts'), 'team', { metadata: { name: 'bot' } });
  svc.create(type('secrets'), 'team', tokenSecret('bot-token', 'bot'));
  await tick();
  const token = text(svc.get(type('secrets'), 'team', 'bot-token'), 'token');
  assert.ok(auth.authenticate(token));
  svc.delete(type('serviceaccounts'), 'team', 'bot');
  assert.equal(auth.authenticate(token), undefined);
  await tick();
  assert.equal(svc.find(type('secrets'), 'team', 'bot-token'), undefined);
  stop();
});
