// The parts of Kubernetes' workload validation (pkg/apis/apps/validation ValidateDeploymentSpec and friends,
// pkg/apis/core/validation ValidatePodTemplateSpec) that users hit with hand-written manifests: a selector is
// required, must select the template's labels, and a pod template needs containers.
import { selectorFromLabelSelector, type LabelSelectorSpec } from '../../common/labels.js';
import type { KubeObject, StatusCause } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import { invalid } from '../http/api-error.js';
import type { AdmissionPlugin } from './admission.js';

const WORKLOADS = new Set(['apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'apps/daemonsets']);

/** Go's %#v of a map[string]string, as the "does not match" message prints it. */
function goMap(m: Record<string, string>): string {
  return `map[string]string{${Object.keys(m).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(m[k])}`).join(', ')}}`;
}

export function workloadCauses(o: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const spec = isObject(o.spec) ? o.spec : {};
  // ValidateNonnegativeField comes first in ValidateDeploymentSpec and its ReplicaSet/StatefulSet twins.
  if (typeof spec.replicas === 'number' && spec.replicas < 0) {
    causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${spec.replicas}: must be greater than or equal to 0`, field: 'spec.replicas' });
  }
  const template = isObject(spec.template) ? spec.template : {};
  const tmeta = isObject(template.metadata) ? template.metadata : {};
  const labels = (isObject(tmeta.labels) ? tmeta.labels : {}) as Record<string, string>;
  if (!isObject(spec.selector)) {
    causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' });
  } else {
    let matches = false;
    try {
      const sel = selectorFromLabelSelector(spec.selector as LabelSelectorSpec);
      if (sel.empty) causes.push({ reason: 'FieldValueInvalid', message: 'Invalid value: "null": empty selector is invalid for deployment', field: 'spec.selector' });
      matches = sel.matches(labels);
    } catch (e) {
      causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${e instanceof Error ? e.message : String(e)}`, field: 'spec.selector' });
      matches = true;
    }
    if (!matches) {
      causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${goMap(labels)}: \`selector\` does not match template \`labels\``, field: 'spec.template.metadata.labels' });
    }
  }
  const podSpec = isObject(template.spec) ? template.spec : {};
  if (!Array.isArray(podSpec.containers) || podSpec.containers.length === 0) {
    causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.template.spec.containers' });
  }
  return causes;
}

export function workloadValidation(): AdmissionPlugin {
  return {
    name: 'WorkloadValidation',
    validate(req) {
      if (!WORKLOADS.has(req.type.storageKey) || req.subresource !== '') return;
      const causes = workloadCauses(req.object);
      if (causes.length) throw invalid(req.type.kind, req.type.group, req.object.metadata.name ?? '', causes);
    },
  };
}
