import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import type { EnabledDisabled } from '../apis/constants.js';
import type { KubeObject } from '../common/object.js';
import { chartFiles } from './chart.js';
import { renderTemplate } from './helm-render.test-support.js';
import { controlPlaneObjects } from './objects.js';
import { optionsFromValues } from './values.js';
import type { ChartValues } from './values.js';

const VERSION = '9.8.7';
const NAMESPACE = 'kube-federation-system';
const files = chartFiles(VERSION);

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

function merge(base: unknown, over: unknown): unknown {
  if (typeof base !== 'object' || base === null || Array.isArray(base) || typeof over !== 'object' || over === null || Array.isArray(over)) return over;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) out[k] = merge(out[k], v);
  return out;
}

/** `helm template` for our chart: values.yaml with overrides, then every template and the CRDs, as objects. */
function render(overrides: DeepPartial<ChartValues> = {}, namespace = NAMESPACE): { values: ChartValues; objects: KubeObject[] } {
  const values = merge(parse(files.get('values.yaml') ?? ''), overrides) as ChartValues;
  const objects: KubeObject[] = [];
  for (const [path, text] of files) {
    if (!path.endsWith('.yaml') || path === 'Chart.yaml' || path === 'values.yaml') continue;
    const rendered = path.startsWith('templates/') ? renderTemplate(text, { Values: values, Release: { Namespace: namespace, Name: 'kubefed' } }) : text;
    for (const doc of parseAllDocuments(rendered)) {
      assert.deepEqual(doc.errors, [], `${path} renders to valid YAML:\n${rendered}`);
      const o = doc.toJS() as KubeObject | null;
      if (o) objects.push(o);
    }
  }
  return { values, objects };
}

const key = (o: KubeObject): string => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
const byKey = (objects: KubeObject[]): Map<string, KubeObject> => new Map(objects.map((o) => [key(o), o]));

/** Everything the options stand for except the Namespace, which `helm install --create-namespace` creates. */
function expectedFor(values: ChartValues, namespace = NAMESPACE): KubeObject[] {
  return controlPlaneObjects(optionsFromValues(values, namespace)).filter((o) => o.kind !== 'Namespace');
}

function assertSameObjects(actual: KubeObject[], expected: KubeObject[]): void {
  const a = byKey(actual);
  const e = byKey(expected);
  assert.deepEqual([...a.keys()].sort(), [...e.keys()].sort());
  for (const [k, o] of e) assert.deepEqual(a.get(k), o, k);
}

test('with default values the chart renders exactly the objects of config/ (but the Namespace)', () => {
  const { values, objects } = render();
  assert.equal(values.controllermanager.controller.tag, VERSION);
  assertSameObjects(objects, expectedFor(values));
  const deployment = objects.find((o) => o.kind === 'Deployment');
  assert.ok(deployment, 'the controller manager is deployed by default');
});

