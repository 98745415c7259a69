// Per-cluster decisions of the sync controller, pure (kubefed-behaviour.md §3.6 step 7 and §3.6.5), so the rules
// can be tested without clusters: what to do in one member for a live federated resource, and which members still
// hold objects while it is being deleted.
import type { KubeObject } from '../../common/object.js';

export interface ClusterView {
  name: string;
  ready: boolean;
  /** The managed member object from the member cache, if any. */
  clusterObject?: KubeObject;
  /** The member object is the host cluster's own namespace (namespaces type, host joined as a member). */
  hostNamespace?: boolean;
}

export type ClusterPlan =
  /** Nothing to do and nothing to report for this cluster. */
  | { action: 'skip' }
  /** Selected but not Ready: reported as ClusterNotReady. */
  | { action: 'notReady' }
  /** Not selected and already being deleted: reported as WaitingForRemoval. */
  | { action: 'waitForRemoval' }
  | { action: 'delete' }
  /** The host's own namespace is never deleted, only released. */
  | { action: 'removeLabel' }
  | { action: 'create' }
  | { action: 'update'; clusterObject: KubeObject };

export function planCluster(selected: boolean, c: ClusterView): ClusterPlan {
  if (!c.ready) return selected ? { action: 'notReady' } : { action: 'skip' };
  const obj = c.clusterObject;
  if (!selected) {
    if (!obj) return { action: 'skip' };
    if (obj.metadata.deletionTimestamp) return { action: 'waitForRemoval' };
    return c.hostNamespace ? { action: 'removeLabel' } : { action: 'delete' };
  }
  return obj ? { action: 'update', clusterObject: obj } : { action: 'create' };
}

export interface DeletionPlan {
  /** Placement clusters that are not Ready: deletion cannot be confirmed there. */
  notReady: string[];
  /** Clusters whose object is still there (deleted or not yet). */
  remaining: string[];
  /** Clusters to issue a DELETE to now. */
  toDelete: string[];
  /** Clusters whose object (the host's namespace) only loses the managed label. */
  toUnlabel: string[];
}

/** KubeFed's ensureDeletion over the clusters of the current placement. */
export function planDeletion(clusters: readonly ClusterView[]): DeletionPlan {
  const plan: DeletionPlan = { notReady: [], remaining: [], toDelete: [], toUnlabel: [] };
  for (const c of clusters) {
    if (!c.ready) {
      plan.notReady.push(c.name);
      continue;
    }
    const obj = c.clusterObject;
    if (!obj) continue;
    const terminating = obj.metadata.deletionTimestamp !== undefined;
    if (c.hostNamespace && terminating) continue;
    plan.remaining.push(c.name);
    if (terminating) continue;
    if (c.hostNamespace) plan.toUnlabel.push(c.name);
    else plan.toDelete.push(c.name);
  }
  return plan;
}
