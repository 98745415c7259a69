// The seed's install path, with the real helm (helm.sh/helm/v4, built by `npm run build:tools` into .tools/bin/helm)
// against a host cluster of the runner's engine: `helm template` renders exactly the objects of config/, `helm install`
// creates them (CRDs Established, the KubeFedConfig with the chart's defaults, RBAC), the controller manager running
// with a token of the chart's ServiceAccount propagates to a joined cluster (so the chart's RBAC is enough),
// `helm upgrade --set` reaches the KubeFedConfig, and `helm uninstall` removes the release but, as Helm documents,
// not the CRDs of crds/. Helm runs with a HOME and XDG folders inside the harness scratch folder, so no repository
// cache, registry login or plugin of this machine leaks into the test, and nothing the test does leaks out.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse, parseAllDocuments, stringify } from 'yaml';
import type { KubeObject } from '../../src/common/object.js';
import {
  CONFIG_ROLE,
  CONFIG_ROLE_BINDING,
  CONTROLLER_MANAGER_NAME,
  CONTROLLER_ROLE,
  CONTROLLER_ROLE_BINDING,
  CONTROLLER_SERVICE_ACCOUNT,
  controlPlaneObjects,
  optionsFromValues,
  type ChartValues,
} from '../../src/install/index.js';
import { federationOf, NS, type Manager } from './federation-fixture.js';
import { kubeconfigYaml } from './kubeconfig-file.js';
import { ok, REAL_ENGINE, REPO_ROOT, run, startClusters, waitFor, type CommandResult } from './harness.js';

const HELM = join(REPO_ROOT, '.tools', 'bin', 'helm');
if (!existsSync(HELM)) throw new Error(`${HELM} is missing: run \`npm run build:tools\` (needs Go 1.26 or later) to build helm`);

const WAIT_MS = 60_000;
const CHART = './charts/kubefed';
const RELEASE = 'kubefed';
const c = await startClusters(2);
const fed = federationOf(c, { waitMs: WAIT_MS });
/** The controller manager running with the chart's ServiceAccount token, once the propagation test started it. */
let manager: Manager | undefined;

const helmHome = join(c.home, 'helm');
for (const sub of ['config', 'cache', 'data']) mkdirSync(join(helmHome, sub), { recursive: true });

/** The real helm on cluster1, with only the harness kubeconfig and the scratch HOME and XDG folders. */
function helm(args: string[]): Promise<CommandResult> {
  const dirs = { config: join(helmHome, 'config'), cache: join(helmHome, 'cache'), data: join(helmHome, 'data') };
  return run(HELM, [...args, '--kubeconfig', c.kubeconfig, '--kube-context', 'cluster1'], {
    cwd: REPO_ROOT,
    timeoutMs: 240_000,
    env: {
      HOME: c.home,
      KUBECONFIG: '',
      XDG_CONFIG_HOME: dirs.config,
      XDG_CACHE_HOME: dirs.cache,
      XDG_DATA_HOME: dirs.data,
      // Helm's own variables win over XDG; set them too, in case the runner's environment has any.
      HELM_CONFIG_HOME: join(dirs.config, 'helm'),
      HELM_CACHE_HOME: join(dirs.cache, 'helm'),
      HELM_DATA_HOME: join(dirs.data, 'helm'),
      HELM_DRIVER: 'secret',
    },
  });
}

const chartValues = (): ChartValues => parse(readFileSync(join(REPO_ROOT, 'charts/kubefed/values.yaml'), 'utf8')) as ChartValues;
const key = (o: KubeObject): string => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

/** What the chart stands for with these values: the objects of config/ but the Namespace (`--create-namespace`). */
function expectedFor(values: ChartValues, namespace = NS): KubeObject[] {
  return controlPlaneObjects(optionsFromValues(values, namespace)).filter((o) => o.kind !== 'Namespace');
}

function objectsOf(yamlText: string): KubeObject[] {
  return parseAllDocuments(yamlText).map((d) => d.toJS() as KubeObject | null).filter((o): o is KubeObject => o !== null);
}

/** `kubectl get` argument for an object: `kind.group NAME [-n NS]`. */
function getArgs(o: KubeObject): string[] {
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  const resource = o.kind === 'CustomResourceDefinition' ? 'crd' : `${o.kind.toLowerCase()}${group ? `.${group}` : ''}`;
  return [resource, o.metadata.name ?? '', ...(o.metadata.namespace ? ['-n', o.metadata.namespace] : [])];
}

interface HelmRelease {
  name: string;
  namespace: string;
  revision: number | string;
  status: string;
  chart: string;
}

