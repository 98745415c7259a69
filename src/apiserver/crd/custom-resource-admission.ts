// Admission for custom resources, in kube-apiserver's order: prune unknown fields (reported per fieldValidation),
// apply schema defaults, then validate against the structural schema and the CRD's `x-kubernetes-validations` CEL
// rules (422 with causes). Schemas and rules compile once per served version (a CRD change makes a new
// ResourceType, so the cache follows it).
import type { StatusCause } from '../../common/object.js';
import type { AdmissionPlugin } from '../admission/admission.js';
import { unknownMetadataFields } from '../admission/builtin-admission.js';
import { compileCelRules, type CelSchema, type CompiledCelRules } from '../cel/index.js';
import { invalid } from '../http/api-error.js';
import type { ResourceType } from '../registry/resource-type.js';
import { compileSchema, type CompiledSchema } from '../schema/index.js';

const compiled = new WeakMap<ResourceType, CompiledSchema | null>();
const compiledRules = new WeakMap<ResourceType, CompiledCelRules | null>();

function schemaOf(t: ResourceType): CompiledSchema | null {
  let c = compiled.get(t);
  if (c === undefined) {
    c = t.custom?.schema ? compileSchema(t.custom.schema) : null;
    compiled.set(t, c);
  }
  return c;
}

function rulesOf(t: ResourceType): CompiledCelRules | null {
  let c = compiledRules.get(t);
  if (c === undefined) {
    c = t.custom?.schema ? compileCelRules(t.custom.schema as CelSchema) : null;
    compiledRules.set(t, c);
  }
  return c;
}

// apiextensions-apiserver's strategy skips CEL when schema validation already found a wrong type or a missing
// required value (hasBlockingErr): rules would then read values of the wrong shape.
const BLOCKING = new Set(['FieldValueTypeInvalid', 'FieldValueRequired']);

export function customResourceAdmission(): AdmissionPlugin {
  return {
    name: 'CustomResources',
    mutate(req) {
      const t = req.type;
      if (!t.custom) return;
      for (const f of unknownMetadataFields(req.object)) {
        req.unknownFields.push(f);
        delete (req.object.metadata as Record<string, unknown>)[f.slice('metadata.'.length)];
      }
      const schema = schemaOf(t);
      if (!schema) return;
      req.unknownFields.push(...schema.prune(req.object));
      schema.applyDefaults(req.object);
    },
    validate(req) {
      const t = req.type;
      if (!t.custom) return;
      const causes: StatusCause[] = [...(schemaOf(t)?.validate(req.object) ?? [])];
      const rules = rulesOf(t);
      if (rules && !causes.some((c) => BLOCKING.has(c.reason ?? ''))) {
        causes.push(...rules.validate(req.object, req.operation === 'UPDATE' ? req.old : undefined));
      }
      if (causes.length) throw invalid(t.kind, t.group, req.object.metadata.name ?? '', causes);
    },
  };
}
