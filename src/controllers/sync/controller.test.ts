// The sync controller against two in-memory API servers (a host and one member): real informers, queue, HTTP and
// JSON, no clusters. Each test names the behaviour a user relies on.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FederatedTypeConfig } from '../../apis/types.js';
import type { KubeObject } from '../../common/object.js';
import { RestClient } from '../../client/rest.js';
import { CORE_RESOURCES, FakeKubeApi, waitFor } from '../../client/testing/fake-api.js';
import { ClusterRegistry } from '../cluster/registry.js';
import { CollectingEventSink } from '../events.js';
import { createLog } from '../log.js';
import { InformerFactory } from '../manager/informer-factory.js';
import { SyncController } from './controller.js';

const NS = 'kube-federation-system';
const FCM = 'types.kubefed.io/v1beta1/federatedconfigmaps';
const FNS = 'types.kubefed.io/v1beta1/federatednamespaces';
const KFC = 'core.kubefed.io/v1beta1/kubefedclusters';
const CM = '/v1/configmaps';
const PV = 'core.kubefed.io/v1alpha1/propagatedversions';

let host: FakeKubeApi;
let member: FakeKubeApi;
let factory: InformerFactory;
let registry: ClusterRegistry;
let sync: SyncController;
const events = new CollectingEventSink();
const log = createLog(0, () => undefined);

const ftc: FederatedTypeConfig = {
  apiVersion: 'core.kubefed.io/v1beta1',
  kind: 'FederatedTypeConfig',
  metadata: { name: 'configmaps', namespace: NS },
  spec: {
    targetType: { version: 'v1', kind: 'ConfigMap', pluralName: 'configmaps', scope: 'Namespaced' },
    propagation: 'Enabled',
    federatedType: { group: 'types.kubefed.io', version: 'v1beta1', kind: 'FederatedConfigMap', pluralName: 'federatedconfigmaps', scope: 'Namespaced' },
  },
};

function cluster(name: string, url: string, ready: boolean): KubeObject {
  return {
    apiVersion: 'core.kubefed.io/v1beta1',
    kind: 'KubeFedCluster',
    metadata: { name, namespace: NS },
    spec: { apiEndpoint: url, secretRef: { name: `${name}-secret` } },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: '2024-01-01T00:00:00Z' }] },
  };
}

function federatedConfigMap(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'types.kubefed.io/v1beta1', kind: 'FederatedConfigMap', metadata: { name, namespace: 'app' }, spec };
}

/** Waits until `fn` returns a value and returns it. */
async function eventually<T>(fn: () => T | undefined, what: string): Promise<T> {
  let value: T | undefined;
  await waitFor(() => (value = fn()) !== undefined, what);
  return value as T;
}

const writes = (api: FakeKubeApi): number => api.requests.filter((r) => r.method !== 'GET').length;
const memberObject = (name: string): KubeObject | undefined => member.getObject(CM, 'app', name);
const fedObject = (name: string): KubeObject | undefined => host.getObject(FCM, 'app', name);
const propagation = (o: KubeObject | undefined): Record<string, unknown> | undefined =>
  ((o?.['status'] as { conditions?: Record<string, unknown>[] } | undefined)?.conditions ?? []).find((c) => c['type'] === 'Propagation');

