import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../common/object.js';
import { applyOverrides, overrideOp, parseOverrides } from './overrides.js';

const fed = { kind: 'FederatedDeployment', namespace: 'ns', name: 'web' };

describe('parseOverrides', () => {
  const errors: { name: string; overrides: unknown; message: string }[] = [
    {
      name: 'a cluster listed twice',
      overrides: [{ clusterName: 'c1', clusterOverrides: [] }, { clusterName: 'c1' }],
      message: 'cluster "c1" appears more than once',
    },
    ...['/metadata/namespace', '/metadata/name', '/metadata/generateName', '/kind'].map((path) => ({
      name: `the invalid path ${path}`,
      overrides: [{ clusterName: 'c1', clusterOverrides: [{ path: '/spec/replicas', value: 1 }, { path, value: 'x' }] }],
      message: `override[1] for cluster "c1" has an invalid path: ${path}`,
    })),
    {
      name: 'a path repeated within a cluster',
      overrides: [{ clusterName: 'c2', clusterOverrides: [{ path: '/spec/replicas', value: 1 }, { op: 'add', path: '/spec/replicas', value: 2 }] }],
      message: 'path "/spec/replicas" appears more than once for cluster "c2"',
    },
    { name: 'overrides not a list', overrides: { c1: [] }, message: 'spec.overrides must be a list' },
    { name: 'an item not an object', overrides: ['c1'], message: 'spec.overrides[0] must be an object' },
    { name: 'clusterOverrides not a list', overrides: [{ clusterName: 'c1', clusterOverrides: {} }], message: 'spec.overrides[0].clusterOverrides must be a list' },
    { name: 'an override without path', overrides: [{ clusterName: 'c1', clusterOverrides: [{ value: 1 }] }], message: 'spec.overrides[0].clusterOverrides[0].path must be a string' },
    { name: 'an override with a numeric op', overrides: [{ clusterName: 'c1', clusterOverrides: [{ op: 1, path: '/a' }] }], message: 'spec.overrides[0].clusterOverrides[0].op must be a string' },
    { name: 'clusterName not a string', overrides: [{ clusterName: 3 }], message: 'spec.overrides[0].clusterName must be a string' },
    { name: 'an override not an object', overrides: [{ clusterName: 'c1', clusterOverrides: ['x'] }], message: 'spec.overrides[0].clusterOverrides[0] must be an object' },
  ];
  for (const c of errors) {
    it(`rejects ${c.name}`, () => {
      const r = parseOverrides({ spec: { overrides: c.overrides } });
      assert.deepEqual(r, { ok: false, error: { reason: 'ApplyOverridesFailed', message: c.message } });
    });
  }

  it('accepts the same path in different clusters and keeps the written order', () => {
    const r = parseOverrides({
      spec: { overrides: [
        { clusterName: 'c2', clusterOverrides: [{ path: '/spec/replicas', value: 5 }, { op: 'add', path: '/metadata/annotations', value: { foo: 'bar' } }] },
        { clusterName: 'c1', clusterOverrides: [{ path: '/spec/replicas', value: 1 }] },
        { clusterName: 'c3' },
      ] },
    });
    assert.ok(r.ok);
    assert.deepEqual([...r.value.byCluster.keys()], ['c2', 'c1', 'c3']);
    assert.deepEqual(r.value.byCluster.get('c2'), [{ path: '/spec/replicas', value: 5 }, { op: 'add', path: '/metadata/annotations', value: { foo: 'bar' } }]);
    assert.deepEqual(r.value.byCluster.get('c3'), []);
    assert.deepEqual(r.value.items?.[2], { clusterName: 'c3' });
  });

  for (const [name, obj] of [['no spec', {}], ['no overrides', { spec: {} }], ['null overrides', { spec: { overrides: null } }]] as const) {
    it(`treats ${name} as no overrides`, () => {
      const r = parseOverrides(obj);
      assert.ok(r.ok);
      assert.equal(r.value.byCluster.size, 0);
      assert.equal(r.value.items, null);
    });
  }
});

describe('overrideOp', () => {
  for (const [op, want] of [[undefined, 'replace'], ['', 'replace'], ['add', 'add'], ['remove', 'remove']] as const) {
    it(`${String(op)} → ${want}`, () => assert.equal(overrideOp({ path: '/x', ...(op === undefined ? {} : { op }) }), want));
  }
});

describe('applyOverrides', () => {
  const deployment: JsonObject = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'ns', labels: { app: 'web' } },
    spec: { replicas: 3, template: { spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
  };
  const parsed = parseOverrides({
    spec: { overrides: [
      { clusterName: 'cluster2', clusterOverrides: [
        { path: '/spec/replicas', value: 5 },
        { path: '/spec/template/spec/containers/0/image', value: 'nginx:1.17.0-alpine' },
        { op: 'add', path: '/metadata/annotations', value: { foo: 'bar' } },
        { op: 'remove', path: '/metadata/labels/app' },
      ] },
      { clusterName: 'broken', clusterOverrides: [{ path: '/spec/replicas', value: 1 }, { op: 'remove', path: '/spec/paused' }] },
    ] },
  });
  assert.ok(parsed.ok);
  const overrides = parsed.value.byCluster;

  it('applies the seed walkthrough overrides for cluster2', () => {
    const r = applyOverrides(deployment, 'cluster2', overrides, fed);
    assert.ok(r.ok);
    assert.deepEqual(r.value, {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'ns', labels: {}, annotations: { foo: 'bar' } },
      spec: { replicas: 5, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.17.0-alpine' }] } } },
    });
    assert.equal((deployment.spec as JsonObject).replicas, 3);
  });

  it('returns an unchanged copy for a cluster without overrides', () => {
    const r = applyOverrides(deployment, 'cluster1', overrides, fed);
    assert.ok(r.ok);
    assert.deepEqual(r.value, deployment);
    assert.notEqual(r.value, deployment);
  });

  it('names the federated object, cluster, override and path on failure', () => {
    assert.deepEqual(applyOverrides(deployment, 'broken', overrides, fed), {
      ok: false,
      error: {
        reason: 'ApplyOverridesFailed',
        message: `Failed to apply override[1] (remove /spec/paused) for cluster "broken" to FederatedDeployment "ns/web": error in remove for path: '/spec/paused': Unable to remove nonexistent key: paused: missing value`,
      },
    });
  });

  it('names a cluster-scoped federated object without a namespace', () => {
    const p = parseOverrides({ spec: { overrides: [{ clusterName: 'c', clusterOverrides: [{ path: '/rules/5/verbs', value: [] }] }] } });
    assert.ok(p.ok);
    const r = applyOverrides({ rules: [] }, 'c', p.value.byCluster, { kind: 'FederatedClusterRole', name: 'reader' });
    assert.equal(r.ok ? '' : r.error.message, 'Failed to apply override[0] (replace /rules/5/verbs) for cluster "c" to FederatedClusterRole "reader": replace operation does not apply: doc is missing path: /rules/5/verbs: missing value');
  });
});
