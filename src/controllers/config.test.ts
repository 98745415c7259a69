import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RestClient } from '../client/rest.js';
import { FakeKubeApi } from '../client/testing/fake-api.js';
import { ConfigError, controllerSettings, loadKubeFedConfig } from './config.js';

const NS = 'kube-federation-system';
const GVR = 'core.kubefed.io/v1beta1/kubefedconfigs';
let api: FakeKubeApi;
let client: RestClient;

before(async () => {
  api = await FakeKubeApi.start();
  api.addResource({ group: 'core.kubefed.io', version: 'v1beta1', kind: 'KubeFedConfig', resource: 'kubefedconfigs', namespaced: true });
  client = new RestClient(api.connection());
});

after(async () => {
  client.close();
  await api.close();
});

test('an absent KubeFedConfig is created with KubeFed\'s defaults and the scope from DEFAULT_KUBEFED_SCOPE', async () => {
  const config = await loadKubeFedConfig(client, NS, { DEFAULT_KUBEFED_SCOPE: 'Namespaced' });
  assert.equal(config.spec.scope, 'Namespaced');
  const stored = api.getObject(GVR, NS, 'kubefed');
  assert.equal((stored?.['spec'] as { clusterHealthCheck: { period: string } }).clusterHealthCheck.period, '10s');
  const s = controllerSettings(config.spec);
  assert.deepEqual([s.healthPeriodMs, s.healthTimeoutMs, s.failureThreshold, s.successThreshold, s.syncWorkers, s.adoptResources], [10_000, 3_000, 3, 1, 1, true]);
});

test('user values are kept and missing ones defaulted', async () => {
  api.put(GVR, { apiVersion: 'core.kubefed.io/v1beta1', kind: 'KubeFedConfig', metadata: { name: 'kubefed', namespace: NS }, spec: { scope: 'Cluster', clusterHealthCheck: { period: '1500ms' } } });
  const s = controllerSettings((await loadKubeFedConfig(client, NS, {})).spec);
  assert.equal(s.healthPeriodMs, 1500);
  assert.equal(s.healthTimeoutMs, 3000);
});

test('an invalid config is one ConfigError naming every bad field', async () => {
  api.put(GVR, {
    apiVersion: 'core.kubefed.io/v1beta1',
    kind: 'KubeFedConfig',
    metadata: { name: 'kubefed', namespace: NS },
    spec: { scope: 'Cluster', clusterHealthCheck: { period: '0s', failureThreshold: 0 } },
  });
  await assert.rejects(loadKubeFedConfig(client, NS, {}), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /^KubeFedConfig "kube-federation-system\/kubefed" is invalid: /);
    assert.match(err.message, /spec\.clusterHealthCheck\.period/);
    assert.match(err.message, /spec\.clusterHealthCheck\.failureThreshold/);
    assert.doesNotMatch(err.message, /\n/);
    return true;
  });
});

test('a bad DEFAULT_KUBEFED_SCOPE is refused', async () => {
  api.remove(GVR, NS, 'kubefed');
  await assert.rejects(loadKubeFedConfig(client, NS, { DEFAULT_KUBEFED_SCOPE: 'Galaxy' }), /DEFAULT_KUBEFED_SCOPE must be Cluster or Namespaced/);
});
