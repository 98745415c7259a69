import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeFeatureGates, featureGateEnabled, setFederatedTypeConfigDefaults, setKubeFedConfigDefaults } from './defaults.js';
import type { FeatureGateName } from './constants.js';
import type { FederatedTypeConfig, KubeFedConfig } from './types.js';

const config = (spec: KubeFedConfig['spec']): KubeFedConfig => ({
  apiVersion: 'core.kubefed.io/v1beta1',
  kind: 'KubeFedConfig',
  metadata: { name: 'kubefed', namespace: 'kube-federation-system' },
  spec,
});

test('an empty KubeFedConfig gets every KubeFed default, with a Lease lock', () => {
  const input = config({ scope: 'Cluster' });
  const defaulted = setKubeFedConfigDefaults(input);
  assert.deepEqual(defaulted.spec, {
    scope: 'Cluster',
    controllerDuration: { availableDelay: '20s', unavailableDelay: '60s', cacheSyncTimeout: '5m' },
    leaderElect: { leaseDuration: '15s', renewDeadline: '10s', retryPeriod: '5s', resourceLock: 'leases' },
    featureGates: [
      { name: 'CrossClusterServiceDiscovery', configuration: 'Enabled' },
      { name: 'FederatedIngress', configuration: 'Enabled' },
      { name: 'PushReconciler', configuration: 'Enabled' },
      { name: 'RawResourceStatusCollection', configuration: 'Disabled' },
      { name: 'SchedulerPreferences', configuration: 'Enabled' },
    ],
    clusterHealthCheck: { period: '10s', failureThreshold: 3, successThreshold: 1, timeout: '3s' },
    syncController: { maxConcurrentReconciles: 1, adoptResources: 'Enabled' },
    statusController: { maxConcurrentReconciles: 1 },
  });
  assert.deepEqual(input.spec, { scope: 'Cluster' }, 'the input is not mutated');
});

test('user values are preserved, including legacy lock values', () => {
  const defaulted = setKubeFedConfigDefaults(
    config({
      scope: 'Namespaced',
      leaderElect: { resourceLock: 'configmaps', leaseDuration: '30s' },
      clusterHealthCheck: { failureThreshold: 5 },
      syncController: { adoptResources: 'Disabled' },
    }),
  );
  assert.equal(defaulted.spec.scope, 'Namespaced');
  assert.deepEqual(defaulted.spec.leaderElect, { leaseDuration: '30s', renewDeadline: '10s', retryPeriod: '5s', resourceLock: 'configmaps' });
  assert.equal(defaulted.spec.clusterHealthCheck.failureThreshold, 5);
  assert.equal(defaulted.spec.clusterHealthCheck.period, '10s');
  assert.deepEqual(defaulted.spec.syncController, { maxConcurrentReconciles: 1, adoptResources: 'Disabled' });
});

test('feature gates: configured ones kept, missing ones appended at their default, sorted by name', () => {
  const gates = completeFeatureGates([
    { name: 'SchedulerPreferences', configuration: 'Disabled' },
    { name: 'RawResourceStatusCollection', configuration: 'Enabled' },
  ]);
  assert.deepEqual(gates.map((g) => `${g.name}=${g.configuration}`), [
    'CrossClusterServiceDiscovery=Enabled',
    'FederatedIngress=Enabled',
    'PushReconciler=Enabled',
    'RawResourceStatusCollection=Enabled',
    'SchedulerPreferences=Disabled',
  ]);
  assert.equal(featureGateEnabled({ featureGates: gates }, 'SchedulerPreferences'), false);
  assert.equal(featureGateEnabled({ featureGates: gates }, 'RawResourceStatusCollection'), true);
  assert.equal(featureGateEnabled({}, 'PushReconciler'), true);
  assert.equal(featureGateEnabled({}, 'Unknown'), false);
});

