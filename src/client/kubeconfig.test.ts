import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectionFromKubeFedCluster, loadClusterConnection, normalizeApiEndpoint, KubeconfigError } from './kubeconfig.js';
import { RestClient } from './rest.js';
import { CORE_RESOURCES, FakeKubeApi } from './testing/fake-api.js';

const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

function kubeconfigYaml(current: string | undefined): string {
  return `apiVersion: v1
kind: Config
${current ? `current-context: ${current}` : ''}
clusters:
- name: c1
  cluster:
    server: https://127.0.0.1:6443/
    certificate-authority-data: ${b64(CA_PEM)}
- name: c2
  cluster:
    server: http://127.0.0.1:8080
    insecure-skip-tls-verify: true
    proxy-url: http://proxy.local:3128
users:
- name: admin
  user:
    token: tok-1
- name: certuser
  user:
    client-certificate-data: ${b64('CERT')}
    client-key-data: ${b64('KEY')}
contexts:
- name: one
  context: { cluster: c1, user: admin, namespace: team-a }
- name: two
  context: { cluster: c2, user: certuser }
- name: dangling-cluster
  context: { cluster: nope, user: admin }
- name: dangling-user
  context: { cluster: c1, user: nobody }
`;
}

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeconfig-test-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const emptyEnv = (home: string): NodeJS.ProcessEnv => ({ HOME: home });

test('loads the current context of an explicit kubeconfig file', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, kubeconfigYaml('one'));
  const conn = loadClusterConnection({ kubeconfig: file, env: emptyEnv(dir) });
  assert.equal(conn.name, 'one');
  assert.equal(conn.server, 'https://127.0.0.1:6443');
  assert.equal(conn.caData, CA_PEM);
  assert.equal(conn.token, 'tok-1');
  assert.equal(conn.namespace, 'team-a');
  assert.equal(conn.skipTLSVerify, false);
  assert.equal(conn.authorization, undefined);
});

test('--context selects another context with client certificates, skip-verify and proxy', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, kubeconfigYaml('one'));
  const conn = loadClusterConnection({ kubeconfig: file, context: 'two', env: emptyEnv(dir) });
  assert.equal(conn.server, 'http://127.0.0.1:8080');
  assert.equal(conn.skipTLSVerify, true);
  assert.equal(conn.clientCertData, 'CERT');
  assert.equal(conn.clientKeyData, 'KEY');
  assert.equal(conn.proxyUrl, 'http://proxy.local:3128');
  assert.equal(conn.token, undefined);
});

test('kubeconfig errors name the file and the missing entry', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, kubeconfigYaml('one'));
  const noCurrent = path.join(dir, 'nocurrent');
  fs.writeFileSync(noCurrent, kubeconfigYaml(undefined));
  const cases: Array<[Parameters<typeof loadClusterConnection>[0], string]> = [
    [{ kubeconfig: file, context: 'x' }, `context "x" does not exist in kubeconfig ${file}`],
    [{ kubeconfig: path.join(dir, 'missing') }, `kubeconfig file "${path.join(dir, 'missing')}" does not exist`],
    [{ kubeconfig: file, context: 'dangling-cluster' }, `cluster "nope" of context "dangling-cluster" does not exist in kubeconfig ${file}`],
    [{ kubeconfig: file, context: 'dangling-user' }, `user "nobody" of context "dangling-user" does not exist in kubeconfig ${file}`],
    [{ kubeconfig: noCurrent }, `kubeconfig ${noCurrent} has no current-context; pass --context with one of: one, two, dangling-cluster, dangling-user`],
  ];
  for (const [opts, message] of cases) {
    assert.throws(() => loadClusterConnection({ ...opts, env: emptyEnv(dir) }), (err: unknown) => {
      assert.ok(err instanceof KubeconfigError);
      assert.equal(err.message, message);
      return true;
    });
  }
});

test('KUBECONFIG, then ~/.kube/config, then nothing', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'fromenv');
  fs.writeFileSync(file, kubeconfigYaml('two'));
  assert.equal(loadClusterConnection({ env: { HOME: dir, KUBECONFIG: `${path.join(dir, 'absent')}${path.delimiter}${file}` } }).name, 'two');
  assert.throws(() => loadClusterConnection({ env: { HOME: dir } }), /no kubeconfig found/);
  fs.mkdirSync(path.join(dir, '.kube'));
  fs.writeFileSync(path.join(dir, '.kube', 'config'), kubeconfigYaml('one'));
  assert.equal(loadClusterConnection({ env: { HOME: dir } }).name, 'one');
});

