// Fields of a member object that the member cluster owns and an update must carry over (kubefed-behaviour.md §3.6.2
// step 2, KubeFed `dispatch/retain.go`): without them every update would fight the member's controllers or be
// rejected by its API server.
import type { JsonObject, JsonValue } from '../common/object.js';
import { isObject } from '../common/object.js';
import { PropagationStatuses } from '../apis/constants.js';
import { fail, ok, type Result } from './errors.js';

export interface RetainOptions {
  /** Target kind (FTC `spec.targetType.kind`). */
  targetKind: string;
  /** The federated resource's `spec.retainReplicas`. */
  retainReplicas?: boolean;
}

const retentionFailed = PropagationStatuses.FieldRetentionFailed;

function metadataOf(obj: JsonObject): JsonObject {
  if (!isObject(obj.metadata)) obj.metadata = {};
  return obj.metadata as JsonObject;
}

/** Copies `member.metadata[field]` into `desired`, removing it from `desired` when the member has none. */
function carryMetadata(desired: JsonObject, member: JsonObject, field: string): void {
  const from = isObject(member.metadata) ? member.metadata[field] : undefined;
  const to = metadataOf(desired);
  const empty = from === undefined || from === null || from === '' || (Array.isArray(from) && from.length === 0) || (isObject(from) && Object.keys(from).length === 0);
  if (empty) delete to[field];
  else to[field] = structuredClone(from as JsonValue);
}

function specOf(obj: JsonObject): JsonObject | undefined {
  return isObject(obj.spec) ? (obj.spec as JsonObject) : undefined;
}

const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function typeError(field: string, value: unknown, expected: string): Result<JsonObject> {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return fail(retentionFailed, `cannot retain ${field} of the member object: it is of type ${got}, expected ${expected}`);
}

// Service ports are matched on name, protocol and port; the API server defaults protocol to TCP, so a template that
// omits it still matches the member's defaulted port (KubeFed compared raw values and lost the nodePort then).
function samePort(a: JsonObject, b: JsonObject): boolean {
  return (a.name ?? '') === (b.name ?? '') && (a.protocol ?? 'TCP') === (b.protocol ?? 'TCP') && a.port === b.port;
}

function retainService(desired: JsonObject, member: JsonObject): Result<JsonObject> {
  const memberSpec = specOf(member);
  if (!memberSpec) return ok(desired);
  const hc = memberSpec.healthCheckNodePort;
  if (hc !== undefined && hc !== null && !isInteger(hc)) return typeError('spec.healthCheckNodePort', hc, 'integer');
  const ip = memberSpec.clusterIP;
  if (ip !== undefined && ip !== null && typeof ip !== 'string') return typeError('spec.clusterIP', ip, 'string');
  const ips = memberSpec.clusterIPs;
  if (ips !== undefined && ips !== null && !(Array.isArray(ips) && ips.every((x) => typeof x === 'string'))) {
    return typeError('spec.clusterIPs', ips, 'list of strings');
  }
  // These are allocated by the member's API server and immutable there.
  const needSpec = (): JsonObject => {
    if (!isObject(desired.spec)) desired.spec = {};
    return desired.spec as JsonObject;
  };
  if (isInteger(hc) && hc > 0) needSpec().healthCheckNodePort = hc;
  if (typeof ip === 'string' && ip !== '') needSpec().clusterIP = ip;
  if (Array.isArray(ips) && ips.length > 0) needSpec().clusterIPs = structuredClone(ips);

  const memberPorts = memberSpec.ports;
  const desiredPorts = specOf(desired)?.ports;
  if (!Array.isArray(memberPorts) || !Array.isArray(desiredPorts)) return ok(desired);
  for (const port of desiredPorts) {
    if (!isObject(port)) continue;
    for (const m of memberPorts) {
      if (isObject(m) && samePort(port as JsonObject, m as JsonObject) && m.nodePort !== undefined) port.nodePort = m.nodePort;
    }
  }
  return ok(desired);
}

