// kubefed-controller-manager end to end: three local clusters, the control plane installed on cluster1, all three
// joined, the real controller-manager process running, and every check made with the real kubectl as a user would.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ok, waitFor } from './harness.js';
import { ctx, NS, startFederation } from './federation-fixture.js';

const WAIT_MS = 30_000;
const federation = await startFederation({ clusters: 3, waitMs: WAIT_MS });
const { c, apply } = federation;

interface Obj {
  metadata: { name: string; resourceVersion: string; generation?: number; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  status?: {
    conditions?: { type: string; status: string; reason?: string }[];
    clusters?: { name: string; status?: string }[];
    propagationController?: string;
  };
  data?: Record<string, string>;
}

/** `kubectl get -o json`, or undefined when the object does not exist. */
const get = (context: string, args: string[]): Promise<Obj | undefined> => federation.getJson<Obj>(context, args);

function propagation(o: Obj | undefined): { status?: string; reason?: string } {
  return o?.status?.conditions?.find((x) => x.type === 'Propagation') ?? {};
}

function clusterStatus(o: Obj | undefined): Record<string, string> {
  return Object.fromEntries((o?.status?.clusters ?? []).map((x) => [x.name, x.status ?? 'OK']));
}

// ---- scenarios ----

test('the manager serves /healthz, /readyz and /metrics on the addresses it logs', async () => {
  const { healthzUrl, metricsUrl } = federation.manager;
  assert.equal(await (await fetch(`${healthzUrl}/healthz`)).text(), 'ok');
  assert.equal(await (await fetch(`${healthzUrl}/readyz`)).text(), 'ok');
  const text = await waitFor(async () => {
    const t = await (await fetch(`${metricsUrl}/metrics`)).text();
    return /kubefedcluster_total\{state="ready",cluster="cluster3"\} 1/.test(t) ? t : undefined;
  }, WAIT_MS, 'cluster3 ready in kubefedcluster_total');
  assert.match(text, /controller_runtime_reconcile_total/);
});

test('every joined cluster becomes Ready with its Kubernetes version', async () => {
  const out = await federation.waitReady();
  assert.match(out, /cluster1\s+\S+\s+True\s+v1\.\d+/);
});

test('every FederatedTypeConfig reports a running propagation controller', async () => {
  await waitFor(async () => {
    const r = ok(await c.kubectl(['get', 'federatedtypeconfigs', '-n', NS, '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.propagationController} {end}']));
    return r.split(' ').filter((x) => x.endsWith('=Running')).length === 10;
  }, WAIT_MS, 'ten Running FTCs');
});

const fedNamespace = (name: string, clusters: number[]): unknown => ({
  apiVersion: 'types.kubefed.io/v1beta1',
  kind: 'FederatedNamespace',
  metadata: { name, namespace: name },
  spec: { placement: { clusters: clusters.map((n) => ({ name: ctx(n) })) } },
});

const testDeployment = (placement: number[], overrides: unknown[] = [
  { clusterName: 'cluster2', clusterOverrides: [{ path: '/spec/replicas', value: 5 }, { path: '/spec/template/spec/containers/0/image', value: 'nginx:1.17.0-alpine' }] },
]): unknown => ({
  apiVersion: 'types.kubefed.io/v1beta1',
  kind: 'FederatedDeployment',
  metadata: { name: 'test-deployment', namespace: 'test-namespace' },
  spec: {
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'nginx' } },
        template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
      },
    },
    placement: { clusters: placement.map((n) => ({ name: ctx(n) })) },
    overrides,
  },
});

