import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';
import { PatchError } from './patch-error.js';
import { listTypeAt } from './patch-meta.js';

const deploymentGVK = { group: 'apps', version: 'v1', kind: 'Deployment' };
const podGVK = { group: '', version: 'v1', kind: 'Pod' };

// A Deployment as a server stores it after `kubectl apply` (server-defaulted container fields included).
function liveDeployment(): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web', namespace: 'default', labels: { app: 'web' }, finalizers: ['a/one', 'a/two'],
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"old":true}\n', keep: 'me' },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log',
              ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443, protocol: 'TCP' }],
              env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }],
            },
            { name: 'sidecar', image: 'busybox' },
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
          tolerations: [{ key: 'k', operator: 'Exists' }],
          restartPolicy: 'Always',
        },
      },
    },
  };
}

type Mutator = (d: ReturnType<typeof liveDeployment>) => void;
/** Walks the fixture by keys and indices; the last container is returned as a mutable record. */
function obj(d: unknown, ...path: (string | number)[]): Record<string, unknown> {
  let cur = d;
  for (const k of path) cur = (cur as Record<string | number, unknown>)[k];
  return cur as Record<string, unknown>;
}
const arr = (d: unknown, ...path: (string | number)[]): unknown[] => obj(d, ...path) as unknown as unknown[];

test('applyStrategicMergePatch: client-side kubectl apply three-way patches', () => {
  const cases: [string, unknown, Mutator][] = [
    [
      'image change with $setElementOrder (kubectl-wire.md §5)',
      {
        metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"new":true}\n' } },
        spec: { replicas: 3, template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }], containers: [{ image: 'nginx:1.26', name: 'nginx' }] } } },
      },
      (d) => {
        obj(d, 'metadata', 'annotations')['kubectl.kubernetes.io/last-applied-configuration'] = '{"new":true}\n';
        obj(d, 'spec').replicas = 3;
        obj(d, 'spec', 'template', 'spec', 'containers', 0).image = 'nginx:1.26';
      },
    ],
    [
      'container removed from the manifest',
      { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ $patch: 'delete', name: 'sidecar' }] } } } },
      (d) => { arr(d, 'spec', 'template', 'spec', 'containers').pop(); },
    ],
    [
      'container inserted between existing ones keeps the manifest order',
      { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'log' }, { name: 'sidecar' }], containers: [{ image: 'fluentd', name: 'log' }] } } } },
      (d) => { arr(d, 'spec', 'template', 'spec', 'containers').splice(1, 0, { image: 'fluentd', name: 'log' }); },
    ],
    [
      'env var removed and one changed inside a container',
      { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }], containers: [{ '$setElementOrder/env': [{ name: 'A' }], env: [{ name: 'A', value: '9' }, { $patch: 'delete', name: 'B' }], name: 'nginx' }] } } } },
      (d) => { obj(d, 'spec', 'template', 'spec', 'containers', 0).env = [{ name: 'A', value: '9' }]; },
    ],
    [
      'port added merges by containerPort',
      { spec: { template: { spec: { containers: [{ name: 'nginx', ports: [{ containerPort: 8080, name: 'alt' }, { containerPort: 80, name: 'http' }] }] } } } },
      (d) => {
        // New items go first, existing ones keep their live order (apimachinery mergeSortedSlice).
        obj(d, 'spec', 'template', 'spec', 'containers', 0).ports = [
          { containerPort: 8080, name: 'alt' }, { containerPort: 80, protocol: 'TCP', name: 'http' }, { containerPort: 443, protocol: 'TCP' },
        ];
      },
    ],
    [
      'strategy switched to Recreate with $retainKeys',
      { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } },
      (d) => { obj(d, 'spec').strategy = { type: 'Recreate' }; },
    ],
    [
      'volume source replaced with $retainKeys',
      { spec: { template: { spec: { '$setElementOrder/volumes': [{ name: 'data' }], volumes: [{ $retainKeys: ['configMap', 'name'], configMap: { name: 'cm' }, name: 'data' }] } } } },
      (d) => { obj(d, 'spec', 'template', 'spec').volumes = [{ name: 'data', configMap: { name: 'cm' } }]; },
    ],
    [
      'label and annotation deleted with null',
      { metadata: { labels: { app: null, tier: 'fe' }, annotations: { keep: null } } },
      (d) => { obj(d, 'metadata').labels = { tier: 'fe' }; delete obj(d, 'metadata', 'annotations').keep; },
    ],
    [
      'atomic list (tolerations) is replaced whole',
      { spec: { template: { spec: { tolerations: [{ key: 'other', operator: 'Exists' }] } } } },
      (d) => { obj(d, 'spec', 'template', 'spec').tolerations = [{ key: 'other', operator: 'Exists' }]; },
    ],
    [
      'finalizers merge as a set and $deleteFromPrimitiveList removes',
      { metadata: { finalizers: ['a/two', 'b/three'], '$deleteFromPrimitiveList/finalizers': ['a/one'] } },
      (d) => { obj(d, 'metadata').finalizers = ['a/two', 'b/three']; },
    ],
    [
      'list $patch: replace',
      { spec: { template: { spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] } } } },
      (d) => { obj(d, 'spec', 'template', 'spec').containers = [{ name: 'only', image: 'x' }]; },
    ],
    [
      'map $patch: replace',
      { spec: { selector: { $patch: 'replace', matchLabels: { app: 'x' } } } },
      (d) => { obj(d, 'spec').selector = { matchLabels: { app: 'x' } }; },
    ],
    [
      'map $patch: delete leaves an empty map',
      { spec: { template: { metadata: { $patch: 'delete' } } } },
      (d) => { obj(d, 'spec', 'template').metadata = {}; },
    ],
    [
      'new field with directives and nulls inside is cleaned',
      { spec: { paused: true, minReadySeconds: null, newThing: { a: null, b: 1, '$setElementOrder/x': [] } } },
      (d) => { obj(d, 'spec').paused = true; obj(d, 'spec').newThing = { b: 1 }; },
    ],
    [
      'ownerReferences merge by uid',
      { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'o', uid: 'u1' }] } },
      (d) => { obj(d, 'metadata').ownerReferences = [{ apiVersion: 'v1', kind: 'X', name: 'o', uid: 'u1' }]; },
    ],
  ];
  for (const [name, patch, mutate] of cases) {
    const live = liveDeployment();
    const patchCopy = structuredClone(patch);
    const want = liveDeployment();
    mutate(want);
    assert.deepEqual(applyStrategicMergePatch(live, patch, deploymentGVK), want, name);
    assert.deepEqual(live, liveDeployment(), `${name}: original untouched`);
    assert.deepEqual(patch, patchCopy, `${name}: patch untouched`);
  }
});

