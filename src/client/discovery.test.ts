import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Discovery, ResourceResolutionError } from './discovery.js';
import { RestClient } from './rest.js';
import { CORE_RESOURCES, FakeKubeApi, type FakeResource } from './testing/fake-api.js';

const EXTRA: FakeResource[] = [
  { group: 'events.k8s.io', version: 'v1', kind: 'Event', resource: 'events', namespaced: true, shortNames: ['ev'] },
  { group: 'example.com', version: 'v1beta1', kind: 'Deployment', resource: 'deployments', namespaced: true },
  { group: 'example.com', version: 'v1alpha1', kind: 'Deployment', resource: 'deployments', namespaced: true },
  { group: 'core.kubefed.io', version: 'v1beta1', kind: 'KubeFedCluster', resource: 'kubefedclusters', namespaced: true, shortNames: ['kfc'], subresources: ['status'] },
  { group: 'core.kubefed.io', version: 'v1beta1', kind: 'FederatedTypeConfig', resource: 'federatedtypeconfigs', namespaced: true, shortNames: ['ftc'] },
];

async function setup(t: { after: (fn: () => Promise<void> | void) => void }, aggregated: boolean): Promise<{ api: FakeKubeApi; discovery: Discovery }> {
  const api = await FakeKubeApi.start();
  t.after(() => api.close());
  api.aggregatedDiscovery = aggregated;
  api.addResource(...CORE_RESOURCES, ...EXTRA);
  const client = new RestClient(api.connection());
  t.after(() => client.close());
  return { api, discovery: new Discovery(client) };
}

for (const aggregated of [true, false]) {
  const mode = aggregated ? 'aggregated' : 'legacy';

  test(`${mode} discovery: resolves Kind, plural, plural.group, singular and short names`, async (t) => {
    const { discovery } = await setup(t, aggregated);
    const cases: Array<[string, string, string, string]> = [
      ['ConfigMap', '', 'v1', 'configmaps'],
      ['configmap', '', 'v1', 'configmaps'],
      ['cm', '', 'v1', 'configmaps'],
      ['deployments.apps', 'apps', 'v1', 'deployments'],
      ['deploy', 'apps', 'v1', 'deployments'],
      ['deployments.example.com', 'example.com', 'v1beta1', 'deployments'],
      ['KUBEFEDCLUSTER', 'core.kubefed.io', 'v1beta1', 'kubefedclusters'],
      ['kfc', 'core.kubefed.io', 'v1beta1', 'kubefedclusters'],
      // Core precedence: events exists in core and events.k8s.io; the core one wins.
      ['events', '', 'v1', 'events'],
      ['ns', '', 'v1', 'namespaces'],
    ];
    for (const [name, group, version, resource] of cases) {
      const r = await discovery.resolveResource(name);
      assert.deepEqual([r.group, r.version, r.resource], [group, version, resource], name);
    }
    const kfc = await discovery.resolveResource('kfc');
    assert.deepEqual(
      { kind: kfc.kind, namespaced: kfc.namespaced, shortNames: kfc.shortNames, singular: kfc.singular, subresources: kfc.subresources },
      { kind: 'KubeFedCluster', namespaced: true, shortNames: ['kfc'], singular: 'kubefedcluster', subresources: ['status'] },
    );
    assert.equal((await discovery.resolveResource('namespaces')).namespaced, false);
    const alpha = await discovery.resolveResource('deployments.example.com', { version: 'v1alpha1' });
    assert.equal(alpha.version, 'v1alpha1');
  });

  test(`${mode} discovery: ambiguous and unknown names fail with KubeFed's messages`, async (t) => {
    const { discovery } = await setup(t, aggregated);
    await assert.rejects(discovery.resolveResource('deployments'), (err: unknown) => {
      assert.ok(err instanceof ResourceResolutionError);
      assert.equal(err.message, 'Multiple resources are matched by "deployments": deployments.apps, deployments.example.com. A group-qualified plural name must be provided.');
      assert.deepEqual(err.candidates, ['deployments.apps', 'deployments.example.com']);
      return true;
    });
    await assert.rejects(discovery.resolveResource('Deployment'), /Multiple resources are matched by "Deployment"/);
    await assert.rejects(discovery.resolveResource('widgets'), (err: unknown) => {
      assert.ok(err instanceof ResourceResolutionError);
      assert.equal(err.message, 'Unable to find api resource named "widgets".');
      return true;
    });
  });
}

