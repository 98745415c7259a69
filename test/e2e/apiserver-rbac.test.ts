// Authentication and RBAC of the local clusters, checked as a user would with the real kubectl: service-account
// tokens from a service-account-token Secret in a kubeconfig, 403s with Kubernetes' message until a RoleBinding
// grants access, `kubectl auth can-i` (1.32 sends the review as protobuf, 1.31 as JSON), a static user added to
// tokens.csv while the cluster runs, and 401 once the ServiceAccount is deleted.
import assert from 'node:assert/strict';
import { appendFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { fails, ok, run, startClusters, waitFor, type CommandResult } from './harness.js';

const c = await startClusters(1);
const NS = 'team';
const SA_USER = `system:serviceaccount:${NS}:bot`;

/** The versioned kubectl binaries sit next to the gcloud dispatcher that `kubectl` on PATH resolves to. */
async function versionedKubectl(minor: number): Promise<string> {
  const r = await run('sh', ['-c', 'command -v kubectl']);
  return join(dirname(realpathSync(r.stdout.trim())), `kubectl.1.${minor}`);
}

function kubeconfigFor(user: string, token: string, caPem: string): string {
  const creds = c.credentials('cluster1');
  return c.writeFile(`${user}.kubeconfig`, stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': user,
    clusters: [{ name: 'cluster1', cluster: { server: creds.server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: user, context: { cluster: 'cluster1', user } }],
  }));
}

function asUser(kubeconfig: string, args: string[], minor?: number): Promise<CommandResult> {
  if (minor === undefined) return c.kubectl(args, { kubeconfig });
  return versionedKubectl(minor).then((bin) => run(bin, [`--kubeconfig=${kubeconfig}`, ...args], { env: { HOME: c.home, KUBECONFIG: '' } }));
}

const admin = async (args: string[], input?: string): Promise<string> => ok(await c.kubectl(args, input === undefined ? {} : { input }));

ok(await c.kubectl(['create', 'namespace', NS]));
ok(await c.kubectl(['create', 'serviceaccount', 'bot', '-n', NS]));
await admin(['apply', '-f', '-'], stringify({
  apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token',
  metadata: { name: 'bot-token', namespace: NS, annotations: { 'kubernetes.io/service-account.name': 'bot' } },
}));
const secret = await waitFor(async () => {
  const s = JSON.parse(await admin(['get', 'secret', 'bot-token', '-n', NS, '-o', 'json'])) as { data?: Record<string, string>; metadata: { annotations?: Record<string, string> } };
  return s.data?.token ? s : undefined;
}, 5000, 'the token controller to fill bot-token');
const decoded = (k: string): string => Buffer.from(secret.data?.[k] ?? '', 'base64').toString('utf8');
const saKubeconfig = kubeconfigFor('bot', decoded('token'), decoded('ca.crt'));