test('a FederatedDeployment propagates to its placement with cluster2 overrides', async () => {
  ok(await c.kubectl(['create', 'namespace', 'test-namespace']));
  await apply([fedNamespace('test-namespace', [1, 2, 3]), testDeployment([1, 2])]);
  const d1 = await waitFor(() => get(ctx(1), ['deploy', '-n', 'test-namespace', 'test-deployment']), WAIT_MS, 'deployment in cluster1');
  const d2 = await waitFor(() => get(ctx(2), ['deploy', '-n', 'test-namespace', 'test-deployment']), WAIT_MS, 'deployment in cluster2');
  assert.equal(d1.spec?.['replicas'], 3);
  assert.equal(d2.spec?.['replicas'], 5);
  assert.match(JSON.stringify(d2.spec), /nginx:1\.17\.0-alpine/);
  assert.equal(d1.metadata.labels?.['kubefed.io/managed'], 'true');
  assert.equal(await get(ctx(3), ['deploy', '-n', 'test-namespace', 'test-deployment']), undefined);
  const fed = await waitFor(async () => {
    const o = await get(ctx(1), ['federateddeployment', '-n', 'test-namespace', 'test-deployment']);
    return propagation(o).status === 'True' ? o : undefined;
  }, WAIT_MS, 'Propagation True');
  assert.deepEqual(clusterStatus(fed), { cluster1: 'OK', cluster2: 'OK' });
  const describe = ok(await c.kubectl(['describe', 'federateddeployment', '-n', 'test-namespace', 'test-deployment']));
  assert.match(describe, /Normal\s+CreateInCluster\s+\S+\s+federateddeployment-controller\s+Creating Deployment "test-namespace\/test-deployment" in cluster "cluster2"/);
  assert.ok(await get(ctx(3), ['namespace', 'test-namespace']), 'the FederatedNamespace created test-namespace in cluster3');
});

test('unchanged objects are never rewritten', async () => {
  const before = await get(ctx(2), ['deploy', '-n', 'test-namespace', 'test-deployment']);
  const fedBefore = await get(ctx(1), ['federateddeployment', '-n', 'test-namespace', 'test-deployment']);
  await new Promise((r) => setTimeout(r, 3_000));
  const after = await get(ctx(2), ['deploy', '-n', 'test-namespace', 'test-deployment']);
  const fedAfter = await get(ctx(1), ['federateddeployment', '-n', 'test-namespace', 'test-deployment']);
  assert.equal(after?.metadata.resourceVersion, before?.metadata.resourceVersion);
  assert.equal(fedAfter?.metadata.resourceVersion, fedBefore?.metadata.resourceVersion);
});

test('drift in a member is corrected at once: an edit is reverted, a deleted object comes back', async () => {
  ok(await c.kubectl(['scale', 'deploy', 'test-deployment', '-n', 'test-namespace', '--replicas=1'], { context: ctx(2) }));
  await waitFor(async () => (await get(ctx(2), ['deploy', '-n', 'test-namespace', 'test-deployment']))?.spec?.['replicas'] === 5, 10_000, 'replicas restored to 5');
  ok(await c.kubectl(['delete', 'deploy', 'test-deployment', '-n', 'test-namespace'], { context: ctx(1) }));
  const back = await waitFor(() => get(ctx(1), ['deploy', '-n', 'test-namespace', 'test-deployment']), 10_000, 'deployment recreated in cluster1');
  assert.equal(back.spec?.['replicas'], 3);
});

test('a placement change removes the object from clusters that left and creates it where it joined', async () => {
  await apply([testDeployment([1, 3])]);
  await waitFor(async () => (await get(ctx(2), ['deploy', '-n', 'test-namespace', 'test-deployment'])) === undefined, WAIT_MS, 'deployment removed from cluster2');
  await waitFor(() => get(ctx(3), ['deploy', '-n', 'test-namespace', 'test-deployment']), WAIT_MS, 'deployment created in cluster3');
  const fed = await waitFor(async () => {
    const o = await get(ctx(1), ['federateddeployment', '-n', 'test-namespace', 'test-deployment']);
    return JSON.stringify(clusterStatus(o)) === JSON.stringify({ cluster1: 'OK', cluster3: 'OK' }) ? o : undefined;
  }, WAIT_MS, 'status lists cluster1 and cluster3');
  assert.equal(propagation(fed).status, 'True');
});