test('scope Namespaced renders a Role and RoleBinding instead of the cluster-wide ones', () => {
  const { values, objects } = render({ global: { scope: 'Namespaced' } }, 'fed-system');
  assertSameObjects(objects, expectedFor(values, 'fed-system'));
  assert.ok(objects.some((o) => o.kind === 'Role' && o.metadata.name === 'kubefed-role' && o.metadata.namespace === 'fed-system'));
  assert.ok(!objects.some((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding'));
  const config = objects.find((o) => o.kind === 'KubeFedConfig') as KubeObject & { spec: { scope: string } };
  assert.equal(config.spec.scope, 'Namespaced');
});

test('every value the chart documents reaches the rendered objects', () => {
  const { values, objects } = render({
    controllermanager: {
      clusterAvailableDelay: '30s',
      leaderElectLeaseDuration: '20s',
      clusterHealthCheckFailureThreshold: 5,
      syncController: { maxConcurrentReconciles: 4, adoptResources: 'Disabled' },
      featureGates: { RawResourceStatusCollection: 'Enabled', SchedulerPreferences: 'Disabled' },
      commonNodeSelector: { 'kubernetes.io/os': 'linux' },
      commonTolerations: [{ key: 'infra', operator: 'Exists', effect: 'NoSchedule' }],
      imagePullSecrets: [{ name: 'regcred' }],
      controller: {
        replicaCount: 3,
        repository: 'registry.example/team',
        image: 'kf',
        tag: 'dev',
        imagePullPolicy: 'Always',
        logLevel: 5,
        annotations: { owner: 'platform' },
        podAnnotations: { 'sidecar.istio.io/inject': 'false' },
        env: { HTTPS_PROXY: 'http://proxy:3128', A_FIRST: '1' },
        resources: { limits: { cpu: '1', memory: '1Gi' } },
      },
      service: { labels: { team: 'fed' } },
    },
  });
  assertSameObjects(objects, expectedFor(values));
  const d = objects.find((o) => o.kind === 'Deployment') as KubeObject & { spec: { template: { spec: { containers: { env: { name: string }[]; image: string }[] } } } };
  assert.equal(d.spec.template.spec.containers[0]?.image, 'registry.example/team/kf:dev');
  assert.deepEqual(d.spec.template.spec.containers[0]?.env.map((e) => e.name), ['POD_NAMESPACE', 'A_FIRST', 'HTTPS_PROXY']);
});

test('empty KubeFed-style tuning values fall back to the defaults', () => {
  const { objects } = render({ controllermanager: { clusterAvailableDelay: '', clusterHealthCheckFailureThreshold: null as unknown as number } });
  const config = objects.find((o) => o.kind === 'KubeFedConfig') as KubeObject & { spec: { controllerDuration: { availableDelay: string }; clusterHealthCheck: { failureThreshold: number } } };
  assert.equal(config.spec.controllerDuration.availableDelay, '20s');
  assert.equal(config.spec.clusterHealthCheck.failureThreshold, 3);
});

test('the DNS gates render Enabled by default and a Disabled value turns them off (ADR 0004)', () => {
  const gates = (objects: KubeObject[]): Record<string, string> => {
    const config = objects.find((o) => o.kind === 'KubeFedConfig') as KubeObject & { spec: { featureGates: { name: string; configuration: string }[] } };
    return Object.fromEntries(config.spec.featureGates.map((g) => [g.name, g.configuration]));
  };
  const values = parse(files.get('values.yaml') ?? '') as ChartValues;
  assert.equal(values.controllermanager.featureGates.CrossClusterServiceDiscovery, 'Enabled');
  assert.equal(values.controllermanager.featureGates.FederatedIngress, 'Enabled');
  const byDefault = gates(render().objects);
  assert.equal(byDefault['CrossClusterServiceDiscovery'], 'Enabled');
  assert.equal(byDefault['FederatedIngress'], 'Enabled');
  const emptied = gates(render({ controllermanager: { featureGates: { CrossClusterServiceDiscovery: '' as unknown as EnabledDisabled, FederatedIngress: '' as unknown as EnabledDisabled } } }).objects);
  assert.equal(emptied['CrossClusterServiceDiscovery'], 'Enabled', 'an empty value falls back to the default');
  assert.equal(emptied['FederatedIngress'], 'Enabled', 'an empty value falls back to the default');
  const off = render({ controllermanager: { featureGates: { CrossClusterServiceDiscovery: 'Disabled', FederatedIngress: 'Disabled' } } });
  assertSameObjects(off.objects, expectedFor(off.values));
  assert.deepEqual(gates(off.objects), {
    CrossClusterServiceDiscovery: 'Disabled',
    FederatedIngress: 'Disabled',
    PushReconciler: 'Enabled',
    RawResourceStatusCollection: 'Disabled',
    SchedulerPreferences: 'Enabled',
  });
});

test('controllermanager.enabled false leaves out only the Deployment and the metrics Service', () => {
  const { values, objects } = render({ controllermanager: { enabled: false } });
  assertSameObjects(objects, expectedFor(values));
  assert.ok(!objects.some((o) => o.kind === 'Deployment' || o.kind === 'Service'));
  assert.ok(objects.some((o) => o.kind === 'KubeFedConfig'));
});

test('forceRedeployment adds a random rollme pod annotation', () => {
  const { objects } = render({ controllermanager: { controller: { forceRedeployment: true } } });
  const d = objects.find((o) => o.kind === 'Deployment') as KubeObject & { spec: { template: { metadata: { annotations?: Record<string, string> } } } };
  assert.match(d.spec.template.metadata.annotations?.['rollme'] ?? '', /^[A-Za-z0-9]{5}$/);
});

test('Chart.yaml is a v2 chart named kubefed at the package version', () => {
  const chart = parse(files.get('Chart.yaml') ?? '') as Record<string, unknown>;
  assert.equal(chart['apiVersion'], 'v2');
  assert.equal(chart['name'], 'kubefed');
  assert.equal(chart['version'], VERSION);
  assert.equal(chart['appVersion'], VERSION);
});

test('the values keep KubeFed\'s keys and defaults, with our image', () => {
  const values = parse(files.get('values.yaml') ?? '') as ChartValues;
  const cm = values.controllermanager;
  assert.equal(cm.enabled, true);
  assert.equal(cm.controller.replicaCount, 2);
  assert.equal(cm.controller.logLevel, 2);
  assert.equal(cm.controller.imagePullPolicy, 'IfNotPresent');
  assert.equal(cm.controller.forceRedeployment, false);
  assert.notEqual(cm.controller.repository, 'quay.io/kubernetes-multicluster');
  assert.deepEqual(cm.commonNodeSelector, {});
  assert.deepEqual(cm.commonTolerations, []);
  assert.deepEqual(cm.imagePullSecrets, []);
  assert.deepEqual(cm.service, { labels: {} });
  assert.equal(values.global.scope, '');
  for (const k of ['clusterAvailableDelay', 'clusterUnavailableDelay', 'leaderElectLeaseDuration', 'leaderElectRenewDeadline', 'leaderElectRetryPeriod', 'leaderElectResourceLock', 'clusterHealthCheckPeriod', 'clusterHealthCheckFailureThreshold', 'clusterHealthCheckSuccessThreshold', 'clusterHealthCheckTimeout']) {
    assert.ok(k in cm, `values has KubeFed's key controllermanager.${k}`);
  }
  assert.deepEqual(Object.keys(cm.featureGates).sort(), ['CrossClusterServiceDiscovery', 'FederatedIngress', 'PushReconciler', 'RawResourceStatusCollection', 'SchedulerPreferences']);
});

test('NOTES.txt renders and says there is no admission webhook', () => {
  const { values } = render();
  const notes = renderTemplate(files.get('templates/NOTES.txt') ?? '', { Values: values, Release: { Namespace: 'fed', Name: 'kubefed' } });
  assert.match(notes, /installed in namespace fed \(scope Cluster\)/);
  assert.match(notes, /no admission webhook/);
  assert.match(notes, /rollout status deployment\/kubefed-controller-manager/);
  assert.match(notes, /\(scope Cluster\)\.\n\nThe controller manager runs/, 'a blank line between the paragraphs');
  const without = render({ controllermanager: { enabled: false } }).values;
  const short = renderTemplate(files.get('templates/NOTES.txt') ?? '', { Values: without, Release: { Namespace: 'fed', Name: 'kubefed' } });
  assert.match(short, /\(scope Cluster\)\.\n\nJoin member clusters/);
});
