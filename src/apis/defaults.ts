// Defaults of KubeFedConfig (SetDefaultKubeFedConfig, §2.2) and FederatedTypeConfig
// (SetFederatedTypeConfigDefaults, §2.3). Pure: inputs are never mutated; user values are always preserved and only
// absent fields are filled, as KubeFed's defaulter fills only nil pointers.
import { DEFAULT_FEATURE_GATES } from './constants.js';
import type { EnabledDisabled, ResourceLock, Scope } from './constants.js';
import { pluralName, splitGroupQualifiedName } from './naming.js';
import type {
  APIResource,
  DefaultedKubeFedConfigSpec,
  FeatureGatesConfig,
  FederatedTypeConfig,
  KubeFedConfig,
  KubeFedConfigSpec,
} from './types.js';

/** KubeFed's defaults (pkg/apis/core/v1beta1/defaults/defaults.go), except the lock: we always lock with a Lease. */
export const KubeFedConfigDefaults = {
  controllerDuration: { availableDelay: '20s', unavailableDelay: '60s', cacheSyncTimeout: '5m' },
  leaderElect: { leaseDuration: '15s', renewDeadline: '10s', retryPeriod: '5s', resourceLock: 'leases' as ResourceLock },
  clusterHealthCheck: { period: '10s', failureThreshold: 3, successThreshold: 1, timeout: '3s' },
  syncController: { maxConcurrentReconciles: 1, adoptResources: 'Enabled' as EnabledDisabled },
  statusController: { maxConcurrentReconciles: 1 },
} as const;

/**
 * The configured gates plus every built-in gate missing from them (at its default), sorted by name. Unknown names
 * are kept so that validation, not defaulting, reports them.
 */
export function completeFeatureGates(gates: readonly FeatureGatesConfig[] | undefined): FeatureGatesConfig[] {
  const result = (gates ?? []).map((g) => ({ ...g }));
  const present = new Set(result.map((g) => g.name));
  for (const gate of DEFAULT_FEATURE_GATES) {
    if (!present.has(gate.name)) result.push({ name: gate.name, configuration: gate.default ? 'Enabled' : 'Disabled' });
  }
  return result.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The spec with every defaulted field present (scope is never defaulted: it must be given). */
export function defaultKubeFedConfigSpec(spec: Partial<KubeFedConfigSpec> & { scope: Scope }): DefaultedKubeFedConfigSpec {
  const d = KubeFedConfigDefaults;
  return {
    ...spec,
    scope: spec.scope,
    controllerDuration: {
      availableDelay: spec.controllerDuration?.availableDelay ?? d.controllerDuration.availableDelay,
      unavailableDelay: spec.controllerDuration?.unavailableDelay ?? d.controllerDuration.unavailableDelay,
      cacheSyncTimeout: spec.controllerDuration?.cacheSyncTimeout ?? d.controllerDuration.cacheSyncTimeout,
    },
    leaderElect: {
      leaseDuration: spec.leaderElect?.leaseDuration ?? d.leaderElect.leaseDuration,
      renewDeadline: spec.leaderElect?.renewDeadline ?? d.leaderElect.renewDeadline,
      retryPeriod: spec.leaderElect?.retryPeriod ?? d.leaderElect.retryPeriod,
      resourceLock: spec.leaderElect?.resourceLock ?? d.leaderElect.resourceLock,
    },
    featureGates: completeFeatureGates(spec.featureGates),
    clusterHealthCheck: {
      period: spec.clusterHealthCheck?.period ?? d.clusterHealthCheck.period,
      failureThreshold: spec.clusterHealthCheck?.failureThreshold ?? d.clusterHealthCheck.failureThreshold,
      successThreshold: spec.clusterHealthCheck?.successThreshold ?? d.clusterHealthCheck.successThreshold,
      timeout: spec.clusterHealthCheck?.timeout ?? d.clusterHealthCheck.timeout,
    },
    syncController: {
      maxConcurrentReconciles: spec.syncController?.maxConcurrentReconciles ?? d.syncController.maxConcurrentReconciles,
      adoptResources: spec.syncController?.adoptResources ?? d.syncController.adoptResources,
    },
    statusController: {
      maxConcurrentReconciles: spec.statusController?.maxConcurrentReconciles ?? d.statusController.maxConcurrentReconciles,
    },
  };
}

/** SetDefaultKubeFedConfig: a copy of the config with every absent field defaulted. */
export function setKubeFedConfigDefaults(config: KubeFedConfig): KubeFedConfig & { spec: DefaultedKubeFedConfigSpec } {
  return { ...config, spec: defaultKubeFedConfigSpec(config.spec) };
}

/** True when the (defaulted) spec enables the gate; unknown gates fall back to the built-in default (or false). */
export function featureGateEnabled(spec: Pick<KubeFedConfigSpec, 'featureGates'>, name: string): boolean {
  const configured = spec.featureGates?.find((g) => g.name === name);
  if (configured) return configured.configuration === 'Enabled';
  return DEFAULT_FEATURE_GATES.find((g) => g.name === name)?.default ?? false;
}

/**
 * SetFederatedTypeConfigDefaults: a copy of the FTC in which empty fields are derived. The name is split at its
 * first dot: the first part defaults `targetType.pluralName`, the rest `targetType.group`. `federatedType.pluralName`
 * defaults to `pluralName(federatedType.kind)`; `statusType` takes its plural from its kind and its group and
 * version from `federatedType`.
 */
export function setFederatedTypeConfigDefaults(ftc: FederatedTypeConfig): FederatedTypeConfig {
  const fromName = splitGroupQualifiedName(ftc.metadata.name ?? '');
  const spec = ftc.spec;
  const targetType: APIResource = {
    ...spec.targetType,
    pluralName: spec.targetType.pluralName || fromName.pluralName,
  };
  const targetGroup = spec.targetType.group || fromName.group;
  if (targetGroup) targetType.group = targetGroup;
  const federatedType: APIResource = {
    ...spec.federatedType,
    pluralName: spec.federatedType.pluralName || pluralName(spec.federatedType.kind),
  };
  const result: FederatedTypeConfig = { ...ftc, spec: { ...spec, targetType, federatedType } };
  if (spec.statusType) {
    result.spec.statusType = {
      ...spec.statusType,
      pluralName: spec.statusType.pluralName || pluralName(spec.statusType.kind),
      group: spec.statusType.group || federatedType.group,
      version: spec.statusType.version || federatedType.version,
    };
  }
  return result;
}
