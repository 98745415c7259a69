// The scale subresource: an autoscaling/v1 Scale view of an object's replicas
// (k8s.io/api/autoscaling/v1 types.go Scale; CRD paths from CustomResourceSubresourceScale).
import { formatLabelSelector, type LabelSelectorSpec } from '../../common/labels.js';
import type { KubeObject } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import { badRequest, invalid } from '../http/api-error.js';
import type { ResourceType, ScaleSubresource } from '../registry/resource-type.js';

function readPath(o: unknown, path: string): unknown {
  let cur = o;
  for (const p of path.replace(/^\./, '').split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

function writePath(o: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.replace(/^\./, '').split('.');
  let cur = o;
  for (const p of parts.slice(0, -1)) {
    if (!isObject(cur[p])) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1] as string] = value;
}

export function scaleOf(t: ResourceType, o: KubeObject): KubeObject {
  const s = t.scale as ScaleSubresource;
  const replicas = readPath(o, s.specReplicasPath);
  const statusReplicas = readPath(o, s.statusReplicasPath);
  let selector: string | undefined;
  if (t.custom) {
    const v = s.labelSelectorPath ? readPath(o, s.labelSelectorPath) : undefined;
    if (typeof v === 'string') selector = v;
  } else {
    const spec = isObject(o.spec) ? o.spec : {};
    // Built-in kinds report spec.selector rendered as a selector string (metav1.FormatLabelSelector).
    if (isObject(spec.selector)) selector = formatLabelSelector(spec.selector as LabelSelectorSpec);
    if (selector === '<none>') selector = '';
  }
  const status: Record<string, unknown> = { replicas: typeof statusReplicas === 'number' ? statusReplicas : 0 };
  if (selector) status.selector = selector;
  const m = o.metadata;
  const meta: KubeObject['metadata'] = { name: m.name, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp };
  if (m.namespace) meta.namespace = m.namespace;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: meta,
    // ScaleSpec.replicas is omitempty: zero replicas serialise as an empty spec.
    spec: typeof replicas === 'number' && replicas !== 0 ? { replicas } : {},
    status,
  };
}

/** Writes a Scale's spec.replicas into the object (a fresh copy the caller owns). */
export function applyScale(t: ResourceType, target: KubeObject, scale: unknown): KubeObject {
  if (!isObject(scale)) throw badRequest('the body of the request must be a Scale object');
  const spec = isObject(scale.spec) ? scale.spec : {};
  const replicas = spec.replicas ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    const value = JSON.stringify(replicas);
    // Custom resources validate the replicas path on the resource (apiextensions scale validation); built-in kinds
    // validate the Scale object (autoscaling ValidateScale).
    if (t.custom) {
      const field = (t.scale as ScaleSubresource).specReplicasPath;
      throw invalid(t.kind, t.group, target.metadata.name ?? '', [{ reason: 'FieldValueInvalid', message: `Invalid value: ${value}: should be a non-negative integer`, field }]);
    }
    throw invalid('Scale', 'autoscaling', target.metadata.name ?? '', [{ reason: 'FieldValueInvalid', message: `Invalid value: ${value}: must be greater than or equal to 0`, field: 'spec.replicas' }]);
  }
  writePath(target, (t.scale as ScaleSubresource).specReplicasPath, replicas);
  const meta = isObject(scale.metadata) ? scale.metadata : {};
  if (typeof meta.resourceVersion === 'string' && meta.resourceVersion) target.metadata.resourceVersion = meta.resourceVersion;
  return target;
}
