import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forbiddenError } from './forbidden.js';

test('403 messages and details have kube-apiserver forms', () => {
  const sa = 'system:serviceaccount:x:bot';
  const cases = [
    {
      attrs: { kind: 'resource', verb: 'list', group: 'apps', resource: 'deployments', subresource: '', namespace: 'x', name: '' } as const,
      message: `deployments.apps is forbidden: User "${sa}" cannot list resource "deployments" in API group "apps" in the namespace "x"`,
      details: { group: 'apps', kind: 'deployments' },
    },
    {
      attrs: { kind: 'resource', verb: 'get', group: '', resource: 'secrets', subresource: '', namespace: 'x', name: 's' } as const,
      message: `secrets "s" is forbidden: User "${sa}" cannot get resource "secrets" in API group "" in the namespace "x"`,
      details: { name: 's', kind: 'secrets' },
    },
    {
      attrs: { kind: 'resource', verb: 'list', group: '', resource: 'namespaces', subresource: '', namespace: '', name: '' } as const,
      message: `namespaces is forbidden: User "${sa}" cannot list resource "namespaces" in API group "" at the cluster scope`,
      details: { kind: 'namespaces' },
    },
    {
      attrs: { kind: 'resource', verb: 'update', group: 'apps', resource: 'deployments', subresource: 'status', namespace: 'x', name: 'web' } as const,
      message: `deployments.apps "web" is forbidden: User "${sa}" cannot update resource "deployments/status" in API group "apps" in the namespace "x"`,
      details: { name: 'web', group: 'apps', kind: 'deployments' },
    },
    {
      attrs: { kind: 'nonResource', verb: 'get', path: '/metrics' } as const,
      message: `forbidden: User "${sa}" cannot get path "/metrics"`,
      details: {},
    },
  ];
  for (const c of cases) {
    const e = forbiddenError(sa, c.attrs);
    assert.equal(e.code, 403);
    assert.equal(e.status.reason, 'Forbidden');
    assert.equal(e.status.message, c.message);
    assert.deepEqual(e.status.details, c.details);
  }
});
