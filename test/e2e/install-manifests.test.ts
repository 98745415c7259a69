// The install manifests on a cluster, as a user without Helm installs them: `kubectl kustomize config/` renders,
// `kubectl apply -k config/crds` then `kubectl apply -k config/` creates every object, and what the cluster stored
// is what the controller manager needs (pod template, probes, RBAC). The real kubectl is the judge throughout.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/common/object.js';
import { controlPlaneObjects } from '../../src/install/index.js';
import { ok, REPO_ROOT, run, startClusters, waitFor } from './harness.js';

const NS = 'kube-federation-system';
const c = await startClusters(1);
const key = (o: KubeObject): string => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
const expected = controlPlaneObjects({ deploy: true });

async function getJson<T = KubeObject>(args: string[]): Promise<T> {
  return JSON.parse(ok(await c.kubectl(['get', ...args, '-o', 'json']))) as T;
}

test('kubectl kustomize config/ renders every control plane object once', async () => {
  const out = ok(await run('kubectl', ['kustomize', 'config/'], { cwd: REPO_ROOT, env: { HOME: c.home } }));
  const objects = parseAllDocuments(out).map((d) => d.toJS() as KubeObject).filter((o) => o !== null);
  assert.deepEqual(objects.map(key).sort(), expected.map(key).sort());
});

test('kubectl apply -k installs everything: CRDs first, then the rest', async () => {
  ok(await c.kubectl(['apply', '-k', 'config/crds'], { cwd: REPO_ROOT }));
  ok(await c.kubectl(['wait', '--for=condition=Established', '--timeout=60s', '-f', 'config/crds/crds.yaml'], { cwd: REPO_ROOT }));
  const out = ok(await c.kubectl(['apply', '-k', 'config/'], { cwd: REPO_ROOT }));
  for (const o of expected.filter((x) => x.kind !== 'CustomResourceDefinition')) {
    assert.match(out, new RegExp(`/${o.metadata.name?.replace(/\./g, '\\.')} (created|configured|unchanged)`), `${key(o)} applied`);
  }
  const again = ok(await c.kubectl(['apply', '-k', 'config/'], { cwd: REPO_ROOT }));
  assert.doesNotMatch(again, /created|configured/, 'applying twice changes nothing');
  for (const o of expected) {
    const args = [o.kind.toLowerCase() === 'customresourcedefinition' ? 'crd' : `${o.kind}.${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}`.replace(/\.$/, ''), o.metadata.name ?? ''];
    if (o.metadata.namespace) args.push('-n', o.metadata.namespace);
    ok(await c.kubectl(['get', ...args, '-o', 'name']));
  }
});

interface Container {
  name: string;
  image: string;
  command: string[];
  env: { name: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  ports: { name: string; containerPort: number }[];
  livenessProbe: { httpGet: { path: string; port: number }; initialDelaySeconds: number; periodSeconds: number; timeoutSeconds: number };
  readinessProbe: { httpGet: { path: string; port: number } };
  resources: { limits: Record<string, string>; requests: Record<string, string> };
}

test('the stored Deployment runs the controller manager in-cluster with probes on its health port', async () => {
  const d = await getJson<{ spec: { replicas: number; selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> }; spec: { serviceAccountName: string; securityContext: Record<string, unknown>; terminationGracePeriodSeconds: number; containers: Container[] } } } }>(['deployment', '-n', NS, 'kubefed-controller-manager']);
  assert.equal(d.spec.replicas, 2);
  assert.deepEqual(d.spec.selector.matchLabels, { 'kubefed-control-plane': 'controller-manager' });
  const pod = d.spec.template.spec;
  assert.equal(pod.serviceAccountName, 'kubefed-controller');
  assert.equal(pod.securityContext['runAsUser'], 1001);
  assert.equal(pod.securityContext['runAsNonRoot'], true);
  assert.equal(pod.terminationGracePeriodSeconds, 10);
  const [cm] = pod.containers;
  assert.ok(cm);
  // In a pod there is no --kubeconfig: the controller manager uses the ServiceAccount token and CA.
  assert.equal(cm.command[0], 'kubefed-controller-manager');
  assert.ok(!cm.command.some((a) => a.startsWith('--kubeconfig')));
  assert.ok(cm.command.includes('--kubefed-namespace=$(POD_NAMESPACE)'));
  assert.equal(cm.env.find((e) => e.name === 'POD_NAMESPACE')?.valueFrom?.fieldRef?.fieldPath, 'metadata.namespace');
  const healthPort = Number(/--healthz-addr=:(\d+)/.exec(cm.command.join(' '))?.[1]);
  const metricsPort = Number(/--metrics-addr=:(\d+)/.exec(cm.command.join(' '))?.[1]);
  assert.equal(cm.livenessProbe.httpGet.port, healthPort);
  assert.equal(cm.livenessProbe.httpGet.path, '/healthz');
  assert.deepEqual([cm.livenessProbe.initialDelaySeconds, cm.livenessProbe.periodSeconds, cm.livenessProbe.timeoutSeconds], [5, 3, 3]);
  assert.equal(cm.readinessProbe.httpGet.port, healthPort);
  assert.equal(cm.readinessProbe.httpGet.path, '/readyz');
  assert.equal(cm.ports.find((p) => p.name === 'metrics')?.containerPort, metricsPort);
  assert.deepEqual(cm.resources, { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '100m', memory: '64Mi' } });

  const svc = await getJson<{ spec: { selector: Record<string, string>; ports: { port: number; targetPort: string }[] } }>(['service', '-n', NS, 'kubefed-controller-manager-metrics-service']);
  assert.deepEqual(svc.spec.selector, d.spec.template.metadata.labels);
  assert.equal(svc.spec.ports[0]?.port, metricsPort);
});