before(async () => {
  host = await FakeKubeApi.start();
  member = await FakeKubeApi.start();
  host.addResource(
    ...CORE_RESOURCES,
    { group: 'core.kubefed.io', version: 'v1beta1', kind: 'KubeFedCluster', resource: 'kubefedclusters', namespaced: true, subresources: ['status'] },
    { group: 'core.kubefed.io', version: 'v1alpha1', kind: 'PropagatedVersion', resource: 'propagatedversions', namespaced: true, subresources: ['status'] },
    { group: 'types.kubefed.io', version: 'v1beta1', kind: 'FederatedConfigMap', resource: 'federatedconfigmaps', namespaced: true, subresources: ['status'] },
    { group: 'types.kubefed.io', version: 'v1beta1', kind: 'FederatedNamespace', resource: 'federatednamespaces', namespaced: true, subresources: ['status'] },
  );
  member.addResource(...CORE_RESOURCES);
  host.put('/v1/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'm1-secret', namespace: NS }, data: { token: Buffer.from('t').toString('base64') } });
  host.put('/v1/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'm2-secret', namespace: NS }, data: { token: Buffer.from('t').toString('base64') } });
  host.put(KFC, cluster('m1', member.url, true));
  host.put(KFC, cluster('m2', 'http://127.0.0.1:1', false));
  host.put(FNS, { apiVersion: 'types.kubefed.io/v1beta1', kind: 'FederatedNamespace', metadata: { name: 'app', namespace: 'app' }, spec: { placement: { clusterSelector: {} } } });
  const hostClient = new RestClient(host.connection('host'));
  factory = new InformerFactory(hostClient, log);
  registry = new ClusterRegistry(factory, NS, log);
  await registry.start();
  sync = new SyncController({
    ftc,
    host: hostClient,
    factory,
    registry,
    events,
    settings: { kubefedNamespace: NS, scope: 'Cluster', workers: 2, adoptResources: true },
    log,
  });
  await sync.start();
});

after(async () => {
  await sync.stop();
  await registry.stop();
  await factory.stopAll();
  await host.close();
  await member.close();
});

test('a federated ConfigMap is created in the selected Ready member with overrides and the managed label', async () => {
  host.put(FCM, federatedConfigMap('web', {
    template: { data: { color: 'blue' } },
    placement: { clusters: [{ name: 'm1' }] },
    overrides: [{ clusterName: 'm1', clusterOverrides: [{ path: '/data/color', value: 'red' }] }],
  }));
  const cm = await eventually(() => memberObject('web'), 'configmap in member');
  assert.deepEqual(cm['data'], { color: 'red' });
  assert.equal(cm.metadata.labels?.['kubefed.io/managed'], 'true');
  await waitFor(() => propagation(fedObject('web'))?.['status'] === 'True', 'Propagation True');
  assert.deepEqual(fedObject('web')?.metadata.finalizers, ['kubefed.io/sync-controller']);
  assert.deepEqual((fedObject('web')?.['status'] as { clusters: unknown }).clusters, [{ name: 'm1' }]);
  const pv = await eventually(() => host.getObject(PV, 'app', 'configmap-web'), 'PropagatedVersion');
  assert.deepEqual((pv['status'] as { clusterVersions: unknown }).clusterVersions, [{ clusterName: 'm1', version: `rv:${cm.metadata.resourceVersion ?? ''}` }]);
  assert.ok(events.events.some((e) => e.reason === 'CreateInCluster' && e.message === 'Creating ConfigMap "app/web" in cluster "m1"'));
});

test('reconciling an up-to-date resource writes nothing anywhere', async () => {
  await waitFor(() => propagation(fedObject('web'))?.['status'] === 'True', 'Propagation True');
  await new Promise((r) => setTimeout(r, 300));
  const hostWrites = writes(host);
  const memberWrites = writes(member);
  await sync.reconcile('app/web');
  await sync.reconcile('app/web');
  assert.equal(writes(member), memberWrites);
  assert.equal(writes(host), hostWrites);
});

test('an edit in the member is reverted and an object deleted there is recreated', async () => {
  const cm = memberObject('web') as KubeObject;
  member.put(CM, { ...cm, data: { color: 'green' } });
  await waitFor(() => (memberObject('web')?.['data'] as Record<string, string> | undefined)?.['color'] === 'red', 'edit reverted');
  member.remove(CM, 'app', 'web');
  await waitFor(() => memberObject('web') !== undefined, 'recreated');
});

test('a selected cluster that is not Ready is reported ClusterNotReady, with a Warning event', async () => {
  host.put(FCM, federatedConfigMap('both', { template: { data: { a: 'b' } }, placement: { clusters: [{ name: 'm1' }, { name: 'm2' }] } }));
  await waitFor(() => {
    const s = fedObject('both')?.['status'] as { clusters?: { name: string; status?: string }[] } | undefined;
    return JSON.stringify(s?.clusters) === JSON.stringify([{ name: 'm1' }, { name: 'm2', status: 'ClusterNotReady' }]);
  }, 'ClusterNotReady for m2');
  assert.equal(propagation(fedObject('both'))?.['reason'], 'CheckClusters');
  assert.ok(events.events.some((e) => e.object === 'app/both' && e.reason === 'ClusterNotReady' && e.type === 'Warning'));
});

test('a bad override fails that cluster with ApplyOverridesFailed and KubeFed\'s message', async () => {
  host.put(FCM, federatedConfigMap('dup', {
    template: { data: {} },
    placement: { clusters: [{ name: 'm1' }] },
    overrides: [{ clusterName: 'm1', clusterOverrides: [{ path: '/kind', value: 'Secret' }] }],
  }));
  await waitFor(() => JSON.stringify((fedObject('dup')?.['status'] as { clusters?: unknown } | undefined)?.clusters) === JSON.stringify([{ name: 'm1', status: 'ApplyOverridesFailed' }]), 'ApplyOverridesFailed');
  assert.equal(memberObject('dup'), undefined);
  assert.ok(events.events.some((e) => e.reason === 'CreateInClusterFailed' && e.message.endsWith('override[0] for cluster "m1" has an invalid path: /kind')));
});

test('leaving the placement deletes the member object', async () => {
  host.put(FCM, { ...(fedObject('web') as KubeObject), spec: { template: { data: { color: 'blue' } }, placement: { clusters: [] } } });
  await waitFor(() => memberObject('web') === undefined, 'deleted from member');
  await waitFor(() => (fedObject('web')?.['status'] as { clusters?: unknown } | undefined)?.clusters === undefined, 'status without clusters');
});

test('deletion removes member objects first, then the finalizer', async () => {
  host.put(FCM, federatedConfigMap('gone', { template: { data: { a: 'b' } }, placement: { clusters: [{ name: 'm1' }] } }));
  await waitFor(() => memberObject('gone') !== undefined, 'created');
  await waitFor(() => fedObject('gone')?.metadata.finalizers?.length === 1, 'finalizer added');
  const fed = fedObject('gone') as KubeObject;
  host.put(FCM, { ...fed, metadata: { ...fed.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } });
  await waitFor(() => memberObject('gone') === undefined, 'member object deleted');
  await waitFor(() => (fedObject('gone')?.metadata.finalizers ?? []).length === 0, 'finalizer removed');
});

test('a member object labeled managed that nobody federates loses the label', async () => {
  member.put(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'stray', namespace: 'app', labels: { 'kubefed.io/managed': 'true', keep: 'me' } } });
  await waitFor(() => memberObject('stray')?.metadata.labels?.['kubefed.io/managed'] === undefined, 'label removed');
  assert.equal(memberObject('stray')?.metadata.labels?.['keep'], 'me');
});
