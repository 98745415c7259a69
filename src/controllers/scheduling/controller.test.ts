// The RSP controller against in-memory API servers (a host and two members): real informers, queue, HTTP and JSON,
// no clusters. Checks the decisions a user relies on: the split is written once, rewrites happen only on change,
// and bad input ends in the RSP's status and events.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FederatedTypeConfig } from '../../apis/types.js';
import type { KubeObject } from '../../common/object.js';
import { RestClient } from '../../client/rest.js';
import { CORE_RESOURCES, FakeKubeApi, sleep, waitFor } from '../../client/testing/fake-api.js';
import { ClusterRegistry } from '../cluster/registry.js';
import { CollectingEventSink } from '../events.js';
import { createLog } from '../log.js';
import { InformerFactory } from '../manager/informer-factory.js';
import { RspController } from './controller.js';

const NS = 'kube-federation-system';
const FD = 'types.kubefed.io/v1beta1/federateddeployments';
const FNS = 'types.kubefed.io/v1beta1/federatednamespaces';
const KFC = 'core.kubefed.io/v1beta1/kubefedclusters';
const POD = { group: '', version: 'v1', kind: 'Pod', resource: 'pods', namespaced: true, subresources: ['status'] };
const RSP = 'scheduling.kubefed.io/v1alpha1/replicaschedulingpreferences';

let host: FakeKubeApi;
const members: FakeKubeApi[] = [];
let factory: InformerFactory;
let registry: ClusterRegistry;
let rsp: RspController;
const events = new CollectingEventSink();
const log = createLog(0, () => undefined);

const ftc: FederatedTypeConfig = {
  apiVersion: 'core.kubefed.io/v1beta1',
  kind: 'FederatedTypeConfig',
  metadata: { name: 'deployments.apps', namespace: NS },
  spec: {
    targetType: { group: 'apps', version: 'v1', kind: 'Deployment', pluralName: 'deployments', scope: 'Namespaced' },
    propagation: 'Enabled',
    federatedType: { group: 'types.kubefed.io', version: 'v1beta1', kind: 'FederatedDeployment', pluralName: 'federateddeployments', scope: 'Namespaced' },
  },
};

function cluster(name: string, url: string): KubeObject {
  return {
    apiVersion: 'core.kubefed.io/v1beta1',
    kind: 'KubeFedCluster',
    metadata: { name, namespace: NS },
    spec: { apiEndpoint: url, secretRef: { name: `${name}-secret` } },
    status: { conditions: [{ type: 'Ready', status: 'True', lastProbeTime: '2024-01-01T00:00:00Z' }] },
  };
}

const rspObject = (name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'scheduling.kubefed.io/v1alpha1', kind: 'ReplicaSchedulingPreference', metadata: { name, namespace: 'app', generation: 1 }, spec,
});
const fedDeployment = (name: string): KubeObject => ({
  apiVersion: 'types.kubefed.io/v1beta1', kind: 'FederatedDeployment', metadata: { name, namespace: 'app', generation: 1 },
  spec: { template: { spec: { replicas: 1 } }, placement: { clusterSelector: {} }, overrides: [{ clusterName: 'm1', clusterOverrides: [{ path: '/metadata/labels/x', value: 'y' }] }] },
});
const fedWrites = (name: string): number => host.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(`/federateddeployments/${name}`)).length;
const scheduled = (name: string): Record<string, unknown> | undefined =>
  ((host.getObject(RSP, 'app', name)?.['status'] as { conditions?: Record<string, unknown>[] } | undefined)?.conditions ?? []).find((c) => c['type'] === 'Scheduled');