async function releases(): Promise<HelmRelease[]> {
  return JSON.parse(ok(await helm(['list', '-n', NS, '-o', 'json']))) as HelmRelease[];
}

async function kubeFedConfigSpec(): Promise<Record<string, unknown>> {
  const config = JSON.parse(ok(await c.kubectl(['get', 'kubefedconfig', 'kubefed', '-n', NS, '-o', 'json']))) as { spec: Record<string, unknown> };
  return config.spec;
}

const valueCases: { name: string; namespace: string; change: (v: ChartValues) => void }[] = [
  { name: 'default values', namespace: NS, change: () => undefined },
  { name: 'global.scope Namespaced', namespace: 'fed-system', change: (v) => (v.global.scope = 'Namespaced') },
  { name: 'controllermanager.enabled false', namespace: NS, change: (v) => (v.controllermanager.enabled = false) },
  {
    name: 'tuning, gates, scheduling and controller values',
    namespace: NS,
    change: (v) => {
      const cm = v.controllermanager;
      cm.clusterHealthCheckPeriod = '20s';
      cm.clusterHealthCheckFailureThreshold = 5;
      cm.syncController = { maxConcurrentReconciles: 4, adoptResources: 'Disabled' };
      cm.featureGates.RawResourceStatusCollection = 'Enabled';
      cm.commonNodeSelector = { 'kubernetes.io/os': 'linux' };
      cm.commonTolerations = [{ key: 'infra', operator: 'Exists', effect: 'NoSchedule' }];
      cm.imagePullSecrets = [{ name: 'regcred' }];
      Object.assign(cm.controller, {
        replicaCount: 3,
        repository: 'registry.example/team',
        tag: 'dev',
        logLevel: 5,
        annotations: { owner: 'platform' },
        podAnnotations: { 'sidecar.istio.io/inject': 'false' },
        env: { HTTPS_PROXY: 'http://proxy:3128', A_FIRST: '1' },
      });
      cm.service.labels = { team: 'fed' };
    },
  },
];

// The unit tests of the chart (src/install/chart.test.ts) render it with a test-only renderer, so they run where
// helm is not built; these cases hold the real helm to the same objects.
for (const vc of valueCases) {
  test(`helm template with ${vc.name} renders exactly the objects of config/ (but the Namespace)`, async () => {
    const values = chartValues();
    vc.change(values);
    const file = c.writeFile(`values-${valueCases.indexOf(vc)}.yaml`, stringify(values));
    const out = ok(await helm(['template', RELEASE, CHART, '-n', vc.namespace, '--include-crds', '-f', file]));
    const actual = new Map(objectsOf(out).map((o) => [key(o), o]));
    const expected = new Map(expectedFor(values, vc.namespace).map((o) => [key(o), o]));
    assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
    for (const [k, o] of expected) assert.deepEqual(actual.get(k), o, k);
  });
}

test('helm lint --strict finds nothing wrong with the chart', async () => {
  const out = ok(await helm(['lint', '--strict', CHART]));
  assert.match(out, /1 chart\(s\) linted, 0 chart\(s\) failed/);
  assert.doesNotMatch(out, /\[(WARNING|ERROR)\]/);
});

test('helm install --create-namespace --wait deploys the release, and the controller Deployment becomes Available', async () => {
  // `--wait` (helm 4's `watcher` strategy) waits for the Deployment's pods to be Ready. There is no image here:
  // on the real engine the fake kubelet marks the scheduled pods Running and Ready, on the built-in one the
  // simulated kubelet does, so the wait ends either way.
  const out = ok(await helm(['install', RELEASE, CHART, '-n', NS, '--create-namespace', '--wait=watcher', '--timeout', '3m']));
  assert.match(out, /STATUS: deployed/);
  assert.match(out, /KubeFed is installed in namespace kube-federation-system \(scope Cluster\)\.\n\nThe controller manager runs/);
  const available = ok(await c.kubectl(['get', 'deployment', CONTROLLER_MANAGER_NAME, '-n', NS, '-o', 'jsonpath={.status.conditions[?(@.type=="Available")].status} {.status.readyReplicas}']));
  assert.equal(available, 'True 2');
  const [release] = await releases();
  assert.deepEqual({ name: release?.name, status: release?.status, revision: Number(release?.revision), chart: release?.chart }, { name: RELEASE, status: 'deployed', revision: 1, chart: `kubefed-${chartValues().controllermanager.controller.tag}` });
});

