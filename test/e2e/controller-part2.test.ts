// kubefed-controller-manager end to end, part 2: adoption, the managed=false opt-out, retained member fields,
// orphaning and delete options, remote status, leader election between two real processes, metrics and graceful
// shutdown. Two local clusters (cluster1 is the host and a member), the control plane installed by `kubefedctl init`,
// and every check made with the real kubectl.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ok, waitFor } from './harness.js';
import { ctx, NS, startFederation, type Manager } from './federation-fixture.js';

const WAIT_MS = 30_000;
/** KubeFedConfig spec.leaderElect of this file: short, so failover is quick (KubeFed's e2e uses 1500ms/1000ms/500ms). */
const LEASE_MS = 3_000;
const RETRY_MS = 500;

const federation = await startFederation({
  clusters: 2,
  waitMs: WAIT_MS,
  kubefedConfig: {
    leaderElect: { leaseDuration: `${LEASE_MS}ms`, renewDeadline: '2s', retryPeriod: `${RETRY_MS}ms`, resourceLock: 'configmaps' },
    syncController: { adoptResources: 'Enabled', maxConcurrentReconciles: 4 },
  },
  featureGates: { RawResourceStatusCollection: 'Enabled' },
  startManager: false,
});
const { c, apply, kubefedctl, startManager, applyKubeFedConfig } = federation;

interface Obj {
  metadata: {
    name: string;
    resourceVersion: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string }[];
  };
  spec?: Record<string, unknown>;
  status?: {
    conditions?: { type: string; status: string; reason?: string }[];
    clusters?: { name: string; status?: string; remoteStatus?: Record<string, unknown> }[];
  };
  data?: Record<string, string>;
  items?: Obj[];
}

const get = (context: string, args: string[]): Promise<Obj | undefined> => federation.getJson<Obj>(context, args);
const propagation = (o: Obj | undefined): { status?: string; reason?: string } => o?.status?.conditions?.find((x) => x.type === 'Propagation') ?? {};
const clusterStatus = (o: Obj | undefined): Record<string, string> => Object.fromEntries((o?.status?.clusters ?? []).map((x) => [x.name, x.status ?? 'OK']));

async function events(namespace: string, name: string): Promise<string> {
  return ok(await c.kubectl(['get', 'events', '-n', namespace, '--field-selector', `involvedObject.name=${name}`, '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']));
}

// ---- control plane: two managers campaign for one lease ----

ok(await c.kubectl(['patch', 'federatedtypeconfig', 'deployments.apps', '-n', NS, '--type=merge', '-p', '{"spec":{"statusCollection":"Enabled"}}']));

const isLeader = (m: Manager): boolean => /promoted as leader/.test(m.process.stdout());
let managers = [await startManager(), await startManager()];

async function leader(timeoutMs = WAIT_MS): Promise<Manager> {
  return waitFor(() => managers.find(isLeader), timeoutMs, 'a leader');
}

async function scrape(m: Manager): Promise<string> {
  return (await fetch(`${m.metricsUrl}/metrics`)).text();
}

await (await leader()).process.waitForOutput(/controllers started/, WAIT_MS);

const fedNamespace = (name: string): unknown => ({
  apiVersion: 'types.kubefed.io/v1beta1',
  kind: 'FederatedNamespace',
  metadata: { name, namespace: name },
  spec: { placement: { clusters: [{ name: ctx(1) }, { name: ctx(2) }] } },
});
ok(await c.kubectl(['create', 'namespace', 'app']));
await apply([fedNamespace('app')]);
await waitFor(() => get(ctx(2), ['namespace', 'app']), WAIT_MS, 'namespace app in cluster2');

const fedConfigMap = (name: string, data: Record<string, string>, clusters = [1, 2]): unknown => ({
  apiVersion: 'types.kubefed.io/v1beta1',
  kind: 'FederatedConfigMap',
  metadata: { name, namespace: 'app' },
  spec: { template: { data }, placement: { clusters: clusters.map((n) => ({ name: ctx(n) })) } },
});

