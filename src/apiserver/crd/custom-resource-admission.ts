// Admission for custom resources, in kube-apiserver's order: prune unknown fields (reported per fieldValidation),
// apply schema defaults, then validate against the structural schema (422 with causes).
import type { AdmissionPlugin } from '../admission/admission.js';
import { unknownMetadataFields } from '../admission/builtin-admission.js';

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
    },
  };
}
