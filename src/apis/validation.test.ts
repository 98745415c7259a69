import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultKubeFedConfigSpec } from './defaults.js';
import type { FederatedTypeConfig, KubeFedCluster, KubeFedConfig, ReplicaSchedulingPreference } from './types.js';
import {
  DNS1035_LABEL_MESSAGE,
  formatFieldErrors,
  parseApiEndpoint,
  validateFederatedTypeConfig,
  validateKubeFedCluster,
  validateKubeFedConfig,
  validateReplicaSchedulingPreference,
} from './validation.js';
import type { FieldError } from './validation.js';

const lines = (errs: FieldError[]): string[] => errs.map((e) => `${e.field}: ${e.message}`);

function ftc(name: string, patch: (spec: FederatedTypeConfig['spec']) => void = () => {}): FederatedTypeConfig {
  const spec: FederatedTypeConfig['spec'] = {
    targetType: { group: 'apps', version: 'v1', kind: 'Deployment', pluralName: 'deployments', scope: 'Namespaced' },
    propagation: 'Enabled',
    federatedType: { group: 'types.kubefed.io', version: 'v1beta1', kind: 'FederatedDeployment', pluralName: 'federateddeployments', scope: 'Namespaced' },
  };
  patch(spec);
  return { apiVersion: 'core.kubefed.io/v1beta1', kind: 'FederatedTypeConfig', metadata: { name }, spec };
}

test('a valid FederatedTypeConfig has no errors', () => {
  assert.deepEqual(validateFederatedTypeConfig(ftc('deployments.apps')), []);
});

