// TypeScript shapes of every KubeFed API object. Field names and optionality follow KubeFed's Go types
// (pkg/apis/{core,scheduling,multiclusterdns}/*, kubefed-behaviour.md §2) so that KubeFed manifests round-trip
// unchanged. Durations are Go duration strings (`20s`); see src/common/duration.ts to parse them.
import type { JsonObject, JsonValue, KubeObject } from '../common/object.js';
import type { LabelSelectorSpec } from '../common/labels.js';
import type {
  AggregateReason,
  ClusterConditionType,
  ConditionStatus,
  ControllerStatus,
  CORE_V1ALPHA1,
  CORE_V1BETA1,
  EnabledDisabled,
  MULTICLUSTER_DNS_V1ALPHA1,
  PropagationStatus,
  ResourceLock,
  SCHEDULING_V1ALPHA1,
  Scope,
  TLSValidation,
} from './constants.js';

export type { LabelSelectorSpec, LabelSelectorRequirementSpec } from '../common/labels.js';

/** metav1.Condition (k8s.io/apimachinery/pkg/apis/meta/v1 types.go), used by the statuses this project adds. */
export interface Condition {
  type: string;
  status: ConditionStatus;
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

// ---- core.kubefed.io/v1beta1 KubeFedCluster (§2.1) ----

export interface LocalSecretReference {
  name: string;
}

export interface KubeFedClusterSpec {
  /** host, host:port, IP or URL of the member API server; https when no scheme is given. */
  apiEndpoint: string;
  /** base64 PEM CA bundle. */
  caBundle?: string;
  /** Secret in the KubeFed namespace whose `data.token` is the bearer token. */
  secretRef: LocalSecretReference;
  disabledTLSValidations?: TLSValidation[];
  proxyURL?: string;
}

export interface ClusterCondition {
  type: ClusterConditionType;
  status: ConditionStatus;
  lastProbeTime: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface KubeFedClusterStatus {
  conditions: ClusterCondition[];
  kubernetesVersion?: string;
  zones?: string[];
  region?: string;
}

export interface KubeFedCluster extends KubeObject {
  apiVersion: typeof CORE_V1BETA1;
  kind: 'KubeFedCluster';
  spec: KubeFedClusterSpec;
  status?: KubeFedClusterStatus;
}

// ---- core.kubefed.io/v1beta1 KubeFedConfig (§2.2) ----

export interface DurationConfig {
  availableDelay?: string;
  unavailableDelay?: string;
  cacheSyncTimeout?: string;
}

export interface LeaderElectConfig {
  leaseDuration?: string;
  renewDeadline?: string;
  retryPeriod?: string;
  resourceLock?: ResourceLock;
}

export interface FeatureGatesConfig {
  name: string;
  configuration: EnabledDisabled;
}

export interface ClusterHealthCheckConfig {
  period?: string;
  failureThreshold?: number;
  successThreshold?: number;
  timeout?: string;
}

export interface SyncControllerConfig {
  maxConcurrentReconciles?: number;
  adoptResources?: EnabledDisabled;
}

export interface StatusControllerConfig {
  maxConcurrentReconciles?: number;
}

export interface KubeFedConfigSpec {
  scope: Scope;
  controllerDuration?: DurationConfig;
  leaderElect?: LeaderElectConfig;
  featureGates?: FeatureGatesConfig[];
  clusterHealthCheck?: ClusterHealthCheckConfig;
  syncController?: SyncControllerConfig;
  statusController?: StatusControllerConfig;
}

/** A KubeFedConfig spec after `setKubeFedConfigDefaults`: every field present. */
export interface DefaultedKubeFedConfigSpec {
  scope: Scope;
  controllerDuration: Required<DurationConfig>;
  leaderElect: Required<LeaderElectConfig>;
  featureGates: FeatureGatesConfig[];
  clusterHealthCheck: Required<ClusterHealthCheckConfig>;
  syncController: Required<SyncControllerConfig>;
  statusController: Required<StatusControllerConfig>;
}

export interface KubeFedConfig extends KubeObject {
  apiVersion: typeof CORE_V1BETA1;
  kind: 'KubeFedConfig';
  spec: KubeFedConfigSpec;
}

// ---- core.kubefed.io/v1beta1 FederatedTypeConfig (§2.3) ----

/** A type named by an FTC. `group` empty means the core group. */
export interface APIResource {
  group?: string;
  version: string;
  kind: string;
  /** Filled from the FTC name (target) or the kind (federated, status) by `setFederatedTypeConfigDefaults`. */
  pluralName: string;
  scope: Scope;
}

export interface FederatedTypeConfigSpec {
  targetType: APIResource;
  propagation: EnabledDisabled;
  federatedType: APIResource;
  statusType?: APIResource;
  statusCollection?: EnabledDisabled;
}

export interface FederatedTypeConfigStatus {
  observedGeneration: number;
  propagationController: ControllerStatus;
  statusController?: ControllerStatus;
  /** Our addition: problems found by defensive validation (type `Valid`), absent in KubeFed. */
  conditions?: Condition[];
}

export interface FederatedTypeConfig extends KubeObject {
  apiVersion: typeof CORE_V1BETA1;
  kind: 'FederatedTypeConfig';
  spec: FederatedTypeConfigSpec;
  status?: FederatedTypeConfigStatus;
}

// ---- core.kubefed.io/v1alpha1 bookkeeping (§2.4) ----

export interface ClusterObjectVersion {
  clusterName: string;
  /** `gen:<generation>` or `rv:<resourceVersion>` of the member object as last propagated. */
  version: string;
}

export interface PropagatedVersionStatus {
  templateVersion: string;
  overridesVersion: string;
  clusterVersions?: ClusterObjectVersion[];
}

export interface PropagatedVersion extends KubeObject {
  apiVersion: typeof CORE_V1ALPHA1;
  kind: 'PropagatedVersion';
  spec?: Record<string, never>;
  status?: PropagatedVersionStatus;
}

export interface ClusterPropagatedVersion extends KubeObject {
  apiVersion: typeof CORE_V1ALPHA1;
  kind: 'ClusterPropagatedVersion';
  spec?: Record<string, never>;
  status?: PropagatedVersionStatus;
}

/** core v1 ServiceStatus (k8s.io/api/core/v1 types.go). */
export interface PortStatus {
  port: number;
  protocol: string;
  error?: string;
}

export interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
  ipMode?: string;
  ports?: PortStatus[];
}

export interface LoadBalancerStatus {
  ingress?: LoadBalancerIngress[];
}

export interface ServiceStatus {
  loadBalancer?: LoadBalancerStatus;
  conditions?: Condition[];
}

export interface ClusterServiceStatus {
  clusterName: string;
  status: ServiceStatus;
}

/** Legacy status type of FederatedService (§3.7); fields at top level, no spec. */
export interface FederatedServiceStatus extends KubeObject {
  apiVersion: typeof CORE_V1ALPHA1;
  kind: 'FederatedServiceStatus';
  clusterStatus?: ClusterServiceStatus[];
}

// ---- types.kubefed.io/v1beta1 Federated<Kind> (§2.6) ----

export interface ClusterReference {
  name: string;
}

export interface Placement {
  /** Present (even empty) → exactly these clusters, `clusterSelector` ignored. */
  clusters?: ClusterReference[] | null;
  /** Absent/null → no clusters; `{}` → all clusters. */
  clusterSelector?: LabelSelectorSpec | null;
}

export interface ClusterOverride {
  /** `add`, `remove` or `replace`; empty or absent means `replace`. */
  op?: string;
  path: string;
  value?: JsonValue;
}

export interface GenericOverrideItem {
  clusterName: string;
  clusterOverrides?: ClusterOverride[];
}

export interface FederatedResourceSpec<T extends JsonObject = JsonObject> {
  template?: T;
  placement?: Placement;
  overrides?: GenericOverrideItem[];
  /** Only in the schema of types whose target has integer `spec.replicas`. */
  retainReplicas?: boolean;
}

export interface FederatedResourceCondition {
  type: string;
  status: ConditionStatus;
  reason?: AggregateReason;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export interface FederatedClusterStatus {
  name: string;
  status?: PropagationStatus;
  remoteStatus?: JsonValue;
}

export interface FederatedResourceStatus {
  observedGeneration?: number;
  conditions?: FederatedResourceCondition[];
  clusters?: FederatedClusterStatus[];
}

/** Any Federated<Kind>; its apiVersion and kind come from the FTC's federatedType. */
export interface FederatedResource<T extends JsonObject = JsonObject> extends KubeObject {
  spec: FederatedResourceSpec<T>;
  status?: FederatedResourceStatus;
}

// ---- scheduling.kubefed.io/v1alpha1 ReplicaSchedulingPreference (§2.5) ----

export interface ClusterPreferences {
  minReplicas?: number;
  /** Absent means unbounded. */
  maxReplicas?: number;
  weight?: number;
}

export interface ReplicaSchedulingPreferenceSpec {
  targetKind: string;
  totalReplicas: number;
  rebalance?: boolean;
  intersectWithClusterSelector?: boolean;
  /** Key `*` applies to clusters without their own entry; empty means `{"*": {weight: 1}}`. */
  clusters?: Record<string, ClusterPreferences>;
}

/** Our addition (KubeFed's RSP has no status): the scheduling outcome as conditions. */
export interface ReplicaSchedulingPreferenceStatus {
  observedGeneration?: number;
  conditions?: Condition[];
}

export interface ReplicaSchedulingPreference extends KubeObject {
  apiVersion: typeof SCHEDULING_V1ALPHA1;
  kind: 'ReplicaSchedulingPreference';
  spec: ReplicaSchedulingPreferenceSpec;
  status?: ReplicaSchedulingPreferenceStatus;
}

// ---- multiclusterdns.kubefed.io/v1alpha1 (§2.7, from KubeFed v0.6.1) ----

/** Top-level fields, no spec. */
export interface Domain extends KubeObject {
  apiVersion: typeof MULTICLUSTER_DNS_V1ALPHA1;
  kind: 'Domain';
  domain: string;
  nameServer?: string;
}

export interface ServiceDNSRecordSpec {
  /** Name of a Domain in the KubeFed namespace; also the `<federation>` label of generated DNS names. */
  domainRef: string;
  /** Seconds; 0 or absent means the DNSEndpoint default (180). */
  recordTTL?: number;
  dnsPrefix?: string;
  externalName?: string;
  allowServiceWithoutEndpoints?: boolean;
}

export interface ClusterDNS {
  cluster: string;
  loadBalancer?: LoadBalancerStatus;
  zones?: string[];
  region?: string;
}

export interface ServiceDNSRecordStatus {
  domain?: string;
  dns?: ClusterDNS[];
  conditions?: Condition[];
}

export interface ServiceDNSRecord extends KubeObject {
  apiVersion: typeof MULTICLUSTER_DNS_V1ALPHA1;
  kind: 'ServiceDNSRecord';
  spec: ServiceDNSRecordSpec;
  status?: ServiceDNSRecordStatus;
}

export interface IngressDNSRecordSpec {
  hosts?: string[];
  recordTTL?: number;
}

export interface ClusterIngressDNS {
  cluster: string;
  loadBalancer?: LoadBalancerStatus;
}

export interface IngressDNSRecordStatus {
  dns?: ClusterIngressDNS[];
  conditions?: Condition[];
}

export interface IngressDNSRecord extends KubeObject {
  apiVersion: typeof MULTICLUSTER_DNS_V1ALPHA1;
  kind: 'IngressDNSRecord';
  spec: IngressDNSRecordSpec;
  status?: IngressDNSRecordStatus;
}

/** ExternalDNS `endpoint.ProviderSpecificProperty`. */
export interface ProviderSpecificProperty {
  name: string;
  value: string;
}

/** ExternalDNS `endpoint.Endpoint` (sigs.k8s.io/external-dns/endpoint), so its CRD source reads our DNSEndpoints. */
export interface DNSEndpointRecord {
  dnsName: string;
  targets?: string[];
  /** `A`, `AAAA`, `CNAME`, `TXT`, ...; KubeFed writes `A` and `CNAME`. */
  recordType?: string;
  setIdentifier?: string;
  /** Seconds. */
  recordTTL?: number;
  labels?: Record<string, string>;
  providerSpecific?: ProviderSpecificProperty[];
}

export interface DNSEndpointSpec {
  endpoints?: DNSEndpointRecord[];
}

export interface DNSEndpointStatus {
  observedGeneration?: number;
}

export interface DNSEndpoint extends KubeObject {
  apiVersion: typeof MULTICLUSTER_DNS_V1ALPHA1;
  kind: 'DNSEndpoint';
  spec: DNSEndpointSpec;
  status?: DNSEndpointStatus;
}