/** A token of the controller's ServiceAccount (a legacy token Secret, which the cluster fills in). */
async function serviceAccountToken(): Promise<string> {
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'kubefed-controller-token', namespace: NS, annotations: { 'kubernetes.io/service-account.name': 'kubefed-controller' } },
    type: 'kubernetes.io/service-account-token',
  };
  ok(await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(secret) }));
  const token = await waitFor(async () => {
    const r = await c.kubectl(['get', 'secret', '-n', NS, 'kubefed-controller-token', '-o', 'jsonpath={.data.token}']);
    return r.code === 0 && r.stdout ? Buffer.from(r.stdout, 'base64').toString('utf8') : undefined;
  }, 30_000, 'the ServiceAccount token');
  return token;
}

let token: string | undefined;

/** `kubectl auth can-i` with the controller's own token: the cluster's RBAC decides, as for the running controller. */
async function canI(verb: string, resource: string, namespace?: string): Promise<boolean> {
  token ??= await serviceAccountToken();
  const args = ['auth', 'can-i', verb, resource, '--token', token];
  if (namespace) args.push('-n', namespace);
  const r = await c.kubectl(args);
  return r.stdout.trim() === 'yes';
}

test('the cluster grants the controller ServiceAccount what the controller manager does, and no more', async () => {
  const allowed: [string, string, string?][] = [
    ['get', 'kubefedconfigs.core.kubefed.io', NS],
    ['create', 'kubefedconfigs.core.kubefed.io', NS],
    ['watch', 'kubefedclusters.core.kubefed.io', NS],
    ['patch', 'kubefedclusters.core.kubefed.io/status', NS],
    ['patch', 'federatedtypeconfigs.core.kubefed.io', NS],
    ['patch', 'federatedtypeconfigs.core.kubefed.io/status', NS],
    ['create', 'propagatedversions.core.kubefed.io', 'any-namespace'],
    ['list', 'federateddeployments.types.kubefed.io', 'any-namespace'],
    ['patch', 'federateddeployments.types.kubefed.io/status', 'any-namespace'],
    ['watch', 'replicaschedulingpreferences.scheduling.kubefed.io', 'any-namespace'],
    ['watch', 'namespaces'],
    ['create', 'events', 'any-namespace'],
    ['patch', 'events', 'any-namespace'],
    ['update', 'leases.coordination.k8s.io', NS],
    ['create', 'leases.coordination.k8s.io', NS],
    ['watch', 'secrets', NS],
  ];
  for (const [verb, resource, ns] of allowed) assert.ok(await canI(verb, resource, ns), `can ${verb} ${resource}${ns ? ` in ${ns}` : ''}`);
  const denied: [string, string, string?][] = [
    ['get', 'secrets', 'default'],
    ['create', 'deployments.apps', 'default'],
    ['delete', 'namespaces'],
    ['update', 'leases.coordination.k8s.io', 'default'],
  ];
  for (const [verb, resource, ns] of denied) assert.ok(!(await canI(verb, resource, ns)), `cannot ${verb} ${resource}${ns ? ` in ${ns}` : ''}`);
});
