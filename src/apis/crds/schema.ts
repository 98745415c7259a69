// apiextensions.k8s.io/v1 JSONSchemaProps (k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1 types_jsonschema.go)
// restricted to what structural schemas allow, plus small builders so every CRD schema reads like its Go type.
import type { JsonValue } from '../../common/object.js';

/** One `x-kubernetes-validations` rule (apiextensions v1 ValidationRule; reason/fieldPath need 1.28+, left out). */
export interface ValidationRule {
  rule: string;
  message?: string;
}

export interface JSONSchemaProps {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  properties?: Record<string, JSONSchemaProps>;
  required?: string[];
  additionalProperties?: JSONSchemaProps;
  items?: JSONSchemaProps;
  enum?: JsonValue[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: JsonValue;
  nullable?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-validations'?: ValidationRule[];
}

type Extra = Omit<JSONSchemaProps, 'type' | 'properties' | 'items' | 'additionalProperties'>;

export const str = (extra: Extra = {}): JSONSchemaProps => ({ type: 'string', ...extra });
export const int32 = (extra: Extra = {}): JSONSchemaProps => ({ type: 'integer', format: 'int32', ...extra });
export const int64 = (extra: Extra = {}): JSONSchemaProps => ({ type: 'integer', format: 'int64', ...extra });
export const bool = (extra: Extra = {}): JSONSchemaProps => ({ type: 'boolean', ...extra });
export const dateTime = (extra: Extra = {}): JSONSchemaProps => ({ type: 'string', format: 'date-time', ...extra });
export const bytes = (extra: Extra = {}): JSONSchemaProps => ({ type: 'string', format: 'byte', ...extra });
export const enumOf = (values: readonly string[], extra: Extra = {}): JSONSchemaProps => ({ type: 'string', enum: [...values], ...extra });

export function obj(properties: Record<string, JSONSchemaProps>, required: string[] = [], extra: Extra = {}): JSONSchemaProps {
  const schema: JSONSchemaProps = { type: 'object', properties };
  if (required.length > 0) schema.required = required;
  return { ...schema, ...extra };
}

export const arr = (items: JSONSchemaProps, extra: Extra = {}): JSONSchemaProps => ({ type: 'array', items, ...extra });
export const mapOf = (values: JSONSchemaProps, extra: Extra = {}): JSONSchemaProps => ({
  type: 'object',
  additionalProperties: values,
  ...extra,
});
/** An object whose content the API server keeps as sent (templates, remote statuses). */
export const opaqueObject = (extra: Extra = {}): JSONSchemaProps => ({
  type: 'object',
  'x-kubernetes-preserve-unknown-fields': true,
  ...extra,
});
/** Any JSON value (override values): untyped, which a structural schema allows only with preserve-unknown-fields. */
export const anyValue = (extra: Extra = {}): JSONSchemaProps => ({ 'x-kubernetes-preserve-unknown-fields': true, ...extra });
export const rule = (celRule: string, message: string): ValidationRule => ({ rule: celRule, message });

/** metav1.LabelSelector (k8s.io/apimachinery/pkg/apis/meta/v1 types.go); `x-kubernetes-map-type: atomic` as upstream. */
export function labelSelectorSchema(): JSONSchemaProps {
  return obj(
    {
      matchLabels: mapOf(str()),
      matchExpressions: arr(
        obj({ key: str(), operator: str(), values: arr(str(), { 'x-kubernetes-list-type': 'atomic' }) }, ['key', 'operator']),
        { 'x-kubernetes-list-type': 'atomic' },
      ),
    },
    [],
    { 'x-kubernetes-map-type': 'atomic' },
  );
}

/** metav1.Condition (k8s.io/apimachinery/pkg/apis/meta/v1 types.go, with its kubebuilder markers). */
export function metav1ConditionSchema(): JSONSchemaProps {
  return obj(
    {
      type: str({
        maxLength: 316,
        pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$',
      }),
      status: enumOf(['True', 'False', 'Unknown']),
      observedGeneration: int64({ minimum: 0 }),
      lastTransitionTime: dateTime(),
      reason: str({ maxLength: 1024, minLength: 1, pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$' }),
      message: str({ maxLength: 32768 }),
    },
    ['type', 'status', 'lastTransitionTime', 'reason', 'message'],
  );
}

export function metav1ConditionsSchema(): JSONSchemaProps {
  return arr(metav1ConditionSchema(), { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] });
}

/** core v1 LoadBalancerStatus (k8s.io/api/core/v1 types.go). */
export function loadBalancerStatusSchema(): JSONSchemaProps {
  return obj({
    ingress: arr(
      obj({
        ip: str(),
        hostname: str(),
        ipMode: str(),
        ports: arr(obj({ port: int32(), protocol: str(), error: str({ maxLength: 316 }) }, ['port', 'protocol']), {
          'x-kubernetes-list-type': 'atomic',
        }),
      }),
      { 'x-kubernetes-list-type': 'atomic' },
    ),
  });
}

/** The envelope every CRD root carries: apiVersion, kind, metadata (kept opaque; the server validates ObjectMeta). */
export function rootSchema(properties: Record<string, JSONSchemaProps>, required: string[] = [], extra: Extra = {}): JSONSchemaProps {
  return obj({ apiVersion: str(), kind: str(), metadata: { type: 'object' }, ...properties }, required, extra);
}
