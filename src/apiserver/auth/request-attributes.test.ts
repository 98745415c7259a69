import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestAttributes, type RequestAttributes } from './request-attributes.js';

test('request attributes follow kube-apiserver RequestInfo', () => {
  const r = (verb: string, group: string, resource: string, namespace = '', name = '', subresource = ''): RequestAttributes =>
    ({ kind: 'resource', verb, group, resource, subresource, namespace, name });
  const cases: { method: string; url: string; want: RequestAttributes }[] = [
    { method: 'GET', url: '/apis/apps/v1/namespaces/x/deployments', want: r('list', 'apps', 'deployments', 'x') },
    { method: 'GET', url: '/apis/apps/v1/namespaces/x/deployments?watch=true', want: r('watch', 'apps', 'deployments', 'x') },
    { method: 'GET', url: '/apis/apps/v1/namespaces/x/deployments?watch=1&fieldSelector=metadata.name%3Dweb', want: r('watch', 'apps', 'deployments', 'x', 'web') },
    { method: 'GET', url: '/apis/apps/v1/deployments', want: r('list', 'apps', 'deployments') },
    { method: 'GET', url: '/api/v1/namespaces/x/secrets/s', want: r('get', '', 'secrets', 'x', 's') },
    { method: 'POST', url: '/api/v1/namespaces/x/configmaps', want: r('create', '', 'configmaps', 'x') },
    { method: 'PUT', url: '/apis/apps/v1/namespaces/x/deployments/web/status', want: r('update', 'apps', 'deployments', 'x', 'web', 'status') },
    { method: 'PATCH', url: '/apis/apps/v1/namespaces/x/deployments/web/scale', want: r('patch', 'apps', 'deployments', 'x', 'web', 'scale') },
    { method: 'DELETE', url: '/api/v1/namespaces/x/pods/p', want: r('delete', '', 'pods', 'x', 'p') },
    { method: 'DELETE', url: '/api/v1/namespaces/x/pods', want: r('deletecollection', '', 'pods', 'x') },
    { method: 'GET', url: '/api/v1/namespaces/x', want: r('get', '', 'namespaces', 'x', 'x') },
    { method: 'POST', url: '/api/v1/namespaces', want: r('create', '', 'namespaces') },
    { method: 'GET', url: '/version', want: { kind: 'nonResource', verb: 'get', path: '/version' } },
    { method: 'GET', url: '/apis/apps/v1', want: { kind: 'nonResource', verb: 'get', path: '/apis/apps/v1' } },
    { method: 'GET', url: '/openapi/v3', want: { kind: 'nonResource', verb: 'get', path: '/openapi/v3' } },
  ];
  for (const c of cases) {
    const u = new URL(c.url, 'http://x');
    assert.deepEqual(requestAttributes(c.method, u.pathname, u.searchParams), c.want, `${c.method} ${c.url}`);
  }
});