const fedDeployment = (name: string, replicas: number, extra: { annotations?: Record<string, string>; retainReplicas?: boolean; labels?: Record<string, string> } = {}): unknown => ({
  apiVersion: 'types.kubefed.io/v1beta1',
  kind: 'FederatedDeployment',
  metadata: { name, namespace: 'app', ...(extra.annotations ? { annotations: extra.annotations } : {}) },
  spec: {
    template: {
      metadata: { labels: { app: name, ...extra.labels } },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
      },
    },
    placement: { clusters: [{ name: ctx(1) }, { name: ctx(2) }] },
    ...(extra.retainReplicas !== undefined ? { retainReplicas: extra.retainReplicas } : {}),
  },
});

// ---- scenarios ----

test('only one of two managers leads; both answer /healthz and /readyz', async () => {
  const lead = await leader();
  const standby = managers.find((m) => m !== lead) as Manager;
  assert.equal(isLeader(standby), false);
  assert.doesNotMatch(standby.process.stdout(), /controllers started/);
  for (const m of managers) {
    assert.equal(await (await fetch(`${m.healthzUrl}/healthz`)).text(), 'ok');
    assert.equal((await fetch(`${m.healthzUrl}/readyz`)).status, 200);
  }
  const lease = JSON.parse(ok(await c.kubectl(['get', 'lease', '-n', NS, 'kubefed-controller-manager', '-o', 'json']))) as { spec: { holderIdentity: string } };
  assert.match(lead.process.stdout(), new RegExp(`promoted as leader" identity=${lease.spec.holderIdentity}`));
  assert.match(await scrape(standby), /leader_election_master_status\{name="kubefed-controller-manager"\} 0/);
});

test('a pre-existing member object is adopted: labeled managed and updated, with KubeFed\'s event', async () => {
  ok(await c.kubectl(['create', 'configmap', 'adopt-me', '-n', 'app', '--from-literal=v=old'], { context: ctx(2) }));
  await apply([fedConfigMap('adopt-me', { v: 'new' })]);
  const adopted = await waitFor(async () => {
    const o = await get(ctx(2), ['configmap', '-n', 'app', 'adopt-me']);
    return o?.data?.['v'] === 'new' ? o : undefined;
  }, WAIT_MS, 'adopted configmap updated in cluster2');
  assert.equal(adopted.metadata.labels?.['kubefed.io/managed'], 'true');
  await waitFor(async () => propagation(await get(ctx(1), ['federatedconfigmap', '-n', 'app', 'adopt-me'])).status === 'True', WAIT_MS, 'Propagation True');
  assert.match(await events('app', 'adopt-me'), /CreateInClusterFailed: Failed to create ConfigMap "app\/adopt-me" in cluster "cluster2": An update will be attempted instead of a creation due to an existing resource/);
});

test('a member object labeled kubefed.io/managed=false is left alone and reported ManagedLabelFalse', async () => {
  ok(await c.kubectl(['create', 'configmap', 'hands-off', '-n', 'app', '--from-literal=v=mine'], { context: ctx(2) }));
  ok(await c.kubectl(['label', 'configmap', 'hands-off', '-n', 'app', 'kubefed.io/managed=false'], { context: ctx(2) }));
  await apply([fedConfigMap('hands-off', { v: 'federated' })]);
  const fed = await waitFor(async () => {
    const o = await get(ctx(1), ['federatedconfigmap', '-n', 'app', 'hands-off']);
    return clusterStatus(o)['cluster2'] === 'ManagedLabelFalse' ? o : undefined;
  }, WAIT_MS, 'ManagedLabelFalse for cluster2');
  assert.equal(clusterStatus(fed)['cluster1'], 'OK');
  assert.equal(propagation(fed).reason, 'CheckClusters');
  assert.equal((await get(ctx(2), ['configmap', '-n', 'app', 'hands-off']))?.data?.['v'], 'mine');
  assert.equal((await get(ctx(1), ['configmap', '-n', 'app', 'hands-off']))?.data?.['v'], 'federated');
});