function retainServiceAccount(desired: JsonObject, member: JsonObject): Result<JsonObject> {
  // The token controller of the member fills `secrets`; keep them unless the template lists its own.
  if (desired.secrets !== undefined && desired.secrets !== null) return ok(desired);
  const secrets = member.secrets;
  if (Array.isArray(secrets) && secrets.length > 0) desired.secrets = structuredClone(secrets);
  return ok(desired);
}

/**
 * Labels kube-apiserver adds to a Job's pod template, and puts in the selector it generates, when the Job does not
 * set `manualSelector` (pkg/apis/batch: ControllerUidLabel, JobNameLabel and their legacy spellings).
 */
export const JOB_GENERATED_LABELS = ['batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name', 'controller-uid', 'job-name'];

/**
 * A Job's `spec.selector` and its pod template are immutable, and the member's API server generated the selector
 * and template labels the template leaves out; an update without them is rejected ("field is immutable"). So a
 * template without `manualSelector: true` keeps the member's selector and generated labels.
 */
function retainJob(desired: JsonObject, member: JsonObject): Result<JsonObject> {
  const memberSpec = specOf(member);
  const desiredSpec = specOf(desired);
  if (!memberSpec || !desiredSpec || desiredSpec.manualSelector === true) return ok(desired);
  const selector = memberSpec.selector;
  if (selector !== undefined && selector !== null && !isObject(selector)) return typeError('spec.selector', selector, 'object');
  if (isObject(selector) && desiredSpec.selector === undefined) desiredSpec.selector = structuredClone(selector);
  const memberLabels = isObject(memberSpec.template) && isObject(memberSpec.template.metadata) ? memberSpec.template.metadata.labels : undefined;
  if (!isObject(memberLabels)) return ok(desired);
  const generated = JOB_GENERATED_LABELS.filter((k) => typeof memberLabels[k] === 'string');
  if (generated.length === 0) return ok(desired);
  if (!isObject(desiredSpec.template)) desiredSpec.template = {};
  const template = desiredSpec.template as JsonObject;
  if (!isObject(template.metadata)) template.metadata = {};
  const metadata = template.metadata as JsonObject;
  if (!isObject(metadata.labels)) metadata.labels = {};
  const labels = metadata.labels as JsonObject;
  for (const k of generated) labels[k] ??= memberLabels[k] as string;
  return ok(desired);
}

function retainReplicas(desired: JsonObject, member: JsonObject): Result<JsonObject> {
  const replicas = specOf(member)?.replicas;
  if (replicas === undefined || replicas === null) return ok(desired);
  if (!isInteger(replicas)) return typeError('spec.replicas', replicas, 'integer');
  if (!isObject(desired.spec)) desired.spec = {};
  (desired.spec as JsonObject).replicas = replicas;
  return ok(desired);
}

/**
 * Carries member-owned fields of `member` (the object currently in the cluster) into `desired` for an update;
 * returns a new object, leaving both inputs untouched. Always: resourceVersion, finalizers, annotations. Service:
 * healthCheckNodePort, clusterIP(s), nodePorts. ServiceAccount: secrets. Job: the generated selector and template
 * labels (not in KubeFed, whose Job updates the API server rejected). Other kinds: spec.replicas when the
 * federated resource sets `retainReplicas`. A member field of the wrong type yields FieldRetentionFailed.
 */
export function retainClusterFields(desired: JsonObject, member: JsonObject, options: RetainOptions): Result<JsonObject> {
  const out = structuredClone(desired);
  // The update must carry the member's resourceVersion or the API server rejects it.
  carryMetadata(out, member, 'resourceVersion');
  // Member-side controllers own these (e.g. a Deployment's revision annotation).
  carryMetadata(out, member, 'finalizers');
  carryMetadata(out, member, 'annotations');
  switch (options.targetKind) {
    case 'Service':
      return retainService(out, member);
    case 'ServiceAccount':
      return retainServiceAccount(out, member);
    case 'Job':
      return retainJob(out, member);
    default:
      return options.retainReplicas === true ? retainReplicas(out, member) : ok(out);
  }
}
