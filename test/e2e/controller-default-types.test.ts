// Every default federated type (`kubefedctl init` enables ten, src/apis/federated-crd.ts defaultFederatedTypes) goes
// through KubeFed's CRUD scenario (reference/kubefed-behaviour.md, e2e crud.go): create with placement cluster1 and
// cluster2, update the template, drop cluster2 from the placement, delete. Every check reads the member clusters with
// the real kubectl. The types run concurrently, each in its own subtest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ok, waitFor } from './harness.js';
import { ctx, startFederation } from './federation-fixture.js';

const WAIT_MS = 30_000;
const federation = await startFederation({ clusters: 2, waitMs: WAIT_MS });
const { c, apply } = federation;

/** The namespace every namespaced case lives in; federated to both clusters before the cases run. */
const TEST_NS = 'e2e-default-types';
/** The namespace the FederatedNamespace case federates (its federated object lives inside it, named like it). */
const FED_NS = 'e2e-federated-namespace';
const MANAGED = 'kubefed.io/managed';
const VERSION_LABEL = 'e2e.kubefed.io/version';

type Version = 'v1' | 'v2';

interface Member {
  metadata: { name: string; uid: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

interface Case {
  /** The federated kind (types.kubefed.io/v1beta1). */
  kind: string;
  /** kubectl's name for the member resource. */
  resource: string;
  name: string;
  /** Namespace of the federated object and of its members; undefined for cluster-scoped types. */
  namespace?: string;
  /** spec.template without metadata; each version differs in content wherever the field may legally change. */
  template: (v: Version) => Record<string, unknown>;
  /** The template content a member must carry, read the same way from the template and from the member. */
  content: (o: Record<string, unknown>) => unknown;
  /**
   * KubeFed never deletes the host cluster's Namespace that holds the federated object: leaving its placement (or
   * the federated object's deletion) only removes the managed label.
   */
  hostUnlabeledOnly?: boolean;
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

function field(o: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = o;
  for (const k of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

const podTemplate = (image: string, restartPolicy?: string): Record<string, unknown> => ({
  metadata: { labels: { app: 'e2e' } },
  spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'main', image }] },
});

const image = (v: Version): string => (v === 'v1' ? 'nginx:1.25' : 'nginx:1.26');

// Job's pod template and Service's clusterIP are immutable, so their updates change only labels and mutable fields.
const CASES: Case[] = [
  {
    kind: 'FederatedConfigMap', resource: 'configmaps', name: 'e2e-cm', namespace: TEST_NS,
    template: (v) => ({ data: { greeting: `hello-${v}` } }),
    content: (o) => field(o, 'data'),
  },
  {
    kind: 'FederatedSecret', resource: 'secrets', name: 'e2e-secret', namespace: TEST_NS,
    template: (v) => ({ type: 'Opaque', data: { token: b64(`secret-${v}`) } }),
    content: (o) => field(o, 'data'),
  },
  {
    kind: 'FederatedService', resource: 'services', name: 'e2e-svc', namespace: TEST_NS,
    template: (v) => ({ spec: { selector: { app: 'e2e' }, ports: [{ name: 'http', port: v === 'v1' ? 80 : 81, targetPort: 8080, protocol: 'TCP' }] } }),
    content: (o) => [field(o, 'spec', 'selector'), field(o, 'spec', 'ports', 0, 'port'), field(o, 'spec', 'ports', 0, 'targetPort')],
  },
  {
    kind: 'FederatedServiceAccount', resource: 'serviceaccounts', name: 'e2e-sa', namespace: TEST_NS,
    template: (v) => ({ automountServiceAccountToken: v === 'v1' }),
    content: (o) => field(o, 'automountServiceAccountToken'),
  },
  {
    kind: 'FederatedDeployment', resource: 'deployments', name: 'e2e-deploy', namespace: TEST_NS,
    template: (v) => ({ spec: { replicas: 2, selector: { matchLabels: { app: 'e2e' } }, template: podTemplate(image(v)) } }),
    content: (o) => [field(o, 'spec', 'replicas'), field(o, 'spec', 'template', 'spec', 'containers', 0, 'image')],
  },
  {
    kind: 'FederatedReplicaSet', resource: 'replicasets', name: 'e2e-rs', namespace: TEST_NS,
    template: (v) => ({ spec: { replicas: v === 'v1' ? 1 : 2, selector: { matchLabels: { app: 'e2e' } }, template: podTemplate(image(v)) } }),
    content: (o) => [field(o, 'spec', 'replicas'), field(o, 'spec', 'template', 'spec', 'containers', 0, 'image')],
  },
  {
    kind: 'FederatedJob', resource: 'jobs', name: 'e2e-job', namespace: TEST_NS,
    template: () => ({ spec: { parallelism: 1, completions: 1, backoffLimit: 2, template: podTemplate('busybox:1.36', 'Never') } }),
    content: (o) => [field(o, 'spec', 'completions'), field(o, 'spec', 'template', 'spec', 'containers', 0, 'image')],
  },
  {
    kind: 'FederatedIngress', resource: 'ingresses.networking.k8s.io', name: 'e2e-ing', namespace: TEST_NS,
    template: (v) => ({
      spec: {
        rules: [{
          host: `${v}.example.com`,
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'e2e-svc', port: { number: 80 } } } }] },
        }],
      },
    }),
    content: (o) => [field(o, 'spec', 'rules', 0, 'host'), field(o, 'spec', 'rules', 0, 'http', 'paths', 0, 'backend', 'service', 'name')],
  },
  {
    kind: 'FederatedClusterRole', resource: 'clusterroles.rbac.authorization.k8s.io', name: 'e2e-default-types-reader',
    template: (v) => ({ rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: v === 'v1' ? ['get'] : ['get', 'list'] }] }),
    content: (o) => field(o, 'rules'),
  },
  {
    kind: 'FederatedNamespace', resource: 'namespaces', name: FED_NS, namespace: FED_NS, hostUnlabeledOnly: true,
    template: () => ({}),
    content: () => null,
  },
];