test('member-owned fields survive template updates: annotations, Service clusterIP and nodePort, retained replicas', async () => {
  await apply([{
    apiVersion: 'types.kubefed.io/v1beta1',
    kind: 'FederatedService',
    metadata: { name: 'web', namespace: 'app' },
    spec: {
      template: { spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] } },
      placement: { clusters: [{ name: ctx(2) }] },
    },
  }, fedDeployment('kept', 2, { retainReplicas: true })]);
  const svc = await waitFor(() => get(ctx(2), ['service', '-n', 'app', 'web']), WAIT_MS, 'service in cluster2');
  const ip = svc.spec?.['clusterIP'];
  const nodePort = (svc.spec?.['ports'] as { nodePort?: number }[])[0]?.nodePort;
  assert.ok(ip && nodePort, 'the member allocated a clusterIP and a nodePort');
  await waitFor(() => get(ctx(2), ['deploy', '-n', 'app', 'kept']), WAIT_MS, 'deployment kept in cluster2');
  ok(await c.kubectl(['annotate', 'service', 'web', '-n', 'app', 'member.example/owner=cluster2'], { context: ctx(2) }));
  ok(await c.kubectl(['scale', 'deploy', 'kept', '-n', 'app', '--replicas=4'], { context: ctx(2) }));

  ok(await c.kubectl(['patch', 'federatedservice', 'web', '-n', 'app', '--type=merge', '-p', '{"spec":{"template":{"spec":{"selector":{"app":"web2"}}}}}']));
  await apply([fedDeployment('kept', 2, { retainReplicas: true, labels: { tier: 'front' } })]);
  const svcAfter = await waitFor(async () => {
    const o = await get(ctx(2), ['service', '-n', 'app', 'web']);
    return (o?.spec?.['selector'] as Record<string, string> | undefined)?.['app'] === 'web2' ? o : undefined;
  }, WAIT_MS, 'service selector updated');
  assert.equal(svcAfter.spec?.['clusterIP'], ip);
  assert.equal((svcAfter.spec?.['ports'] as { nodePort?: number }[])[0]?.nodePort, nodePort);
  assert.equal(svcAfter.metadata.annotations?.['member.example/owner'], 'cluster2');
  const dep = await waitFor(async () => {
    const o = await get(ctx(2), ['deploy', '-n', 'app', 'kept']);
    return o?.metadata.labels?.['tier'] === 'front' ? o : undefined;
  }, WAIT_MS, 'deployment label updated');
  assert.equal(dep.spec?.['replicas'], 4, 'retainReplicas keeps the member\'s replicas');
});

test('remote status: status.clusters[].remoteStatus follows the member Deployments\' status without update loops', async () => {
  await apply([fedDeployment('status-web', 2)]);
  const withStatus = await waitFor(async () => {
    const o = await get(ctx(1), ['federateddeployment', '-n', 'app', 'status-web']);
    const remote = o?.status?.clusters?.map((x) => x.remoteStatus?.['readyReplicas']);
    return remote?.length === 2 && remote.every((r) => r === 2) && propagation(o).status === 'True' ? o : undefined;
  }, WAIT_MS, 'remoteStatus readyReplicas 2 in both clusters');
  assert.equal(withStatus.status?.clusters?.[0]?.remoteStatus?.['replicas'], 2);

  ok(await c.kubectl(['scale', 'deploy', 'status-web', '-n', 'app', '--replicas=3'], { context: ctx(2) }));
  // Drift is reverted to 2; the member status passes through 3 and back, and the remote status ends at 2 again.
  await waitFor(async () => {
    const o = await get(ctx(1), ['federateddeployment', '-n', 'app', 'status-web']);
    const r = o?.status?.clusters?.find((x) => x.name === 'cluster2')?.remoteStatus;
    return r?.['readyReplicas'] === 2 && r['replicas'] === 2 && r['observedGeneration'] !== withStatus.status?.clusters?.find((x) => x.name === 'cluster2')?.remoteStatus?.['observedGeneration'];
  }, WAIT_MS, 'cluster2 remote status of the new generation');

  const settled = await get(ctx(1), ['federateddeployment', '-n', 'app', 'status-web']);
  await new Promise((r) => setTimeout(r, 3_000));
  const later = await get(ctx(1), ['federateddeployment', '-n', 'app', 'status-web']);
  assert.equal(later?.metadata.resourceVersion, settled?.metadata.resourceVersion, 'a settled federated resource is not rewritten');
});

