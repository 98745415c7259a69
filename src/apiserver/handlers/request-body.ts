// Request body decoding by Content-Type: JSON (and YAML, which kube-apiserver also accepts) for every kind, and
// Kubernetes protobuf for the built-in kinds kubectl ≥ 1.32 sends that way (kubectl-wire §9).
import { parse as parseYaml } from 'yaml';
import { badRequest, unsupportedMediaType } from '../http/api-error.js';
import { bareContentType } from '../http/media-type.js';
import { decodeProtobufObject, isProtobufContentType, ProtobufDecodeError } from '../protobuf/index.js';

export function decodeObjectBody(contentType: string | undefined, body: Buffer): unknown {
  const ct = bareContentType(contentType);
  if (isProtobufContentType(ct)) {
    try {
      return decodeProtobufObject(body);
    } catch (e) {
      if (e instanceof ProtobufDecodeError) throw unsupportedMediaType(e.message);
      throw e;
    }
  }
  if (ct === '' || ct === 'application/json' || ct === 'application/merge-patch+json' || ct === 'application/json-patch+json'
    || ct === 'application/strategic-merge-patch+json' || ct === 'application/apply-patch+yaml' || ct === 'application/yaml') {
    return parseJsonOrYaml(ct, body);
  }
  throw unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
}

export function parseJsonOrYaml(ct: string, body: Buffer): unknown {
  const text = body.toString('utf8');
  if (ct === 'application/yaml' || ct === 'application/apply-patch+yaml') {
    try {
      return parseYaml(text) as unknown;
    } catch (e) {
      throw badRequest(`error decoding YAML: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw badRequest(`error decoding request body: ${e instanceof Error ? e.message : String(e)}`);
  }
}
