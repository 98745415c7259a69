// Typed failures of requests to a Kubernetes API server. An HTTP answer ≥ 400 becomes an ApiError carrying the
// metav1.Status the server sent (k8s.io/apimachinery/pkg/apis/meta/v1 types.go StatusReason); a failure to reach the
// server at all becomes a ConnectionError. Callers branch on the predicates below, never on message text.

import { isObject, type Status } from '../common/object.js';

/** StatusReason used when a body carries none, by HTTP code (apimachinery/pkg/api/errors/errors.go reasonForError). */
const reasonForCode: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** A request the server answered with an error status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status code (also Status.code when the body was a Status). */
  readonly code: number;
  /** metav1.StatusReason, e.g. NotFound, AlreadyExists, Conflict, Expired. */
  readonly reason: string;
  /** The parsed Status body, when the server sent one. */
  readonly status?: Status;
  /** Seconds the server asked the client to wait (Retry-After header or Status.details.retryAfterSeconds). */
  readonly retryAfterSeconds?: number;

  constructor(code: number, reason: string, message: string, status?: Status, retryAfterSeconds?: number) {
    super(message);
    this.code = code;
    this.reason = reason;
    if (status) this.status = status;
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * Builds the error from a response. The Status message is kept verbatim because users already know Kubernetes'
   * wording; bodies that are not a Status (proxies, load balancers) are summarised with the request that failed.
   */
  static fromResponse(code: number, body: string, request: string, retryAfterHeader?: string): ApiError {
    let status: Status | undefined;
    try {
      const parsed: unknown = JSON.parse(body);
      if (isObject(parsed) && parsed['kind'] === 'Status') status = parsed as unknown as Status;
    } catch {
      status = undefined;
    }
    const headerRetry = retryAfterHeader !== undefined && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
    const retry = status?.details?.retryAfterSeconds ?? headerRetry;
    if (status) {
      const statusCode = typeof status.code === 'number' && status.code > 0 ? status.code : code;
      const reason = status.reason || reasonForCode[statusCode] || 'Unknown';
      const message = status.message || `the server returned ${statusCode} ${reason} for ${request}`;
      return new ApiError(statusCode, reason, message, status, retry);
    }
    const reason = reasonForCode[code] ?? 'Unknown';
    const text = body.trim().slice(0, 512);
    const message = text
      ? `the server returned ${code} ${reason} for ${request}: ${text}`
      : `the server returned ${code} ${reason} for ${request}`;
    return new ApiError(code, reason, message, undefined, retry);
  }
}

/** The server could not be reached, or the connection failed before a complete answer arrived. */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
  /** Node's error code (ECONNREFUSED, ECONNRESET, ETIMEDOUT, ...) when there was one. */
  readonly code?: string;
  readonly cluster: string;

  constructor(cluster: string, message: string, code?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.cluster = cluster;
    if (code !== undefined) this.code = code;
  }
}

function apiError(err: unknown): ApiError | undefined {
  return err instanceof ApiError ? err : undefined;
}

export function isNotFound(err: unknown): boolean {
  const e = apiError(err);
  return e !== undefined && (e.reason === 'NotFound' || (e.code === 404 && e.reason === 'Unknown'));
}

export function isAlreadyExists(err: unknown): boolean {
  return apiError(err)?.reason === 'AlreadyExists';
}

/** An optimistic-concurrency failure (stale resourceVersion); AlreadyExists, also a 409, is not a conflict. */
export function isConflict(err: unknown): boolean {
  const e = apiError(err);
  return e !== undefined && (e.reason === 'Conflict' || (e.code === 409 && e.reason !== 'AlreadyExists'));
}

export function isForbidden(err: unknown): boolean {
  const e = apiError(err);
  return e !== undefined && (e.reason === 'Forbidden' || e.code === 403);
}

export function isUnauthorized(err: unknown): boolean {
  const e = apiError(err);
  return e !== undefined && (e.reason === 'Unauthorized' || e.code === 401);
}

/** The requested resourceVersion is no longer available (HTTP 410, reasons Expired or Gone): relist. */
export function isGone(err: unknown): boolean {
  const e = apiError(err);
  return e !== undefined && (e.code === 410 || e.reason === 'Expired' || e.reason === 'Gone');
}

export function isInvalid(err: unknown): boolean {
  return apiError(err)?.reason === 'Invalid';
}

export function isTooManyRequests(err: unknown): boolean {
  const e = apiError(err);
  return e !== undefined && (e.code === 429 || e.reason === 'TooManyRequests');
}

export function isConnectionError(err: unknown): err is ConnectionError {
  return err instanceof ConnectionError;
}

/** A short, user-facing description of any error (never a stack trace). */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