test('aggregated discovery costs two requests; the cache holds until invalidate()', async (t) => {
  const { api, discovery } = await setup(t, true);
  await discovery.resolveResource('cm');
  await discovery.resolveResource('deploy');
  assert.deepEqual(api.requests.map((r) => r.path).sort(), ['/api', '/apis']);
  api.addResource({ group: 'types.kubefed.io', version: 'v1beta1', kind: 'FederatedConfigMap', resource: 'federatedconfigmaps', namespaced: true });
  await assert.rejects(discovery.resolveResource('federatedconfigmaps'));
  discovery.invalidate();
  assert.equal((await discovery.resolveResource('federatedconfigmaps')).group, 'types.kubefed.io');
  assert.equal(api.requests.length, 4);
});

test('legacy discovery reads each group-version and tolerates a failing one', async (t) => {
  const { api, discovery } = await setup(t, false);
  api.intercept((req, res) => {
    if (req.path === '/apis/events.k8s.io/v1') {
      res.writeHead(503);
      res.end();
      return true;
    }
    return false;
  });
  assert.equal((await discovery.resolveResource('deploy')).group, 'apps');
  assert.deepEqual(await discovery.failedGroupVersions(), ['events.k8s.io/v1']);
  const groups = await discovery.groups();
  assert.deepEqual(groups.find((g) => g.name === 'example.com'), { name: 'example.com', versions: ['v1beta1', 'v1alpha1'], preferredVersion: 'v1beta1' });
});

test('serverVersion reads /version', async (t) => {
  const { api, discovery } = await setup(t, true);
  api.gitVersion = 'v1.30.2';
  assert.equal((await discovery.serverVersion()).gitVersion, 'v1.30.2');
});

test('openapiV3Schema finds the kind and inlines references (spec.replicas of a Deployment)', async (t) => {
  const { api, discovery } = await setup(t, true);
  api.openapi.set('/openapi/v3', { paths: { 'apis/apps/v1': { serverRelativeURL: '/openapi/v3/apis/apps/v1?hash=ABC' } } });
  api.openapi.set('/openapi/v3/apis/apps/v1', {
    openapi: '3.0.0',
    components: {
      schemas: {
        'io.k8s.api.apps.v1.Deployment': {
          type: 'object',
          'x-kubernetes-group-version-kind': [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
          properties: {
            spec: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }], default: {} },
            status: { $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentStatus' },
          },
        },
        'io.k8s.api.apps.v1.DeploymentSpec': { type: 'object', properties: { replicas: { type: 'integer', format: 'int32' }, self: { $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' } } },
        'io.k8s.api.apps.v1.DeploymentStatus': { type: 'object', properties: { replicas: { type: 'integer' } } },
      },
    },
  });
  const schema = await discovery.openapiV3Schema({ group: 'apps', version: 'v1', kind: 'Deployment' });
  assert.deepEqual((schema?.['properties'] as Record<string, Record<string, Record<string, unknown>>>)['spec'], {
    type: 'object',
    default: {},
    properties: { replicas: { type: 'integer', format: 'int32' }, self: { type: 'object' } },
  });
  assert.equal(api.requestsTo((r) => r.path === '/openapi/v3/apis/apps/v1')[0]?.query.get('hash'), 'ABC');
  assert.equal(await discovery.openapiV3Schema({ group: 'apps', version: 'v1', kind: 'StatefulSet' }), undefined);
  assert.equal(await discovery.openapiV3Schema({ group: 'batch', version: 'v1', kind: 'Job' }), undefined);
});
