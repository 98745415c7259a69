// Review kinds answer a question and store nothing. A SelfSubjectAccessReview asks the cluster's authorizer about
// the caller (authorization.k8s.io/v1: spec.resourceAttributes or spec.nonResourceAttributes → status.allowed,
// status.reason). Without authentication (in-process test servers) every request is allowed, and so is every review.
import type { KubeObject } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import type { Decision } from '../auth/rbac-authorizer.js';
import type { RequestAttributes } from '../auth/request-attributes.js';
import type { UserInfo } from '../auth/token-file.js';
import { badRequest } from '../http/api-error.js';
import type { ResourceType } from '../registry/resource-type.js';

export interface ReviewAuthorizer {
  decide(user: UserInfo, a: RequestAttributes): Decision;
}

function str(o: Record<string, unknown>, k: string): string {
  return typeof o[k] === 'string' ? (o[k] as string) : '';
}

/** The attributes a review's spec asks about; a bad request when it names neither (as kube's validation says). */
export function reviewAttributes(spec: Record<string, unknown>): RequestAttributes {
  const ra = spec.resourceAttributes;
  const nra = spec.nonResourceAttributes;
  if (isObject(ra) && isObject(nra)) {
    throw badRequest('spec.nonResourceAttributes: Invalid value: "": cannot be specified in combination with resourceAttributes');
  }
  if (isObject(ra)) {
    return {
      kind: 'resource', verb: str(ra, 'verb'), group: str(ra, 'group'), resource: str(ra, 'resource'),
      subresource: str(ra, 'subresource'), namespace: str(ra, 'namespace'), name: str(ra, 'name'),
    };
  }
  if (isObject(nra)) return { kind: 'nonResource', verb: str(nra, 'verb'), path: str(nra, 'path') };
  throw badRequest('spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
}

export function selfSubjectAccessReview(t: ResourceType, body: unknown, user?: UserInfo, authorizer?: ReviewAuthorizer): KubeObject {
  if (!isObject(body)) throw badRequest('the body of the request must be a JSON object');
  const meta = isObject(body.metadata) ? body.metadata : {};
  const spec = isObject(body.spec) ? body.spec : {};
  let status: Record<string, unknown>;
  if (user && authorizer) {
    const d = authorizer.decide(user, reviewAttributes(spec));
    status = d.reason ? { allowed: d.allowed, reason: d.reason } : { allowed: d.allowed };
  } else {
    status = { allowed: true, reason: 'kubefed-local clusters without authentication allow every request' };
  }
  return {
    apiVersion: `${t.group}/${t.version}`,
    kind: t.kind,
    metadata: { ...meta, creationTimestamp: null },
    spec,
    status,
  };
}
