// The structural-schema rules the Kubernetes API server applies to apiextensions.k8s.io/v1 CRDs
// (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/validation.go `ValidateStructural`, and the list-map rules
// of its validation.go), checked before a CRD leaves us, so a real cluster never rejects one we generate.
import type { JSONSchemaProps } from './schema.js';

const scalarTypes = new Set(['string', 'integer', 'number', 'boolean']);

function checkEnum(schema: JSONSchemaProps, path: string, errs: string[]): void {
  for (const value of schema.enum ?? []) {
    const ok =
      (schema.type === 'string' && typeof value === 'string') ||
      ((schema.type === 'integer' || schema.type === 'number') && typeof value === 'number') ||
      (schema.type === 'boolean' && typeof value === 'boolean');
    if (!ok) errs.push(`${path}.enum: value ${JSON.stringify(value)} is not of type ${schema.type ?? '(none)'}`);
  }
}

function checkListMap(schema: JSONSchemaProps, path: string, errs: string[]): void {
  const listType = schema['x-kubernetes-list-type'];
  const keys = schema['x-kubernetes-list-map-keys'];
  if (keys && listType !== 'map') errs.push(`${path}: x-kubernetes-list-map-keys requires x-kubernetes-list-type: map`);
  if (listType === undefined) return;
  if (schema.type !== 'array') errs.push(`${path}: x-kubernetes-list-type is only allowed on arrays`);
  if (listType !== 'map') return;
  const item = schema.items;
  if (!keys || keys.length === 0) errs.push(`${path}: x-kubernetes-list-type: map needs x-kubernetes-list-map-keys`);
  if (item?.type !== 'object') {
    errs.push(`${path}.items: x-kubernetes-list-type: map needs object items`);
    return;
  }
  for (const key of keys ?? []) {
    const prop = item.properties?.[key];
    if (!prop || !scalarTypes.has(prop.type ?? '')) errs.push(`${path}.items.properties[${key}]: a map key must be a scalar property`);
    else if (!(item.required ?? []).includes(key) && prop.default === undefined) {
      errs.push(`${path}.items.properties[${key}]: a map key must be required or have a default`);
    }
  }
}

function walk(schema: JSONSchemaProps, path: string, errs: string[], underPreserve: boolean): void {
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  if (!schema.type && !preserve && !intOrString) errs.push(`${path}.type: Required value: must not be empty for specified object fields`);
  if (schema.type === 'array' && !schema.items) errs.push(`${path}.items: Required value: must be specified`);
  if (schema.type !== 'array' && schema.items) errs.push(`${path}.items: Forbidden: only allowed for arrays`);
  if (schema.properties && schema.additionalProperties) {
    errs.push(`${path}.additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`);
  }
  if ((schema.properties || schema.additionalProperties) && schema.type && schema.type !== 'object') {
    errs.push(`${path}: properties are only allowed for objects`);
  }
  if (schema['x-kubernetes-embedded-resource'] && schema.type !== 'object') {
    errs.push(`${path}.type: Invalid value: must be object if x-kubernetes-embedded-resource is true`);
  }
  if (intOrString && schema.type) errs.push(`${path}.type: Forbidden: must be empty if x-kubernetes-int-or-string is true`);
  if (schema.required && schema.type !== 'object') errs.push(`${path}.required: only allowed for objects`);
  for (const name of schema.required ?? []) {
    if (!schema.properties?.[name]) errs.push(`${path}.required: ${name} is not a property`);
  }
  if (schema.pattern !== undefined) {
    try {
      new RegExp(schema.pattern);
    } catch {
      errs.push(`${path}.pattern: Invalid value: ${JSON.stringify(schema.pattern)}`);
    }
  }
  checkEnum(schema, path, errs);
  checkListMap(schema, path, errs);
  for (const [name, prop] of Object.entries(schema.properties ?? {})) walk(prop, `${path}.properties[${name}]`, errs, underPreserve || preserve);
  if (schema.additionalProperties) walk(schema.additionalProperties, `${path}.additionalProperties`, errs, underPreserve || preserve);
  if (schema.items) walk(schema.items, `${path}.items`, errs, underPreserve || preserve);
}

/**
 * Violations of the structural-schema rules, empty when `schema` is a valid CRD root: typed everywhere except where
 * unknown fields are preserved, arrays with items, objects with either properties or additionalProperties, root of
 * type object whose `metadata` may only restrict name and generateName.
 */
export function structuralSchemaErrors(schema: JSONSchemaProps, path = 'openAPIV3Schema'): string[] {
  const errs: string[] = [];
  if (schema.type !== 'object') errs.push(`${path}.type: Invalid value: must be object at the root`);
  const metadata = schema.properties?.['metadata'];
  if (metadata) {
    const extra = Object.keys(metadata.properties ?? {}).filter((k) => k !== 'name' && k !== 'generateName');
    if (extra.length > 0) errs.push(`${path}.properties[metadata]: Forbidden: must not specify anything other than name and generateName`);
  }
  walk(schema, path, errs, false);
  return errs;
}