test('applyStrategicMergePatch: pod status conditions merge by type; kinds without metadata replace lists', () => {
  const pod = { status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'Initialized', status: 'True' }] } };
  assert.deepEqual(
    applyStrategicMergePatch(pod, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, podGVK),
    { status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Initialized', status: 'True' }] } },
  );
  const unknownKind = { group: 'example.com', version: 'v1', kind: 'Widget' };
  assert.deepEqual(
    applyStrategicMergePatch(pod, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, unknownKind),
    { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
  );
});

test('applyStrategicMergePatch: malformed patches', () => {
  const cases: [string, unknown, 400 | 422, RegExp][] = [
    ['not an object', [1, 2], 400, /must be a JSON object/],
    ['item without merge key', { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }, 422, /does not contain declared merge key: name/],
    ['unknown list directive', { spec: { template: { spec: { containers: [{ name: 'nginx', $patch: 'explode' }] } } } }, 400, /unknown patch type: explode/],
    ['unknown map directive', { spec: { $patch: 'explode' } }, 400, /unknown patch type: explode/],
    ['retainKeys not matching', { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: { maxSurge: 1 } } } }, 422, /retainKeys/],
    ['order list out of order', { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'b' }, { name: 'a' }] } } } }, 400, /does not match/],
    ['list of lists', { metadata: { finalizers: [['x']] } }, 422, /lists of lists/],
  ];
  for (const [name, patch, code, message] of cases) {
    assert.throws(() => applyStrategicMergePatch(liveDeployment(), patch, deploymentGVK),
      (e: unknown) => e instanceof PatchError && e.code === code && message.test(e.message), name);
  }
});

test('listTypeAt: merge metadata lookups for server-side apply', () => {
  const cases: [typeof podGVK, string[], unknown][] = [
    [deploymentGVK, ['spec', 'template', 'spec', 'containers'], { strategy: 'merge', key: 'name' }],
    [deploymentGVK, ['spec', 'template', 'spec', 'containers', 'ports'], { strategy: 'merge', key: 'containerPort', keys: ['containerPort', 'protocol'] }],
    [deploymentGVK, ['spec', 'template', 'spec', 'containers', 'env'], { strategy: 'merge', key: 'name' }],
    [deploymentGVK, ['metadata', 'finalizers'], { strategy: 'set' }],
    [deploymentGVK, ['spec', 'template', 'spec', 'tolerations'], undefined],
    [deploymentGVK, ['spec', 'template'], undefined],
    [podGVK, ['spec', 'volumes'], { strategy: 'merge', key: 'name' }],
    [{ group: '', version: 'v1', kind: 'Service' }, ['spec', 'ports'], { strategy: 'merge', key: 'port', keys: ['port', 'protocol'] }],
    [{ group: 'batch', version: 'v1', kind: 'CronJob' }, ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'initContainers'], { strategy: 'merge', key: 'name' }],
    [{ group: 'example.com', version: 'v1', kind: 'Widget' }, ['spec', 'items'], undefined],
  ];
  for (const [gvk, path, want] of cases) assert.deepEqual(listTypeAt(gvk, path), want, `${gvk.kind} ${path.join('.')}`);
});