test('the service-account-token Secret carries the token, the cluster CA, the namespace and the ServiceAccount uid', async () => {
  const saUid = (await admin(['get', 'serviceaccount', 'bot', '-n', NS, '-o', 'jsonpath={.metadata.uid}'])).trim();
  assert.equal(secret.metadata.annotations?.['kubernetes.io/service-account.uid'], saUid);
  assert.equal(decoded('ca.crt'), c.credentials('cluster1').caPem);
  assert.equal(decoded('namespace'), NS);
  const claims = JSON.parse(Buffer.from(decoded('token').split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, string>;
  assert.equal(claims.sub, SA_USER);
  assert.equal(claims.iss, 'kubernetes/serviceaccount');
  assert.equal(claims['kubernetes.io/serviceaccount/service-account.uid'], saUid);
});

test('without a binding the ServiceAccount gets 403 with Kubernetes\' message, at namespace and cluster scope', async () => {
  fails(await asUser(saKubeconfig, ['get', 'deployments', '-n', NS]),
    new RegExp(`Error from server \\(Forbidden\\): deployments\\.apps is forbidden: User "${SA_USER}" cannot list resource "deployments" in API group "apps" in the namespace "${NS}"`));
  fails(await asUser(saKubeconfig, ['get', 'namespaces']),
    new RegExp(`namespaces is forbidden: User "${SA_USER}" cannot list resource "namespaces" in API group "" at the cluster scope`));
  fails(await asUser(saKubeconfig, ['get', 'secret', 'bot-token', '-n', NS]),
    new RegExp(`secrets "bot-token" is forbidden: User "${SA_USER}" cannot get resource "secrets" in API group "" in the namespace "${NS}"`));
});

test('kubectl auth can-i answers no without a binding (1.32 protobuf and 1.31 JSON)', async () => {
  for (const minor of [undefined, 31]) {
    const r = await asUser(saKubeconfig, ['auth', 'can-i', 'list', 'deployments', '-n', NS], minor);
    assert.equal(r.code, 1, `kubectl ${minor ?? 'default'}: ${r.stdout}${r.stderr}`);
    assert.equal(r.stdout.trim(), 'no');
  }
});

test('after a Role and RoleBinding the ServiceAccount may list deployments, and can-i says yes', async () => {
  const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'deploy-reader', namespace: NS },
    rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] }] };
  const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'bot-reads', namespace: NS },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'deploy-reader' },
    subjects: [{ kind: 'ServiceAccount', name: 'bot', namespace: NS }] };
  await admin(['apply', '-f', '-'], `${stringify(role)}---\n${stringify(binding)}`);
  const r = await asUser(saKubeconfig, ['get', 'deployments', '-n', NS]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /No resources found in team namespace/);
  for (const minor of [undefined, 31]) {
    const yes = await asUser(saKubeconfig, ['auth', 'can-i', 'list', 'deployments', '-n', NS], minor);
    assert.equal(yes.code, 0, `kubectl ${minor ?? 'default'}: ${yes.stdout}${yes.stderr}`);
    assert.equal(yes.stdout.trim(), 'yes');
    const other = await asUser(saKubeconfig, ['auth', 'can-i', 'delete', 'deployments', '-n', NS], minor);
    assert.equal(other.stdout.trim(), 'no');
  }
  fails(await asUser(saKubeconfig, ['get', 'deployments', '-n', 'default']), /cannot list resource "deployments" in API group "apps" in the namespace "default"/);
});

// The built-in server re-reads tokens.csv while running; kube-apiserver reads --token-auth-file at start only, so on
// the real engine the cluster is restarted (stop/start keeps its data) before the new user can log in.
test('a static user appended to tokens.csv authenticates (at once, or after a restart on kube-apiserver) and is authorized by RBAC', async () => {
  const kubeconfig = kubeconfigFor('alice', 'alice-token-0123456789', c.credentials('cluster1').caPem);
  fails(await asUser(kubeconfig, ['get', 'deployments', '-n', NS]), /You must be logged in to the server/);
  appendFileSync(join(c.dir, 'cluster1', 'tokens.csv'), 'alice-token-0123456789,alice,alice-uid,"devs"\n');
  if (c.engine === 'kube-apiserver') {
    ok(await c.kubefedLocal(['stop', 'cluster1']));
    ok(await c.kubefedLocal(['start', 'cluster1'], { timeoutMs: 300_000 }));
  }
  await waitFor(async () => (await asUser(kubeconfig, ['auth', 'can-i', 'list', 'pods', '-n', NS])).stdout.trim() === 'no', 10_000, 'the token file to be reloaded');
  await admin(['create', 'rolebinding', 'devs-view', '--clusterrole=view', '--group=devs', '-n', NS]);
  const r = await asUser(kubeconfig, ['get', 'deployments,configmaps', '-n', NS]);
  assert.equal(r.code, 0, r.stderr);
  fails(await asUser(kubeconfig, ['create', 'configmap', 'x', '-n', NS]),
    /configmaps is forbidden: User "alice" cannot create resource "configmaps" in API group "" in the namespace "team"/);
});

test('deleting the ServiceAccount invalidates its token (401)', async () => {
  await admin(['delete', 'serviceaccount', 'bot', '-n', NS]);
  fails(await asUser(saKubeconfig, ['get', 'deployments', '-n', NS]), /error: You must be logged in to the server \(Unauthorized\)/);
});
