import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../common/object.js';
import { builtinTableConverter, crdTableConverter, defaultTableConverter, formatAge, humanDuration } from './index.js';

const now = new Date('2025-01-10T12:00:00Z');
const ago = (seconds: number): string => new Date(now.getTime() - seconds * 1000).toISOString();

test('humanDuration: kubectl age formatting rules', () => {
  const cases: [number, string][] = [
    [-5, '<invalid>'], [-1, '0s'], [0, '0s'], [59, '59s'], [119, '119s'], [120, '2m'], [150, '2m30s'], [599, '9m59s'],
    [600, '10m'], [179 * 60, '179m'], [3 * 3600, '3h'], [3 * 3600 + 20 * 60, '3h20m'], [8 * 3600, '8h'], [47 * 3600, '47h'],
    [48 * 3600, '2d'], [3 * 86400 + 4 * 3600, '3d4h'], [8 * 86400, '8d'], [400 * 86400, '400d'],
    [730 * 86400, '2y'], [733 * 86400, '2y3d'], [9 * 365 * 86400, '9y'],
  ];
  for (const [s, want] of cases) assert.equal(humanDuration(s * 1000), want, `${s}s`);
  assert.equal(formatAge(undefined, now), '<unknown>');
  assert.equal(formatAge(ago(300), now), '5m');
});

function names(group: string, resource: string): string[] {
  return builtinTableConverter(group, resource)?.columns.map((c) => `${c.name}${c.priority > 0 ? '*' : ''}`) ?? [];
}

