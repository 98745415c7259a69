// fieldValidation (kubectl-wire §4.1): unknown fields found while decoding or pruning are a 400 under Strict
// ("strict decoding error: unknown field ..."), a 299 Warning under Warn, and silently dropped under Ignore.
import { badRequest } from '../http/api-error.js';
import type { AdmissionPlugin } from './admission.js';

export function fieldValidationPlugin(): AdmissionPlugin {
  return {
    name: 'FieldValidation',
    validate(req) {
      const duplicates = req.duplicateFields ?? [];
      if (req.unknownFields.length === 0 && duplicates.length === 0) return;
      // The decoder reports duplicates as it meets them, then unknown fields sorted by path.
      const texts = [
        ...duplicates.map((f) => `duplicate field ${JSON.stringify(f)}`),
        ...[...req.unknownFields].sort().map((f) => `unknown field ${JSON.stringify(f)}`),
      ];
      if (req.fieldValidation === 'Strict') {
        // kube-apiserver wraps decoding errors as `<Kind> in version "<v>" cannot be handled as a <Kind>: ...`.
        const kind = req.object.kind || req.type.kind;
        throw badRequest(`${kind} in version ${JSON.stringify(req.type.version)} cannot be handled as a ${kind}: strict decoding error: ${texts.join(', ')}`);
      }
      if (req.fieldValidation === 'Warn') req.warnings.push(...texts);
    },
  };
}
