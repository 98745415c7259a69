// Validation every object gets (k8s.io/apimachinery/pkg/api/validation ValidateObjectMeta: label and annotation keys,
// label values, ownerReferences), the ConfigMap and Secret rules (pkg/apis/core/validation: data keys, the
// `immutable` flag) and Service status, with kube-apiserver's field paths and messages.
import type { KubeObject, StatusCause } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import { invalid } from '../http/api-error.js';
import type { AdmissionPlugin } from './admission.js';

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

const NAME_PART_MSG = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const PREFIX_MSG = "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const IMMUTABLE_MSG = 'Forbidden: field is immutable when `immutable` is set';

function invalidValue(field: string, value: string, why: string): StatusCause {
  return { reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: ${why}`, field };
}

/** validation.IsQualifiedName: `[prefix/]name`, the name part at most 63 characters. */
export function qualifiedNameCauses(key: string, field: string): StatusCause[] {
  const parts = key.split('/');
  let name = key;
  const out: StatusCause[] = [];
  if (parts.length === 2) {
    const [prefix = '', rest = ''] = parts;
    name = rest;
    if (prefix === '') out.push(invalidValue(field, key, 'prefix part must be non-empty'));
    else if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) out.push(invalidValue(field, key, PREFIX_MSG));
  } else if (parts.length > 2) {
    return [invalidValue(field, key, `a qualified name ${NAME_PART_MSG.replace('name part ', '')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`)];
  }
  if (name === '') out.push(invalidValue(field, key, 'name part must be non-empty'));
  else if (name.length > 63) out.push(invalidValue(field, key, 'name part must be no more than 63 characters'));
  else if (!NAME_PART.test(name)) out.push(invalidValue(field, key, NAME_PART_MSG));
  return out;
}

function stringMap(v: unknown): Record<string, unknown> {
  return isObject(v) ? v : {};
}

export function metadataCauses(o: KubeObject): StatusCause[] {
  const meta = stringMap(o.metadata);
  const out: StatusCause[] = [];
  for (const [k, v] of Object.entries(stringMap(meta.labels))) {
    out.push(...qualifiedNameCauses(k, 'metadata.labels'));
    const value = typeof v === 'string' ? v : String(v);
    if (value.length > 63) out.push(invalidValue('metadata.labels', value, 'must be no more than 63 characters'));
    else if (!LABEL_VALUE.test(value)) out.push(invalidValue('metadata.labels', value, LABEL_VALUE_MSG));
  }
  for (const k of Object.keys(stringMap(meta.annotations))) out.push(...qualifiedNameCauses(k.toLowerCase(), 'metadata.annotations'));
  const refs = Array.isArray(meta.ownerReferences) ? meta.ownerReferences : [];
  refs.forEach((r: unknown, i) => {
    const ref = stringMap(r);
    const at = `metadata.ownerReferences[${i}]`;
    const apiVersion = typeof ref.apiVersion === 'string' ? ref.apiVersion : '';
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (version === '') out.push(invalidValue(`${at}.apiVersion`, apiVersion, 'version must not be empty'));
    for (const f of ['kind', 'name', 'uid']) {
      if (typeof ref[f] !== 'string' || ref[f] === '') out.push({ reason: 'FieldValueRequired', message: 'Required value: must not be empty', field: `${at}.${f}` });
    }
  });
  return out;
}

/** Keys of ConfigMap and Secret data (validation.IsConfigMapKey). */
function dataKeyCauses(o: KubeObject, fields: string[]): StatusCause[] {
  const out: StatusCause[] = [];
  for (const f of fields) {
    for (const k of Object.keys(stringMap(o[f]))) {
      const why = k.length > 253 ? 'must be no more than 253 characters'
        : !CONFIG_KEY.test(k) ? CONFIG_KEY_MSG
        : k === '.' ? "must not be '.'"
        : k === '..' ? "must not be '..'"
        : k.startsWith('..') ? "must not start with '..'" : '';
      if (why) out.push(invalidValue(`${f}[${k}]`, k, why));
    }
  }
  return out;
}

/** An immutable ConfigMap or Secret keeps its data and stays immutable (ValidateConfigMapUpdate, ValidateSecretUpdate). */
function immutableCauses(o: KubeObject, old: KubeObject, fields: string[]): StatusCause[] {
  if (old.immutable !== true) return [];
  const out: StatusCause[] = [];
  if (o.immutable !== true) out.push({ reason: 'FieldValueForbidden', message: IMMUTABLE_MSG, field: 'immutable' });
  for (const f of fields) {
    if (JSON.stringify(sorted(o[f])) !== JSON.stringify(sorted(old[f]))) out.push({ reason: 'FieldValueForbidden', message: IMMUTABLE_MSG, field: f });
  }
  return out;
}

function sorted(v: unknown): unknown {
  const m = stringMap(v);
  return Object.keys(m).sort().map((k) => [k, m[k]]);
}

/** ValidateServiceStatusUpdate: load-balancer ingress belongs to LoadBalancer Services only. */
function serviceStatusCauses(o: KubeObject): StatusCause[] {
  const lb = isObject(o.status) && isObject(o.status.loadBalancer) ? o.status.loadBalancer : {};
  const type = isObject(o.spec) && typeof o.spec.type === 'string' ? o.spec.type : 'ClusterIP';
  if (Array.isArray(lb.ingress) && lb.ingress.length > 0 && type !== 'LoadBalancer') {
    return [{ reason: 'FieldValueForbidden', message: "Forbidden: may only be used when `spec.type` is 'LoadBalancer'", field: 'status.loadBalancer.ingress' }];
  }
  return [];
}

const DATA_FIELDS: Record<string, string[]> = {
  '/configmaps': ['data', 'binaryData'],
  '/secrets': ['data'],
};

export function objectValidation(): AdmissionPlugin {
  return {
    name: 'ObjectValidation',
    validate(req) {
      const o = req.object;
      if (req.subresource === 'status') {
        const causes = req.type.storageKey === '/services' ? serviceStatusCauses(o) : [];
        if (causes.length) throw invalid(req.type.kind, req.type.group, o.metadata.name ?? '', causes);
        return;
      }
      if (req.subresource !== '') return;
      const causes = metadataCauses(o);
      const fields = req.type.custom ? undefined : DATA_FIELDS[req.type.storageKey];
      if (fields) {
        causes.push(...dataKeyCauses(o, fields));
        if (req.old) causes.push(...immutableCauses(o, req.old, fields));
      }
      if (causes.length) throw invalid(req.type.kind, req.type.group, o.metadata.name ?? '', causes);
    },
  };
}
