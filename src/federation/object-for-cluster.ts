// The object the sync controller writes to one member cluster (kubefed-behaviour.md §3.6.2, KubeFed
// `sync/resource.go ObjectForCluster`). The order is part of the user contract (KubeFed's user guide): template →
// retained member fields (updates only) → overrides → managed label, so an override can change a retained field and
// nothing can remove the managed label.
import type { JsonObject, KubeObject } from '../common/object.js';
import { formatApiVersion, isObject } from '../common/object.js';
import { EventReasons, MANAGED_LABEL, MANAGED_LABEL_TRUE, PropagationStatuses } from '../apis/constants.js';
import { fail, ok, quote, type Result } from './errors.js';
import { applyOverrides, overrideOp, qualifiedName, type OverridesMap } from './overrides.js';
import type { ClusterOverride } from '../apis/types.js';
import { retainClusterFields } from './retain.js';

/** The FTC's target type. */
export interface TargetType {
  /** Empty for the core group. */
  group?: string;
  version: string;
  kind: string;
}

/** What the object computation reads of a federated resource. */
export interface FederatedSource {
  kind: string;
  metadata: { name?: string; namespace?: string };
  spec?: unknown;
}

/** A Warning event the controller should record on the federated resource. */
export interface FederationWarning {
  reason: string;
  message: string;
}

export interface TemplateObject {
  object: KubeObject;
  warnings: FederationWarning[];
}

const notSupported = (field: string): string =>
  `metadata.${field} cannot be set via template to avoid conflicting with controllers in member clusters. Consider using an override to add or remove elements from this collection.`;

/** True for the core v1 Namespace target, which is cluster-scoped and named after itself. */
export function isNamespaceTarget(target: TargetType): boolean {
  return (target.group ?? '') === '' && target.kind === 'Namespace';
}

/**
 * Builds the member object from `spec.template` (missing: `{}`): name (and namespace, except for Namespaces) from the
 * federated resource, kind from the target type, apiVersion from the template or else the target group/version
 * (`v1` for the core group; KubeFed wrote `/v1`). Template annotations and finalizers are dropped with a warning
 * each, since member controllers own them.
 */
export function objectFromTemplate(federated: FederatedSource, target: TargetType): Result<TemplateObject> {
  const spec = isObject(federated.spec) ? federated.spec : {};
  const template = spec.template;
  const name = qualifiedName({ namespace: federated.metadata.namespace, name: federated.metadata.name ?? '' });
  if (template !== undefined && template !== null && !isObject(template)) {
    return fail(PropagationStatuses.ComputeResourceFailed, `spec.template of ${federated.kind} ${quote(name)} must be an object`);
  }
  const obj = structuredClone((template ?? {}) as JsonObject);
  if (obj.metadata !== undefined && obj.metadata !== null && !isObject(obj.metadata)) {
    return fail(PropagationStatuses.ComputeResourceFailed, `spec.template.metadata of ${federated.kind} ${quote(name)} must be an object`);
  }
  const metadata: JsonObject = isObject(obj.metadata) ? (obj.metadata as JsonObject) : {};
  obj.metadata = metadata;

  const warnings: FederationWarning[] = [];
  const annotations = metadata.annotations;
  if (isObject(annotations) && Object.keys(annotations).length > 0) {
    warnings.push({ reason: EventReasons.AnnotationsNotSupported, message: notSupported('annotations') });
    delete metadata.annotations;
  }
  const finalizers = metadata.finalizers;
  if (Array.isArray(finalizers) && finalizers.length > 0) {
    warnings.push({ reason: EventReasons.FinalizersNotSupported, message: notSupported('finalizers') });
    delete metadata.finalizers;
  }

  metadata.name = federated.metadata.name ?? '';
  if (isNamespaceTarget(target) || !federated.metadata.namespace) delete metadata.namespace;
  else metadata.namespace = federated.metadata.namespace;
  obj.kind = target.kind;
  if (!Object.hasOwn(obj, 'apiVersion')) obj.apiVersion = formatApiVersion(target.group ?? '', target.version);
  return ok({ object: obj as unknown as KubeObject, warnings });
}

/** Sets `kubefed.io/managed: "true"`, which member informers filter on; returns `obj` for chaining. */
export function setManagedLabel(obj: JsonObject): JsonObject {
  const metadata = isObject(obj.metadata) ? (obj.metadata as JsonObject) : (obj.metadata = {});
  const labels = isObject(metadata.labels) ? (metadata.labels as JsonObject) : (metadata.labels = {});
  labels[MANAGED_LABEL] = MANAGED_LABEL_TRUE;
  return obj;
}

/**
 * On an update, an `add`/`replace` override of the whole `/metadata/annotations` map is merged into the annotations
 * retained from the member instead of replacing them. KubeFed replaced them, wiping annotations that member
 * controllers own (a Deployment's revision), which made every reconcile rewrite the object and the member
 * controller restore it, forever (quirk 3). Explicit `remove` of one annotation still works.
 */
function mergeAnnotationOverrides(overrides: OverridesMap, clusterName: string, retained: JsonObject): OverridesMap {
  const list = overrides.get(clusterName);
  const metadata = isObject(retained.metadata) ? retained.metadata : {};
  const current = isObject(metadata.annotations) ? (metadata.annotations as JsonObject) : {};
  if (!list || Object.keys(current).length === 0) return overrides;
  const merged = list.map((o): ClusterOverride => {
    const op = overrideOp(o);
    if (o.path !== '/metadata/annotations' || (op !== 'add' && op !== 'replace') || !isObject(o.value)) return o;
    return { ...o, value: { ...current, ...(o.value as JsonObject) } };
  });
  return new Map([...overrides, [clusterName, merged]]);
}

export interface ObjectForClusterInput {
  federated: FederatedSource;
  target: TargetType;
  clusterName: string;
  /** Parsed `spec.overrides` (see parseOverrides). */
  overrides: OverridesMap;
  /** The object currently in the member cluster, for an update; absent for a create. */
  clusterObject?: KubeObject | JsonObject | null;
}

export interface ObjectForClusterResult {
  object: KubeObject;
  warnings: FederationWarning[];
}

/**
 * The complete member object for `clusterName`. Failures carry the per-cluster status to report:
 * ComputeResourceFailed, FieldRetentionFailed or ApplyOverridesFailed.
 */
export function objectForCluster(input: ObjectForClusterInput): Result<ObjectForClusterResult> {
  const built = objectFromTemplate(input.federated, input.target);
  if (!built.ok) return built;
  let obj = built.value.object as unknown as JsonObject;
  let overrides = input.overrides;
  if (input.clusterObject) {
    const spec = isObject(input.federated.spec) ? input.federated.spec : {};
    const retained = retainClusterFields(obj, input.clusterObject as JsonObject, {
      targetKind: input.target.kind,
      retainReplicas: spec.retainReplicas === true,
    });
    if (!retained.ok) return retained;
    obj = retained.value;
    overrides = mergeAnnotationOverrides(overrides, input.clusterName, obj);
  }
  const overridden = applyOverrides(obj, input.clusterName, overrides, {
    kind: input.federated.kind,
    namespace: input.federated.metadata.namespace,
    name: input.federated.metadata.name ?? '',
  });
  if (!overridden.ok) return overridden;
  return ok({ object: setManagedLabel(overridden.value) as unknown as KubeObject, warnings: built.value.warnings });
}
