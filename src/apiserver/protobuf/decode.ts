// Decodes Kubernetes protobuf request bodies into the JSON object the same kubectl command sends when it uses JSON
// (kubectl ≤ 1.31), so the rest of the server only ever sees JSON.
import protobuf from 'protobufjs';
import type { KubeObject } from '../../common/object.js';
import { inlinedFields, messages, specialMessages, topLevelKinds, type MessageSpec } from './message-types.js';
import { ProtobufDecodeError } from './protobuf-decode-error.js';

// "k8s\0": the prefix every Kubernetes protobuf payload starts with
// (k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go, protoEncodingPrefix).
const magic = [0x6b, 0x38, 0x73, 0x00];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function toProtobufJson(specs: Record<string, MessageSpec>): protobuf.INamespace {
  const nested: Record<string, protobuf.IType> = {};
  for (const [typeName, spec] of Object.entries(specs)) {
    const fields: Record<string, protobuf.IField | protobuf.IMapField> = {};
    for (const [fieldName, [id, type, ...flags]] of Object.entries(spec)) {
      if (flags.includes('map')) fields[fieldName] = { id, type, keyType: 'string' };
      else fields[fieldName] = { id, type, ...(flags.includes('repeated') ? { rule: 'repeated' } : {}) };
    }
    nested[typeName] = { edition: 'proto2', fields };
  }
  return { nested };
}

const root = protobuf.Root.fromJSON(toProtobufJson({ ...messages, ...specialMessages }));
const unknownType = root.lookupType('Unknown');

function isLong(value: unknown): value is { toNumber(): number } {
  return typeof value === 'object' && value !== null && typeof (value as { toNumber?: unknown }).toNumber === 'function';
}

function scalar(value: unknown): Json {
  if (isLong(value)) return value.toNumber();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

function isZero(value: Json): boolean {
  return value === '' || value === 0 || value === false || value === null;
}

/** metav1.Time marshals as RFC 3339 with second precision; the zero time is omitted (Go would print null). */
function timeToJson(message: Record<string, unknown>): Json | undefined {
  const seconds = Number(scalar(message.seconds) ?? 0);
  if (seconds === 0) return undefined;
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function specialToJson(typeName: string, message: Record<string, unknown>): Json | undefined {
  switch (typeName) {
    case 'Time':
      return timeToJson(message);
    case 'IntOrString':
      // intstr.Type: 0 = Int, 1 = String
      return Number(scalar(message.type) ?? 0) === 1 ? String(message.strVal ?? '') : Number(message.intVal ?? 0);
    case 'Quantity':
      return String(message.string ?? '');
    default:
      return undefined;
  }
}

function valueToJson(typeName: string, value: unknown): Json | undefined {
  if (typeName in specialMessages) return specialToJson(typeName, value as Record<string, unknown>);
  if (typeName in messages) return messageToJson(typeName, value as Record<string, unknown>);
  return scalar(value);
}

function messageToJson(typeName: string, message: Record<string, unknown>): { [key: string]: Json } {
  const spec = messages[typeName];
  const out: { [key: string]: Json } = {};
  for (const [fieldName, [, type, ...flags]] of Object.entries(spec)) {
    if (!Object.prototype.hasOwnProperty.call(message, fieldName)) continue;
    const value = message[fieldName];
    if (flags.includes('repeated')) {
      const items = (value as unknown[]).map((item) => valueToJson(type, item) ?? null);
      if (items.length > 0) out[fieldName] = items;
    } else if (flags.includes('map')) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length > 0) out[fieldName] = Object.fromEntries(entries.map(([k, v]) => [k, valueToJson(type, v) ?? null]));
    } else if (inlinedFields.has(fieldName)) {
      Object.assign(out, valueToJson(type, value));
    } else {
      const json = valueToJson(type, value);
      if (json === undefined) continue;
      if (isZero(json) && !flags.includes('keep')) continue;
      out[fieldName] = json;
    }
  }
  return out;
}

function decodeMessage(type: protobuf.Type, bytes: Uint8Array, what: string): Record<string, unknown> {
  let message: protobuf.Message;
  try {
    message = type.decode(bytes);
  } catch (err) {
    throw new ProtobufDecodeError(`the protobuf body of this ${what} is malformed: ${(err as Error).message}`);
  }
  // protobufjs skips fields it has no descriptor for. Re-encoding and comparing the length detects that, so an
  // object is never stored with fields silently missing (map entry order may differ; lengths cannot).
  if (type.encode(message).finish().length !== bytes.length) {
    throw new ProtobufDecodeError(
      `this server decodes only the ${what} fields that kubectl's typed commands set; the body carries others. ` +
        'Send the object as JSON instead (for example: kubectl create ... --dry-run=client -o yaml | kubectl apply -f -)',
    );
  }
  return message as unknown as Record<string, unknown>;
}

/**
 * Decodes a Kubernetes protobuf body (`k8s\0` + runtime.Unknown wrapping the object message) into the plain JSON
 * object kubectl would have sent as JSON. Throws ProtobufDecodeError, naming the kind, when the kind or one of its
 * fields is not supported.
 */
export function decodeProtobufObject(body: Uint8Array): KubeObject {
  if (body.length < magic.length || magic.some((b, i) => body[i] !== b)) {
    throw new ProtobufDecodeError('the request body is not a Kubernetes protobuf object: it does not start with the "k8s\\0" prefix');
  }
  const envelope = decodeMessage(unknownType, body.subarray(magic.length), 'request envelope');
  const typeMeta = (envelope.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const apiVersion = typeMeta.apiVersion ?? '';
  const kind = typeMeta.kind ?? '';
  const contentEncoding = typeof envelope.contentEncoding === 'string' ? envelope.contentEncoding : '';
  if (contentEncoding !== '') {
    throw new ProtobufDecodeError(`${kind} ${apiVersion}: protobuf content encoding "${contentEncoding}" is not supported`);
  }
  // DeleteOptions is registered in every group version; client-go encodes it in the resource's one.
  const typeName = kind === 'DeleteOptions' ? 'DeleteOptions' : topLevelKinds[`${apiVersion}/${kind}`];
  if (!typeName) {
    throw new ProtobufDecodeError(
      `protobuf request bodies for ${kind || 'this kind'} (${apiVersion || 'unknown apiVersion'}) are not supported by this server; ` +
        'send it as JSON (for example with kubectl apply -f)',
    );
  }
  const raw = envelope.raw instanceof Uint8Array ? envelope.raw : new Uint8Array();
  const message = decodeMessage(root.lookupType(typeName), raw, `${kind} ${apiVersion}`);
  const { metadata, ...rest } = messageToJson(typeName, message);
  return { apiVersion, kind, metadata: (metadata ?? {}) as KubeObject['metadata'], ...rest };
}
