// Which member clusters a federated resource goes to (kubefed-behaviour.md §3.6.1, KubeFed `util/placement.go`).
import { isObject } from '../common/object.js';
import { selectorFromLabelSelector, SelectorError, type LabelSelectorSpec } from '../common/labels.js';
import { AggregateReasons, type Scope } from '../apis/constants.js';
import { fail, ok, quote, type Result } from './errors.js';
import { qualifiedName } from './overrides.js';

/** What placement needs of a KubeFedCluster: its name and labels. */
export interface PlacementCluster {
  metadata: { name?: string; labels?: Record<string, string> };
}

/** What placement needs of a federated resource or FederatedNamespace. */
export interface PlacementSubject {
  kind: string;
  metadata: { name?: string; namespace?: string };
  spec?: unknown;
}

export interface PlacementInput {
  /** The federated resource. */
  federated: PlacementSubject;
  /** Registered KubeFedClusters, ready or not. */
  clusters: readonly PlacementCluster[];
  /** Whether the target type is namespaced (then the FederatedNamespace narrows placement). */
  targetNamespaced: boolean;
  /** The FederatedNamespace `ns/ns` of the resource's namespace, or null when there is none. */
  federatedNamespace?: PlacementSubject | null;
  /** KubeFedConfig `spec.scope`. */
  controlPlaneScope: Scope;
  /** RSP intersection: evaluate only `clusterSelector`, ignoring `clusters`, on the resource and its namespace. */
  selectorOnly?: boolean;
}

export interface PlacementResult {
  /** Selected cluster names, sorted. */
  clusters: string[];
  /** `NamespaceNotFederated` when a namespaced resource has no FederatedNamespace in a cluster-scoped control plane. */
  reason: '' | typeof AggregateReasons.NamespaceNotFederated;
}

function placementOf(subject: PlacementSubject): Record<string, unknown> {
  const spec = subject.spec;
  return isObject(spec) && isObject(spec.placement) ? spec.placement : {};
}

/** The clusters `subject` asks for, before intersection with the registered ones. */
function selectedNames(subject: PlacementSubject, clusters: readonly PlacementCluster[], selectorOnly: boolean): Result<Set<string>> {
  const placement = placementOf(subject);
  const list = placement.clusters;
  // A `clusters` list that is present, even empty, wins over the selector.
  if (!selectorOnly && list !== undefined && list !== null) {
    const names = new Set<string>();
    if (Array.isArray(list)) {
      for (const ref of list) if (isObject(ref) && typeof ref.name === 'string') names.add(ref.name);
    }
    return ok(names);
  }
  const rawSelector = placement.clusterSelector;
  const where = `${subject.kind} ${quote(qualifiedName({ namespace: subject.metadata.namespace, name: subject.metadata.name ?? '' }))}`;
  if (rawSelector !== undefined && rawSelector !== null && !isObject(rawSelector)) {
    return fail(AggregateReasons.ComputePlacementFailed, `${where}: spec.placement.clusterSelector must be an object`);
  }
  try {
    const selector = selectorFromLabelSelector(rawSelector as LabelSelectorSpec | null | undefined);
    const names = new Set<string>();
    for (const c of clusters) if (c.metadata.name !== undefined && selector.matches(c.metadata.labels ?? {})) names.add(c.metadata.name);
    return ok(names);
  } catch (e) {
    if (!(e instanceof SelectorError)) throw e;
    return fail(AggregateReasons.ComputePlacementFailed, `${where}: invalid spec.placement.clusterSelector: ${e.message}`);
  }
}

/**
 * Computes the clusters a federated resource is placed in: `clusters` if present (even empty), else the
 * `clusterSelector` over KubeFedCluster labels (absent: none; `{}`: all); intersected with the registered clusters
 * and, for namespaced types, with the placement of the FederatedNamespace. A bad selector yields
 * ComputePlacementFailed naming the object.
 */
export function computePlacement(input: PlacementInput): Result<PlacementResult> {
  const selectorOnly = input.selectorOnly === true;
  const registered = new Set(input.clusters.flatMap((c) => (c.metadata.name === undefined ? [] : [c.metadata.name])));
  const own = selectedNames(input.federated, input.clusters, selectorOnly);
  if (!own.ok) return own;
  let names = [...own.value].filter((n) => registered.has(n));
  let reason: PlacementResult['reason'] = '';
  if (input.targetNamespaced) {
    if (input.federatedNamespace) {
      const ns = selectedNames(input.federatedNamespace, input.clusters, selectorOnly);
      if (!ns.ok) return ns;
      names = names.filter((n) => ns.value.has(n));
    } else if (input.controlPlaneScope === 'Cluster') {
      names = [];
      reason = AggregateReasons.NamespaceNotFederated;
    }
  }
  return ok({ clusters: names.sort(), reason });
}
