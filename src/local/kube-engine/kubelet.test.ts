// The fake kubelet against the built-in API server over real HTTPS with a bearer token, the server's own simulation
// off so that everything that happens to nodes, pods and load balancers is the fake kubelet's doing.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../common/object.js';
import { POD_STORAGE_KEY } from '../../apiserver/objects/object-service.js';
import { startApiServer, type RunningApiServer } from '../../apiserver/server.js';
import { arr, conditionOf, rec, str } from '../../apiserver/simulation/object-fields.js';
import { resolveSimulation } from '../../apiserver/simulation/simulation-options.js';
import { ensureClusterPki } from '../pki.js';
import { formatTokenLine, newToken } from '../tokens.js';
import { ConcurrencyLimit } from './fake-kubelet/concurrency-limit.js';
import { isApiError, RestClient } from './fake-kubelet/rest-client.js';
import { startFakeKubelet, type RunningFakeKubelet } from './kubelet.js';

const CLUSTER = 'cluster7';
const sim = resolveSimulation(CLUSTER, { nodes: 2, podStartMs: 20, podCompletionMs: 50 });

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('fake kubelet against the built-in API server over HTTPS', () => {
  let dir = '';
  let server: RunningApiServer;
  let caPem = '';
  let token = '';
  let api: RestClient;
  let kubelet: RunningFakeKubelet | undefined;
  const logs: string[] = [];

  const start = (): Promise<RunningFakeKubelet> => startFakeKubelet({
    server: server.url, caPem, token, sim, kubeletVersion: 'v1.37.2', log: (l) => logs.push(l),
    intervals: { leaseRenewMs: 200, nodeStatusMs: 300 },
  });
  const get = (path: string): Promise<KubeObject> => api.json('GET', path) as Promise<KubeObject>;
  const create = (path: string, body: unknown): Promise<KubeObject> => api.json('POST', path, { body }) as Promise<KubeObject>;
  const pod = (name: string, spec: Record<string, unknown> = {}): Record<string, unknown> => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: { nodeName: `${CLUSTER}-node-1`, containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
  });
  const podWhen = (name: string, ok: (p: KubeObject) => boolean): Promise<KubeObject> =>
    eventually(`pod ${name}`, async () => {
      const p = await get(`/api/v1/namespaces/default/pods/${name}`);
      return ok(p) ? p : undefined;
    });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fake-kubelet-'));
    const pki = await ensureClusterPki(dir, CLUSTER);
    caPem = pki.caPem;
    token = newToken();
    server = await startApiServer({
      name: CLUSTER, simulation: false, caPem,
      tls: { cert: await readFile(pki.certFile), key: await readFile(pki.keyFile) },
      tokens: formatTokenLine({ token, user: 'kubernetes-admin', uid: 'admin', groups: ['system:masters'] }),
    });
    api = new RestClient({ server: server.url, caPem, token, writes: new ConcurrencyLimit(4) });
    kubelet = await start();
  });

  after(async () => {
    await kubelet?.stop();
    api.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('registers the nodes with the simulation’s labels, Ready, on loopback addresses', async () => {
    const list = await api.json('GET', '/api/v1/nodes');
    const nodes = arr(list.items) as unknown as KubeObject[];
    assert.deepEqual(nodes.map((n) => n.metadata.name).sort(), [`${CLUSTER}-node-1`, `${CLUSTER}-node-2`]);
    for (const n of nodes) {
      assert.equal(n.metadata.labels?.['topology.kubernetes.io/region'], CLUSTER);
      assert.match(n.metadata.labels?.['topology.kubernetes.io/zone'] ?? '', /^cluster7-[ab]$/);
      assert.equal(conditionOf(n.status, 'Ready')?.status, 'True');
      assert.equal(rec(rec(n.status).nodeInfo).kubeletVersion, 'v1.37.2');
      const internal = arr(rec(n.status).addresses).find((a) => a.type === 'InternalIP');
      assert.match(str(internal?.address), /^127\.18\.7\.[23]$/);
    }
  });

  it('renews each node’s Lease in kube-node-lease', async () => {
    const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${CLUSTER}-node-2`;
    const first = await eventually('the lease', () => get(path));
    assert.equal(rec(first.spec).holderIdentity, `${CLUSTER}-node-2`);
    assert.equal(rec(first.spec).leaseDurationSeconds, 40);
    assert.equal(first.metadata.ownerReferences?.[0]?.kind, 'Node');
    await eventually('a renewal', async () => {
      const l = await get(path);
      return rec(l.spec).renewTime !== rec(first.spec).renewTime ? l : undefined;
    });
  });

  it('refreshes the Ready heartbeat', async () => {
    const path = `/api/v1/nodes/${CLUSTER}-node-1`;
    const before = conditionOf((await get(path)).status, 'Ready');
    await eventually('a heartbeat', async () => {
      const ready = conditionOf((await get(path)).status, 'Ready');
      return ready?.lastHeartbeatTime !== before?.lastHeartbeatTime ? ready : undefined;
    }, 5000);
    assert.equal(conditionOf((await get(path)).status, 'Ready')?.lastTransitionTime, before?.lastTransitionTime);
  });

  it('runs a bound pod: Running and Ready with a loopback pod IP and the node’s host IP', async () => {
    await create('/api/v1/namespaces/default/pods', pod('web'));
    const p = await podWhen('web', (x) => rec(x.status).phase === 'Running');
    const s = rec(p.status);
    assert.equal(conditionOf(s, 'Ready')?.status, 'True');
    assert.match(str(s.podIP), /^10\.244\.0\.\d+$/);
    assert.equal(s.hostIP, '127.18.7.2');
    assert.equal(rec(rec(arr(s.containerStatuses)[0]).state).running !== undefined, true);
  });

  it('gives live pods distinct IPs', async () => {
    const names = ['a1', 'a2', 'a3', 'a4'];
    await Promise.all(names.map((n) => create('/api/v1/namespaces/default/pods', pod(n))));
    const ips = await Promise.all(names.map(async (n) => str(rec((await podWhen(n, (x) => rec(x.status).phase === 'Running')).status).podIP)));
    assert.equal(new Set(ips).size, names.length);
  });

  it('leaves pods of other nodes and unbound pods alone', async () => {
    await create('/api/v1/namespaces/default/pods', pod('elsewhere', { nodeName: 'someone-else' }));
    await create('/api/v1/namespaces/default/pods', pod('unbound', { nodeName: undefined }));
    await new Promise((r) => setTimeout(r, 200));
    for (const n of ['elsewhere', 'unbound']) {
      assert.notEqual(rec((await get(`/api/v1/namespaces/default/pods/${n}`)).status).phase, 'Running');
    }
  });

  it('lets a pod with restartPolicy Never succeed', async () => {
    await create('/api/v1/namespaces/default/pods', pod('job-pod', { restartPolicy: 'Never' }));
    const p = await podWhen('job-pod', (x) => rec(x.status).phase === 'Succeeded');
    assert.equal(conditionOf(p.status, 'Ready')?.reason, 'PodCompleted');
    const terminated = rec(rec(arr(rec(p.status).containerStatuses)[0]?.state).terminated);
    assert.equal(terminated.exitCode, 0);
    assert.equal(terminated.reason, 'Completed');
  });

  it('finishes a graceful deletion with the final grace-0 delete', async () => {
    const p = await create('/api/v1/namespaces/default/pods', pod('terminating'));
    await podWhen('terminating', (x) => rec(x.status).phase === 'Running');
    // kube-apiserver keeps a deleted running pod Terminating (deletionTimestamp, grace 30) until its kubelet deletes
    // it with grace 0; the built-in server does that only with its own kubelets on, so play kube-apiserver's part.
    const cur = server.store.get(POD_STORAGE_KEY, 'default', 'terminating') as KubeObject;
    const next = structuredClone(cur);
    next.metadata.deletionTimestamp = new Date(Date.now() + 30_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    next.metadata.deletionGracePeriodSeconds = 30;
    server.store.update(POD_STORAGE_KEY, next, cur);
    await eventually('the pod to go', async () => {
      try {
        await get('/api/v1/namespaces/default/pods/terminating');
        return undefined;
      } catch (e) {
        return isApiError(e, 404) ? true : undefined;
      }
    });
    assert.ok(p.metadata.uid);
  });

  it('a deleted pod is gone', async () => {
    await api.json('DELETE', '/api/v1/namespaces/default/pods/web');
    await assert.rejects(get('/api/v1/namespaces/default/pods/web'), (e) => isApiError(e, 404));
  });

  it('gives a LoadBalancer Service an address of the cluster’s range and takes it back when it stops being one', async () => {
    await create('/api/v1/namespaces/default/services', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb' },
      spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    const path = '/api/v1/namespaces/default/services/lb';
    const ingress = await eventually('an address', async () => arr(rec(rec((await get(path)).status).loadBalancer).ingress)[0]);
    assert.match(str(ingress.ip), /^127\.100\.7\.\d+$/);
    assert.equal(ingress.ipMode, 'VIP');
    const svc = await get(path);
    await api.json('PUT', path, { body: { ...svc, spec: { ...rec(svc.spec), type: 'ClusterIP' } } });
    await eventually('the address to go', async () => (arr(rec(rec((await get(path)).status).loadBalancer).ingress).length === 0 ? true : undefined));
  });

  it('gives an Ingress an address, kept across a restart of the fake kubelet', async () => {
    await create('/apis/networking.k8s.io/v1/namespaces/default/ingresses', {
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' },
      spec: { defaultBackend: { service: { name: 'lb', port: { number: 80 } } } },
    });
    const path = '/apis/networking.k8s.io/v1/namespaces/default/ingresses/web';
    const ipOf = async (p: string): Promise<string | undefined> => str(arr(rec(rec((await get(p)).status).loadBalancer).ingress)[0]?.ip) || undefined;
    const ip = await eventually('an ingress address', () => ipOf(path));
    assert.match(ip, /^127\.100\.7\.\d+$/);

    await kubelet?.stop();
    kubelet = await start();
    // Without the startup scan the allocator would start over at the bottom of the range and reach `ip` again.
    const others: string[] = [];
    for (const name of ['lb2', 'lb3']) {
      await create('/api/v1/namespaces/default/services', {
        apiVersion: 'v1', kind: 'Service', metadata: { name },
        spec: { type: 'LoadBalancer', selector: { app: 'x' }, ports: [{ port: 80 }] },
      });
      others.push(await eventually(`an address for ${name}`, () => ipOf(`/api/v1/namespaces/default/services/${name}`)));
    }
    assert.ok(!others.includes(ip), `${others.join(', ')} vs ${ip}`);
    assert.notEqual(others[0], others[1]);
    assert.equal(await ipOf(path), ip);
  });

  it('logged nothing but progress', () => {
    const unexpected = logs.filter((l) => !/registered|waiting for namespace|exists, node leases/.test(l));
    assert.deepEqual(unexpected, []);
  });
});
