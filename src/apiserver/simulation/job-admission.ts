// What kube-apiserver does to a new Job before storing it (pkg/registry/batch/job/strategy.go PrepareForCreate with
// generateSelector, and pkg/apis/batch/v1/defaults.go): a selector on the Job's uid, the matching labels on the pod
// template, and the batch/v1 defaults.
import { isObject } from '../../common/object.js';
import type { AdmissionPlugin } from '../admission/admission.js';
import { rec, strMap } from './object-fields.js';

const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
const JOB_NAME = 'batch.kubernetes.io/job-name';

export function jobAdmission(): AdmissionPlugin {
  return {
    name: 'JobDefaults',
    mutate(req) {
      if (req.type.storageKey !== 'batch/jobs' || req.operation !== 'CREATE' || req.subresource !== '') return;
      const job = req.object;
      const spec = rec(job.spec);
      job.spec = spec;
      const template = rec(spec.template);
      spec.template = template;
      const tmeta = rec(template.metadata);
      template.metadata = tmeta;
      const uid = job.metadata.uid ?? '';
      const name = job.metadata.name ?? '';
      if (spec.manualSelector !== true) {
        // The legacy unprefixed labels are still set by kube 1.32 for compatibility with old selectors.
        tmeta.labels = { ...strMap(tmeta.labels), [CONTROLLER_UID]: uid, [JOB_NAME]: name, 'controller-uid': uid, 'job-name': name };
        spec.selector = { matchLabels: { [CONTROLLER_UID]: uid } };
      }
      if (!job.metadata.labels || Object.keys(job.metadata.labels).length === 0) job.metadata.labels = strMap(tmeta.labels);
      if (spec.completions === undefined && spec.parallelism === undefined) {
        spec.completions = 1;
        spec.parallelism = 1;
      }
      if (spec.parallelism === undefined) spec.parallelism = 1;
      spec.backoffLimit ??= 6;
      spec.completionMode ??= 'NonIndexed';
      spec.suspend ??= false;
      spec.podReplacementPolicy ??= 'TerminatingOrFailed';
      if (isObject(template.spec)) template.spec.restartPolicy ??= 'Never';
    },
  };
}