test('in-cluster service account: server from env, CA and a token re-read through the auth plugin', async (t) => {
  const dir = tempDir(t);
  const sa = path.join(dir, 'sa');
  fs.mkdirSync(sa);
  fs.writeFileSync(path.join(sa, 'token'), 'sa-token');
  fs.writeFileSync(path.join(sa, 'ca.crt'), CA_PEM);
  fs.writeFileSync(path.join(sa, 'namespace'), 'kube-federation-system');
  const conn = loadClusterConnection({
    serviceAccountDir: sa,
    env: { HOME: dir, KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' },
  });
  assert.equal(conn.server, 'https://10.96.0.1:443');
  assert.equal(conn.caData, CA_PEM);
  assert.equal(conn.namespace, 'kube-federation-system');
  assert.ok(conn.authorization);
  assert.equal(await conn.authorization(), 'Bearer sa-token');
});

test('exec credential plugins (as EKS uses) supply the bearer token on requests', async (t) => {
  const dir = tempDir(t);
  const api = await FakeKubeApi.start();
  t.after(() => api.close());
  api.addResource(...CORE_RESOURCES);
  api.requiredToken = 'from-exec';
  const script = path.join(dir, 'cred.cjs');
  fs.writeFileSync(script, `process.stdout.write(JSON.stringify({apiVersion:'client.authentication.k8s.io/v1',kind:'ExecCredential',status:{token:'from-exec'}}));`);
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, `apiVersion: v1
kind: Config
current-context: eks
clusters:
- name: eks
  cluster: { server: '${api.url}' }
users:
- name: eks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ${process.execPath}
      args: ['${script}']
      interactiveMode: Never
contexts:
- name: eks
  context: { cluster: eks, user: eks }
`);
  const conn = loadClusterConnection({ kubeconfig: file, env: emptyEnv(dir) });
  const client = new RestClient(conn);
  t.after(() => client.close());
  const list = await client.list({ version: 'v1', resource: 'namespaces' });
  assert.deepEqual(list.items, []);
  assert.equal(api.requests.at(-1)?.headers.authorization, 'Bearer from-exec');
});

test('normalizeApiEndpoint defaults to https and accepts host, host:port, IPs and URLs', () => {
  const cases: Array<[string, string]> = [
    ['example.com', 'https://example.com'],
    ['example.com:6443', 'https://example.com:6443'],
    ['10.0.0.1:443', 'https://10.0.0.1'],
    ['[::1]:6443', 'https://[::1]:6443'],
    ['http://127.0.0.1:40001/', 'http://127.0.0.1:40001'],
    ['https://lb.example.com/k8s/', 'https://lb.example.com/k8s'],
  ];
  for (const [input, want] of cases) assert.equal(normalizeApiEndpoint(input), want, input);
  assert.throws(() => normalizeApiEndpoint('ftp://x'), /must use http or https/);
});

test('connectionFromKubeFedCluster applies KubeFed TLS relaxations and member rate limits', () => {
  const base = { name: 'cluster2', apiEndpoint: 'c2.example.com:6443', token: 'tok\n', caBundle: b64(CA_PEM) };
  const plain = connectionFromKubeFedCluster(base);
  assert.deepEqual(
    { server: plain.server, token: plain.token, caData: plain.caData, skip: plain.skipTLSVerify, qps: plain.qps, burst: plain.burst },
    { server: 'https://c2.example.com:6443', token: 'tok', caData: CA_PEM, skip: false, qps: 20, burst: 30 },
  );
  const cases: Array<[string[], { skipTLSVerify: boolean; skipHostnameVerification?: boolean; acceptExpiredCertificates?: boolean }]> = [
    [['*'], { skipTLSVerify: true }],
    [['SubjectName'], { skipTLSVerify: false, skipHostnameVerification: true }],
    [['ValidityPeriod'], { skipTLSVerify: false, acceptExpiredCertificates: true }],
    [['SubjectName', 'ValidityPeriod'], { skipTLSVerify: false, skipHostnameVerification: true, acceptExpiredCertificates: true }],
  ];
  for (const [disabled, want] of cases) {
    const c = connectionFromKubeFedCluster({ ...base, disabledTLSValidations: disabled });
    assert.deepEqual(
      { skipTLSVerify: c.skipTLSVerify, skipHostnameVerification: c.skipHostnameVerification, acceptExpiredCertificates: c.acceptExpiredCertificates },
      { skipHostnameVerification: undefined, acceptExpiredCertificates: undefined, ...want },
      disabled.join(','),
    );
  }
  assert.throws(() => connectionFromKubeFedCluster({ ...base, disabledTLSValidations: ['Hostname'] }), /unknown value "Hostname"/);
  assert.throws(() => connectionFromKubeFedCluster({ ...base, apiEndpoint: '' }), /KubeFedCluster "cluster2" has an empty spec.apiEndpoint/);
  assert.throws(() => connectionFromKubeFedCluster({ ...base, token: '' }), /has no token/);
  assert.equal(connectionFromKubeFedCluster({ ...base, caBundle: CA_PEM }).caData, CA_PEM);
});
