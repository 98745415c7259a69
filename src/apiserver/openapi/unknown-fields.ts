// Unknown fields in built-in kinds, found the way kube-apiserver's strict JSON decoding finds them: any field the
// kind's OpenAPI definition does not declare, at any depth (`spec.template.spec.containers[0].imagePullPolice`).
// They are dropped from the object (Go decoding ignores them) and reported, so `fieldValidation` can turn them into
// a 400 (Strict) or a warning (Warn). Top-level and direct metadata fields are left to builtin-admission.
import { isObject } from '../../common/object.js';
import type { AdmissionPlugin } from '../admission/admission.js';
import { builtinDefinition, builtinSchemaName } from './builtin-schemas.js';

function walkType(type: string, value: unknown, path: string, out: string[]): void {
  if (value === null || value === undefined) return;
  if (type.startsWith('[]')) {
    if (Array.isArray(value)) value.forEach((v, i) => walkType(type.slice(2), v, `${path}[${i}]`, out));
    return;
  }
  if (type.startsWith('{}')) {
    if (isObject(value)) for (const [k, v] of Object.entries(value)) walkType(type.slice(2), v, `${path}[${k}]`, out);
    return;
  }
  if (type.startsWith('#')) walkDefinition(type.slice(1), value, path, out);
}

function walkDefinition(name: string, value: unknown, path: string, out: string[]): void {
  const def = builtinDefinition(name);
  if (!def || !isObject(value)) return;
  for (const key of Object.keys(value)) {
    const childPath = path ? `${path}.${key}` : key;
    const type = def.properties[key];
    if (type === undefined) {
      out.push(childPath);
      delete value[key];
      continue;
    }
    walkType(type, value[key], childPath, out);
  }
}

/** Unknown field paths of `obj` below its top level, removed from `obj`. */
export function dropUnknownNestedFields(schemaName: string, obj: Record<string, unknown>): string[] {
  const def = builtinDefinition(schemaName);
  const out: string[] = [];
  if (!def) return out;
  for (const [key, value] of Object.entries(obj)) {
    const type = def.properties[key];
    if (type === undefined) continue;
    if (key === 'metadata' && isObject(value)) {
      const meta = builtinDefinition(type.slice(1));
      for (const [mk, mv] of Object.entries(value)) {
        const mt = meta?.properties[mk];
        if (mt !== undefined) walkType(mt, mv, `metadata.${mk}`, out);
      }
      continue;
    }
    walkType(type, value, key, out);
  }
  return out;
}

export function builtinUnknownFields(): AdmissionPlugin {
  return {
    name: 'BuiltinUnknownFields',
    mutate(req) {
      const t = req.type;
      if (t.custom) return;
      const name = builtinSchemaName(t.group, t.version, t.kind);
      if (name) req.unknownFields.push(...dropUnknownNestedFields(name, req.object as unknown as Record<string, unknown>));
    },
  };
}
