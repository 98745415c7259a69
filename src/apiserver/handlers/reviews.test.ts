import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RbacAuthorizer, RBAC_STORAGE_KEYS } from '../auth/rbac-authorizer.js';
import { ApiError } from '../http/api-error.js';
import { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';
import { Store } from '../storage/store.js';
import { selfSubjectAccessReview } from './reviews.js';

const ssar = new Registry().get('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews') as ResourceType;
const alice = { name: 'alice', uid: 'a', groups: ['system:authenticated'] };

function setup(): RbacAuthorizer {
  const store = new Store();
  store.create(RBAC_STORAGE_KEYS.clusterRoles, {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r', uid: 'r' },
    rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['list'] }, { nonResourceURLs: ['/version'], verbs: ['get'] }],
  });
  store.create(RBAC_STORAGE_KEYS.clusterRoleBindings, {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b', uid: 'b' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' }, subjects: [{ kind: 'User', name: 'alice' }],
  });
  return new RbacAuthorizer(store);
}

test('a SelfSubjectAccessReview answers from the authorizer for the caller', () => {
  const rbac = setup();
  const cases = [
    { spec: { resourceAttributes: { namespace: 'x', verb: 'list', group: 'apps', resource: 'deployments' } }, allowed: true },
    { spec: { resourceAttributes: { namespace: 'x', verb: 'delete', group: 'apps', resource: 'deployments' } }, allowed: false },
    { spec: { resourceAttributes: { verb: 'list', resource: 'deployments' } }, allowed: false },
    { spec: { nonResourceAttributes: { path: '/version', verb: 'get' } }, allowed: true },
    { spec: { nonResourceAttributes: { path: '/metrics', verb: 'get' } }, allowed: false },
  ];
  for (const c of cases) {
    const r = selfSubjectAccessReview(ssar, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {}, spec: c.spec }, alice, { decide: (u, a) => rbac.authorize(u, a) });
    const status = r.status as { allowed: boolean; reason?: string };
    assert.equal(status.allowed, c.allowed, JSON.stringify(c.spec));
    assert.deepEqual(r.spec, c.spec);
    if (c.allowed) assert.match(status.reason ?? '', /^RBAC: allowed by ClusterRoleBinding "b" of ClusterRole "r" to User "alice"$/);
  }
  rbac.close();
});

test('a review without attributes is a bad request', () => {
  const rbac = setup();
  assert.throws(() => selfSubjectAccessReview(ssar, { spec: {} }, alice, { decide: (u, a) => rbac.authorize(u, a) }), (e: unknown) => e instanceof ApiError && e.code === 400);
  rbac.close();
});
