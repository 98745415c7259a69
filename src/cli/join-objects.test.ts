import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostClusterName, hostCredentialsSecret, joinNames, kubeFedClusterObject, memberRbac, memberServiceAccount, memberTokenSecret } from './join-objects.js';
import { memberObjectsToDelete } from './unjoin.js';

const n = joinNames('cluster2', 'cluster1', 'kube-federation-system');

test('join names: ServiceAccount C-H, roles kubefed-controller-manager:SA and the health-check role', () => {
  assert.deepEqual(n, {
    namespace: 'kube-federation-system',
    serviceAccount: 'cluster2-cluster1',
    role: 'kubefed-controller-manager:cluster2-cluster1',
    healthCheckRole: 'kubefed-controller-manager:kube-federation-system:healthcheck-cluster2-cluster1',
  });
});

const hostNameCases: [string, string | undefined, string | RegExp][] = [
  ['cluster1', undefined, 'cluster1'],
  ['arn:aws:eks:eu/prod', 'prod', 'prod'],
  ['arn:aws:eks:eu/prod', undefined, /host-cluster-name must be set if the name of the host cluster context contains one of ":" or "\/"$/],
  ['ctx', 'a/b', /--host-cluster-name "a\/b" may not contain/],
];
for (const [context, override, expected] of hostNameCases) {
  test(`host cluster name for context ${context} with --host-cluster-name ${override ?? '(none)'}`, () => {
    if (typeof expected === 'string') assert.equal(hostClusterName(context, override), expected);
    else assert.throws(() => hostClusterName(context, override), expected);
  });
}

test('member ServiceAccount and its explicit token Secret', () => {
  assert.deepEqual(memberServiceAccount(n), {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'cluster2-cluster1', namespace: 'kube-federation-system', annotations: { 'kubernetes.io/enforce-mountable-secrets': 'true' } },
    automountServiceAccountToken: false,
  });
  const secret = memberTokenSecret(n);
  assert.equal(secret['type'], 'kubernetes.io/service-account-token');
  assert.deepEqual(secret.metadata.annotations, { 'kubernetes.io/service-account.name': 'cluster2-cluster1' });
  assert.equal(secret.metadata.name, 'cluster2-cluster1');
});

test('Cluster scope: a ClusterRole with full access and a binding to the ServiceAccount', () => {
  const objs = memberRbac(n, 'Cluster');
  assert.deepEqual(objs.map((o) => `${o.object.kind}/${o.object.metadata.name}`), [
    'ClusterRole/kubefed-controller-manager:cluster2-cluster1',
    'ClusterRoleBinding/kubefed-controller-manager:cluster2-cluster1',
  ]);
  assert.deepEqual(objs[0]?.object['rules'], [
    { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
    { nonResourceURLs: ['*'], verbs: ['get'] },
  ]);
  assert.deepEqual(objs[1]?.object['subjects'], [{ kind: 'ServiceAccount', name: 'cluster2-cluster1', namespace: 'kube-federation-system' }]);
});

test('Namespaced scope: Role and RoleBinding in the namespace, health check with lower-case get (quirk 11 fixed)', () => {
  const objs = memberRbac(n, 'Namespaced');
  assert.deepEqual(objs.map((o) => `${o.ref}:${o.object.metadata.namespace ?? ''}/${o.object.metadata.name}`), [
    'roles:kube-federation-system/kubefed-controller-manager:cluster2-cluster1',
    'roleBindings:kube-federation-system/kubefed-controller-manager:cluster2-cluster1',
    'clusterRoles:/kubefed-controller-manager:kube-federation-system:healthcheck-cluster2-cluster1',
    'clusterRoleBindings:/kubefed-controller-manager:kube-federation-system:healthcheck-cluster2-cluster1',
  ]);
  assert.deepEqual(objs[2]?.object['rules'], [
    { nonResourceURLs: ['/healthz'], verbs: ['get'] },
    { apiGroups: [''], resources: ['nodes'], verbs: ['list'] },
  ]);
});

test('host secret: named or generated, token base64-encoded, CA carried along', () => {
  const named = hostCredentialsSecret('cluster2', 'kube-federation-system', 'creds', 'abc', 'Q0E=');
  assert.deepEqual(named.metadata, { name: 'creds', namespace: 'kube-federation-system' });
  assert.deepEqual(named['data'], { token: Buffer.from('abc').toString('base64'), 'ca.crt': 'Q0E=' });
  const generated = hostCredentialsSecret('cluster2', 'kube-federation-system', undefined, 'abc', undefined);
  assert.deepEqual(generated.metadata, { generateName: 'cluster2-', namespace: 'kube-federation-system' });
  assert.deepEqual(generated['data'], { token: Buffer.from('abc').toString('base64') });
});

const endpointCases: { name: string; endpoint: Parameters<typeof kubeFedClusterObject>[3]; spec: Record<string, unknown> }[] = [
  {
    name: 'kubeconfig CA wins over the secret CA',
    endpoint: { server: 'https://10.0.0.1:6443', caPem: 'PEM', secretCaCrt: 'U0VDUkVU', insecureSkipTLSVerify: false },
    spec: { apiEndpoint: 'https://10.0.0.1:6443', secretRef: { name: 's' }, caBundle: Buffer.from('PEM').toString('base64') },
  },
  {
    name: 'secret CA when the kubeconfig has none',
    endpoint: { server: 'https://h', secretCaCrt: 'U0VDUkVU', insecureSkipTLSVerify: false },
    spec: { apiEndpoint: 'https://h', secretRef: { name: 's' }, caBundle: 'U0VDUkVU' },
  },
  {
    name: 'insecure-skip-tls-verify and a proxy',
    endpoint: { server: 'https://h', insecureSkipTLSVerify: true, proxyUrl: 'http://proxy:3128' },
    spec: { apiEndpoint: 'https://h', secretRef: { name: 's' }, disabledTLSValidations: ['*'], proxyURL: 'http://proxy:3128' },
  },
];
for (const c of endpointCases) {
  test(`KubeFedCluster: ${c.name}`, () => {
    const kfc = kubeFedClusterObject('cluster2', 'kube-federation-system', 's', c.endpoint);
    assert.equal(kfc.apiVersion, 'core.kubefed.io/v1beta1');
    assert.deepEqual(kfc.metadata, { name: 'cluster2', namespace: 'kube-federation-system' });
    assert.deepEqual(kfc.spec, c.spec);
  });
}

test('unjoin deletes every member object join can create, bindings before roles', () => {
  const created = [...memberRbac(n, 'Cluster'), ...memberRbac(n, 'Namespaced')].map((o) => `${o.ref}/${o.object.metadata.namespace ?? ''}/${o.object.metadata.name}`);
  const deleted = memberObjectsToDelete(n).map((d) => `${d.ref.resource}/${d.ref.namespace ?? ''}/${d.ref.name}`);
  const plural: Record<string, string> = { clusterRoles: 'clusterroles', clusterRoleBindings: 'clusterrolebindings', roles: 'roles', roleBindings: 'rolebindings' };
  for (const c of created) {
    const [ref, ...rest] = c.split('/');
    assert.ok(deleted.includes([plural[ref ?? ''], ...rest].join('/')), `${c} is deleted`);
  }
  assert.ok(deleted.includes('serviceaccounts/kube-federation-system/cluster2-cluster1'));
  assert.ok(deleted.includes('secrets/kube-federation-system/cluster2-cluster1'));
  assert.ok(deleted.indexOf('clusterrolebindings//kubefed-controller-manager:cluster2-cluster1') < deleted.indexOf('clusterroles//kubefed-controller-manager:cluster2-cluster1'));
});
