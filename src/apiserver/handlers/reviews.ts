// Review kinds answer a question and store nothing. Until RBAC lands (issue 3) every authenticated user may do
// everything, so a SelfSubjectAccessReview is always allowed.
import type { KubeObject } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import { badRequest } from '../http/api-error.js';
import type { ResourceType } from '../registry/resource-type.js';

export function selfSubjectAccessReview(t: ResourceType, body: unknown): KubeObject {
  if (!isObject(body)) throw badRequest('the body of the request must be a JSON object');
  const meta = isObject(body.metadata) ? body.metadata : {};
  return {
    apiVersion: `${t.group}/${t.version}`,
    kind: t.kind,
    metadata: { ...meta, creationTimestamp: null },
    spec: isObject(body.spec) ? body.spec : {},
    status: { allowed: true, reason: 'kubefed-local clusters allow every authenticated request' },
  };
}