function federated(k: Case, v: Version, clusters: number[]): unknown {
  return {
    apiVersion: 'types.kubefed.io/v1beta1',
    kind: k.kind,
    metadata: { name: k.name, ...(k.namespace ? { namespace: k.namespace } : {}) },
    spec: {
      template: { metadata: { labels: { [VERSION_LABEL]: v } }, ...k.template(v) },
      placement: { clusters: clusters.map((n) => ({ name: ctx(n) })) },
    },
  };
}

/** Member objects are addressed in their own namespace, except Namespaces, which are cluster-scoped. */
function memberArgs(k: Case): string[] {
  return k.resource === 'namespaces' || !k.namespace ? [k.resource, k.name] : [k.resource, '-n', k.namespace, k.name];
}

const getMember = (k: Case, cluster: number): Promise<Member | undefined> => federation.getJson<Member>(ctx(cluster), memberArgs(k));

/** Waits until the member in `cluster` is managed and carries version `v` of the template. */
async function waitForVersion(k: Case, cluster: number, v: Version): Promise<Member> {
  const expected = k.content(k.template(v));
  const desc = `${k.kind} ${k.name} at ${v} in ${ctx(cluster)}`;
  const o = await waitFor(async () => {
    const m = await getMember(k, cluster);
    return m?.metadata.labels?.[VERSION_LABEL] === v ? m : undefined;
  }, WAIT_MS, desc);
  assert.equal(o.metadata.labels?.[MANAGED], 'true', `${desc}: managed label`);
  assert.deepEqual(k.content(o), expected, `${desc}: template content`);
  return o;
}

async function waitForRemoval(k: Case, cluster: number, what: string): Promise<void> {
  await waitFor(async () => (await getMember(k, cluster)) === undefined, WAIT_MS, `${k.kind} ${k.name} ${what} in ${ctx(cluster)}`);
}

async function waitForUnlabeled(k: Case, cluster: number, what: string): Promise<Member> {
  return waitFor(async () => {
    const o = await getMember(k, cluster);
    return o !== undefined && o.metadata.labels?.[MANAGED] === undefined ? o : undefined;
  }, WAIT_MS, `${k.kind} ${k.name} unlabeled ${what} in ${ctx(cluster)}`);
}

async function lifecycle(k: Case): Promise<void> {
  const fedArgs = [k.kind.toLowerCase(), k.name, ...(k.namespace ? ['-n', k.namespace] : [])];

  await apply([federated(k, 'v1', [1, 2])]);
  await Promise.all([waitForVersion(k, 1, 'v1'), waitForVersion(k, 2, 'v1')]);

  await apply([federated(k, 'v2', [1, 2])]);
  const [before] = await Promise.all([waitForVersion(k, 1, 'v2'), waitForVersion(k, 2, 'v2')]);

  await apply([federated(k, 'v2', [1])]);
  await waitForRemoval(k, 2, 'removed after leaving the placement');
  const kept = await waitForVersion(k, 1, 'v2');
  assert.equal(kept.metadata.uid, before.metadata.uid, `${k.kind} ${k.name} in cluster1 kept across the placement change`);

  ok(await c.kubectl(['delete', ...fedArgs, '--wait=false']));
  if (k.hostUnlabeledOnly) {
    const host = await waitForUnlabeled(k, 1, 'after deleting the federated object');
    assert.equal(host.metadata.uid, before.metadata.uid, 'the host namespace survives');
  } else {
    await waitForRemoval(k, 1, 'removed after deleting the federated object');
  }
  await waitFor(async () => (await federation.getJson(ctx(1), fedArgs)) === undefined, WAIT_MS, `${k.kind} ${k.name} gone`);
}

test('the test namespaces exist on the host and the test namespace is federated to both clusters', async () => {
  ok(await c.kubectl(['create', 'namespace', TEST_NS]));
  ok(await c.kubectl(['create', 'namespace', FED_NS]));
  await apply([{
    apiVersion: 'types.kubefed.io/v1beta1',
    kind: 'FederatedNamespace',
    metadata: { name: TEST_NS, namespace: TEST_NS },
    spec: { placement: { clusters: [{ name: ctx(1) }, { name: ctx(2) }] } },
  }]);
  await waitFor(() => federation.getJson(ctx(2), ['namespace', TEST_NS]), WAIT_MS, `${TEST_NS} in cluster2`);
});

test('every default type is created, updated, moved off a cluster and deleted in the member clusters', { concurrency: true }, async (t) => {
  await Promise.all(CASES.map((k) => t.test(k.kind, () => lifecycle(k))));
});
