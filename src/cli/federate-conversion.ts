// Turning a Kubernetes object into its federated form (kubefed-behaviour.md §4.6, FederatedResourceFromTargetResource):
// the template is the object without what the server owns, minus fields a member would reject or allocate itself.
import { DEFAULT_FEDERATED_GROUP, DEFAULT_FEDERATED_VERSION } from '../apis/constants.js';
import { federatedKindFor } from '../apis/naming.js';
import type { FederatedResource, Placement } from '../apis/types.js';
import { isObject, parseApiVersion, type JsonObject, type KubeObject } from '../common/object.js';

export interface FederatedTypeRef {
  /** apiVersion of the federated type, e.g. `types.kubefed.io/v1beta1`. */
  apiVersion: string;
  /** e.g. `FederatedDeployment`. */
  kind: string;
}

export interface Conversion {
  federated: FederatedResource;
  /** Things the user should know (dropped annotations). */
  warnings: string[];
}

/**
 * The placement of a new federated resource. KubeFed always wrote `clusterSelector: {}` (all clusters; quirk 4).
 * We keep that as the default for what the user names, because it is what they asked to federate, but make it
 * explicit and choosable: `clusters` (an explicit list) or `matchLabels` (a selector over KubeFedCluster labels).
 */
export function placementFor(choice: { clusters?: string[]; matchLabels?: Record<string, string> }): Placement {
  if (choice.clusters) return { clusters: choice.clusters.map((name) => ({ name })) };
  return { clusterSelector: { matchLabels: { ...choice.matchLabels } } };
}

/**
 * Drops fields of the source that a member cluster would reject or that belong to the source cluster:
 * Namespace `spec.finalizers` (set by the server), ServiceAccount `secrets` (the source cluster's token secrets),
 * Service `spec.clusterIP`/`clusterIPs`/`ports[].nodePort` (allocated per cluster) and `healthCheckNodePort` (also
 * allocated per cluster; KubeFed kept it, and members with a different allocation rejected the object).
 */
export function withoutClusterSpecificFields(source: KubeObject): KubeObject {
  const obj = structuredClone(source);
  const { group } = parseApiVersion(obj.apiVersion);
  if (group !== '') return obj;
  const spec = isObject(obj['spec']) ? obj['spec'] : undefined;
  if (obj.kind === 'Namespace' && spec) delete spec['finalizers'];
  if (obj.kind === 'ServiceAccount') delete obj['secrets'];
  if (obj.kind === 'Service' && spec) {
    delete spec['clusterIP'];
    delete spec['clusterIPs'];
    delete spec['healthCheckNodePort'];
    if (Array.isArray(spec['ports'])) for (const p of spec['ports']) if (isObject(p)) delete p['nodePort'];
  }
  return obj;
}

/** The template: no apiVersion, kind or status, and of the metadata only the labels. */
export function templateOf(source: KubeObject): { template: JsonObject; droppedAnnotations: boolean } {
  const cleaned = withoutClusterSpecificFields(source);
  const template: JsonObject = {};
  for (const [k, v] of Object.entries(cleaned)) {
    if (k === 'apiVersion' || k === 'kind' || k === 'status' || k === 'metadata') continue;
    template[k] = v as JsonObject[string];
  }
  const labels = cleaned.metadata.labels;
  if (labels && Object.keys(labels).length > 0) template['metadata'] = { labels: { ...labels } };
  const annotations = source.metadata.annotations ?? {};
  return { template, droppedAnnotations: Object.keys(annotations).length > 0 };
}

/**
 * The federated resource for `source`. It has the source's name and namespace; a Namespace's federated form lives
 * in the namespace itself (`ns/ns`), as the FederatedNamespace controller requires.
 */
export function federatedResourceFor(source: KubeObject, type: FederatedTypeRef, placement: Placement): Conversion {
  const name = source.metadata.name ?? '';
  const isNamespace = source.kind === 'Namespace' && parseApiVersion(source.apiVersion).group === '';
  const namespace = isNamespace ? name : source.metadata.namespace;
  const { template, droppedAnnotations } = templateOf(source);
  const warnings = droppedAnnotations
    ? [`Annotations defined for ${source.kind} "${namespace ? `${namespace}/` : ''}${name}" will not appear in the template of the federated resource`]
    : [];
  const federated: FederatedResource = {
    apiVersion: type.apiVersion,
    kind: type.kind,
    metadata: namespace ? { name, namespace } : { name },
    spec: { template, placement: structuredClone(placement) },
  };
  return { federated, warnings };
}

/** The federated type KubeFed assumes for a kind without an FTC (`-f` mode and `-o yaml`): `types.kubefed.io/v1beta1`. */
export function defaultFederatedTypeFor(kind: string, federatedGroup = DEFAULT_FEDERATED_GROUP, federatedVersion = DEFAULT_FEDERATED_VERSION): FederatedTypeRef {
  return { apiVersion: `${federatedGroup}/${federatedVersion}`, kind: federatedKindFor(kind) };
}

/** A Kubernetes object name must be a DNS-1123 subdomain to be federated under the same name. */
export function isDns1123Subdomain(name: string): boolean {
  return name.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);
}
