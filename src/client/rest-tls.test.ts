import { test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';
import { connectionFromKubeFedCluster } from './kubeconfig.js';
import { RestClient } from './rest.js';
import { ConnectionError } from './errors.js';

interface Pem {
  cert: string;
  key: string;
}

function makeCert(opts: { cn: string; issuer?: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey }; ca?: boolean; altNames?: Array<{ type: number; value?: string; ip?: string }>; notBefore: Date; notAfter: Date }) {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = String(Math.floor(Math.random() * 1e9) + 1);
  cert.validity.notBefore = opts.notBefore;
  cert.validity.notAfter = opts.notAfter;
  cert.setSubject([{ name: 'commonName', value: opts.cn }]);
  cert.setIssuer(opts.issuer ? opts.issuer.cert.subject.attributes : [{ name: 'commonName', value: opts.cn }]);
  const ext: object[] = [];
  if (opts.ca) ext.push({ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, digitalSignature: true });
  if (opts.altNames) ext.push({ name: 'subjectAltName', altNames: opts.altNames });
  cert.setExtensions(ext);
  cert.sign(opts.issuer?.key ?? keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey, pem: { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) } as Pem };
}

const day = 86_400_000;
const now = Date.now();
const ca = makeCert({ cn: 'test-ca', ca: true, notBefore: new Date(now - day), notAfter: new Date(now + 10 * day) });
const otherCa = makeCert({ cn: 'other-ca', ca: true, notBefore: new Date(now - day), notAfter: new Date(now + 10 * day) });
const ipSan = [{ type: 7, ip: '127.0.0.1' }];
const good = makeCert({ cn: 'apiserver', issuer: ca, altNames: ipSan, notBefore: new Date(now - day), notAfter: new Date(now + day) });
const wrongName = makeCert({ cn: 'apiserver', issuer: ca, altNames: [{ type: 2, value: 'elsewhere.example' }], notBefore: new Date(now - day), notAfter: new Date(now + day) });
const expired = makeCert({ cn: 'apiserver', issuer: ca, altNames: ipSan, notBefore: new Date(now - 10 * day), notAfter: new Date(now - day) });

async function serve(t: { after: (fn: () => Promise<void>) => void }, pem: Pem): Promise<string> {
  const server = https.createServer({ cert: pem.cert, key: pem.key }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ major: '1', minor: '31', gitVersion: 'v1.31.0' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  t.after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function outcome(endpoint: string, caPem: string | undefined, disabled: string[]): Promise<string> {
  const conn = connectionFromKubeFedCluster({ name: 'm', apiEndpoint: endpoint, token: 't', disabledTLSValidations: disabled, ...(caPem ? { caBundle: Buffer.from(caPem).toString('base64') } : {}) });
  const client = new RestClient(conn);
  try {
    await client.requestJson({ method: 'GET', path: '/version' });
    return 'ok';
  } catch (err) {
    assert.ok(err instanceof ConnectionError, `expected a ConnectionError, got ${String(err)}`);
    return 'rejected';
  } finally {
    client.close();
  }
}

test('KubeFed TLS validations: CA, SubjectName and ValidityPeriod relaxations', async (t) => {
  const goodEp = await serve(t, good.pem);
  const wrongNameEp = await serve(t, wrongName.pem);
  const expiredEp = await serve(t, expired.pem);
  const caPem = ca.pem.cert;
  const cases: Array<[string, string, string | undefined, string[], string]> = [
    ['valid certificate and CA', goodEp, caPem, [], 'ok'],
    ['no CA bundle', goodEp, undefined, [], 'rejected'],
    ['another CA', goodEp, otherCa.pem.cert, [], 'rejected'],
    ['* skips all verification', goodEp, undefined, ['*'], 'ok'],
    ['name mismatch', wrongNameEp, caPem, [], 'rejected'],
    ['name mismatch with SubjectName', wrongNameEp, caPem, ['SubjectName'], 'ok'],
    ['expired', expiredEp, caPem, [], 'rejected'],
    ['expired with ValidityPeriod', expiredEp, caPem, ['ValidityPeriod'], 'ok'],
    ['expired with ValidityPeriod but another CA', expiredEp, otherCa.pem.cert, ['ValidityPeriod'], 'rejected'],
    ['name mismatch with only ValidityPeriod', wrongNameEp, caPem, ['ValidityPeriod'], 'rejected'],
  ];
  for (const [name, ep, caData, disabled, want] of cases) assert.equal(await outcome(ep, caData, disabled), want, name);
});
