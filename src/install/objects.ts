// The control plane's API objects, in the order they must be applied: the single definition behind the Helm chart,
// the kustomize manifests under config/ and `kubefedctl init [--deploy]`. Objects follow KubeFed's chart
// (kubefed-behaviour.md §8) without its admission webhook: validation is CEL in the CRDs and defaulting happens in
// the controller manager, so there is no webhook Deployment, Service, certificate or webhook configuration.
import { CORE_V1BETA1, KUBEFED_CONFIG_NAME } from '../apis/constants.js';
import type { FeatureGateName } from '../apis/constants.js';
import { allCrds } from '../apis/crds/index.js';
import { defaultKubeFedConfigSpec } from '../apis/defaults.js';
import { defaultFederatedTypes, federatedTypeConfigFor } from '../apis/federated-crd.js';
import type { FeatureGatesConfig, KubeFedConfig } from '../apis/types.js';
import type { JsonObject, KubeObject } from '../common/object.js';
import {
  CONTROL_PLANE_LABEL,
  CONTROL_PLANE_LABEL_VALUE,
  CONTROLLER_CONTAINER_NAME,
  CONTROLLER_MANAGER_NAME,
  CONTROLLER_SERVICE_ACCOUNT,
  CONTROLLER_UID,
  HEALTHZ_PORT,
  METRICS_PORT,
  METRICS_SERVICE_NAME,
  POD_NAMESPACE_ENV,
} from './names.js';
import { resolveControlPlaneOptions } from './options.js';
import type { ControlPlaneInput, ControlPlaneOptions } from './options.js';
import { controllerRbacObjects } from './rbac.js';

export function namespaceObject(namespace: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } };
}

/** KubeFedConfig `kubefed` with every field written out, as KubeFed's chart renders it from values. */
export function kubeFedConfigObject(o: ControlPlaneOptions): KubeFedConfig {
  const featureGates: FeatureGatesConfig[] = Object.entries(o.featureGates).map(([name, configuration]) => ({
    name: name as FeatureGateName,
    configuration,
  }));
  return {
    apiVersion: CORE_V1BETA1,
    kind: 'KubeFedConfig',
    metadata: { name: KUBEFED_CONFIG_NAME, namespace: o.namespace },
    spec: defaultKubeFedConfigSpec({
      scope: o.scope,
      controllerDuration: { ...o.controllerDuration },
      leaderElect: { ...o.leaderElect },
      featureGates,
      clusterHealthCheck: { ...o.clusterHealthCheck },
      syncController: { ...o.syncController },
      statusController: { ...o.statusController },
    }),
  };
}

/** The controller manager's command line in a pod: its namespace from the downward API, KubeFed's ports. */
export function controllerCommand(logLevel: number): string[] {
  return [
    CONTROLLER_MANAGER_NAME,
    `--kubefed-namespace=$(${POD_NAMESPACE_ENV})`,
    `--v=${logLevel}`,
    `--healthz-addr=:${HEALTHZ_PORT}`,
    `--metrics-addr=:${METRICS_PORT}`,
  ];
}

const selectorLabels = (): Record<string, string> => ({ [CONTROL_PLANE_LABEL]: CONTROL_PLANE_LABEL_VALUE });

const nonEmpty = <T extends object>(key: string, value: T): Record<string, T> =>
  (Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0) ? { [key]: value } : {};

/**
 * Deployment `kubefed-controller-manager` (apps/v1, k8s.io/api/apps/v1 and core/v1 types.go). Liveness as KubeFed's
 * chart (GET /healthz :8080, 5 s delay, every 3 s, 3 s timeout); readiness is /readyz, which the controller manager
 * answers 200 once its controllers run. The container runs as 1001, non-root, with a read-only root filesystem:
 * it writes nothing to disk.
 */
