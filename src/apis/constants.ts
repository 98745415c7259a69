// Names KubeFed users and tools see on the wire: API groups, kinds, plurals, labels, annotations, finalizers,
// condition types and reasons, event reasons and feature gates. Every string is KubeFed's own
// (kubefed-behaviour.md §2, §3) so that KubeFed manifests, scripts and dashboards keep working.

// ---- API groups and versions (§2) ----

export const CORE_GROUP = 'core.kubefed.io';
export const TYPES_GROUP = 'types.kubefed.io';
export const SCHEDULING_GROUP = 'scheduling.kubefed.io';
export const MULTICLUSTER_DNS_GROUP = 'multiclusterdns.kubefed.io';

export const V1BETA1 = 'v1beta1';
export const V1ALPHA1 = 'v1alpha1';

export const CORE_V1BETA1 = `${CORE_GROUP}/${V1BETA1}` as const;
export const CORE_V1ALPHA1 = `${CORE_GROUP}/${V1ALPHA1}` as const;
export const TYPES_V1BETA1 = `${TYPES_GROUP}/${V1BETA1}` as const;
export const SCHEDULING_V1ALPHA1 = `${SCHEDULING_GROUP}/${V1ALPHA1}` as const;
export const MULTICLUSTER_DNS_V1ALPHA1 = `${MULTICLUSTER_DNS_GROUP}/${V1ALPHA1}` as const;

/** The group `kubefedctl enable` puts generated Federated<Kind> types in unless `--federated-group` says otherwise. */
export const DEFAULT_FEDERATED_GROUP = TYPES_GROUP;
export const DEFAULT_FEDERATED_VERSION = V1BETA1;

// ---- kinds and plurals ----

export const Kinds = {
  KubeFedCluster: 'KubeFedCluster',
  KubeFedConfig: 'KubeFedConfig',
  FederatedTypeConfig: 'FederatedTypeConfig',
  PropagatedVersion: 'PropagatedVersion',
  ClusterPropagatedVersion: 'ClusterPropagatedVersion',
  FederatedServiceStatus: 'FederatedServiceStatus',
  ReplicaSchedulingPreference: 'ReplicaSchedulingPreference',
  Domain: 'Domain',
  ServiceDNSRecord: 'ServiceDNSRecord',
  IngressDNSRecord: 'IngressDNSRecord',
  DNSEndpoint: 'DNSEndpoint',
} as const;

export const Plurals = {
  KubeFedCluster: 'kubefedclusters',
  KubeFedConfig: 'kubefedconfigs',
  FederatedTypeConfig: 'federatedtypeconfigs',
  PropagatedVersion: 'propagatedversions',
  ClusterPropagatedVersion: 'clusterpropagatedversions',
  FederatedServiceStatus: 'federatedservicestatuses',
  ReplicaSchedulingPreference: 'replicaschedulingpreferences',
  Domain: 'domains',
  ServiceDNSRecord: 'servicednsrecords',
  IngressDNSRecord: 'ingressdnsrecords',
  DNSEndpoint: 'dnsendpoints',
} as const;

/** Prefix of every generated federated kind and plural: `Deployment` → `FederatedDeployment`, `federateddeployments`. */
export const FEDERATED_KIND_PREFIX = 'Federated';
export const FEDERATED_PLURAL_PREFIX = 'federated';
/** Prefix of every generated federated short name: `deploy` → `fdeploy`. */
export const FEDERATED_SHORT_NAME_PREFIX = 'f';

// ---- well-known names (§2.8) ----

