// The controller manager's configuration: the KubeFedConfig `kubefed` in the KubeFed namespace (kubefed-behaviour.md
// §3.1 step 1–2), created with KubeFed's defaults when absent, defaulted in memory and validated with the webhook's
// rules. An invalid config is a ConfigError with one line that names every bad field.
import { CORE_V1BETA1, KUBEFED_CONFIG_NAME, ScopeValues, type Scope } from '../apis/constants.js';
import { setKubeFedConfigDefaults } from '../apis/defaults.js';
import type { DefaultedKubeFedConfigSpec, KubeFedConfig } from '../apis/types.js';
import { formatFieldErrors, validateKubeFedConfig } from '../apis/validation.js';
import { parseDuration } from '../common/duration.js';
import { isNotFound, isAlreadyExists } from '../client/errors.js';
import type { RestClient } from '../client/rest.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const KUBEFED_CONFIGS = { group: 'core.kubefed.io', version: 'v1beta1', resource: 'kubefedconfigs' } as const;

/** The settings the controllers use, in milliseconds. */
export interface ControllerSettings {
  spec: DefaultedKubeFedConfigSpec;
  scope: Scope;
  healthPeriodMs: number;
  healthTimeoutMs: number;
  failureThreshold: number;
  successThreshold: number;
  syncWorkers: number;
  adoptResources: boolean;
}

/** DEFAULT_KUBEFED_SCOPE picks the scope of a config created here (KubeFed: `Cluster` or `Namespaced`, else fatal). */
function defaultScope(env: NodeJS.ProcessEnv): Scope {
  const v = env['DEFAULT_KUBEFED_SCOPE'];
  if (v === undefined || v === '') return 'Cluster';
  if (!(ScopeValues as readonly string[]).includes(v)) {
    throw new ConfigError(`DEFAULT_KUBEFED_SCOPE must be Cluster or Namespaced, not "${v}"`);
  }
  return v as Scope;
}

/** Reads (or creates) KubeFedConfig `kubefed` and returns it defaulted and validated. */
export async function loadKubeFedConfig(host: RestClient, namespace: string, env: NodeJS.ProcessEnv = process.env): Promise<KubeFedConfig & { spec: DefaultedKubeFedConfigSpec }> {
  const ref = { ...KUBEFED_CONFIGS, namespace, name: KUBEFED_CONFIG_NAME };
  let config: KubeFedConfig;
  try {
    config = await host.get<KubeFedConfig>(ref);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    const created = setKubeFedConfigDefaults({
      apiVersion: CORE_V1BETA1,
      kind: 'KubeFedConfig',
      metadata: { name: KUBEFED_CONFIG_NAME, namespace },
      spec: { scope: defaultScope(env) },
    });
    try {
      config = await host.create<KubeFedConfig>({ ...KUBEFED_CONFIGS, namespace }, created);
    } catch (createErr) {
      if (!isAlreadyExists(createErr)) throw createErr;
      config = await host.get<KubeFedConfig>(ref);
    }
  }
  if (!config.spec || !config.spec.scope) {
    throw new ConfigError(`KubeFedConfig "${namespace}/${KUBEFED_CONFIG_NAME}" is invalid: spec.scope: Required value`);
  }
  const defaulted = setKubeFedConfigDefaults(config);
  const errors = validateKubeFedConfig(defaulted);
  if (errors.length > 0) {
    throw new ConfigError(`KubeFedConfig "${namespace}/${KUBEFED_CONFIG_NAME}" is invalid: ${formatFieldErrors(errors)}`);
  }
  return defaulted;
}

export function controllerSettings(spec: DefaultedKubeFedConfigSpec): ControllerSettings {
  return {
    spec,
    scope: spec.scope,
    healthPeriodMs: parseDuration(spec.clusterHealthCheck.period),
    healthTimeoutMs: parseDuration(spec.clusterHealthCheck.timeout),
    failureThreshold: spec.clusterHealthCheck.failureThreshold,
    successThreshold: spec.clusterHealthCheck.successThreshold,
    syncWorkers: spec.syncController.maxConcurrentReconciles,
    adoptResources: spec.syncController.adoptResources === 'Enabled',
  };
}
