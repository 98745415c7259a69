// metav1.Status errors with Kubernetes' reasons, codes and message formats
// (k8s.io/apimachinery/pkg/api/errors/errors.go). Handlers throw ApiError; the server turns it into a Status body.
import type { Status, StatusCause } from '../../common/object.js';

export class ApiError extends Error {
  readonly status: Status;
  constructor(status: Status) {
    super(status.message);
    this.status = status;
  }
  get code(): number {
    return this.status.code;
  }
}

export interface ErrorTarget {
  group: string;
  /** Resource name (plural), used as details.kind by Kubernetes for most errors. */
  resource: string;
  name?: string;
}

function qualified(t: ErrorTarget): string {
  return t.group ? `${t.resource}.${t.group}` : t.resource;
}

function failure(code: number, reason: string, message: string, details?: Status['details']): ApiError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) status.details = details;
  return new ApiError(status);
}

function details(t: ErrorTarget, name = t.name): Status['details'] {
  const d: NonNullable<Status['details']> = {};
  if (name !== undefined) d.name = name;
  if (t.group) d.group = t.group;
  d.kind = t.resource;
  return d;
}

export function notFound(t: ErrorTarget, name = t.name ?? ''): ApiError {
  return failure(404, 'NotFound', `${qualified(t)} "${name}" not found`, details(t, name));
}

export function alreadyExists(t: ErrorTarget, name: string): ApiError {
  return failure(409, 'AlreadyExists', `${qualified(t)} "${name}" already exists`, details(t, name));
}

export function conflict(t: ErrorTarget, name: string, why: string): ApiError {
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(t)} "${name}": ${why}`, details(t, name));
}

export const OBJECT_MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

/** 422 Invalid: details.kind is the Kind (not the resource), as in errors.NewInvalid. */
export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): ApiError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const texts = causes.map((c) => (c.field ? `${c.field}: ${c.message ?? ''}` : c.message ?? ''));
  const joined = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  // errors.NewInvalid: an empty name (a create without one, an options object) is left out of details.
  const d: NonNullable<Status['details']> = name ? { name } : {};
  if (group) d.group = group;
  if (kind) d.kind = kind;
  d.causes = causes;
  return failure(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${joined}`, d);
}

/** 422 without details (kubectl prints "The request is invalid: <message>"). */
export function unprocessable(message: string): ApiError {
  return failure(422, 'Invalid', message);
}

/**
 * errors.NewGenericServerResponse(422, ...) without an unexpected-response cause: the generic text and empty
 * details. kube-apiserver answers a JSON patch that does not apply (failed test, missing path) with it.
 */
export function rejectedRequest(): ApiError {
  return failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
}

export function badRequest(message: string): ApiError {
  return failure(400, 'BadRequest', message);
}

export function forbidden(t: ErrorTarget, name: string, why: string, causes?: StatusCause[]): ApiError {
  const what = name ? `${qualified(t)} "${name}"` : qualified(t);
  const d = details(t, name || undefined) ?? {};
  if (causes) d.causes = causes;
  return failure(403, 'Forbidden', `${what} is forbidden: ${why}`, d);
}

export function unauthorized(): ApiError {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

// errors.NewMethodNotSupported / NewNotFound without a name: kube-apiserver sends an empty details object.
export function methodNotAllowed(): ApiError {
  return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

export function notFoundPath(): ApiError {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

/**
 * A path no API group serves (`/apis/unknown.example.com/v1/...`): kube-apiserver's mux answers with Go's plain
 * `404 page not found` text, not a Status.
 */
export class PlainNotFound extends Error {
  constructor() {
    super('404 page not found');
  }
}

export function gone(message: string): ApiError {
  return failure(410, 'Expired', message);
}

export function unsupportedMediaType(message: string, details?: Status['details']): ApiError {
  return failure(415, 'UnsupportedMediaType', message, details);
}

export function notAcceptable(message: string): ApiError {
  return failure(406, 'NotAcceptable', message);
}

export function internalError(message: string): ApiError {
  return failure(500, 'InternalError', `Internal error occurred: ${message}`);
}

export function requestEntityTooLarge(message: string): ApiError {
  return failure(413, 'RequestEntityTooLarge', message);
}

export function successStatus(t: ErrorTarget, name: string, uid?: string): Omit<Status, 'code'> {
  const d = details(t, name) ?? {};
  if (uid) d.uid = uid;
  // The DELETE Success Status carries no code (rest.deleteResource builds it without one).
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: d };
}
