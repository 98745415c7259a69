// The Helm chart's values: KubeFed's keys (charts/kubefed/values.yaml, kubefed-behaviour.md §8), nested under
// `controllermanager` and `global` as KubeFed's are, so an existing KubeFed values file keeps working. Where
// KubeFed left a key empty (the template then used its default) we write the default out, and the templates still
// fall back to it when a user leaves a key empty. The webhook, certManager and postInstallJob keys are gone: there
// is no admission webhook and no post-install hook.
import type { EnabledDisabled, FeatureGateName, ResourceLock, Scope } from '../apis/constants.js';
import type { JsonObject } from '../common/object.js';
import { IMAGE_NAME, IMAGE_REGISTRY } from './names.js';
import { defaultControlPlaneOptions } from './options.js';
import type { ControlPlaneInput, ImagePullPolicy, ResourceRequirements } from './options.js';
import { packageVersion } from './version.js';

export interface ControllerValues {
  annotations: Record<string, string>;
  podAnnotations: Record<string, string>;
  replicaCount: number;
  repository: string;
  image: string;
  tag: string;
  imagePullPolicy: ImagePullPolicy;
  logLevel: number;
  /** Adds a random pod annotation so every `helm upgrade` restarts the pods. */
  forceRedeployment: boolean;
  env: Record<string, string>;
  resources: ResourceRequirements;
}

export interface ControllerManagerValues {
  enabled: boolean;
  clusterAvailableDelay: string;
  clusterUnavailableDelay: string;
  cacheSyncTimeout: string;
  leaderElectLeaseDuration: string;
  leaderElectRenewDeadline: string;
  leaderElectRetryPeriod: string;
  leaderElectResourceLock: ResourceLock;
  clusterHealthCheckPeriod: string;
  clusterHealthCheckFailureThreshold: number;
  clusterHealthCheckSuccessThreshold: number;
  clusterHealthCheckTimeout: string;
  syncController: { maxConcurrentReconciles: number; adoptResources: EnabledDisabled };
  statusController: { maxConcurrentReconciles: number };
  featureGates: Record<FeatureGateName, EnabledDisabled>;
  commonNodeSelector: Record<string, string>;
  commonTolerations: JsonObject[];
  imagePullSecrets: { name: string }[];
  controller: ControllerValues;
  service: { labels: Record<string, string> };
}

export interface ChartValues {
  controllermanager: ControllerManagerValues;
  global: { scope: Scope | '' };
}

export function defaultChartValues(version: string = packageVersion()): ChartValues {
  const o = defaultControlPlaneOptions(version);
  return {
    controllermanager: {
      enabled: true,
      clusterAvailableDelay: o.controllerDuration.availableDelay,
      clusterUnavailableDelay: o.controllerDuration.unavailableDelay,
      cacheSyncTimeout: o.controllerDuration.cacheSyncTimeout,
      leaderElectLeaseDuration: o.leaderElect.leaseDuration,
      leaderElectRenewDeadline: o.leaderElect.renewDeadline,
      leaderElectRetryPeriod: o.leaderElect.retryPeriod,
      leaderElectResourceLock: o.leaderElect.resourceLock,
      clusterHealthCheckPeriod: o.clusterHealthCheck.period,
      clusterHealthCheckFailureThreshold: o.clusterHealthCheck.failureThreshold,
      clusterHealthCheckSuccessThreshold: o.clusterHealthCheck.successThreshold,
      clusterHealthCheckTimeout: o.clusterHealthCheck.timeout,
      syncController: { ...o.syncController },
      statusController: { ...o.statusController },
      featureGates: { ...(o.featureGates as Record<FeatureGateName, EnabledDisabled>) },
      commonNodeSelector: {},
      commonTolerations: [],
      imagePullSecrets: [],
      controller: {
        annotations: {},
        podAnnotations: {},
        replicaCount: o.replicas,
        repository: IMAGE_REGISTRY,
        image: IMAGE_NAME,
        tag: version,
        imagePullPolicy: o.imagePullPolicy,
        logLevel: o.logLevel,
        forceRedeployment: false,
        env: {},
        resources: o.resources,
      },
      service: { labels: {} },
    },
    global: { scope: '' },
  };
}

/**
 * The install options a set of values stands for: what the chart renders, minus the Namespace (Helm's
 * `--create-namespace`) and the random `rollme` annotation of `forceRedeployment`.
 */
export function optionsFromValues(values: ChartValues, namespace: string): ControlPlaneInput {
  const cm = values.controllermanager;
  const c = cm.controller;
  return {
    namespace,
    scope: values.global.scope || 'Cluster',
    image: `${c.repository}/${c.image}:${c.tag}`,
    imagePullPolicy: c.imagePullPolicy,
    replicas: c.replicaCount,
    logLevel: c.logLevel,
    resources: c.resources,
    featureGates: cm.featureGates,
    controllerDuration: {
      availableDelay: cm.clusterAvailableDelay,
      unavailableDelay: cm.clusterUnavailableDelay,
      cacheSyncTimeout: cm.cacheSyncTimeout,
    },
    leaderElect: {
      leaseDuration: cm.leaderElectLeaseDuration,
      renewDeadline: cm.leaderElectRenewDeadline,
      retryPeriod: cm.leaderElectRetryPeriod,
      resourceLock: cm.leaderElectResourceLock,
    },
    clusterHealthCheck: {
      period: cm.clusterHealthCheckPeriod,
      failureThreshold: cm.clusterHealthCheckFailureThreshold,
      successThreshold: cm.clusterHealthCheckSuccessThreshold,
      timeout: cm.clusterHealthCheckTimeout,
    },
    syncController: { ...cm.syncController },
    statusController: { ...cm.statusController },
    env: c.env,
    annotations: c.annotations,
    podAnnotations: c.podAnnotations,
    nodeSelector: cm.commonNodeSelector,
    tolerations: cm.commonTolerations,
    imagePullSecrets: cm.imagePullSecrets.map((s) => s.name),
    serviceLabels: cm.service.labels,
    deploy: cm.enabled,
  };
}
