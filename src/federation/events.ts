// Event texts of the sync controller (kubefed-behaviour.md §3.6, KubeFed `sync/dispatch/*`, `sync/controller.go`).
// Users read them in `kubectl describe federateddeployment`, and tooling greps for them, so they match KubeFed's.
import { EventReasons } from '../apis/constants.js';

export interface EventMessage {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** A dispatch operation on a member object. */
export type DispatchOperation = 'create' | 'update' | 'delete' | 'remove managed label from';

const continuous: Record<DispatchOperation, string> = {
  create: 'Creating',
  update: 'Updating',
  delete: 'Deleting',
  'remove managed label from': 'Removing managed label from',
};

/** `create` → `CreateInCluster`, `remove managed label from` → `RemoveManagedLabelFromInCluster`. */
function reasonOf(op: DispatchOperation): string {
  return `${op.split(' ').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}InCluster`;
}

/** `ns/name`, or `name` for cluster-scoped objects. */
function key(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** Normal `<Op>InCluster`: `Creating Deployment "ns/name" in cluster "cluster1"`. */
export function dispatchEvent(op: DispatchOperation, targetKind: string, namespace: string | undefined, name: string, cluster: string): EventMessage {
  return { type: 'Normal', reason: reasonOf(op), message: `${continuous[op]} ${targetKind} "${key(namespace, name)}" in cluster "${cluster}"` };
}

/** Warning `<Op>InClusterFailed`: `Failed to create Deployment "ns/name" in cluster "cluster1": <error>`. */
export function dispatchFailedEvent(op: DispatchOperation, targetKind: string, namespace: string | undefined, name: string, cluster: string, error: string): EventMessage {
  return {
    type: 'Warning',
    reason: `${reasonOf(op)}Failed`,
    message: `Failed to ${op} ${targetKind} "${key(namespace, name)}" in cluster "${cluster}": ${error}`,
  };
}

/** Errors KubeFed reports through CreateInClusterFailed / UpdateInClusterFailed. */
export const DispatchErrors = {
  /** AlreadyExists with `adoptResources: Disabled`. */
  ResourcePreExists: 'Resource pre-exist in cluster',
  /** AlreadyExists with adoption enabled: the object is adopted by an update. */
  UpdateInsteadOfCreate: 'An update will be attempted instead of a creation due to an existing resource',
  /** Member object labelled `kubefed.io/managed: "false"`. */
  ManagedLabelFalse: 'Unable to manage the object which has label kubefed.io/managed: false',
} as const;

/** Warning ClusterNotReady for a selected cluster that is not Ready. */
export function clusterNotReadyEvent(): EventMessage {
  return { type: 'Warning', reason: EventReasons.ClusterNotReady, message: 'Cluster not ready' };
}

/** Normal WaitForRemovalInCluster while deletion waits for member objects to go. */
export function waitForRemovalEvent(clusters: readonly string[]): EventMessage {
  return {
    type: 'Normal',
    reason: EventReasons.WaitForRemovalInCluster,
    message: `Waiting for managed resources to be removed from the following clusters: ${[...clusters].sort().join(', ')}`,
  };
}