test('orphaning deletion (kubefedctl orphaning-deletion enable) leaves member objects in place, unlabeled', async () => {
  await apply([fedDeployment('orphan-me', 1)]);
  for (const n of [1, 2]) await waitFor(() => get(ctx(n), ['deploy', '-n', 'app', 'orphan-me']), WAIT_MS, `orphan-me in cluster${n}`);
  ok(await kubefedctl(['orphaning-deletion', 'enable', 'federateddeployments', 'orphan-me', '-n', 'app']));
  assert.match(ok(await kubefedctl(['orphaning-deletion', 'status', 'federateddeployments', 'orphan-me', '-n', 'app'])), /Enabled/);
  ok(await c.kubectl(['delete', 'federateddeployment', 'orphan-me', '-n', 'app', '--wait=false']));
  await waitFor(async () => (await get(ctx(1), ['federateddeployment', '-n', 'app', 'orphan-me'])) === undefined, WAIT_MS, 'federated resource gone');
  for (const n of [1, 2]) {
    const d = await get(ctx(n), ['deploy', '-n', 'app', 'orphan-me']);
    assert.ok(d, `orphan-me survives in cluster${n}`);
    assert.equal(d.metadata.labels?.['kubefed.io/managed'], undefined);
  }
});

test('kubefed.io/deleteoption {"propagationPolicy":"Orphan"} deletes the member Deployment but its ReplicaSet survives', async () => {
  await apply([fedDeployment('keep-rs', 1, { annotations: { 'kubefed.io/deleteoption': '{"propagationPolicy":"Orphan"}' } })]);
  const rs = await waitFor(async () => {
    const list = await get(ctx(2), ['replicasets', '-n', 'app', '-l', 'app=keep-rs']);
    return list?.items?.find((x) => x.metadata.ownerReferences?.some((r) => r.kind === 'Deployment' && r.name === 'keep-rs'));
  }, WAIT_MS, 'the member Deployment\'s ReplicaSet');
  ok(await c.kubectl(['delete', 'federateddeployment', 'keep-rs', '-n', 'app', '--wait=false']));
  await waitFor(async () => (await get(ctx(2), ['deploy', '-n', 'app', 'keep-rs'])) === undefined, WAIT_MS, 'member Deployment deleted');
  await waitFor(async () => (await get(ctx(1), ['federateddeployment', '-n', 'app', 'keep-rs'])) === undefined, WAIT_MS, 'federated resource gone');
  const survivor = await waitFor(async () => {
    const o = await get(ctx(2), ['replicaset', '-n', 'app', rs.metadata.name]);
    return o && !(o.metadata.ownerReferences ?? []).length ? o : undefined;
  }, WAIT_MS, 'ReplicaSet kept with its owner reference removed');
  assert.equal(survivor.metadata.name, rs.metadata.name);
});

test('deleting a FederatedNamespace deletes member namespaces but only unlabels the host cluster\'s own', async () => {
  ok(await c.kubectl(['create', 'namespace', 'short-lived']));
  await apply([fedNamespace('short-lived')]);
  await waitFor(async () => (await get(ctx(2), ['namespace', 'short-lived']))?.metadata.labels?.['kubefed.io/managed'] === 'true', WAIT_MS, 'short-lived in cluster2');
  await waitFor(async () => (await get(ctx(1), ['namespace', 'short-lived']))?.metadata.labels?.['kubefed.io/managed'] === 'true', WAIT_MS, 'host namespace labeled');
  ok(await c.kubectl(['delete', 'federatednamespace', 'short-lived', '-n', 'short-lived', '--wait=false']));
  await waitFor(async () => (await get(ctx(1), ['federatednamespace', 'short-lived', '-n', 'short-lived'])) === undefined, WAIT_MS, 'FederatedNamespace gone');
  await waitFor(async () => (await get(ctx(2), ['namespace', 'short-lived'])) === undefined, WAIT_MS, 'member namespace deleted');
  const host = await get(ctx(1), ['namespace', 'short-lived']);
  assert.ok(host, 'the host namespace is never deleted');
  assert.equal(host.metadata.labels?.['kubefed.io/managed'], undefined);
});

