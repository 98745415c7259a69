// The RBAC of the install manifests is enough: the controller manager runs with exactly the permissions config/
// grants, through its ServiceAccount's token (as it would in its pod), and propagation works without a single
// permission error. kubefedctl join runs as the admin, as a user would.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { ok, REPO_ROOT, startClusters, waitFor } from './harness.js';
import { federationOf, NS } from './federation-fixture.js';
import { kubeconfigYaml } from './kubeconfig-file.js';

const WAIT_MS = 30_000;
const c = await startClusters(2);
const fed = federationOf(c, { waitMs: WAIT_MS });

ok(await c.kubectl(['apply', '-k', 'config/crds'], { cwd: REPO_ROOT }));
ok(await c.kubectl(['wait', '--for=condition=Established', '--timeout=60s', '-f', 'config/crds/crds.yaml'], { cwd: REPO_ROOT }));
ok(await c.kubectl(['apply', '-k', 'config/'], { cwd: REPO_ROOT }));

const tokenSecret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'kubefed-controller-token', namespace: NS, annotations: { 'kubernetes.io/service-account.name': 'kubefed-controller' } },
  type: 'kubernetes.io/service-account-token',
};
ok(await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(tokenSecret) }));
const token = await waitFor(async () => {
  const r = await c.kubectl(['get', 'secret', '-n', NS, 'kubefed-controller-token', '-o', 'jsonpath={.data.token}']);
  return r.code === 0 && r.stdout ? Buffer.from(r.stdout, 'base64').toString('utf8') : undefined;
}, WAIT_MS, 'the ServiceAccount token');

/** A kubeconfig holding only the ServiceAccount's token, like the credentials mounted into the controller's pod. */
const host = c.credentials('cluster1');
const saKubeconfig = c.writeFile('controller.kubeconfig', kubeconfigYaml({ name: 'host', server: host.server, caPem: host.caPem, user: { token } }));

await fed.joinAll();

const manager = await fed.startManager({ kubeconfig: saKubeconfig, args: ['--kubefed-namespace', NS] });
await manager.started();

test('the ServiceAccount token is really restricted (the check below is not vacuous)', async () => {
  const r = await c.kubectl(['get', 'secrets', '-A', '--token', token]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /forbidden/i);
});

test('with the manifests\' RBAC only, clusters become Ready and a FederatedConfigMap propagates', async () => {
  await fed.waitReady();
  ok(await c.kubectl(['create', 'namespace', 'rbac-demo']));
  const manifest = [
    { apiVersion: 'types.kubefed.io/v1beta1', kind: 'FederatedNamespace', metadata: { name: 'rbac-demo', namespace: 'rbac-demo' }, spec: { placement: { clusters: [{ name: 'cluster1' }, { name: 'cluster2' }] } } },
    {
      apiVersion: 'types.kubefed.io/v1beta1',
      kind: 'FederatedConfigMap',
      metadata: { name: 'settings', namespace: 'rbac-demo' },
      spec: { template: { data: { mode: 'federated' } }, placement: { clusters: [{ name: 'cluster2' }] } },
    },
  ];
  ok(await c.kubectl(['apply', '-f', '-'], { input: manifest.map((m) => `---\n${stringify(m)}`).join('') }));
  const data = await waitFor(async () => {
    const r = await c.kubectl(['get', 'configmap', '-n', 'rbac-demo', 'settings', '-o', 'jsonpath={.data.mode}'], { context: 'cluster2' });
    return r.code === 0 && r.stdout ? r.stdout : undefined;
  }, WAIT_MS, 'the ConfigMap in cluster2');
  assert.equal(data, 'federated');
  await waitFor(async () => {
    const r = await c.kubectl(['get', 'federatedconfigmap', '-n', 'rbac-demo', 'settings', '-o', 'jsonpath={.status.conditions[?(@.type=="Propagation")].status}']);
    return r.stdout === 'True';
  }, WAIT_MS, 'Propagation True on the FederatedConfigMap');
  const logs = manager.process.stdout() + manager.process.stderr();
  assert.doesNotMatch(logs, /forbidden|Forbidden|cannot (get|list|watch|create|update|patch|delete) resource/, 'no permission errors in the controller manager log');
});
