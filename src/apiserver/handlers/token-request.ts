// The TokenRequest API (POST /api/v1/namespaces/NS/serviceaccounts/NAME/token, `kubectl create token`): a bound
// token for an existing ServiceAccount (pkg/registry/core/serviceaccount/storage/token.go). The reply echoes the
// ServiceAccount's name, namespace and uid, the defaulted spec, and the token with its expiry.
import type { KubeObject } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import { issueBoundToken, TOKEN_ISSUER } from '../auth/bound-token.js';
import type { SigningKey } from '../auth/jwt.js';
import { badRequest, invalid } from '../http/api-error.js';
import { nowTimestamp } from '../objects/names.js';
import type { ObjectService } from '../objects/object-service.js';
import type { ResourceType } from '../registry/resource-type.js';

/** TokenRequestSpec defaults (pkg/apis/authentication/v1/defaults.go) and the validator's bounds. */
const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

export interface TokenRequestResult {
  object: KubeObject;
  /** The spec as defaulted before the token is issued (what managedFields record). */
  requested: KubeObject;
}

export function tokenRequest(svc: ObjectService, saType: ResourceType, namespace: string, name: string, body: unknown, key: SigningKey): TokenRequestResult {
  if (!isObject(body)) throw badRequest('the body of the request must be a JSON object');
  const spec = isObject(body.spec) ? { ...body.spec } : {};
  if (spec.expirationSeconds === undefined || spec.expirationSeconds === null) spec.expirationSeconds = DEFAULT_EXPIRATION_SECONDS;
  const requested: KubeObject = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: {}, spec: { ...spec } };
  const seconds = spec.expirationSeconds;
  const fail = (why: string): never => {
    throw invalid('TokenRequest', 'authentication.k8s.io', '', [{ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(seconds)}: ${why}`, field: 'spec.expirationSeconds' }]);
  };
  if (typeof seconds !== 'number' || !Number.isInteger(seconds)) fail('must be an integer');
  if ((seconds as number) < MIN_EXPIRATION_SECONDS) fail('may not specify a duration less than 10 minutes');
  if ((seconds as number) > MAX_EXPIRATION_SECONDS) fail('may not specify a duration larger than 2^32 seconds');
  const sa = svc.get(saType, namespace, name);
  const audiences = Array.isArray(spec.audiences) && spec.audiences.length > 0 ? spec.audiences.map(String) : [TOKEN_ISSUER];
  const { token, expires } = issueBoundToken({ serviceAccount: sa, audiences, expirationSeconds: seconds as number }, key);
  const object: KubeObject = {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, uid: sa.metadata.uid, creationTimestamp: nowTimestamp() },
    spec: { audiences, expirationSeconds: seconds, boundObjectRef: spec.boundObjectRef ?? null },
    status: { token, expirationTimestamp: nowTimestamp(new Date(expires * 1000)) },
  };
  return { object, requested };
}