export const DEFAULT_KUBEFED_NAMESPACE = 'kube-federation-system';
/** The one KubeFedConfig the controller manager reads, in the KubeFed namespace. */
export const KUBEFED_CONFIG_NAME = 'kubefed';
/** Name of the leader-election lock in the KubeFed namespace (§3.1). */
export const LEADER_ELECTION_LOCK_NAME = 'kubefed-controller-manager';
/** Name of the FederatedTypeConfig whose federated type (FederatedNamespace) is namespaced for a cluster-scoped target. */
export const NAMESPACES_FTC_NAME = 'namespaces';
/** Secret key holding a member cluster's bearer token; `ca.crt` is read only by `kubefedctl join`. */
export const TOKEN_SECRET_KEY = 'token';
export const CA_CRT_SECRET_KEY = 'ca.crt';

/** Namespaces the namespaces sync controller never propagates, besides the KubeFed namespace itself (§2.6). */
export const UNPROPAGATED_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'default'];

// ---- labels, annotations, finalizers (§2.8) ----

export const MANAGED_LABEL = 'kubefed.io/managed';
export const MANAGED_LABEL_TRUE = 'true';
export const MANAGED_LABEL_FALSE = 'false';
export const ORPHAN_ANNOTATION = 'kubefed.io/orphan';
export const ORPHAN_ANNOTATION_TRUE = 'true';
export const DELETE_OPTION_ANNOTATION = 'kubefed.io/deleteoption';
export const SYNC_CONTROLLER_FINALIZER = 'kubefed.io/sync-controller';
export const FEDERATED_TYPE_CONFIG_FINALIZER = 'core.kubefed.io/federated-type-config';

// ---- enumerations of API fields ----

export const ScopeValues = ['Cluster', 'Namespaced'] as const;
/** KubeFedConfig spec.scope and APIResource scope (apiextensions ResourceScope). */
export type Scope = (typeof ScopeValues)[number];

export const ConditionStatusValues = ['True', 'False', 'Unknown'] as const;
export type ConditionStatus = (typeof ConditionStatusValues)[number];

export const EnabledDisabledValues = ['Enabled', 'Disabled'] as const;
/** FTC propagation/statusCollection, KubeFedConfig adoptResources and feature gate configuration. */
export type EnabledDisabled = (typeof EnabledDisabledValues)[number];

export const ControllerStatusValues = ['Running', 'NotRunning'] as const;
export type ControllerStatus = (typeof ControllerStatusValues)[number];

export const TLSValidationValues = ['*', 'SubjectName', 'ValidityPeriod'] as const;
export type TLSValidation = (typeof TLSValidationValues)[number];

export const ProxySchemeValues = ['http', 'https', 'socks5'] as const;

/**
 * KubeFedConfig spec.leaderElect.resourceLock. We lock with a coordination.k8s.io Lease; KubeFed's legacy values
 * stay valid so existing configs apply unchanged, and all of them mean a Lease (Kubernetes removed ConfigMap and
 * Endpoints locks in client-go 0.24+).
 */
export const ResourceLockValues = ['leases', 'configmaps', 'endpoints', 'configmapsleases', 'endpointsleases'] as const;
export type ResourceLock = (typeof ResourceLockValues)[number];

export const OverrideOpValues = ['add', 'remove', 'replace'] as const;
export type OverrideOp = (typeof OverrideOpValues)[number];

// ---- KubeFedCluster conditions (pkg/apis/core/common/constants.go, §3.3) ----

export const ClusterConditionTypes = {
  Ready: 'Ready',
  Offline: 'Offline',
  ConfigMalformed: 'ConfigMalformed',
} as const;
export const ClusterConditionTypeValues = ['Ready', 'Offline', 'ConfigMalformed'] as const;
export type ClusterConditionType = (typeof ClusterConditionTypeValues)[number];

export const ClusterConditionReasons = {
  ClusterReady: 'ClusterReady',
  ClusterNotReady: 'ClusterNotReady',
  ClusterNotReachable: 'ClusterNotReachable',
  ClusterReachable: 'ClusterReachable',
  ClusterConfigMalformed: 'ClusterConfigMalformed',
} as const;