test('/metrics exposes KubeFed\'s metrics, wired to the work queues and dispatch', async () => {
  const text = await scrape(await leader());
  for (const re of [
    /kubefedcluster_total\{state="ready",cluster="cluster2"\} 1/,
    /kubefedcluster_total\{state="offline",cluster="cluster2"\} 0/,
    /joined_cluster_total 2/,
    /leader_election_master_status\{name="kubefed-controller-manager"\} 1/,
    /dispatch_operation_duration_seconds_count\{action="create"\} [1-9]/,
    /dispatch_operation_duration_seconds_count\{action="update"\} [1-9]/,
    /dispatch_operation_duration_seconds_count\{action="delete"\} [1-9]/,
    /controller_runtime_reconcile_total\{controller="federateddeployment",result="success"\} [1-9]/,
    /controller_runtime_reconcile_time_seconds_count\{controller="federatedconfigmap"\} [1-9]/,
    /controller_runtime_max_concurrent_reconciles\{controller="federateddeployment"\} 4/,
    /workqueue_adds_total\{name="federateddeployment"\} [1-9]/,
    /workqueue_depth\{name="federateddeployment"\} \d/,
    /workqueue_queue_duration_seconds_count\{name="federatedconfigmap"\} [1-9]/,
    /process_resident_memory_bytes \d/,
  ]) assert.match(text, re);
});

test('leader failover: after kill -9 of the leader the standby takes over within the lease duration and acts', async () => {
  const old = await leader();
  const standby = managers.find((m) => m !== old) as Manager;
  const killed = Date.now();
  old.process.child.kill('SIGKILL');
  await old.process.exited();
  await standby.process.waitForOutput(/promoted as leader/, WAIT_MS);
  const tookOver = Date.now() - killed;
  // The standby counts leaseDuration from the last renewal it saw (≤ one jittered retry period before the kill).
  assert.ok(tookOver <= LEASE_MS + RETRY_MS * 2.2 + 1_000, `took over after ${tookOver} ms`);
  await standby.process.waitForOutput(/controllers started/, WAIT_MS);
  await apply([fedConfigMap('after-failover', { v: '1' })]);
  await waitFor(() => get(ctx(2), ['configmap', '-n', 'app', 'after-failover']), WAIT_MS, 'the new leader propagates');
  managers = [standby, await startManager()];
});

test('SIGTERM: the leader drains, releases the lease and exits 0; the standby takes over at once', async () => {
  const lead = await leader();
  const standby = managers.find((m) => m !== lead) as Manager;
  const stopped = Date.now();
  const r = await lead.process.stop();
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /released leader lease/);
  await standby.process.waitForOutput(/promoted as leader/, WAIT_MS);
  assert.ok(Date.now() - stopped < LEASE_MS, 'a released lease is taken without waiting out its duration');
  await standby.process.waitForOutput(/controllers started/, WAIT_MS);
  managers = [standby];
});

test('adoptResources: Disabled leaves a pre-existing object alone and reports AlreadyExists', async () => {
  await applyKubeFedConfig({ syncController: { adoptResources: 'Disabled' } });
  const r = await managers[0]?.process.stop();
  assert.equal(r?.code, 0);
  managers = [await startManager()];
  await (await leader()).process.waitForOutput(/controllers started/, WAIT_MS);
  ok(await c.kubectl(['create', 'configmap', 'not-yours', '-n', 'app', '--from-literal=v=old'], { context: ctx(2) }));
  await apply([fedConfigMap('not-yours', { v: 'new' })]);
  const fed = await waitFor(async () => {
    const o = await get(ctx(1), ['federatedconfigmap', '-n', 'app', 'not-yours']);
    return clusterStatus(o)['cluster2'] === 'AlreadyExists' ? o : undefined;
  }, WAIT_MS, 'AlreadyExists for cluster2');
  assert.equal(propagation(fed).reason, 'CheckClusters');
  const o = await get(ctx(2), ['configmap', '-n', 'app', 'not-yours']);
  assert.equal(o?.data?.['v'], 'old');
  assert.equal(o?.metadata.labels?.['kubefed.io/managed'], undefined);
  assert.match(await events('app', 'not-yours'), /CreateInClusterFailed: Failed to create ConfigMap "app\/not-yours" in cluster "cluster2": Resource pre-exist in cluster/);
});