test('FederatedTypeConfig rules and messages', () => {
  const cases: [string, FederatedTypeConfig, string[]][] = [
    ['name', ftc('deployments'), [`name: Invalid value: "deployments": name must be 'TARGET_PLURAL_NAME(.TARGET_GROUP_NAME)'`]],
    ['target group', ftc('deployments.Apps', (s) => { s.targetType.group = 'Apps'; }), [
      `spec.targetType.group: Invalid value: "Apps": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ]],
    ['version required', ftc('deployments.apps', (s) => { s.targetType.version = ''; }), ['spec.targetType.version: Required value']],
    ['version format', ftc('deployments.apps', (s) => { s.targetType.version = 'V1'; }), [`spec.targetType.version: Invalid value: "V1": ${DNS1035_LABEL_MESSAGE}`]],
    ['kind format', ftc('deployments.apps', (s) => { s.targetType.kind = 'My_Kind'; }), [`spec.targetType.kind: Invalid value: "My_Kind": ${DNS1035_LABEL_MESSAGE}`]],
    ['plural required', ftc('.apps', (s) => { s.targetType.pluralName = ''; }), ['spec.targetType.pluralName: Required value']],
    ['scope', ftc('deployments.apps', (s) => { s.targetType.scope = 'Global' as never; }), [
      'spec.targetType.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
    ]],
    ['propagation', ftc('deployments.apps', (s) => { s.propagation = 'On' as never; }), [
      'spec.propagation: Unsupported value: "On": supported values: "Enabled", "Disabled"',
    ]],
    ['federated group required', ftc('deployments.apps', (s) => { s.federatedType.group = ''; }), ['spec.federatedType.group: Required value']],
    ['federated group dot', ftc('deployments.apps', (s) => { s.federatedType.group = 'types'; }), [
      'spec.federatedType.group: Invalid value: "types": should be a domain with at least one dot',
    ]],
    ['status type', ftc('deployments.apps', (s) => { s.statusType = { version: 'v1', kind: 'X', pluralName: 'xs', scope: 'Namespaced' }; }), [
      'spec.statusType.group: Required value',
    ]],
    ['status collection', ftc('deployments.apps', (s) => { s.statusCollection = 'Maybe' as never; }), [
      'spec.statusCollection: Unsupported value: "Maybe": supported values: "Enabled", "Disabled"',
    ]],
  ];
  for (const [scenario, obj, expected] of cases) assert.deepEqual(lines(validateFederatedTypeConfig(obj)), expected, scenario);
});

test('FederatedTypeConfig status subresource rules', () => {
  const obj = ftc('wrong-name');
  obj.status = { observedGeneration: -1, propagationController: 'Stopped' as never, statusController: 'Running' };
  assert.deepEqual(lines(validateFederatedTypeConfig(obj, { status: true })), [
    'status.observedGeneration: Invalid value: -1: must be greater than or equal to 0',
    'status.propagationController: Unsupported value: "Stopped": supported values: "Running", "NotRunning"',
  ]);
});

function cluster(patch: Partial<KubeFedCluster['spec']>): KubeFedCluster {
  return {
    apiVersion: 'core.kubefed.io/v1beta1',
    kind: 'KubeFedCluster',
    metadata: { name: 'cluster2', namespace: 'kube-federation-system' },
    spec: { apiEndpoint: 'https://127.0.0.1:40002', secretRef: { name: 'cluster2-x7k2p' }, ...patch },
  };
}

test('KubeFedCluster spec rules and messages', () => {
  const cases: [string, KubeFedCluster, string[]][] = [
    ['valid', cluster({ disabledTLSValidations: ['SubjectName', 'ValidityPeriod'], proxyURL: 'socks5://p:1080' }), []],
    ['endpoint required', cluster({ apiEndpoint: '' }), ['spec.apiEndpoint: Required value']],
    ['scheme', cluster({ apiEndpoint: 'ftp://host' }), ['spec.apiEndpoint: Unsupported value: "ftp": supported values: "http", "https"']],
    ['port', cluster({ apiEndpoint: 'host:0' }), ['spec.apiEndpoint: Invalid value: 0: must be between 1 and 65535, inclusive']],
    ['path', cluster({ apiEndpoint: 'https://host/api' }), ['spec.apiEndpoint: Invalid value: "https://host/api": host must be a URL or a host:port pair: "https://host/api"']],
    ['bad port text', cluster({ apiEndpoint: 'https://host:abc' }), ['spec.apiEndpoint: Invalid value: "https://host:abc": parse "https://host:abc": invalid port ":abc" after host']],
    ['secret required', cluster({ secretRef: { name: '' } }), ['spec.secretRef.name: Required value']],
    ['tls value', cluster({ disabledTLSValidations: ['Everything' as never] }), [
      'spec.disabledTLSValidations: Unsupported value: "Everything": supported values: "*", "SubjectName", "ValidityPeriod"',
    ]],
    ['tls star alone', cluster({ disabledTLSValidations: ['*', 'SubjectName'] }), [
      'spec.disabledTLSValidations: Invalid value: ["*","SubjectName"]: when * is specified, it is expected to be the only option in list',
    ]],
    ['proxy scheme', cluster({ proxyURL: 'ftp://proxy' }), ['spec.proxyURL: Unsupported value: "ftp": supported values: "http", "https", "socks5"']],
  ];
  for (const [scenario, obj, expected] of cases) assert.deepEqual(lines(validateKubeFedCluster(obj)), expected, scenario);
  const badHost = lines(validateKubeFedCluster(cluster({ apiEndpoint: 'https://Bad_Host' })));
  assert.equal(badHost.length, 1);
  assert.match(badHost[0] ?? '', /^spec\.apiEndpoint: Invalid value: "Bad_Host": must be a valid IP address, .*; or a lowercase RFC 1123 subdomain/);
  const badSecret = lines(validateKubeFedCluster(cluster({ secretRef: { name: 'Secret' } })));
  assert.match(badSecret[0] ?? '', /^spec\.secretRef\.name: Invalid value: "Secret": a lowercase RFC 1123 subdomain/);
});

test('KubeFedCluster status rules', () => {
  const obj = cluster({});
  obj.status = {
    conditions: [
      { type: 'Ready', status: 'True', lastProbeTime: '2024-01-01T00:00:00Z' },
      { type: 'Happy' as never, status: 'Yes' as never, lastProbeTime: '' },
    ],
  };
  assert.deepEqual(lines(validateKubeFedCluster(obj, { status: true })), [
    'status.conditions[1].type: Unsupported value: "Happy": supported values: "Ready", "Offline", "ConfigMalformed"',
    'status.conditions[1].status: Unsupported value: "Yes": supported values: "True", "False", "Unknown"',
    'status.conditions[1].lastProbeTime: Required value',
  ]);
});

test('parseApiEndpoint reads endpoints like client-go DefaultServerURL', () => {
  assert.deepEqual(parseApiEndpoint('127.0.0.1:6443'), { scheme: 'https', hostname: '127.0.0.1', port: '6443', url: 'https://127.0.0.1:6443' });
  assert.deepEqual(parseApiEndpoint('http://member'), { scheme: 'http', hostname: 'member', port: '', url: 'http://member' });
  assert.deepEqual(parseApiEndpoint('https://[::1]:443/'), { scheme: 'https', hostname: '::1', port: '443', url: 'https://[::1]:443' });
  assert.deepEqual(parseApiEndpoint('localhost'), { scheme: 'https', hostname: 'localhost', port: '', url: 'https://localhost' });
  assert.throws(() => parseApiEndpoint(''), /host must be a URL or a host:port pair/);
});

function kubefedConfig(patch: (spec: ReturnType<typeof defaultKubeFedConfigSpec>) => void): KubeFedConfig {
  const spec = defaultKubeFedConfigSpec({ scope: 'Cluster' });
  patch(spec);
  return { apiVersion: 'core.kubefed.io/v1beta1', kind: 'KubeFedConfig', metadata: { name: 'kubefed' }, spec };
}

test('KubeFedConfig rules and messages', () => {
  const cases: [string, KubeFedConfig, string[]][] = [
    ['defaults are valid', kubefedConfig(() => {}), []],
    ['legacy lock', kubefedConfig((s) => { s.leaderElect.resourceLock = 'endpointsleases'; }), []],
    ['scope', kubefedConfig((s) => { s.scope = '' as never; }), ['spec.scope: Required value']],
    ['zero duration', kubefedConfig((s) => { s.controllerDuration.availableDelay = '0s'; }), [
      'spec.controllerDuration.availableDelay: Invalid value: 0s: should be greater than 0',
    ]],
    ['negative duration', kubefedConfig((s) => { s.clusterHealthCheck.timeout = '-3s'; }), [
      'spec.clusterHealthCheck.timeout: Invalid value: -3s: should be greater than 0',
    ]],
    ['unparseable duration', kubefedConfig((s) => { s.controllerDuration.cacheSyncTimeout = '5'; }), [
      'spec.controllerDuration.cacheSyncTimeout: Invalid value: "5": time: missing unit in duration "5"',
    ]],
    ['lease ordering', kubefedConfig((s) => { s.leaderElect.leaseDuration = '10s'; }), [
      'spec.leaderElect.leaseDuration: Invalid value: 10s: leaseDuration must be greater than renewDeadline',
    ]],
    ['renew vs retry jitter', kubefedConfig((s) => { s.leaderElect.retryPeriod = '9s'; }), [
      'spec.leaderElect.renewDeadline: Invalid value: 10s: renewDeadline must be greater than retryPeriod*JitterFactor(1.2)',
    ]],
    ['lock', kubefedConfig((s) => { s.leaderElect.resourceLock = 'etcd' as never; }), [
      'spec.leaderElect.resourceLock: Unsupported value: "etcd": supported values: "leases", "configmaps", "endpoints", "configmapsleases", "endpointsleases"',
    ]],
    ['duplicate gate', kubefedConfig((s) => { s.featureGates.push({ name: 'PushReconciler', configuration: 'Disabled' }); }), [
      'spec.featureGates.name: Duplicate value: "PushReconciler"',
    ]],
    ['unknown gate', kubefedConfig((s) => { s.featureGates.push({ name: 'Teleport', configuration: 'On' as never }); }), [
      'spec.featureGates.name: Unsupported value: "Teleport": supported values: "CrossClusterServiceDiscovery", "FederatedIngress", "PushReconciler", "RawResourceStatusCollection", "SchedulerPreferences"',
      'spec.featureGates.configuration: Unsupported value: "On": supported values: "Enabled", "Disabled"',
    ]],
    ['thresholds', kubefedConfig((s) => { s.clusterHealthCheck.failureThreshold = 0; s.syncController.maxConcurrentReconciles = -1; }), [
      'spec.clusterHealthCheck.failureThreshold: Invalid value: 0: should be greater than 0',
      'spec.syncController.maxConcurrentReconciles: Invalid value: -1: should be greater than 0',
    ]],
    ['adopt', kubefedConfig((s) => { s.syncController.adoptResources = 'Yes' as never; }), [
      'spec.syncController.adoptResources: Unsupported value: "Yes": supported values: "Enabled", "Disabled"',
    ]],
  ];
  for (const [scenario, obj, expected] of cases) assert.deepEqual(lines(validateKubeFedConfig(obj)), expected, scenario);
});

test('KubeFedConfig: undefaulted sections are required and scope is immutable', () => {
  const bare: KubeFedConfig = { apiVersion: 'core.kubefed.io/v1beta1', kind: 'KubeFedConfig', metadata: { name: 'kubefed' }, spec: { scope: 'Cluster' } };
  assert.deepEqual(lines(validateKubeFedConfig(bare)), [
    'spec.controllerDuration: Required value',
    'spec.leaderElect: Required value',
    'spec.featureGates: Required value',
    'spec.clusterHealthCheck: Required value',
    'spec.syncController: Required value',
    'spec.statusController: Required value',
  ]);
  const old = kubefedConfig(() => {});
  const changed = kubefedConfig((s) => { s.scope = 'Namespaced'; });
  assert.deepEqual(lines(validateKubeFedConfig(changed, old)), ['spec.scope: Invalid value: "Namespaced": field is immutable']);
  assert.deepEqual(validateKubeFedConfig(old, old), []);
});

test('ReplicaSchedulingPreference rules', () => {
  const rsp = (spec: ReplicaSchedulingPreference['spec']): ReplicaSchedulingPreference => ({
    apiVersion: 'scheduling.kubefed.io/v1alpha1',
    kind: 'ReplicaSchedulingPreference',
    metadata: { name: 'web', namespace: 'demo' },
    spec,
  });
  assert.deepEqual(validateReplicaSchedulingPreference(rsp({ targetKind: 'FederatedDeployment', totalReplicas: 9, clusters: { '*': { weight: 1 } } })), []);
  assert.deepEqual(lines(validateReplicaSchedulingPreference(rsp({ targetKind: 'FederatedJob', totalReplicas: -1, clusters: { a: { minReplicas: 3, maxReplicas: 2 } } }))), [
    'spec.targetKind: Invalid value: "FederatedJob": must be FederatedDeployment or FederatedReplicaSet',
    'spec.totalReplicas: Invalid value: -1: must be greater than or equal to 0',
    'spec.clusters[a].maxReplicas: Invalid value: 2: must be greater than or equal to minReplicas',
  ]);
});

test('formatFieldErrors aggregates like utilerrors.NewAggregate', () => {
  const one: FieldError = { field: 'spec.a', type: 'FieldValueRequired', message: 'Required value' };
  const two: FieldError = { field: 'spec.b', type: 'FieldValueRequired', message: 'Required value' };
  assert.equal(formatFieldErrors([one]), 'spec.a: Required value');
  assert.equal(formatFieldErrors([one, two]), '[spec.a: Required value, spec.b: Required value]');
  assert.equal(formatFieldErrors([]), '');
});
