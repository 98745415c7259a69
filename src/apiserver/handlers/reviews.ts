// Review kinds answer a question and store nothing (authorization.k8s.io/v1 and authentication.k8s.io/v1):
//   SelfSubjectAccessReview, SubjectAccessReview, LocalSubjectAccessReview: may this user do this? (the authorizer)
//   SelfSubjectRulesReview: what may the caller do in a namespace? (the RBAC rules that apply)
//   SelfSubjectReview: who am I?  TokenReview: whom does this token stand for?
// Validation errors are kube-apiserver's: a 422 on the group with an empty kind (`.authorization.k8s.io "" is
// invalid: ...`). Without authentication (in-process test servers) every request is allowed, and so is every review.
import type { KubeObject, StatusCause } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import { AUTHENTICATED_GROUP } from '../auth/cluster-auth.js';
import type { Decision } from '../auth/rbac-authorizer.js';
import type { PolicyRule } from '../auth/rbac-rules.js';
import type { RequestAttributes } from '../auth/request-attributes.js';
import type { UserInfo } from '../auth/token-file.js';
import { badRequest, invalid } from '../http/api-error.js';
import { gvString, type ResourceType } from '../registry/resource-type.js';

export interface ReviewAuthorizer {
  decide(user: UserInfo, a: RequestAttributes): Decision;
  /** The RBAC rules that apply to the user in a namespace (cluster-wide ones first). */
  rulesIn?(user: UserInfo, namespace: string): PolicyRule[];
  authenticateToken?(token: string): UserInfo | undefined;
}

export interface ReviewContext {
  /** The caller; undefined on servers without authentication. */
  user?: UserInfo;
  authorizer?: ReviewAuthorizer;
  /** The namespace of the URL (LocalSubjectAccessReview). */
  namespace: string;
}

/** The storage keys of the kinds reviews.ts answers. */
export const REVIEW_KINDS = new Set([
  'authorization.k8s.io/selfsubjectaccessreviews', 'authorization.k8s.io/subjectaccessreviews',
  'authorization.k8s.io/localsubjectaccessreviews', 'authorization.k8s.io/selfsubjectrulesreviews',
  'authentication.k8s.io/selfsubjectreviews', 'authentication.k8s.io/tokenreviews',
]);

const UNAUTHENTICATED_REASON = 'kubefed-local clusters without authentication allow every request';

function str(o: Record<string, unknown>, k: string): string {
  return typeof o[k] === 'string' ? (o[k] as string) : '';
}

/** errors.NewInvalid(GroupKind{Group: g}, "", causes): the review validators name no kind. */
function reviewInvalid(group: string, causes: StatusCause[]): Error {
  return invalid('', group, '', causes);
}

/** Go's %v of the NonResourceAttributes struct, as the validator prints it. */
function goNonResource(nra: Record<string, unknown>): string {
  return JSON.stringify({ Path: str(nra, 'path'), Verb: str(nra, 'verb') });
}

/** The attributes a review's spec asks about (exactly one of resourceAttributes and nonResourceAttributes). */
export function reviewAttributes(spec: Record<string, unknown>): RequestAttributes {
  const ra = spec.resourceAttributes;
  const nra = spec.nonResourceAttributes;
  if (isObject(ra) === isObject(nra)) {
    const value = isObject(nra) ? goNonResource(nra) : 'null';
    throw reviewInvalid('authorization.k8s.io', [{ reason: 'FieldValueInvalid', message: `Invalid value: ${value}: exactly one of nonResourceAttributes or resourceAttributes must be specified`, field: 'spec' }]);
  }
  if (isObject(ra)) {
    return {
      kind: 'resource', verb: str(ra, 'verb'), group: str(ra, 'group'), resource: str(ra, 'resource'),
      subresource: str(ra, 'subresource'), namespace: str(ra, 'namespace'), name: str(ra, 'name'),
    };
  }
  return { kind: 'nonResource', verb: str(nra as Record<string, unknown>, 'verb'), path: str(nra as Record<string, unknown>, 'path') };
}

function decisionStatus(ctx: ReviewContext, user: UserInfo | undefined, a: RequestAttributes): Record<string, unknown> {
  if (!user || !ctx.authorizer) return { allowed: true, reason: UNAUTHENTICATED_REASON };
  const d = ctx.authorizer.decide(user, a);
  return d.reason ? { allowed: d.allowed, reason: d.reason } : { allowed: d.allowed };
}

