// fieldValidation (kubectl-wire §4.1): unknown fields found while decoding or pruning are a 400 under Strict
// ("strict decoding error: unknown field ..."), a 299 Warning under Warn, and silently dropped under Ignore.
import { badRequest } from '../http/api-error.js';
import type { AdmissionPlugin } from './admission.js';

export function fieldValidationPlugin(): AdmissionPlugin {
  return {
    name: 'FieldValidation',
    validate(req) {
      if (req.unknownFields.length === 0) return;
      const texts = req.unknownFields.map((f) => `unknown field ${JSON.stringify(f)}`);
      if (req.fieldValidation === 'Strict') {
        // kube-apiserver wraps decoding errors as `<Kind> in version "<v>" cannot be handled as a <Kind>: ...`.
        const kind = req.object.kind || req.type.kind;
        throw badRequest(`${kind} in version ${JSON.stringify(req.type.version)} cannot be handled as a ${kind}: strict decoding error: ${texts.join(', ')}`);
      }
      if (req.fieldValidation === 'Warn') req.warnings.push(...texts);
    },
  };
}
