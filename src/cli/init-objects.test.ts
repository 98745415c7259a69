import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Scope } from '../apis/constants.js';
import { isObject } from '../common/object.js';
import { controlPlaneObjects, defaultControlPlaneOptions } from '../install/index.js';
import { initSteps } from './init-objects.js';
import { buildProgram } from './program.js';

const NS = 'kube-federation-system';

test('init applies exactly the generator\'s control plane, in its order, for every scope with and without --deploy', () => {
  const cases: { scope: Scope; deploy: boolean }[] = [
    { scope: 'Cluster', deploy: false },
    { scope: 'Cluster', deploy: true },
    { scope: 'Namespaced', deploy: false },
    { scope: 'Namespaced', deploy: true },
  ];
  for (const c of cases) {
    const steps = initSteps({ namespace: NS, ...c });
    assert.deepEqual(steps.map((s) => s.object), controlPlaneObjects({ namespace: NS, ...c }), JSON.stringify(c));
    assert.equal(steps.some((s) => s.object.kind === 'Deployment'), c.deploy, `Deployment with ${JSON.stringify(c)}`);
  }
});

test('init\'s KubeFedConfig enables both multi-cluster DNS gates (ADR 0004)', () => {
  const config = initSteps({ namespace: NS, scope: 'Cluster', deploy: false }).find((s) => s.object.kind === 'KubeFedConfig')?.object;
  const spec = config?.['spec'];
  const gates = isObject(spec) && Array.isArray(spec['featureGates']) ? spec['featureGates'] : [];
  const configuration = (name: string): unknown => gates.filter(isObject).find((g) => g['name'] === name)?.['configuration'];
  assert.equal(configuration('CrossClusterServiceDiscovery'), 'Enabled');
  assert.equal(configuration('FederatedIngress'), 'Enabled');
});

test('each object is written to the collection of its own kind', () => {
  const want: Record<string, string> = {
    Namespace: '/v1/namespaces',
    CustomResourceDefinition: 'apiextensions.k8s.io/v1/customresourcedefinitions',
    KubeFedConfig: 'core.kubefed.io/v1beta1/kubefedconfigs',
    ServiceAccount: '/v1/serviceaccounts',
    ClusterRole: 'rbac.authorization.k8s.io/v1/clusterroles',
    ClusterRoleBinding: 'rbac.authorization.k8s.io/v1/clusterrolebindings',
    Role: 'rbac.authorization.k8s.io/v1/roles',
    RoleBinding: 'rbac.authorization.k8s.io/v1/rolebindings',
    FederatedTypeConfig: 'core.kubefed.io/v1beta1/federatedtypeconfigs',
    Deployment: 'apps/v1/deployments',
    Service: '/v1/services',
  };
  const seen = new Set<string>();
  for (const scope of ['Cluster', 'Namespaced'] as const) {
    for (const s of initSteps({ namespace: NS, scope, deploy: true })) {
      seen.add(s.object.kind);
      assert.equal(`${s.ref.group ?? ''}/${s.ref.version}/${s.ref.resource}`, want[s.object.kind], s.object.kind);
    }
  }
  assert.deepEqual([...seen].sort(), Object.keys(want).sort());
});

test('only the KubeFedConfig is create-only: an operator\'s configuration survives a second init', () => {
  const createOnly = initSteps({ namespace: NS, scope: 'Cluster', deploy: true }).filter((s) => s.mode === 'create-only');
  assert.deepEqual(createOnly.map((s) => `${s.object.kind}/${s.object.metadata.name}`), ['KubeFedConfig/kubefed']);
});

test('the controller may list and watch the member clusters\' credential Secrets', () => {
  for (const scope of ['Cluster', 'Namespaced'] as const) {
    const role = initSteps({ namespace: NS, scope, deploy: false }).find((s) => s.object.kind === 'Role' && s.object.metadata.name === 'kubefed-config-role');
    const rules = role?.object['rules'];
    assert.ok(Array.isArray(rules), scope);
    const secrets = rules.find((r) => isObject(r) && Array.isArray(r['resources']) && r['resources'].includes('secrets'));
    assert.ok(isObject(secrets) && Array.isArray(secrets['verbs']), scope);
    for (const verb of ['get', 'list', 'watch']) assert.ok(secrets['verbs'].includes(verb), `${scope}: secrets ${verb}`);
  }
});

test('--image replaces the image of the controller container; without it the release image is used', () => {
  const imageOf = (image?: string): unknown => {
    const d = initSteps({ namespace: NS, scope: 'Cluster', deploy: true, ...(image !== undefined ? { image } : {}) }).find((s) => s.object.kind === 'Deployment');
    const spec = d?.object['spec'];
    const template = isObject(spec) ? spec['template'] : undefined;
    const podSpec = isObject(template) ? template['spec'] : undefined;
    const containers = isObject(podSpec) ? podSpec['containers'] : undefined;
    return Array.isArray(containers) && isObject(containers[0]) ? containers[0]['image'] : undefined;
  };
  assert.equal(imageOf('registry.example/kubefed:dev'), 'registry.example/kubefed:dev');
  assert.equal(imageOf(), defaultControlPlaneOptions().image);
});

test('init registers --deploy as a Go-style boolean and --image as a string', async () => {
  const seen: Record<string, unknown>[] = [];
  const program = buildProgram().exitOverride();
  const init = program.commands.find((c) => c.name() === 'init');
  assert.ok(init);
  init.action((opts: Record<string, unknown>) => {
    seen.push(opts);
  });
  for (const args of [[], ['--deploy'], ['--deploy=false'], ['--deploy', '--image', 'r/i:1']]) await program.parseAsync(['init', ...args], { from: 'user' });
  assert.deepEqual(seen.map((o) => [o['deploy'], o['image']]), [[false, undefined], [true, undefined], [false, undefined], [true, 'r/i:1']]);
});