export const ClusterConditionMessages = {
  HealthzOk: '/healthz responded with ok',
  HealthzNotOk: '/healthz responded without ok',
  Reachable: 'cluster is reachable',
  NotReachablePrefix: 'cluster is not reachable: ',
  ConfigMalformed: "cluster's configuration may be malformed",
} as const;

// ---- federated resource status (§2.6) ----

/** The one condition type of a federated resource. */
export const PROPAGATION_CONDITION = 'Propagation';

/** Per-cluster `status.clusters[].status`; `''` (ClusterPropagationOK) is omitted on the wire. */
export const PropagationStatuses = {
  ClusterPropagationOK: '',
  WaitingForRemoval: 'WaitingForRemoval',
  ClusterNotReady: 'ClusterNotReady',
  CachedRetrievalFailed: 'CachedRetrievalFailed',
  ComputeResourceFailed: 'ComputeResourceFailed',
  ApplyOverridesFailed: 'ApplyOverridesFailed',
  CreationFailed: 'CreationFailed',
  UpdateFailed: 'UpdateFailed',
  DeletionFailed: 'DeletionFailed',
  LabelRemovalFailed: 'LabelRemovalFailed',
  RetrievalFailed: 'RetrievalFailed',
  AlreadyExists: 'AlreadyExists',
  FieldRetentionFailed: 'FieldRetentionFailed',
  VersionRetrievalFailed: 'VersionRetrievalFailed',
  ClientRetrievalFailed: 'ClientRetrievalFailed',
  ManagedLabelFalse: 'ManagedLabelFalse',
  CreationTimedOut: 'CreationTimedOut',
  UpdateTimedOut: 'UpdateTimedOut',
  DeletionTimedOut: 'DeletionTimedOut',
  LabelRemovalTimedOut: 'LabelRemovalTimedOut',
} as const;
export type PropagationStatus = (typeof PropagationStatuses)[keyof typeof PropagationStatuses];

/** Statuses caused by a transient API error: the sync controller retries with backoff when it sees one (§2.6). */
export const RECOVERABLE_PROPAGATION_STATUSES: ReadonlySet<PropagationStatus> = new Set<PropagationStatus>([
  'CreationFailed',
  'UpdateFailed',
  'DeletionFailed',
  'LabelRemovalFailed',
  'RetrievalFailed',
  'ClientRetrievalFailed',
  'CreationTimedOut',
  'UpdateTimedOut',
  'DeletionTimedOut',
  'LabelRemovalTimedOut',
]);

/** Reason of the Propagation condition; `''` (AggregateSuccess) means status True and is omitted on the wire. */
export const AggregateReasons = {
  AggregateSuccess: '',
  ClusterRetrievalFailed: 'ClusterRetrievalFailed',
  ComputePlacementFailed: 'ComputePlacementFailed',
  CheckClusters: 'CheckClusters',
  NamespaceNotFederated: 'NamespaceNotFederated',
} as const;
export type AggregateReason = (typeof AggregateReasons)[keyof typeof AggregateReasons];

// ---- ReplicaSchedulingPreference status (our addition: KubeFed's RSP had no status) ----

export const RSP_SCHEDULED_CONDITION = 'Scheduled';
export const RspConditionReasons = {
  ReplicasScheduled: 'ReplicasScheduled',
  TargetKindNotSupported: 'TargetKindNotSupported',
  FederatedResourceNotFound: 'FederatedResourceNotFound',
  NoReadyClusters: 'NoReadyClusters',
  NamespaceNotFederated: 'NamespaceNotFederated',
  SchedulingFailed: 'SchedulingFailed',
} as const;
/** Federated kinds an RSP can target (§3.8); anything else is reported, not scheduled. */
export const RSP_TARGET_KINDS: readonly string[] = ['FederatedDeployment', 'FederatedReplicaSet'];
/** RSP `spec.clusters` key that applies to every cluster without its own entry. */
export const RSP_DEFAULT_CLUSTER_KEY = '*';