export function controllerDeployment(o: ControlPlaneOptions): KubeObject {
  const env: JsonObject[] = [
    { name: POD_NAMESPACE_ENV, valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    // Sorted by name, as Helm ranges over a map, so the chart and the plain manifests agree.
    ...Object.keys(o.env)
      .sort()
      .map((name) => ({ name, value: o.env[name] ?? '' })),
  ];
  const container: JsonObject = {
    name: CONTROLLER_CONTAINER_NAME,
    image: o.image,
    imagePullPolicy: o.imagePullPolicy,
    command: controllerCommand(o.logLevel),
    env,
    ports: [
      { name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' },
      { name: 'healthz', containerPort: HEALTHZ_PORT, protocol: 'TCP' },
    ],
    livenessProbe: {
      httpGet: { path: '/healthz', port: HEALTHZ_PORT, scheme: 'HTTP' },
      initialDelaySeconds: 5,
      periodSeconds: 3,
      timeoutSeconds: 3,
    },
    readinessProbe: {
      httpGet: { path: '/readyz', port: HEALTHZ_PORT, scheme: 'HTTP' },
      initialDelaySeconds: 5,
      periodSeconds: 3,
      timeoutSeconds: 3,
    },
    resources: { ...o.resources },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
  };
  const podSpec: JsonObject = {
    serviceAccountName: CONTROLLER_SERVICE_ACCOUNT,
    securityContext: { runAsUser: CONTROLLER_UID, runAsNonRoot: true },
    terminationGracePeriodSeconds: 10,
    ...nonEmpty('nodeSelector', o.nodeSelector),
    ...nonEmpty('tolerations', o.tolerations),
    ...nonEmpty(
      'imagePullSecrets',
      o.imagePullSecrets.map((name) => ({ name })),
    ),
    containers: [container],
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: CONTROLLER_MANAGER_NAME,
      namespace: o.namespace,
      labels: selectorLabels(),
      ...nonEmpty('annotations', o.annotations),
    },
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: selectorLabels() },
      template: {
        metadata: { labels: selectorLabels(), ...nonEmpty('annotations', o.podAnnotations) },
        spec: podSpec,
      },
    },
  };
}

/** Service `kubefed-controller-manager-metrics-service` with KubeFed's Prometheus scrape annotations. */
export function metricsService(o: ControlPlaneOptions): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: METRICS_SERVICE_NAME,
      namespace: o.namespace,
      labels: { ...selectorLabels(), ...o.serviceLabels },
      annotations: { 'prometheus.io/port': String(METRICS_PORT), 'prometheus.io/scheme': 'http', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      selector: selectorLabels(),
      ports: [{ name: 'metrics', port: METRICS_PORT, targetPort: 'metrics', protocol: 'TCP' }],
    },
  };
}

/** The ten default FederatedTypeConfigs in the KubeFed namespace. */
export function defaultFederatedTypeConfigs(namespace: string): KubeObject[] {
  return defaultFederatedTypes().map((t) => federatedTypeConfigFor(t, namespace));
}

/** The groups the generated manifests are split into, in apply order. */
export type ObjectGroup = 'namespace' | 'crds' | 'kubefedconfig' | 'rbac' | 'federatedtypeconfigs' | 'controller-manager';

export interface GroupedObjects {
  group: ObjectGroup;
  objects: KubeObject[];
}

/** The control plane by group; `controller-manager` only with `deploy`. */
export function controlPlaneObjectGroups(input: ControlPlaneInput = {}): GroupedObjects[] {
  const o = resolveControlPlaneOptions(input);
  const groups: GroupedObjects[] = [
    { group: 'namespace', objects: [namespaceObject(o.namespace)] },
    { group: 'crds', objects: allCrds() },
    { group: 'kubefedconfig', objects: [kubeFedConfigObject(o)] },
    { group: 'rbac', objects: controllerRbacObjects(o.namespace, o.scope) },
    { group: 'federatedtypeconfigs', objects: defaultFederatedTypeConfigs(o.namespace) },
  ];
  if (o.deploy) groups.push({ group: 'controller-manager', objects: [controllerDeployment(o), metricsService(o)] });
  return groups;
}

/**
 * Every object of the control plane, in apply order: Namespace, CRDs (wait for them to be Established before the
 * rest), KubeFedConfig `kubefed`, ServiceAccount and RBAC, the ten default FederatedTypeConfigs and, with
 * `deploy: true`, the controller manager's Deployment and metrics Service.
 */
export function controlPlaneObjects(input: ControlPlaneInput = {}): KubeObject[] {
  return controlPlaneObjectGroups(input).flatMap((g) => g.objects);
}
