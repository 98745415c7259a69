// User impersonation (`kubectl --as`, `--as-group`; k8s.io/apiserver/pkg/endpoints/filters/impersonation.go): the
// Impersonate-User and Impersonate-Group headers make a request act as another user, when the caller may
// `impersonate` users (a ServiceAccount name is checked as `impersonate serviceaccounts`) and each group.
import type { IncomingHttpHeaders } from 'node:http';
import type { ClusterAuth } from './cluster-auth.js';
import { AUTHENTICATED_GROUP } from './cluster-auth.js';
import { forbiddenError } from './forbidden.js';
import type { ResourceAttributes } from './request-attributes.js';
import type { UserInfo } from './token-file.js';

const SA_PREFIX = 'system:serviceaccount:';

function headerValues(h: string | string[] | undefined): string[] {
  if (h === undefined) return [];
  return (Array.isArray(h) ? h : [h]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** The user the request acts as: `user` itself without impersonation headers; throws 403 when not allowed. */
export function impersonate(auth: ClusterAuth, user: UserInfo, headers: IncomingHttpHeaders): UserInfo {
  const name = headerValues(headers['impersonate-user'])[0];
  const groups = headerValues(headers['impersonate-group']);
  if (name === undefined) return user;
  const check = (a: ResourceAttributes): void => {
    const d = auth.decide(user, a);
    if (!d.allowed) throw forbiddenError(user.name, a, d.reason);
  };
  const base = { kind: 'resource' as const, verb: 'impersonate', group: '', subresource: '', namespace: '' };
  const implied: string[] = [];
  if (name.startsWith(SA_PREFIX)) {
    const [ns = '', sa = ''] = name.slice(SA_PREFIX.length).split(':');
    check({ ...base, resource: 'serviceaccounts', namespace: ns, name: sa });
    implied.push('system:serviceaccounts', `system:serviceaccounts:${ns}`);
  } else {
    check({ ...base, resource: 'users', name });
  }
  for (const g of groups) check({ ...base, resource: 'groups', name: g });
  const all = [...new Set([...groups, ...implied])];
  if (name !== 'system:anonymous' && !all.includes(AUTHENTICATED_GROUP)) all.push(AUTHENTICATED_GROUP);
  return { name, uid: '', groups: all };
}