test('the default KubeFedConfig enables both multi-cluster DNS gates (ADR 0004)', () => {
  const defaulted = setKubeFedConfigDefaults(config({ scope: 'Cluster' }));
  for (const name of ['CrossClusterServiceDiscovery', 'FederatedIngress']) {
    assert.equal(defaulted.spec.featureGates.find((g) => g.name === name)?.configuration, 'Enabled', name);
    assert.equal(featureGateEnabled(defaulted.spec, name), true, name);
    assert.equal(featureGateEnabled({}, name), true, `${name} with no gates listed at all`);
  }
});

const dnsGateCases = [
  { scenario: 'both Disabled', gates: { CrossClusterServiceDiscovery: 'Disabled', FederatedIngress: 'Disabled' }, want: { CrossClusterServiceDiscovery: false, FederatedIngress: false } },
  { scenario: 'only services Disabled', gates: { CrossClusterServiceDiscovery: 'Disabled' }, want: { CrossClusterServiceDiscovery: false, FederatedIngress: true } },
  { scenario: 'only ingresses Disabled', gates: { FederatedIngress: 'Disabled' }, want: { CrossClusterServiceDiscovery: true, FederatedIngress: false } },
] as const;

for (const c of dnsGateCases) {
  test(`an explicit Disabled DNS gate wins over the Enabled default: ${c.scenario}`, () => {
    const featureGates = Object.entries(c.gates).map(([name, configuration]) => ({ name: name as FeatureGateName, configuration }));
    const defaulted = setKubeFedConfigDefaults(config({ scope: 'Cluster', featureGates }));
    for (const [name, enabled] of Object.entries(c.want)) {
      assert.equal(defaulted.spec.featureGates.find((g) => g.name === name)?.configuration, enabled ? 'Enabled' : 'Disabled', name);
      assert.equal(featureGateEnabled(defaulted.spec, name), enabled, name);
    }
  });
}

const ftc = (name: string, spec: Partial<FederatedTypeConfig['spec']>): FederatedTypeConfig => ({
  apiVersion: 'core.kubefed.io/v1beta1',
  kind: 'FederatedTypeConfig',
  metadata: { name, namespace: 'kube-federation-system' },
  spec: {
    targetType: { version: 'v1', kind: 'Deployment', pluralName: '', scope: 'Namespaced' },
    propagation: 'Enabled',
    federatedType: { group: 'types.kubefed.io', version: 'v1beta1', kind: 'FederatedDeployment', pluralName: '', scope: 'Namespaced' },
    ...spec,
  },
});

test('SetFederatedTypeConfigDefaults derives target plural and group from the name', () => {
  const defaulted = setFederatedTypeConfigDefaults(ftc('deployments.apps', {}));
  assert.equal(defaulted.spec.targetType.pluralName, 'deployments');
  assert.equal(defaulted.spec.targetType.group, 'apps');
  assert.equal(defaulted.spec.federatedType.pluralName, 'federateddeployments');
  const core = setFederatedTypeConfigDefaults(ftc('configmaps', { targetType: { version: 'v1', kind: 'ConfigMap', pluralName: '', scope: 'Namespaced' } }));
  assert.equal(core.spec.targetType.pluralName, 'configmaps');
  assert.equal(core.spec.targetType.group, undefined);
});

test('SetFederatedTypeConfigDefaults keeps given values and fills the status type from the federated type', () => {
  const input = ftc('services', {
    targetType: { group: '', version: 'v1', kind: 'Service', pluralName: 'services', scope: 'Namespaced' },
    federatedType: { group: 'types.kubefed.io', version: 'v1beta1', kind: 'FederatedService', pluralName: 'fedsvcs', scope: 'Namespaced' },
    statusType: { version: '', kind: 'FederatedServiceStatus', pluralName: '', scope: 'Namespaced' },
  });
  const defaulted = setFederatedTypeConfigDefaults(input);
  assert.equal(defaulted.spec.federatedType.pluralName, 'fedsvcs');
  assert.deepEqual(defaulted.spec.statusType, {
    group: 'types.kubefed.io',
    version: 'v1beta1',
    kind: 'FederatedServiceStatus',
    pluralName: 'federatedservicestatuses',
    scope: 'Namespaced',
  });
  assert.equal(input.spec.statusType?.pluralName, '', 'the input is not mutated');
});