before(async () => {
  host = await FakeKubeApi.start();
  host.addResource(
    ...CORE_RESOURCES,
    { group: 'core.kubefed.io', version: 'v1beta1', kind: 'KubeFedCluster', resource: 'kubefedclusters', namespaced: true, subresources: ['status'] },
    { group: 'types.kubefed.io', version: 'v1beta1', kind: 'FederatedDeployment', resource: 'federateddeployments', namespaced: true, subresources: ['status'] },
    { group: 'types.kubefed.io', version: 'v1beta1', kind: 'FederatedNamespace', resource: 'federatednamespaces', namespaced: true, subresources: ['status'] },
    { group: 'scheduling.kubefed.io', version: 'v1alpha1', kind: 'ReplicaSchedulingPreference', resource: 'replicaschedulingpreferences', namespaced: true, subresources: ['status'] },
  );
  for (const name of ['m1', 'm2']) {
    const m = await FakeKubeApi.start();
    m.addResource(...CORE_RESOURCES, POD);
    members.push(m);
    host.put('/v1/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: `${name}-secret`, namespace: NS }, data: { token: Buffer.from('t').toString('base64') } });
    host.put(KFC, cluster(name, m.url));
  }
  host.put(FNS, { apiVersion: 'types.kubefed.io/v1beta1', kind: 'FederatedNamespace', metadata: { name: 'app', namespace: 'app' }, spec: { placement: { clusterSelector: {} } } });
  const hostClient = new RestClient(host.connection('host'));
  factory = new InformerFactory(hostClient, log);
  registry = new ClusterRegistry(factory, NS, log);
  await registry.start();
  rsp = new RspController({ host: hostClient, factory, registry, events, scope: 'Cluster', kubefedNamespace: NS, unschedulableThresholdMs: 60_000, log });
  await rsp.start();
  rsp.addTarget(ftc);
});

after(async () => {
  await rsp.stop();
  await registry.stop();
  await factory.stopAll();
  await host.close();
  for (const m of members) await m.close();
});

test('the split is written into placement and /spec/replicas overrides once, keeping other overrides', async () => {
  host.put(FD, fedDeployment('web'));
  host.put(RSP, rspObject('web', { targetKind: 'FederatedDeployment', totalReplicas: 6, clusters: { m1: { weight: 2 }, m2: { weight: 1 } } }));
  await waitFor(() => scheduled('web')?.['status'] === 'True', 'Scheduled=True');
  const spec = host.getObject(FD, 'app', 'web')?.['spec'] as { placement: unknown; overrides: unknown };
  assert.deepEqual(spec.placement, { clusterSelector: {}, clusters: [{ name: 'm1' }, { name: 'm2' }] });
  assert.deepEqual(spec.overrides, [
    { clusterName: 'm1', clusterOverrides: [{ path: '/metadata/labels/x', value: 'y' }, { path: '/spec/replicas', value: 4 }] },
    { clusterName: 'm2', clusterOverrides: [{ path: '/spec/replicas', value: 2 }] },
  ]);
  assert.equal(fedWrites('web'), 1);
  // A status write by the sync controller, or a reconcile with nothing new, must not rewrite the object.
  const fd = host.getObject(FD, 'app', 'web') as KubeObject;
  host.put(FD, { ...fd, status: { conditions: [{ type: 'Propagation', status: 'True' }] } });
  await sleep(300);
  assert.equal(fedWrites('web'), 1);
  assert.ok(events.events.some((e) => e.object === 'app/web' && e.reason === 'ReplicasScheduled'));
});

test('an RSP whose federated object is missing reports FederatedResourceNotFound with a Warning event', async () => {
  host.put(RSP, rspObject('ghost', { targetKind: 'FederatedDeployment', totalReplicas: 3 }));
  await waitFor(() => scheduled('ghost')?.['reason'] === 'FederatedResourceNotFound', 'FederatedResourceNotFound');
  assert.equal(scheduled('ghost')?.['status'], 'False');
  assert.ok(events.events.some((e) => e.object === 'app/ghost' && e.type === 'Warning' && e.reason === 'FederatedResourceNotFound'));
});

test('an unsupported targetKind reports TargetKindNotSupported', async () => {
  host.put(RSP, rspObject('job', { targetKind: 'FederatedJob', totalReplicas: 3 }));
  await waitFor(() => scheduled('job')?.['reason'] === 'TargetKindNotSupported', 'TargetKindNotSupported');
  assert.match(String(scheduled('job')?.['message']), /FederatedJob/);
});