test('an invalid override path fails only that cluster with ApplyOverridesFailed', async () => {
  await apply([{
    apiVersion: 'types.kubefed.io/v1beta1',
    kind: 'FederatedConfigMap',
    metadata: { name: 'bad-override', namespace: 'test-namespace' },
    spec: {
      template: { data: { a: 'b' } },
      placement: { clusters: [{ name: 'cluster1' }, { name: 'cluster2' }] },
      overrides: [{ clusterName: 'cluster2', clusterOverrides: [{ path: '/no/such/path', value: 'x' }] }],
    },
  }]);
  const fed = await waitFor(async () => {
    const o = await get(ctx(1), ['federatedconfigmap', '-n', 'test-namespace', 'bad-override']);
    return clusterStatus(o)['cluster2'] === 'ApplyOverridesFailed' ? o : undefined;
  }, WAIT_MS, 'ApplyOverridesFailed for cluster2');
  assert.equal(clusterStatus(fed)['cluster1'], 'OK');
  assert.deepEqual(propagation(fed), { ...propagation(fed), status: 'False', reason: 'CheckClusters' });
  assert.ok(await get(ctx(1), ['configmap', '-n', 'test-namespace', 'bad-override']));
  assert.equal(await get(ctx(2), ['configmap', '-n', 'test-namespace', 'bad-override']), undefined);
  const events = ok(await c.kubectl(['get', 'events', '-n', 'test-namespace', '--field-selector', 'involvedObject.name=bad-override']));
  assert.match(events, /CreateInClusterFailed/);
});

test('a namespaced resource outside a federated namespace reports NamespaceNotFederated', async () => {
  ok(await c.kubectl(['create', 'namespace', 'unfederated']));
  await apply([{
    apiVersion: 'types.kubefed.io/v1beta1',
    kind: 'FederatedConfigMap',
    metadata: { name: 'lonely', namespace: 'unfederated' },
    spec: { template: { data: { a: 'b' } }, placement: { clusterSelector: {} } },
  }]);
  await waitFor(async () => propagation(await get(ctx(1), ['federatedconfigmap', '-n', 'unfederated', 'lonely'])).reason === 'NamespaceNotFederated', WAIT_MS, 'NamespaceNotFederated');
  assert.equal(await get(ctx(2), ['configmap', '-n', 'unfederated', 'lonely']), undefined);
});

test('clusterSelector places by KubeFedCluster labels and follows label changes', async () => {
  ok(await c.kubectl(['label', 'kubefedcluster', '-n', NS, 'cluster3', 'env=prod']));
  await apply([{
    apiVersion: 'types.kubefed.io/v1beta1',
    kind: 'FederatedConfigMap',
    metadata: { name: 'selected', namespace: 'test-namespace' },
    spec: { template: { data: { a: 'b' } }, placement: { clusterSelector: { matchLabels: { env: 'prod' } } } },
  }]);
  await waitFor(() => get(ctx(3), ['configmap', '-n', 'test-namespace', 'selected']), WAIT_MS, 'configmap in cluster3');
  assert.equal(await get(ctx(1), ['configmap', '-n', 'test-namespace', 'selected']), undefined);
  ok(await c.kubectl(['label', 'kubefedcluster', '-n', NS, 'cluster1', 'env=prod']));
  await waitFor(() => get(ctx(1), ['configmap', '-n', 'test-namespace', 'selected']), WAIT_MS, 'configmap in cluster1 after labeling it');
});

test('a member object labeled managed by hand loses the label when nothing federates it', async () => {
  ok(await c.kubectl(['create', 'configmap', 'stray', '-n', 'test-namespace', '--from-literal=a=b'], { context: ctx(2) }));
  ok(await c.kubectl(['label', 'configmap', 'stray', '-n', 'test-namespace', 'kubefed.io/managed=true'], { context: ctx(2) }));
  await waitFor(async () => {
    const o = await get(ctx(2), ['configmap', '-n', 'test-namespace', 'stray']);
    return o !== undefined && o.metadata.labels?.['kubefed.io/managed'] === undefined;
  }, WAIT_MS, 'managed label removed');
});

