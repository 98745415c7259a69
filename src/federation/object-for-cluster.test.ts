import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../common/object.js';
import { isNamespaceTarget, objectForCluster, objectFromTemplate, setManagedLabel, type FederatedSource } from './object-for-cluster.js';
import { parseOverrides } from './overrides.js';

const deploymentTarget = { group: 'apps', version: 'v1', kind: 'Deployment' };
const warningText = (f: string): string =>
  `metadata.${f} cannot be set via template to avoid conflicting with controllers in member clusters. Consider using an override to add or remove elements from this collection.`;

function fedDeployment(spec: JsonObject): FederatedSource {
  return { kind: 'FederatedDeployment', metadata: { name: 'test-deployment', namespace: 'test-namespace' }, spec };
}

describe('objectFromTemplate', () => {
  const cases: { name: string; federated: FederatedSource; target: typeof deploymentTarget; want: JsonObject; warnings?: string[] }[] = [
    {
      name: 'name, namespace and kind come from the federated resource and type; apiVersion from the target',
      federated: fedDeployment({ template: { metadata: { name: 'ignored', namespace: 'other', labels: { app: 'nginx' } }, kind: 'Wrong', spec: { replicas: 3 } } }),
      target: deploymentTarget,
      want: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'test-deployment', namespace: 'test-namespace', labels: { app: 'nginx' } }, spec: { replicas: 3 } },
    },
    {
      name: 'the template apiVersion is kept',
      federated: fedDeployment({ template: { apiVersion: 'apps/v1beta2' } }),
      target: deploymentTarget,
      want: { apiVersion: 'apps/v1beta2', kind: 'Deployment', metadata: { name: 'test-deployment', namespace: 'test-namespace' } },
    },
    {
      name: 'core targets get apiVersion v1, not /v1',
      federated: { kind: 'FederatedConfigMap', metadata: { name: 'cm', namespace: 'ns' }, spec: { template: { data: { a: 'b' } } } },
      target: { group: '', version: 'v1', kind: 'ConfigMap' },
      want: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'ns' }, data: { a: 'b' } },
    },
    {
      name: 'a missing template is an empty object',
      federated: fedDeployment({}),
      target: deploymentTarget,
      want: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'test-deployment', namespace: 'test-namespace' } },
    },
    {
      name: 'namespaces carry no namespace field',
      federated: { kind: 'FederatedNamespace', metadata: { name: 'ns1', namespace: 'ns1' }, spec: { template: { metadata: { namespace: 'x', labels: { team: 'a' } } } } },
      target: { group: '', version: 'v1', kind: 'Namespace' },
      want: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns1', labels: { team: 'a' } } },
    },
    {
      name: 'cluster-scoped targets carry no namespace field',
      federated: { kind: 'FederatedClusterRole', metadata: { name: 'reader' }, spec: { template: { rules: [] } } },
      target: { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole' },
      want: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [] },
    },
    {
      name: 'template annotations and finalizers are dropped with warnings',
      federated: fedDeployment({ template: { metadata: { annotations: { a: 'b' }, finalizers: ['x'] } } }),
      target: deploymentTarget,
      want: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'test-deployment', namespace: 'test-namespace' } },
      warnings: ['AnnotationsNotSupported', 'FinalizersNotSupported'],
    },
    {
      name: 'empty annotations and finalizers raise no warning',
      federated: fedDeployment({ template: { metadata: { annotations: {}, finalizers: [] } } }),
      target: deploymentTarget,
      want: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { annotations: {}, finalizers: [], name: 'test-deployment', namespace: 'test-namespace' } },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = objectFromTemplate(c.federated, c.target);
      assert.ok(r.ok);
      assert.deepEqual(r.value.object, c.want);
      const wantWarnings = (c.warnings ?? []).map((reason) => ({ reason, message: warningText(reason === 'AnnotationsNotSupported' ? 'annotations' : 'finalizers') }));
      assert.deepEqual(r.value.warnings, wantWarnings);
    });
  }

  it('rejects a template that is not an object', () => {
    assert.deepEqual(objectFromTemplate(fedDeployment({ template: [1] }), deploymentTarget), {
      ok: false, error: { reason: 'ComputeResourceFailed', message: 'spec.template of FederatedDeployment "test-namespace/test-deployment" must be an object' },
    });
    assert.deepEqual(objectFromTemplate(fedDeployment({ template: { metadata: 'x' } }), deploymentTarget), {
      ok: false, error: { reason: 'ComputeResourceFailed', message: 'spec.template.metadata of FederatedDeployment "test-namespace/test-deployment" must be an object' },
    });
  });

  it('does not mutate the federated resource', () => {
    const f = fedDeployment({ template: { metadata: { annotations: { a: 'b' } } } });
    const before = structuredClone(f);
    objectFromTemplate(f, deploymentTarget);
    assert.deepEqual(f, before);
  });
});

describe('isNamespaceTarget', () => {
  it('only core Namespace', () => {
    assert.equal(isNamespaceTarget({ version: 'v1', kind: 'Namespace' }), true);
    assert.equal(isNamespaceTarget({ group: 'example.com', version: 'v1', kind: 'Namespace' }), false);
  });
});

