import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RbacAuthorizer, RBAC_STORAGE_KEYS } from '../auth/rbac-authorizer.js';
import { ApiError } from '../http/api-error.js';
import { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';
import { Store } from '../storage/store.js';
import { answerReview } from './reviews.js';

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
    const r = answerReview(ssar, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {}, spec: c.spec }, { user: alice, authorizer: { decide: (u, a) => rbac.authorize(u, a) }, namespace: '' });
    const status = r.status as { allowed: boolean; reason?: string };
    assert.equal(status.allowed, c.allowed, JSON.stringify(c.spec));
    assert.deepEqual(r.spec, c.spec);
    if (c.allowed) assert.match(status.reason ?? '', /^RBAC: allowed by ClusterRoleBinding "b" of ClusterRole "r" to User "alice"$/);
  }
  rbac.close();
});

test('a review without attributes is invalid (422 on the group, no kind)', () => {
  const rbac = setup();
  assert.throws(() => answerReview(ssar, { spec: {} }, { user: alice, authorizer: { decide: (u, a) => rbac.authorize(u, a) }, namespace: '' }), (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 422);
    assert.equal(e.status.message, '.authorization.k8s.io "" is invalid: spec: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified');
    assert.deepEqual(e.status.details, { group: 'authorization.k8s.io', causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified', field: 'spec' }] });
    return true;
  });
  rbac.close();
});
