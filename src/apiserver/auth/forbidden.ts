// The 403 kube-apiserver sends when the authorizer says no (k8s.io/apiserver/pkg/endpoints/handlers/
// responsewriters/errors.go forbiddenMessage + apierrors.NewForbidden): `deployments.apps is forbidden: User "u"
// cannot list resource "deployments" in API group "apps" in the namespace "x"`, with details {name, group,
// kind: resource}.
import type { Status } from '../../common/object.js';
import { ApiError } from '../http/api-error.js';
import type { RequestAttributes } from './request-attributes.js';

export function forbiddenMessage(user: string, a: RequestAttributes): string {
  if (a.kind === 'nonResource') return `User "${user}" cannot ${a.verb} path "${a.path}"`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const where = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `User "${user}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${where}`;
}

export function forbiddenError(user: string, a: RequestAttributes, reason = ''): ApiError {
  const why = reason ? `${forbiddenMessage(user, a)}: ${reason}` : forbiddenMessage(user, a);
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: '', reason: 'Forbidden', code: 403 };
  if (a.kind === 'nonResource') {
    status.message = `forbidden: ${why}`;
    status.details = {};
  } else {
    const qualified = a.group ? `${a.resource}.${a.group}` : a.resource;
    status.message = a.name ? `${qualified} "${a.name}" is forbidden: ${why}` : `${qualified} is forbidden: ${why}`;
    const d: NonNullable<Status['details']> = {};
    if (a.name) d.name = a.name;
    if (a.group) d.group = a.group;
    d.kind = a.resource;
    status.details = d;
  }
  return new ApiError(status);
}