// ---- FederatedTypeConfig status condition (our addition, for problems found by defensive validation) ----

export const FTC_VALID_CONDITION = 'Valid';
export const FtcConditionReasons = {
  Valid: 'Valid',
  ValidationFailed: 'ValidationFailed',
  NamespacesTypeMissing: 'NamespacesTypeMissing',
  ClusterScopedTypeInNamespacedControlPlane: 'ClusterScopedTypeInNamespacedControlPlane',
} as const;

// ---- event reasons (§3.3, §3.6) ----

export const EventReasons = {
  MalformedClusterConfig: 'MalformedClusterConfig',
  RetrievingClusterHealthFailed: 'RetrievingClusterHealthFailed',
  RetrievingRegionZonesFailed: 'RetrievingRegionZonesFailed',
  InvalidName: 'InvalidName',
  EnsureFinalizerError: 'EnsureFinalizerError',
  ClusterRetrievalFailed: 'ClusterRetrievalFailed',
  ComputePlacementFailed: 'ComputePlacementFailed',
  ClusterNotReady: 'ClusterNotReady',
  OperationTimeoutError: 'OperationTimeoutError',
  AnnotationsNotSupported: 'AnnotationsNotSupported',
  FinalizersNotSupported: 'FinalizersNotSupported',
  CreateInCluster: 'CreateInCluster',
  CreateInClusterFailed: 'CreateInClusterFailed',
  UpdateInCluster: 'UpdateInCluster',
  UpdateInClusterFailed: 'UpdateInClusterFailed',
  DeleteInCluster: 'DeleteInCluster',
  DeleteInClusterFailed: 'DeleteInClusterFailed',
  RemoveManagedLabelFromInCluster: 'RemoveManagedLabelFromInCluster',
  RemoveManagedLabelFromInClusterFailed: 'RemoveManagedLabelFromInClusterFailed',
  WaitForRemovalInCluster: 'WaitForRemovalInCluster',
} as const;

// ---- feature gates (pkg/features/features.go, §2.2) ----

export const FeatureGates = {
  PushReconciler: 'PushReconciler',
  SchedulerPreferences: 'SchedulerPreferences',
  RawResourceStatusCollection: 'RawResourceStatusCollection',
  CrossClusterServiceDiscovery: 'CrossClusterServiceDiscovery',
  FederatedIngress: 'FederatedIngress',
} as const;
export type FeatureGateName = (typeof FeatureGates)[keyof typeof FeatureGates];

export interface FeatureGateSpec {
  readonly name: FeatureGateName;
  readonly default: boolean;
  readonly stage: 'alpha' | 'beta';
}

/**
 * Built-in gates and their defaults: the one definition behind the defaulter, the CRD's schema default, the
 * controller manager, `kubefedctl init`, the chart's values and config/. KubeFed v0.10.0 knows the first three; the
 * two DNS gates come from the releases that had multicluster DNS, which this project ships. They default to Enabled
 * as in v0.1.0-rc6, the release of the seed walkthrough (v0.6.1 had turned them off while deprecating the feature),
 * so the walkthrough's DNS part works with an unpatched KubeFedConfig; an explicit `Disabled` still turns their
 * controllers off (docs/adr/0004-dns-gates-enabled-by-default.md).
 */
export const DEFAULT_FEATURE_GATES: readonly FeatureGateSpec[] = [
  { name: 'PushReconciler', default: true, stage: 'beta' },
  { name: 'SchedulerPreferences', default: true, stage: 'alpha' },
  { name: 'RawResourceStatusCollection', default: false, stage: 'beta' },
  { name: 'CrossClusterServiceDiscovery', default: true, stage: 'alpha' },
  { name: 'FederatedIngress', default: true, stage: 'alpha' },
];
export const FeatureGateNameValues: readonly FeatureGateName[] = DEFAULT_FEATURE_GATES.map((g) => g.name).sort();
