import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EnabledDisabled } from '../../apis/constants.js';
import { setKubeFedConfigDefaults } from '../../apis/defaults.js';
import type { KubeFedConfig } from '../../apis/types.js';
import { enabledDnsRecordKinds } from './dns-controllers.js';

/** The spec the controller manager hands the DNS controllers: the KubeFedConfig after defaulting. */
function defaultedSpec(gates: { CrossClusterServiceDiscovery?: EnabledDisabled; FederatedIngress?: EnabledDisabled } = {}): KubeFedConfig['spec'] {
  const featureGates = Object.entries(gates).map(([name, configuration]) => ({ name: name as keyof typeof gates, configuration }));
  return setKubeFedConfigDefaults({
    apiVersion: 'core.kubefed.io/v1beta1',
    kind: 'KubeFedConfig',
    metadata: { name: 'kubefed', namespace: 'kube-federation-system' },
    spec: { scope: 'Cluster', ...(featureGates.length ? { featureGates } : {}) },
  }).spec;
}

const cases = [
  { scenario: 'the default KubeFedConfig starts both record controllers', gates: {}, want: ['ServiceDNSRecord', 'IngressDNSRecord'] },
  { scenario: 'explicit Enabled is the same as the default', gates: { CrossClusterServiceDiscovery: 'Enabled', FederatedIngress: 'Enabled' }, want: ['ServiceDNSRecord', 'IngressDNSRecord'] },
  { scenario: 'CrossClusterServiceDiscovery Disabled leaves out the ServiceDNSRecord controller', gates: { CrossClusterServiceDiscovery: 'Disabled' }, want: ['IngressDNSRecord'] },
  { scenario: 'FederatedIngress Disabled leaves out the IngressDNSRecord controller', gates: { FederatedIngress: 'Disabled' }, want: ['ServiceDNSRecord'] },
  { scenario: 'both Disabled start no DNS record controller', gates: { CrossClusterServiceDiscovery: 'Disabled', FederatedIngress: 'Disabled' }, want: [] },
] as const;

for (const c of cases) {
  test(`enabledDnsRecordKinds: ${c.scenario}`, () => {
    assert.deepEqual(enabledDnsRecordKinds(defaultedSpec(c.gates)), c.want);
  });
}

test('enabledDnsRecordKinds: a spec that lists no gates (not yet defaulted) falls back to the Enabled defaults', () => {
  assert.deepEqual(enabledDnsRecordKinds({}), ['ServiceDNSRecord', 'IngressDNSRecord']);
});