test('every CRD is Established and every object of the chart is in the cluster, owned by the release', async () => {
  const expected = expectedFor(chartValues());
  const crds = expected.filter((o) => o.kind === 'CustomResourceDefinition');
  assert.equal(crds.length, 21);
  ok(await c.kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...crds.map((o) => `crd/${o.metadata.name ?? ''}`)]));
  for (const o of expected.filter((x) => x.kind !== 'CustomResourceDefinition')) {
    const stored = JSON.parse(ok(await c.kubectl(['get', ...getArgs(o), '-o', 'json']))) as KubeObject;
    assert.equal(stored.metadata.labels?.['app.kubernetes.io/managed-by'], 'Helm', `${key(o)} is labelled managed-by Helm`);
    assert.equal(stored.metadata.annotations?.['meta.helm.sh/release-name'], RELEASE, `${key(o)} names the release`);
  }
});

test('the KubeFedConfig carries the chart\'s defaults and the RBAC binds the chart\'s ServiceAccount', async () => {
  const expected = expectedFor(chartValues());
  const config = expected.find((o) => o.kind === 'KubeFedConfig') as KubeObject & { spec: Record<string, unknown> };
  assert.deepEqual(await kubeFedConfigSpec(), config.spec);
  ok(await c.kubectl(['get', 'serviceaccount', CONTROLLER_SERVICE_ACCOUNT, '-n', NS, '-o', 'name']));
  const subject = { kind: 'ServiceAccount', name: CONTROLLER_SERVICE_ACCOUNT, namespace: NS };
  const bindings: [string[], string, string][] = [
    [['clusterrolebinding', CONTROLLER_ROLE_BINDING], 'ClusterRole', CONTROLLER_ROLE],
    [['rolebinding', CONFIG_ROLE_BINDING, '-n', NS], 'Role', CONFIG_ROLE],
  ];
  for (const [args, roleKind, roleName] of bindings) {
    const b = JSON.parse(ok(await c.kubectl(['get', ...args, '-o', 'json']))) as { roleRef: { kind: string; name: string }; subjects: unknown[] };
    assert.deepEqual({ kind: b.roleRef.kind, name: b.roleRef.name }, { kind: roleKind, name: roleName });
    assert.deepEqual(b.subjects, [subject]);
  }
  for (const name of [CONTROLLER_ROLE, CONFIG_ROLE]) {
    const want = expected.find((o) => (o.kind === 'ClusterRole' || o.kind === 'Role') && o.metadata.name === name) as KubeObject & { rules: unknown[] };
    const got = JSON.parse(ok(await c.kubectl(['get', ...getArgs(want), '-o', 'json']))) as { rules: unknown[] };
    assert.deepEqual(got.rules, want.rules, `${want.kind} ${name} has the generated rules`);
  }
});

/**
 * A token of the chart's ServiceAccount, as its pod would have mounted. The built-in API server has no TokenRequest
 * API (`kubectl create token`), so there a legacy token Secret is used, which its token controller fills.
 */
async function serviceAccountToken(): Promise<string> {
  if (REAL_ENGINE) return ok(await c.kubectl(['create', 'token', CONTROLLER_SERVICE_ACCOUNT, '-n', NS, '--duration', '1h'])).trim();
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `${CONTROLLER_SERVICE_ACCOUNT}-token`, namespace: NS, annotations: { 'kubernetes.io/service-account.name': CONTROLLER_SERVICE_ACCOUNT } },
    type: 'kubernetes.io/service-account-token',
  };
  ok(await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(secret) }));
  return waitFor(async () => {
    const r = await c.kubectl(['get', 'secret', '-n', NS, secret.metadata.name, '-o', 'jsonpath={.data.token}']);
    return r.code === 0 && r.stdout ? Buffer.from(r.stdout, 'base64').toString('utf8') : undefined;
  }, WAIT_MS, 'the ServiceAccount token');
}

