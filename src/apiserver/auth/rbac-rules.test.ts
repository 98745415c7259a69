import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestAttributes } from './request-attributes.js';
import { ruleAllows, subjectMatches, type PolicyRule, type Subject } from './rbac-rules.js';

function res(verb: string, group: string, resource: string, extra: { sub?: string; ns?: string; name?: string } = {}): RequestAttributes {
  return { kind: 'resource', verb, group, resource, subresource: extra.sub ?? '', namespace: extra.ns ?? 'x', name: extra.name ?? '' };
}

function path(verb: string, p: string): RequestAttributes {
  return { kind: 'nonResource', verb, path: p };
}

test('rule matching follows Kubernetes RuleAllows', () => {
  const deployReader: PolicyRule = { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list'] };
  const cases: { name: string; rule: PolicyRule; attrs: RequestAttributes; want: boolean }[] = [
    { name: 'exact verb, group and resource', rule: deployReader, attrs: res('list', 'apps', 'deployments'), want: true },
    { name: 'verb not listed', rule: deployReader, attrs: res('delete', 'apps', 'deployments'), want: false },
    { name: 'other group', rule: deployReader, attrs: res('list', '', 'deployments'), want: false },
    { name: 'other resource', rule: deployReader, attrs: res('list', 'apps', 'replicasets'), want: false },
    { name: 'a resource does not grant its subresources', rule: deployReader, attrs: res('get', 'apps', 'deployments', { sub: 'status' }), want: false },
    { name: 'verb *', rule: { apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] }, attrs: res('deletecollection', 'apps', 'deployments'), want: true },
    { name: 'group *', rule: { apiGroups: ['*'], resources: ['deployments'], verbs: ['get'] }, attrs: res('get', 'example.com', 'deployments'), want: true },
    { name: 'resource * includes subresources', rule: { apiGroups: [''], resources: ['*'], verbs: ['get'] }, attrs: res('get', '', 'pods', { sub: 'log' }), want: true },
    { name: 'resource/subresource', rule: { apiGroups: ['apps'], resources: ['deployments/status'], verbs: ['update'] }, attrs: res('update', 'apps', 'deployments', { sub: 'status' }), want: true },
    { name: 'resource/subresource does not grant the resource', rule: { apiGroups: ['apps'], resources: ['deployments/status'], verbs: ['update'] }, attrs: res('update', 'apps', 'deployments'), want: false },
    { name: '*/scale matches any scale', rule: { apiGroups: ['*'], resources: ['*/scale'], verbs: ['patch'] }, attrs: res('patch', 'apps', 'statefulsets', { sub: 'scale' }), want: true },
    { name: '*/scale does not match status', rule: { apiGroups: ['*'], resources: ['*/scale'], verbs: ['patch'] }, attrs: res('patch', 'apps', 'statefulsets', { sub: 'status' }), want: false },
    { name: '*/scale does not match the resource', rule: { apiGroups: ['*'], resources: ['*/scale'], verbs: ['patch'] }, attrs: res('patch', 'apps', 'statefulsets'), want: false },
    { name: 'resourceNames admit the named object', rule: { apiGroups: [''], resources: ['secrets'], resourceNames: ['a'], verbs: ['get'] }, attrs: res('get', '', 'secrets', { name: 'a' }), want: true },
    { name: 'resourceNames reject other names', rule: { apiGroups: [''], resources: ['secrets'], resourceNames: ['a'], verbs: ['get'] }, attrs: res('get', '', 'secrets', { name: 'b' }), want: false },
    { name: 'resourceNames reject unnamed lists', rule: { apiGroups: [''], resources: ['secrets'], resourceNames: ['a'], verbs: ['list'] }, attrs: res('list', '', 'secrets'), want: false },
    { name: 'resource rules do not grant paths', rule: { apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, attrs: path('get', '/healthz'), want: false },
    { name: 'nonResourceURL exact', rule: { nonResourceURLs: ['/healthz'], verbs: ['get'] }, attrs: path('get', '/healthz'), want: true },
    { name: 'nonResourceURL exact does not match a longer path', rule: { nonResourceURLs: ['/healthz'], verbs: ['get'] }, attrs: path('get', '/healthz/etcd'), want: false },
    { name: 'nonResourceURL prefix *', rule: { nonResourceURLs: ['/openapi/*'], verbs: ['get'] }, attrs: path('get', '/openapi/v3/apis/apps/v1'), want: true },
    { name: 'nonResourceURL prefix * needs the prefix', rule: { nonResourceURLs: ['/apis/*'], verbs: ['get'] }, attrs: path('get', '/api'), want: false },
    { name: 'nonResourceURL *', rule: { nonResourceURLs: ['*'], verbs: ['*'] }, attrs: path('post', '/anything'), want: true },
    { name: 'nonResourceURL verb', rule: { nonResourceURLs: ['/version'], verbs: ['get'] }, attrs: path('post', '/version'), want: false },
    { name: 'path rules do not grant resources', rule: { nonResourceURLs: ['*'], verbs: ['*'] }, attrs: res('get', '', 'pods'), want: false },
  ];
  for (const c of cases) assert.equal(ruleAllows(c.rule, c.attrs), c.want, c.name);
});

test('subjects match users, groups and service accounts', () => {
  const sa = { name: 'system:serviceaccount:team:bot', uid: 'u', groups: ['system:serviceaccounts', 'system:authenticated'] };
  const alice = { name: 'alice', uid: 'a', groups: ['devs'] };
  const cases: { name: string; subject: Subject; user: typeof sa; ns: string; want: boolean }[] = [
    { name: 'User by name', subject: { kind: 'User', name: 'alice' }, user: alice, ns: '', want: true },
    { name: 'User other name', subject: { kind: 'User', name: 'bob' }, user: alice, ns: '', want: false },
    { name: 'Group membership', subject: { kind: 'Group', name: 'devs' }, user: alice, ns: '', want: true },
    { name: 'Group not a member', subject: { kind: 'Group', name: 'ops' }, user: alice, ns: '', want: false },
    { name: 'ServiceAccount with namespace', subject: { kind: 'ServiceAccount', name: 'bot', namespace: 'team' }, user: sa, ns: '', want: true },
    { name: 'ServiceAccount in the binding namespace', subject: { kind: 'ServiceAccount', name: 'bot' }, user: sa, ns: 'team', want: true },
    { name: 'ServiceAccount in another namespace', subject: { kind: 'ServiceAccount', name: 'bot', namespace: 'other' }, user: sa, ns: 'team', want: false },
    { name: 'ServiceAccount without namespace in a cluster binding', subject: { kind: 'ServiceAccount', name: 'bot' }, user: sa, ns: '', want: false },
    { name: 'group of service accounts', subject: { kind: 'Group', name: 'system:serviceaccounts' }, user: sa, ns: '', want: true },
    { name: 'unknown kind', subject: { kind: 'Robot', name: 'alice' }, user: alice, ns: '', want: false },
  ];
  for (const c of cases) assert.equal(subjectMatches(c.subject, c.user, c.ns), c.want, c.name);
});