describe('setManagedLabel', () => {
  it('adds the label, creating metadata and labels', () => {
    assert.deepEqual(setManagedLabel({}), { metadata: { labels: { 'kubefed.io/managed': 'true' } } });
    assert.deepEqual(setManagedLabel({ metadata: { labels: { 'kubefed.io/managed': 'false', a: 'b' } } }), { metadata: { labels: { 'kubefed.io/managed': 'true', a: 'b' } } });
  });
});

describe('objectForCluster', () => {
  // The seed walkthrough's FederatedDeployment.
  const federated = fedDeployment({
    template: { metadata: { labels: { app: 'nginx' } }, spec: { replicas: 3, template: { spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } } },
    placement: { clusters: [{ name: 'cluster1' }, { name: 'cluster2' }] },
    retainReplicas: false,
    overrides: [{
      clusterName: 'cluster2',
      clusterOverrides: [
        { path: '/spec/replicas', value: 5 },
        { path: '/spec/template/spec/containers/0/image', value: 'nginx:1.17.0-alpine' },
        { op: 'add', path: '/metadata/annotations', value: { foo: 'bar' } },
        { op: 'remove', path: '/metadata/annotations/foo' },
        { op: 'replace', path: '/metadata/labels/kubefed.io~1managed', value: 'false' },
      ],
    }],
  });
  const parsed = parseOverrides(federated);
  assert.ok(parsed.ok);
  const overrides = parsed.value.byCluster;

  it('create in cluster1: template and managed label', () => {
    const r = objectForCluster({ federated, target: deploymentTarget, clusterName: 'cluster1', overrides });
    assert.ok(r.ok);
    assert.deepEqual(r.value.object, {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'test-deployment', namespace: 'test-namespace', labels: { app: 'nginx', 'kubefed.io/managed': 'true' } },
      spec: { replicas: 3, template: { spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
    });
  });

  it('update in cluster2: retention, then overrides (annotation map merged, not wiped), then the managed label', () => {
    const clusterObject = {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'test-deployment', namespace: 'test-namespace', resourceVersion: '99', annotations: { 'deployment.kubernetes.io/revision': '1' } },
      spec: { replicas: 5 },
    };
    const r = objectForCluster({ federated, target: deploymentTarget, clusterName: 'cluster2', overrides, clusterObject });
    assert.ok(r.ok);
    assert.deepEqual(r.value.object, {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: {
        name: 'test-deployment', namespace: 'test-namespace', resourceVersion: '99',
        annotations: { 'deployment.kubernetes.io/revision': '1' }, labels: { app: 'nginx', 'kubefed.io/managed': 'true' },
      },
      spec: { replicas: 5, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.17.0-alpine' }] } } },
    });
  });

  it('an annotation map override is merged over member annotations, and an explicit remove still removes', () => {
    const p = parseOverrides({ spec: { overrides: [{ clusterName: 'c', clusterOverrides: [
      { op: 'replace', path: '/metadata/annotations', value: { a: 'override', b: 'new' } },
      { op: 'remove', path: '/metadata/annotations/gone' },
    ] }] } });
    assert.ok(p.ok);
    const clusterObject = { metadata: { annotations: { a: 'member', gone: 'x', keep: 'y' } } };
    const r = objectForCluster({ federated: fedDeployment({ template: {} }), target: deploymentTarget, clusterName: 'c', overrides: p.value.byCluster, clusterObject });
    assert.ok(r.ok);
    assert.deepEqual(r.value.object.metadata.annotations, { a: 'override', b: 'new', keep: 'y' });
    const created = objectForCluster({ federated: fedDeployment({ template: {} }), target: deploymentTarget, clusterName: 'c', overrides: p.value.byCluster });
    // On a create nothing is retained, so removing an annotation that is not there fails, as it did in KubeFed.
    assert.equal(created.ok ? '' : created.error.reason, 'ApplyOverridesFailed');
  });

  it('reports retention failures', () => {
    const f = fedDeployment({ template: {}, retainReplicas: true });
    const r = objectForCluster({ federated: f, target: deploymentTarget, clusterName: 'c', overrides: new Map(), clusterObject: { metadata: {}, spec: { replicas: 'x' } } });
    assert.equal(r.ok ? '' : r.error.reason, 'FieldRetentionFailed');
  });

  it('reports override failures with the object, cluster and path', () => {
    const p = parseOverrides({ spec: { overrides: [{ clusterName: 'c', clusterOverrides: [{ path: '/spec/template/spec/x', value: 1 }] }] } });
    assert.ok(p.ok);
    const r = objectForCluster({ federated: fedDeployment({ template: { spec: {} } }), target: deploymentTarget, clusterName: 'c', overrides: p.value.byCluster });
    assert.deepEqual(r, {
      ok: false,
      error: {
        reason: 'ApplyOverridesFailed',
        message: 'Failed to apply override[0] (replace /spec/template/spec/x) for cluster "c" to FederatedDeployment "test-namespace/test-deployment": replace operation does not apply: doc is missing path: /spec/template/spec/x: missing value',
      },
    });
  });

  it('reports template failures', () => {
    const r = objectForCluster({ federated: fedDeployment({ template: 'x' }), target: deploymentTarget, clusterName: 'c', overrides: new Map() });
    assert.equal(r.ok ? '' : r.error.reason, 'ComputeResourceFailed');
  });
});
