// The part of a CRD's structural OpenAPI v3 schema (apiextensions.k8s.io/v1 JSONSchemaProps) that CEL validation
// reads: types for value conversion, nesting for `self` binding, list types for correlating `oldSelf`.

/** One entry of `x-kubernetes-validations` (apiextensions.k8s.io/v1 ValidationRule). */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

export interface CelSchema {
  type?: string;
  format?: string;
  properties?: Record<string, CelSchema>;
  items?: CelSchema;
  additionalProperties?: boolean | CelSchema;
  'x-kubernetes-validations'?: ValidationRule[];
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}
