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
      if (req.fieldValidation === 'Strict') throw badRequest(`strict decoding error: ${texts.join(', ')}`);
      if (req.fieldValidation === 'Warn') req.warnings.push(...texts);
    },
  };
}