test('the controller manager with the chart\'s ServiceAccount token propagates a ConfigMap to a joined cluster', async () => {
  const token = await serviceAccountToken();
  const denied = await c.kubectl(['get', 'secrets', '-A', '--token', token]);
  assert.notEqual(denied.code, 0, 'the token is really restricted (the propagation below is not vacuous)');
  assert.match(denied.stderr, /forbidden/i);

  const host = c.credentials('cluster1');
  const saKubeconfig = c.writeFile('controller.kubeconfig', kubeconfigYaml({ name: 'host', server: host.server, caPem: host.caPem, user: { token } }));
  // kubefedctl join runs as the admin, as a user would.
  ok(await fed.kubefedctl(['join', 'cluster2', '--cluster-context', 'cluster2']));
  manager = await fed.startManager({ kubeconfig: saKubeconfig, args: ['--kubefed-namespace', NS] });
  await manager.started();

  ok(await c.kubectl(['create', 'namespace', 'helm-demo']));
  await fed.apply([
    { apiVersion: 'types.kubefed.io/v1beta1', kind: 'FederatedNamespace', metadata: { name: 'helm-demo', namespace: 'helm-demo' }, spec: { placement: { clusters: [{ name: 'cluster2' }] } } },
    {
      apiVersion: 'types.kubefed.io/v1beta1',
      kind: 'FederatedConfigMap',
      metadata: { name: 'settings', namespace: 'helm-demo' },
      spec: { template: { data: { installedBy: 'helm' } }, placement: { clusters: [{ name: 'cluster2' }] } },
    },
  ]);
  const data = await waitFor(async () => {
    const r = await c.kubectl(['get', 'configmap', '-n', 'helm-demo', 'settings', '-o', 'jsonpath={.data.installedBy}'], { context: 'cluster2' });
    return r.code === 0 && r.stdout ? r.stdout : undefined;
  }, WAIT_MS, 'the ConfigMap in cluster2');
  assert.equal(data, 'helm');
  await waitFor(async () => {
    const r = await c.kubectl(['get', 'federatedconfigmap', '-n', 'helm-demo', 'settings', '-o', 'jsonpath={.status.conditions[?(@.type=="Propagation")].status}']);
    return r.stdout === 'True';
  }, WAIT_MS, 'Propagation True on the FederatedConfigMap');
  const logs = manager.process.stdout() + manager.process.stderr();
  assert.doesNotMatch(logs, /forbidden|Forbidden|cannot (get|list|watch|create|update|patch|delete) resource/, 'no permission errors in the controller manager log');
});

test('helm upgrade --set controllermanager.clusterHealthCheckPeriod=20s reaches the KubeFedConfig', async () => {
  const before = await kubeFedConfigSpec();
  const out = ok(await helm(['upgrade', RELEASE, CHART, '-n', NS, '--set', 'controllermanager.clusterHealthCheckPeriod=20s', '--wait=watcher', '--timeout', '3m']));
  assert.match(out, /STATUS: deployed/);
  const after = await kubeFedConfigSpec();
  assert.equal((after['clusterHealthCheck'] as Record<string, unknown>)['period'], '20s');
  assert.deepEqual({ ...after, clusterHealthCheck: {} }, { ...before, clusterHealthCheck: {} }, 'nothing else of the spec changed');
  const [release] = await releases();
  assert.deepEqual({ status: release?.status, revision: Number(release?.revision) }, { status: 'deployed', revision: 2 });
  assert.equal(ok(await helm(['get', 'values', RELEASE, '-n', NS, '-o', 'json'])).trim(), '{"controllermanager":{"clusterHealthCheckPeriod":"20s"}}');
});

test('helm uninstall removes the release and its objects, and keeps the CRDs of crds/', async () => {
  // As the chart's README says: the FederatedTypeConfigs go first, while the controller manager still runs to remove
  // their finalizers (helm deletes custom resources after the RBAC, which would leave them stuck).
  ok(await c.kubectl(['delete', 'federatedtypeconfigs', '--all', '-n', NS, '--wait', '--timeout=60s']));
  assert.ok(manager, 'the controller manager runs');
  await manager.stop();
  const out = ok(await helm(['uninstall', RELEASE, '-n', NS, '--wait=watcher', '--timeout', '3m']));
  assert.match(out, /release "kubefed" uninstalled/);
  assert.deepEqual(await releases(), []);
  const status = await helm(['status', RELEASE, '-n', NS]);
  assert.notEqual(status.code, 0);
  assert.match(status.stderr, /release: not found/);
  assert.equal(ok(await c.kubectl(['get', 'secrets', '-n', NS, '-l', 'owner=helm', '-o', 'name'])), '', 'the release history is gone');

  const expected = expectedFor(chartValues());
  for (const o of expected.filter((x) => x.kind !== 'CustomResourceDefinition')) {
    const r = await c.kubectl(['get', ...getArgs(o), '-o', 'name']);
    assert.notEqual(r.code, 0, `${key(o)} is gone`);
    assert.match(r.stderr, /NotFound|not found/, key(o));
  }
  // Helm installs crds/ but never upgrades or deletes those CRDs (deleting them would delete every federated object
  // of every user), so they stay; `kubectl delete -f charts/kubefed/crds/` removes them. The namespace that
  // --create-namespace made is not part of the release either, and stays.
  for (const crd of expected.filter((x) => x.kind === 'CustomResourceDefinition')) ok(await c.kubectl(['get', 'crd', crd.metadata.name ?? '', '-o', 'name']));
  ok(await c.kubectl(['get', 'namespace', NS, '-o', 'name']));
});
