// JSON → CEL values the way Kubernetes types them (apiextensions-apiserver schema/cel/model): `integer` is CEL int
// (bigint here), `number` is double, objects with properties and maps are CEL maps. Where the schema says nothing
// (x-kubernetes-preserve-unknown-fields, int-or-string) a whole JSON number becomes int, matching how such values
// decode from JSON in Go.
import type { CelInput } from '@bufbuild/cel';
import type { CelSchema } from './schema.js';

function childSchema(schema: CelSchema | undefined, key: string): CelSchema | undefined {
  if (!schema) return undefined;
  const declared = schema.properties?.[key];
  if (declared) return declared;
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

export function toCelValue(value: unknown, schema: CelSchema | undefined): CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (schema?.type === 'number') return value;
    if (schema?.type === 'integer' || Number.isInteger(value)) return BigInt(Math.trunc(value));
    return value;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item) => toCelValue(item, schema?.items));
  const out: Record<string, CelInput> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) out[key] = toCelValue(child, childSchema(schema, key));
  return out;
}
