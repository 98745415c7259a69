import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computePlacement, type PlacementCluster, type PlacementInput, type PlacementSubject } from './placement.js';

const clusters: PlacementCluster[] = [
  { metadata: { name: 'cluster1', labels: { region: 'eu', tier: 'gold' } } },
  { metadata: { name: 'cluster2', labels: { region: 'us' } } },
  { metadata: { name: 'cluster3' } },
];

const fd = (placement: unknown): PlacementSubject => ({ kind: 'FederatedDeployment', metadata: { name: 'web', namespace: 'ns' }, spec: placement === undefined ? {} : { placement } });
const fns = (placement: unknown): PlacementSubject => ({ kind: 'FederatedNamespace', metadata: { name: 'ns', namespace: 'ns' }, spec: { placement } });

interface Case {
  name: string;
  input: Partial<PlacementInput> & { federated: PlacementSubject };
  want?: string[];
  reason?: string;
  error?: string;
}

const base: Omit<PlacementInput, 'federated'> = { clusters, targetNamespaced: false, controlPlaneScope: 'Cluster' };

const cases: Case[] = [
  { name: 'clusters list', input: { federated: fd({ clusters: [{ name: 'cluster2' }, { name: 'cluster1' }] }) }, want: ['cluster1', 'cluster2'] },
  { name: 'empty clusters list selects nothing even with a selector', input: { federated: fd({ clusters: [], clusterSelector: {} }) }, want: [] },
  { name: 'clusters list wins over the selector', input: { federated: fd({ clusters: [{ name: 'cluster3' }], clusterSelector: { matchLabels: { region: 'eu' } } }) }, want: ['cluster3'] },
  { name: 'unregistered names are dropped', input: { federated: fd({ clusters: [{ name: 'cluster1' }, { name: 'ghost' }] }) }, want: ['cluster1'] },
  { name: 'no placement selects nothing', input: { federated: fd(undefined) }, want: [] },
  { name: 'null selector selects nothing', input: { federated: fd({ clusters: null, clusterSelector: null }) }, want: [] },
  { name: 'empty selector selects all', input: { federated: fd({ clusterSelector: {} }) }, want: ['cluster1', 'cluster2', 'cluster3'] },
  { name: 'selector with empty matchLabels selects all', input: { federated: fd({ clusterSelector: { matchLabels: {} } }) }, want: ['cluster1', 'cluster2', 'cluster3'] },
  { name: 'matchLabels', input: { federated: fd({ clusterSelector: { matchLabels: { region: 'eu' } } }) }, want: ['cluster1'] },
  { name: 'In', input: { federated: fd({ clusterSelector: { matchExpressions: [{ key: 'region', operator: 'In', values: ['eu', 'us'] }] } }) }, want: ['cluster1', 'cluster2'] },
  { name: 'NotIn includes clusters without the key', input: { federated: fd({ clusterSelector: { matchExpressions: [{ key: 'region', operator: 'NotIn', values: ['eu'] }] } }) }, want: ['cluster2', 'cluster3'] },
  { name: 'Exists', input: { federated: fd({ clusterSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] } }) }, want: ['cluster1'] },
  { name: 'DoesNotExist', input: { federated: fd({ clusterSelector: { matchExpressions: [{ key: 'region', operator: 'DoesNotExist' }] } }) }, want: ['cluster3'] },
  {
    name: 'matchLabels AND matchExpressions',
    input: { federated: fd({ clusterSelector: { matchLabels: { region: 'eu' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['gold'] }] } }) }, want: [],
  },
  {
    name: 'unknown operator', input: { federated: fd({ clusterSelector: { matchExpressions: [{ key: 'region', operator: 'Foo', values: ['eu'] }] } }) },
    error: 'FederatedDeployment "ns/web": invalid spec.placement.clusterSelector: "Foo" is not a valid pod selector operator',
  },
  {
    name: 'In without values', input: { federated: fd({ clusterSelector: { matchExpressions: [{ key: 'region', operator: 'In', values: [] }] } }) },
    error: `FederatedDeployment "ns/web": invalid spec.placement.clusterSelector: for 'in', 'notin' operators, values set can't be empty`,
  },
  {
    name: 'Exists with values', input: { federated: fd({ clusterSelector: { matchExpressions: [{ key: 'region', operator: 'Exists', values: ['x'] }] } }) },
    error: 'FederatedDeployment "ns/web": invalid spec.placement.clusterSelector: values set must be empty for exists and does not exist',
  },
  { name: 'selector not an object', input: { federated: fd({ clusterSelector: 'region=eu' }) }, error: 'FederatedDeployment "ns/web": spec.placement.clusterSelector must be an object' },
  // Namespaced types are narrowed by their FederatedNamespace.
  {
    name: 'namespaced: intersected with the FederatedNamespace',
    input: { federated: fd({ clusters: [{ name: 'cluster1' }, { name: 'cluster2' }] }), targetNamespaced: true, federatedNamespace: fns({ clusters: [{ name: 'cluster2' }, { name: 'cluster3' }] }) },
    want: ['cluster2'],
  },
  {
    name: 'namespaced: FederatedNamespace by selector',
    input: { federated: fd({ clusterSelector: {} }), targetNamespaced: true, federatedNamespace: fns({ clusterSelector: { matchLabels: { region: 'us' } } }) },
    want: ['cluster2'],
  },
  {
    name: 'namespaced: bad FederatedNamespace selector names the FederatedNamespace',
    input: { federated: fd({ clusterSelector: {} }), targetNamespaced: true, federatedNamespace: fns({ clusterSelector: { matchExpressions: [{ key: 'a', operator: 'Bad' }] } }) },
    error: 'FederatedNamespace "ns/ns": invalid spec.placement.clusterSelector: "Bad" is not a valid pod selector operator',
  },
  {
    name: 'namespaced: no FederatedNamespace in a cluster-scoped control plane',
    input: { federated: fd({ clusterSelector: {} }), targetNamespaced: true, federatedNamespace: null, controlPlaneScope: 'Cluster' },
    want: [], reason: 'NamespaceNotFederated',
  },
  {
    name: 'namespaced: no FederatedNamespace in a namespaced control plane keeps the placement',
    input: { federated: fd({ clusters: [{ name: 'cluster3' }] }), targetNamespaced: true, federatedNamespace: null, controlPlaneScope: 'Namespaced' },
    want: ['cluster3'],
  },
  {
    name: 'cluster-scoped target ignores the FederatedNamespace',
    input: { federated: fd({ clusters: [{ name: 'cluster1' }] }), targetNamespaced: false, federatedNamespace: fns({ clusters: [] }) },
    want: ['cluster1'],
  },
  // RSP intersection (selectorOnly) ignores `clusters` on both objects (KubeFed quirk 7, kept for compatibility).
  {
    name: 'selectorOnly ignores clusters and uses the selector',
    input: { federated: fd({ clusters: [{ name: 'cluster3' }], clusterSelector: { matchLabels: { region: 'eu' } } }), selectorOnly: true },
    want: ['cluster1'],
  },
  {
    name: 'selectorOnly with a clusters-only FederatedNamespace selects nothing',
    input: { federated: fd({ clusterSelector: {} }), selectorOnly: true, targetNamespaced: true, federatedNamespace: fns({ clusters: [{ name: 'cluster1' }] }) },
    want: [],
  },
];

describe('computePlacement', () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = computePlacement({ ...base, ...c.input });
      if (c.error !== undefined) {
        assert.deepEqual(r, { ok: false, error: { reason: 'ComputePlacementFailed', message: c.error } });
        return;
      }
      assert.deepEqual(r, { ok: true, value: { clusters: c.want, reason: c.reason ?? '' } });
    });
  }
});
