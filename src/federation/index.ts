// Public surface of federation/: KubeFed's decisions as pure functions (no I/O). Controllers and the CLI import from
// here; the package root re-exports planReplicas.
export type { FederationError, Result } from './errors.js';
export { planReplicas, rspResult, fnv1Hash32, PlannerInputError } from './planner.js';
export type { PlannerPreferences, PlannerClusterPreferences, ReplicaPlan } from './planner.js';
export { applyReplicaSchedule } from './replica-schedule.js';
export type { ReplicaScheduleResult } from './replica-schedule.js';
export { computePlacement } from './placement.js';
export type { PlacementCluster, PlacementInput, PlacementResult, PlacementSubject } from './placement.js';
export { parseOverrides, applyOverrides, overrideOp, qualifiedName } from './overrides.js';
export type { OverridesMap, ParsedOverrides, FederatedRef } from './overrides.js';
export { applyJsonPatch, JsonPatchError } from './json-patch.js';
export type { JsonPatchOperation } from './json-patch.js';
export { objectForCluster, objectFromTemplate, setManagedLabel, isNamespaceTarget } from './object-for-cluster.js';
export type { FederatedSource, FederationWarning, ObjectForClusterInput, ObjectForClusterResult, TargetType, TemplateObject } from './object-for-cluster.js';
export { retainClusterFields } from './retain.js';
export type { RetainOptions } from './retain.js';
export {
  templateVersion, overridesVersion, objectVersion, objectNeedsUpdate, propagatedVersionName, propagatedVersionKind,
  recordedClusterVersions, updatePropagatedVersionStatus, goJsonHash,
} from './versions.js';
export { goJsonMarshal, GoJsonError } from './go-json.js';
export { aggregateReason, computeFederatedStatus, statusChanged } from './status.js';
export type { ClusterOutcome, FederatedStatusInput, FederatedStatusResult } from './status.js';
export { dispatchEvent, dispatchFailedEvent, clusterNotReadyEvent, waitForRemovalEvent, DispatchErrors } from './events.js';
export type { DispatchOperation, EventMessage } from './events.js';
export {
  serviceDnsEndpoints, ingressDnsEndpoints, mergeEndpoints, dnsEndpointName, loadBalancerHostnames,
  DEFAULT_DNS_TTL, RECORD_TYPE_A, RECORD_TYPE_CNAME,
} from './dns-endpoints.js';
export type { DnsEndpointOptions, DnsEndpointsResult } from './dns-endpoints.js';