test('builtinTableConverter: column sets match kube-apiserver 1.32 (* = wide only)', () => {
  const cases: [string, string, string[]][] = [
    ['', 'namespaces', ['Name', 'Status', 'Age']],
    ['', 'pods', ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP*', 'Node*', 'Nominated Node*', 'Readiness Gates*']],
    ['apps', 'deployments', ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers*', 'Images*', 'Selector*']],
    ['apps', 'replicasets', ['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers*', 'Images*', 'Selector*']],
    ['apps', 'statefulsets', ['Name', 'Ready', 'Age', 'Containers*', 'Images*']],
    ['batch', 'jobs', ['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers*', 'Images*', 'Selector*']],
    ['', 'services', ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector*']],
    ['', 'secrets', ['Name', 'Type', 'Data', 'Age']],
    ['', 'events', ['Last Seen', 'Type', 'Reason', 'Object', 'Subobject*', 'Source*', 'Message', 'First Seen*', 'Count*', 'Name*']],
    ['networking.k8s.io', 'ingresses', ['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age']],
    ['rbac.authorization.k8s.io', 'roles', ['Name', 'Created At']],
    ['rbac.authorization.k8s.io', 'clusterrolebindings', ['Name', 'Role', 'Age', 'Users*', 'Groups*', 'ServiceAccounts*']],
    ['coordination.k8s.io', 'leases', ['Name', 'Holder', 'Age']],
    ['apiextensions.k8s.io', 'customresourcedefinitions', ['Name', 'Created At']],
  ];
  for (const [group, resource, want] of cases) assert.deepEqual(names(group, resource), want, `${group}/${resource}`);
  assert.equal(builtinTableConverter('example.com', 'widgets'), undefined);
});

function obj(apiVersion: string, kind: string, body: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return { apiVersion, kind, metadata: { name: 'x', namespace: 'default', creationTimestamp: ago(3600 * 5 + 60), ...meta }, ...body };
}

test('builtinTableConverter: cells for realistic objects', () => {
  const cases: [string, string, KubeObject, unknown[]][] = [
    ['', 'namespaces', obj('v1', 'Namespace', { status: { phase: 'Active' } }), ['x', 'Active', '5h1m']],
    ['apps', 'deployments', obj('apps/v1', 'Deployment', {
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'log', image: 'fluentd' }] } } },
      status: { readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1 },
    }), ['x', '1/2', 2, 1, '5h1m', 'nginx,log', 'nginx:1.25,fluentd', 'app=web']],
    ['apps', 'deployments', obj('apps/v1', 'Deployment', { spec: { replicas: 0, template: {} } }, { creationTimestamp: ago(0) }),
      ['x', '0/0', 0, 0, '0s', '', '', '']],
    ['', 'pods', obj('v1', 'Pod', {
      spec: { containers: [{ name: 'a' }, { name: 'b' }], nodeName: 'node1' },
      status: {
        phase: 'Running', podIPs: [{ ip: '10.0.0.5' }],
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 0, state: { running: {} } },
          { name: 'b', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { finishedAt: ago(90) } } },
        ],
      },
    }), ['x', '1/2', 'CrashLoopBackOff', '3 (90s ago)', '5h1m', '10.0.0.5', 'node1', '<none>', '<none>']],
    ['', 'pods', obj('v1', 'Pod', {
      spec: { initContainers: [{ name: 'init' }], containers: [{ name: 'a' }] },
      status: { phase: 'Pending', initContainerStatuses: [{ name: 'init', state: { running: {} } }] },
    }), ['x', '0/1', 'Init:0/1', '0', '5h1m', '<none>', '<none>', '<none>', '<none>']],
    ['', 'pods', obj('v1', 'Pod', { spec: { containers: [{ name: 'a' }] }, status: { phase: 'Running' } }, { deletionTimestamp: ago(1) }),
      ['x', '0/1', 'Terminating', '0', '5h1m', '<none>', '<none>', '<none>', '<none>']],
    ['batch', 'jobs', obj('batch/v1', 'Job', {
      spec: { completions: 3, template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } }, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } } },
      status: { succeeded: 3, startTime: ago(200), completionTime: ago(50), conditions: [{ type: 'Complete', status: 'True' }] },
    }), ['x', 'Complete', '3/3', '2m30s', '5h1m', 'pi', 'perl', 'batch.kubernetes.io/controller-uid=u']],
    ['batch', 'jobs', obj('batch/v1', 'Job', { spec: { parallelism: 2 }, status: {} }), ['x', 'Running', '0/1 of 2', '', '5h1m', '', '', '<none>']],
    ['', 'services', obj('v1', 'Service', {
      spec: { type: 'NodePort', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }], selector: { app: 'web' } },
    }), ['x', 'NodePort', '10.96.0.10', '<none>', '80:30080/TCP,53/UDP', '5h1m', 'app=web']],
    ['', 'services', obj('v1', 'Service', { spec: { type: 'LoadBalancer', clusterIP: 'None', ports: [] }, status: {} }),
      ['x', 'LoadBalancer', 'None', '<pending>', '<none>', '5h1m', '<none>']],
    ['', 'services', obj('v1', 'Service', { spec: { type: 'ExternalName', externalName: 'db.example.com' } }),
      ['x', 'ExternalName', '<none>', 'db.example.com', '<none>', '5h1m', '<none>']],
    ['', 'secrets', obj('v1', 'Secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } }), ['x', 'kubernetes.io/tls', 2, '5h1m']],
    ['', 'configmaps', obj('v1', 'ConfigMap', { data: { a: '1' }, binaryData: { b: '' } }), ['x', 2, '5h1m']],
    ['', 'serviceaccounts', obj('v1', 'ServiceAccount', {}), ['x', 0, '5h1m']],
    ['', 'nodes', obj('v1', 'Node', {
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: '192.168.1.2' }],
        nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Ubuntu', kernelVersion: '6.1', containerRuntimeVersion: 'containerd://1.7' },
      },
    }, { labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'master' } }),
    ['x', 'Ready,SchedulingDisabled', 'control-plane,master', '5h1m', 'v1.32.0', '192.168.1.2', '<none>', 'Ubuntu', '6.1', 'containerd://1.7']],
    ['', 'events', obj('v1', 'Event', {
      involvedObject: { kind: 'Deployment', name: 'web' }, reason: 'ScalingReplicaSet', type: 'Normal', message: 'Scaled up replica set web-1 to 2 ',
      source: { component: 'deployment-controller' }, firstTimestamp: ago(600), lastTimestamp: ago(30), count: 4,
    }), ['30s', 'Normal', 'ScalingReplicaSet', 'deployment/web', '', 'deployment-controller', 'Scaled up replica set web-1 to 2', '10m', 4, 'x']],
    ['events.k8s.io', 'events', obj('events.k8s.io/v1', 'Event', {
      regarding: { kind: 'Pod', name: 'p' }, reason: 'Started', type: 'Normal', note: 'ok', eventTime: ago(5), reportingController: 'kubelet', reportingInstance: 'node1',
    }), ['5s', 'Normal', 'Started', 'pod/p', '', 'kubelet, node1', 'ok', '5s', 1, 'x']],
    ['', 'endpoints', obj('v1', 'Endpoints', {
      subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] }],
    }), ['x', '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...', '5h1m']],
    ['', 'endpoints', obj('v1', 'Endpoints', {}), ['x', '<none>', '5h1m']],
    ['networking.k8s.io', 'ingresses', obj('networking.k8s.io/v1', 'Ingress', {
      spec: { ingressClassName: 'nginx', rules: [{ host: 'a.example.com' }, {}], tls: [{ hosts: ['a.example.com'] }] },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.1' }] } },
    }), ['x', 'nginx', 'a.example.com', '203.0.113.1', '80, 443', '5h1m']],
    ['rbac.authorization.k8s.io', 'rolebindings', obj('rbac.authorization.k8s.io/v1', 'RoleBinding', {
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', name: 'alice' }, { kind: 'ServiceAccount', name: 'sa', namespace: 'ns1' }, { kind: 'User', name: 'bob' }],
    }), ['x', 'ClusterRole/view', '5h1m', 'alice, bob', '', 'ns1:sa']],
    ['coordination.k8s.io', 'leases', obj('coordination.k8s.io/v1', 'Lease', { spec: { holderIdentity: 'kubefed-1' } }), ['x', 'kubefed-1', '5h1m']],
    ['rbac.authorization.k8s.io', 'roles', obj('rbac.authorization.k8s.io/v1', 'Role', {}, { creationTimestamp: '2025-01-02T03:04:05Z' }), ['x', '2025-01-02T03:04:05Z']],
  ];
  for (const [group, resource, o, want] of cases) {
    const conv = builtinTableConverter(group, resource);
    assert.ok(conv, `${group}/${resource}`);
    const cells = conv.cells(o, now);
    assert.deepEqual(cells, want, `${group}/${resource} ${JSON.stringify(o).slice(0, 80)}`);
    assert.equal(cells.length, conv.columns.length, `${group}/${resource}: one cell per column`);
  }
});