/** The user a SubjectAccessReview asks about (authenticated users as sent, no implied groups). */
function subjectOf(spec: Record<string, unknown>): UserInfo {
  const groups = Array.isArray(spec.groups) ? spec.groups.filter((g): g is string => typeof g === 'string') : [];
  const extra = isObject(spec.extra) ? (spec.extra as Record<string, string[]>) : undefined;
  return { name: str(spec, 'user'), uid: str(spec, 'uid'), groups, ...(extra ? { extra } : {}) };
}

function userInfoJson(u: UserInfo): Record<string, unknown> {
  return { username: u.name, ...(u.uid ? { uid: u.uid } : {}), groups: u.groups, ...(u.extra ? { extra: u.extra } : {}) };
}

function rulesReviewStatus(rules: PolicyRule[]): Record<string, unknown> {
  const resourceRules: Record<string, unknown>[] = [];
  const nonResourceRules: Record<string, unknown>[] = [];
  for (const r of rules) {
    if ((r.resources ?? []).length > 0) {
      resourceRules.push({ verbs: r.verbs ?? [], apiGroups: r.apiGroups ?? [], resources: r.resources, ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}) });
    }
    if ((r.nonResourceURLs ?? []).length > 0) nonResourceRules.push({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs });
  }
  return { resourceRules, nonResourceRules, incomplete: false };
}

/**
 * Answers a create of a review kind. `body` is the decoded request; the reply keeps its metadata and spec and adds
 * the status (kube-apiserver echoes what was asked).
 */
export function answerReview(t: ResourceType, body: unknown, ctx: ReviewContext): KubeObject {
  if (!isObject(body)) throw badRequest('the body of the request must be a JSON object');
  const meta = isObject(body.metadata) ? { ...body.metadata } : {};
  delete meta.creationTimestamp;
  const spec = isObject(body.spec) ? body.spec : {};
  let status: Record<string, unknown>;
  let outSpec: Record<string, unknown> | undefined = spec;
  switch (t.resource) {
    case 'selfsubjectaccessreviews':
      status = decisionStatus(ctx, ctx.user, reviewAttributes(spec));
      break;
    case 'subjectaccessreviews':
    case 'localsubjectaccessreviews': {
      const subject = subjectOf(spec);
      if (!subject.name && subject.groups.length === 0) {
        throw reviewInvalid('authorization.k8s.io', [{ reason: 'FieldValueInvalid', message: 'Invalid value: "": at least one of user or group must be specified', field: 'spec.user' }]);
      }
      const a = reviewAttributes(spec);
      if (t.resource === 'localsubjectaccessreviews') {
        if (a.kind !== 'resource') {
          throw reviewInvalid('authorization.k8s.io', [{ reason: 'FieldValueInvalid', message: `Invalid value: ${goNonResource(spec.nonResourceAttributes as Record<string, unknown>)}: disallowed on this kind of request`, field: 'spec.nonResourceAttributes' }]);
        }
        if (a.namespace !== ctx.namespace) {
          throw reviewInvalid('authorization.k8s.io', [{ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(a.namespace)}: must match metadata.namespace`, field: 'spec.resourceAttributes.namespace' }]);
        }
        meta.namespace = ctx.namespace;
      }
      status = decisionStatus(ctx, subject, a);
      break;
    }
    case 'selfsubjectrulesreviews': {
      const ns = str(spec, 'namespace');
      if (!ns) throw badRequest('no namespace on request');
      // The reply's spec is empty: the namespace asked about is not echoed.
      outSpec = {};
      status = ctx.user && ctx.authorizer?.rulesIn
        ? rulesReviewStatus(ctx.authorizer.rulesIn(ctx.user, ns))
        : { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false };
      break;
    }
    case 'selfsubjectreviews': {
      const user = ctx.user ?? { name: 'system:anonymous', uid: '', groups: ['system:unauthenticated'] };
      status = { userInfo: userInfoJson(user) };
      outSpec = undefined;
      break;
    }
    case 'tokenreviews': {
      const token = str(spec, 'token');
      if (!token) throw reviewInvalid('authentication.k8s.io', [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.token' }]);
      const who = ctx.authorizer?.authenticateToken?.(token);
      status = who
        ? { authenticated: true, user: userInfoJson(who.groups.includes(AUTHENTICATED_GROUP) ? who : { ...who, groups: [...who.groups, AUTHENTICATED_GROUP] }), audiences: ['https://kubernetes.default.svc.cluster.local'] }
        : { user: {}, error: '[invalid bearer token, token lookup failed]' };
      break;
    }
    default:
      throw badRequest(`${t.resource} is not a review kind`);
  }
  return { apiVersion: gvString(t), kind: t.kind, metadata: meta, ...(outSpec ? { spec: outSpec } : {}), status };
}
