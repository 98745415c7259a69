// What an install can be configured with, and its defaults. The defaults are KubeFed's chart defaults
// (kubefed-behaviour.md §8) except the image (ours) and the leader-election lock (a Lease).
import { DEFAULT_KUBEFED_NAMESPACE, DEFAULT_FEATURE_GATES } from '../apis/constants.js';
import type { EnabledDisabled, FeatureGateName, Scope } from '../apis/constants.js';
import { KubeFedConfigDefaults } from '../apis/defaults.js';
import type {
  ClusterHealthCheckConfig,
  DurationConfig,
  LeaderElectConfig,
  StatusControllerConfig,
  SyncControllerConfig,
} from '../apis/types.js';
import type { JsonObject } from '../common/object.js';
import { IMAGE_REPOSITORY } from './names.js';
import { packageVersion } from './version.js';

export type ImagePullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** core/v1 ResourceRequirements (k8s.io/api/core/v1 types.go): quantities as strings. */
export interface ResourceRequirements {
  limits?: Record<string, string>;
  requests?: Record<string, string>;
}

export interface ControlPlaneOptions {
  /** The KubeFed namespace (KubeFed's default `kube-federation-system`). */
  namespace: string;
  /** KubeFedConfig `spec.scope`; picks ClusterRole or Role for the controller. */
  scope: Scope;
  /** Full image reference of the controller manager. */
  image: string;
  imagePullPolicy: ImagePullPolicy;
  replicas: number;
  /** `--v` of the controller manager. */
  logLevel: number;
  resources: ResourceRequirements;
  /** KubeFedConfig `spec.featureGates`: gates not named here take their built-in default. */
  featureGates: Partial<Record<FeatureGateName, EnabledDisabled>>;
  controllerDuration: Required<DurationConfig>;
  leaderElect: Required<LeaderElectConfig>;
  clusterHealthCheck: Required<ClusterHealthCheckConfig>;
  syncController: Required<SyncControllerConfig>;
  statusController: Required<StatusControllerConfig>;
  /** Extra environment of the controller container (name → value). */
  env: Record<string, string>;
  /** Annotations of the Deployment and of its pods. */
  annotations: Record<string, string>;
  podAnnotations: Record<string, string>;
  nodeSelector: Record<string, string>;
  tolerations: JsonObject[];
  /** Names of Secrets to pull the image with. */
  imagePullSecrets: string[];
  /** Extra labels of the metrics Service. */
  serviceLabels: Record<string, string>;
  /** Include the controller manager's Deployment and metrics Service (`kubefedctl init --deploy`, the chart, config/). */
  deploy: boolean;
}

/** Any subset of the options; nested groups may be partial too. */
export type ControlPlaneInput = Partial<
  Omit<ControlPlaneOptions, 'controllerDuration' | 'leaderElect' | 'clusterHealthCheck' | 'syncController' | 'statusController'>
> & {
  controllerDuration?: DurationConfig;
  leaderElect?: LeaderElectConfig;
  clusterHealthCheck?: ClusterHealthCheckConfig;
  syncController?: SyncControllerConfig;
  statusController?: StatusControllerConfig;
};

/** KubeFed's chart resources for the controller manager: limits 500m/512Mi, requests 100m/64Mi. */
export function defaultResources(): ResourceRequirements {
  return { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '100m', memory: '64Mi' } };
}

/** Every built-in feature gate at its default, as the chart's values list them. */
export function defaultFeatureGates(): Record<FeatureGateName, EnabledDisabled> {
  const gates = {} as Record<FeatureGateName, EnabledDisabled>;
  for (const g of DEFAULT_FEATURE_GATES) gates[g.name] = g.default ? 'Enabled' : 'Disabled';
  return gates;
}

export function defaultControlPlaneOptions(version: string = packageVersion()): ControlPlaneOptions {
  const d = KubeFedConfigDefaults;
  return {
    namespace: DEFAULT_KUBEFED_NAMESPACE,
    scope: 'Cluster',
    image: `${IMAGE_REPOSITORY}:${version}`,
    imagePullPolicy: 'IfNotPresent',
    replicas: 2,
    logLevel: 2,
    resources: defaultResources(),
    featureGates: defaultFeatureGates(),
    controllerDuration: { ...d.controllerDuration },
    leaderElect: { ...d.leaderElect },
    clusterHealthCheck: { ...d.clusterHealthCheck },
    syncController: { ...d.syncController },
    statusController: { ...d.statusController },
    env: {},
    annotations: {},
    podAnnotations: {},
    nodeSelector: {},
    tolerations: [],
    imagePullSecrets: [],
    serviceLabels: {},
    deploy: false,
  };
}

/** The input laid over the defaults, group by group. */
export function resolveControlPlaneOptions(input: ControlPlaneInput = {}): ControlPlaneOptions {
  const d = defaultControlPlaneOptions();
  const defined = <T extends object>(o: T | undefined): Partial<T> =>
    Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    ...d,
    ...defined(input),
    featureGates: { ...d.featureGates, ...defined(input.featureGates) },
    controllerDuration: { ...d.controllerDuration, ...defined(input.controllerDuration) },
    leaderElect: { ...d.leaderElect, ...defined(input.leaderElect) },
    clusterHealthCheck: { ...d.clusterHealthCheck, ...defined(input.clusterHealthCheck) },
    syncController: { ...d.syncController, ...defined(input.syncController) },
    statusController: { ...d.statusController, ...defined(input.statusController) },
  };
}