test('crdTableConverter: additionalPrinterColumns', () => {
  const conv = crdTableConverter([
    { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
    { name: 'Color', type: 'string', jsonPath: '.spec.color', description: 'the colour' },
    { name: 'Gateways', type: 'string', jsonPath: '.spec.gateways', priority: 1 },
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: 'Ratio', type: 'number', jsonPath: '.spec.ratio' },
    { name: 'On', type: 'boolean', jsonPath: '.spec.on' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ]);
  assert.deepEqual(conv.columns.map((c) => [c.name, c.type, c.priority]), [
    ['Name', 'string', 0], ['Size', 'integer', 0], ['Color', 'string', 0], ['Gateways', 'string', 1], ['Ready', 'string', 0],
    ['Ratio', 'number', 0], ['On', 'boolean', 0], ['Age', 'date', 0],
  ]);
  assert.equal(conv.columns[1]?.description, 'Custom resource definition column (in JSONPath format): .spec.size');
  assert.equal(conv.columns[2]?.description, 'the colour');
  const w = obj('example.com/v1', 'Widget', {
    spec: { size: 3, gateways: ['service-gateway'], ratio: 0.5, on: 'yes' },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  }, { name: 'w1', creationTimestamp: ago(42) });
  assert.deepEqual(conv.cells(w, now), ['w1', 3, null, '["service-gateway"]', 'True', 0.5, null, '42s']);

  const plain = crdTableConverter([]);
  assert.deepEqual(plain.columns.map((c) => [c.name, c.type]), [['Name', 'string'], ['Age', 'date']]);
  assert.deepEqual(plain.cells(w, now), ['w1', '42s']);
});

test('defaultTableConverter: NAME CREATED AT', () => {
  const conv = defaultTableConverter();
  assert.deepEqual(conv.cells(obj('v1', 'X', {}, { name: 'r', creationTimestamp: '2025-01-02T03:04:05Z' }), now), ['r', '2025-01-02T03:04:05Z']);
  assert.deepEqual(conv.cells({ apiVersion: 'v1', kind: 'X', metadata: { name: 'r' } }, now), ['r', '0001-01-01T00:00:00Z']);
});
