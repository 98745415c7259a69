// KubeFed's generated CRDs (src/apis) against our API server, in process over loopback HTTP: every CRD is accepted
// (its CEL rules compile), and the rules the KubeFed types rely on fire on create and update with their messages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allCrds, LEASE_DURATION_MESSAGE, RENEW_DEADLINE_MESSAGE, GREATER_THAN_ZERO_MESSAGE } from '../../src/apis/index.js';
import { useInProcessServer, type Reply } from '../../src/apiserver/testing/in-process-server.js';

const { call } = useInProcessServer();

const CONFIGS = '/apis/core.kubefed.io/v1beta1/namespaces/kube-federation-system/kubefedconfigs';

function causes(r: Reply): { field?: string; message?: string }[] {
  const details = r.body.details as { causes?: { field?: string; message?: string }[] } | undefined;
  return details?.causes ?? [];
}

test('every CRD that src/apis generates is accepted', async () => {
  const crds = allCrds();
  assert.ok(crds.length >= 5);
  for (const crd of crds) {
    const r = await call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    assert.equal(r.status, 201, `${crd.metadata.name}: ${JSON.stringify(r.body)}`);
  }
  const ns = await call('POST', '/api/v1/namespaces', { metadata: { name: 'kube-federation-system' } });
  assert.equal(ns.status, 201);
});

test('a KubeFedConfig with leaseDuration below renewDeadline is rejected with the lease ordering message', async () => {
  const r = await call('POST', CONFIGS, {
    apiVersion: 'core.kubefed.io/v1beta1', kind: 'KubeFedConfig', metadata: { name: 'bad-lease' },
    spec: { scope: 'Cluster', leaderElect: { leaseDuration: '5s', renewDeadline: '10s', retryPeriod: '1s' } },
  });
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.ok(causes(r).some((c) => c.field === 'spec.leaderElect' && c.message?.includes(LEASE_DURATION_MESSAGE)), JSON.stringify(r.body));
});

test('renewDeadline must exceed retryPeriod times the jitter factor (duration sums)', async () => {
  const r = await call('POST', CONFIGS, {
    apiVersion: 'core.kubefed.io/v1beta1', kind: 'KubeFedConfig', metadata: { name: 'bad-renew' },
    spec: { scope: 'Cluster', leaderElect: { leaseDuration: '30s', renewDeadline: '10s', retryPeriod: '9s' } },
  });
  assert.equal(r.status, 422);
  assert.ok(causes(r).some((c) => c.message?.includes(RENEW_DEADLINE_MESSAGE)), JSON.stringify(r.body));
});

test('a zero duration is rejected as not greater than 0', async () => {
  const r = await call('POST', CONFIGS, {
    apiVersion: 'core.kubefed.io/v1beta1', kind: 'KubeFedConfig', metadata: { name: 'zero' },
    spec: { scope: 'Cluster', clusterHealthCheck: { period: '0s' } },
  });
  assert.equal(r.status, 422);
  assert.ok(causes(r).some((c) => c.field === 'spec.clusterHealthCheck.period' && c.message?.includes(GREATER_THAN_ZERO_MESSAGE)), JSON.stringify(r.body));
});

test('a valid KubeFedConfig is created, and its scope is immutable (transition rule with oldSelf)', async () => {
  const created = await call('POST', CONFIGS, {
    apiVersion: 'core.kubefed.io/v1beta1', kind: 'KubeFedConfig', metadata: { name: 'kubefed' }, spec: { scope: 'Cluster' },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const ok = await call('PATCH', `${CONFIGS}/kubefed`, { spec: { syncController: { maxConcurrentReconciles: 3 } } }, 'application/merge-patch+json');
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const r = await call('PATCH', `${CONFIGS}/kubefed`, { spec: { scope: 'Namespaced' } }, 'application/merge-patch+json');
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.match(String(r.body.message), /spec\.scope: Invalid value: "string": field is immutable/);
});

test('dry-run creates of a rejected object report the same causes and store nothing', async () => {
  const r = await call('POST', `${CONFIGS}?dryRun=All`, {
    apiVersion: 'core.kubefed.io/v1beta1', kind: 'KubeFedConfig', metadata: { name: 'dry' },
    spec: { scope: 'Cluster', leaderElect: { leaseDuration: '1s', renewDeadline: '2s' } },
  });
  assert.equal(r.status, 422);
  assert.equal((await call('GET', `${CONFIGS}/dry`)).status, 404);
});

test('a CRD whose rule does not compile is rejected with the compiler error as a cause', async () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'broken.example.com' },
    spec: {
      group: 'example.com', scope: 'Namespaced', names: { plural: 'broken', kind: 'Broken' },
      versions: [{
        name: 'v1', served: true, storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } },
          'x-kubernetes-validations': [{ rule: 'self.sise > 0' }, { rule: 'self.size >' }] } } } },
      }],
    },
  };
  const r = await call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
  assert.equal(r.status, 422, JSON.stringify(r.body));
  const fields = causes(r).map((c) => c.field);
  assert.ok(fields.includes('spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule'), JSON.stringify(fields));
  assert.ok(fields.includes('spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[1].rule'), JSON.stringify(fields));
  assert.match(String(r.body.message), /undefined field 'sise'/);
  assert.equal((await call('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/broken.example.com')).status, 404);
});