test('disabling a type stops its propagation at run time, enabling starts it again', async () => {
  ok(await c.kubectl(['patch', 'federatedtypeconfig', 'secrets', '-n', NS, '--type=merge', '-p', '{"spec":{"propagation":"Disabled"}}']));
  await waitFor(async () => (await get(ctx(1), ['federatedtypeconfig', 'secrets', '-n', NS]))?.status?.propagationController === 'NotRunning', WAIT_MS, 'NotRunning');
  await apply([{
    apiVersion: 'types.kubefed.io/v1beta1',
    kind: 'FederatedSecret',
    metadata: { name: 'later', namespace: 'test-namespace' },
    spec: { template: { data: { k: Buffer.from('v').toString('base64') } }, placement: { clusters: [{ name: 'cluster2' }] } },
  }]);
  await new Promise((r) => setTimeout(r, 1_500));
  assert.equal(await get(ctx(2), ['secret', '-n', 'test-namespace', 'later']), undefined);
  ok(await c.kubectl(['patch', 'federatedtypeconfig', 'secrets', '-n', NS, '--type=merge', '-p', '{"spec":{"propagation":"Enabled"}}']));
  await waitFor(() => get(ctx(2), ['secret', '-n', 'test-namespace', 'later']), WAIT_MS, 'secret propagated after enabling');
  assert.equal((await get(ctx(1), ['federatedtypeconfig', 'secrets', '-n', NS]))?.status?.propagationController, 'Running');
});

test('a stopped member turns ClusterNotReady after the threshold and converges when it is back', async () => {
  ok(await c.kubefedLocal(['stop', ctx(3)]));
  await waitFor(async () => {
    const r = ok(await c.kubectl(['get', 'kubefedcluster', '-n', NS, 'cluster3', '-o', 'jsonpath={.status.conditions[*].type}']));
    return r.includes('Offline');
  }, WAIT_MS, 'cluster3 Offline');
  await apply([testDeployment([1, 3], [{ clusterName: 'cluster3', clusterOverrides: [{ path: '/spec/replicas', value: 7 }] }])]);
  const fed = await waitFor(async () => {
    const o = await get(ctx(1), ['federateddeployment', '-n', 'test-namespace', 'test-deployment']);
    return clusterStatus(o)['cluster3'] === 'ClusterNotReady' ? o : undefined;
  }, WAIT_MS, 'ClusterNotReady for cluster3');
  assert.equal(propagation(fed).reason, 'CheckClusters');
  assert.equal((await get(ctx(1), ['deploy', '-n', 'test-namespace', 'test-deployment']))?.spec?.['replicas'], 3);
  ok(await c.kubefedLocal(['start', ctx(3)]));
  await waitFor(async () => (await get(ctx(3), ['deploy', '-n', 'test-namespace', 'test-deployment']))?.spec?.['replicas'] === 7, WAIT_MS, 'cluster3 converged to 7 replicas');
  await waitFor(async () => propagation(await get(ctx(1), ['federateddeployment', '-n', 'test-namespace', 'test-deployment'])).status === 'True', WAIT_MS, 'Propagation True again');
});

test('a restarted manager writes nothing to members that are up to date', async () => {
  const before = await get(ctx(1), ['deploy', '-n', 'test-namespace', 'test-deployment']);
  const stopped = await federation.stopManager();
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.match(stopped.stdout, /"stopped"/);
  await federation.restartManager();
  await new Promise((r) => setTimeout(r, 3_000));
  const after = await get(ctx(1), ['deploy', '-n', 'test-namespace', 'test-deployment']);
  assert.equal(after?.metadata.resourceVersion, before?.metadata.resourceVersion);
});

test('deleting a federated resource deletes its member objects, then the resource itself', async () => {
  ok(await c.kubectl(['delete', 'federateddeployment', '-n', 'test-namespace', 'test-deployment', '--wait=false']));
  await waitFor(async () => (await get(ctx(1), ['deploy', '-n', 'test-namespace', 'test-deployment'])) === undefined, WAIT_MS, 'removed from cluster1');
  await waitFor(async () => (await get(ctx(3), ['deploy', '-n', 'test-namespace', 'test-deployment'])) === undefined, WAIT_MS, 'removed from cluster3');
  await waitFor(async () => (await get(ctx(1), ['federateddeployment', '-n', 'test-namespace', 'test-deployment'])) === undefined, WAIT_MS, 'federated resource gone');
});
