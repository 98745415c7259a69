// Reading the control plane's KubeFedConfig, which join needs for the scope (Cluster or Namespaced).
import { KUBEFED_CONFIG_NAME } from '../apis/constants.js';
import type { KubeFedConfig } from '../apis/types.js';
import { getIfExists } from './apply.js';
import { CliError } from './errors.js';
import { refs } from './resources.js';
import type { ClusterHandle } from './session.js';

export async function readKubeFedConfig(host: ClusterHandle, namespace: string): Promise<KubeFedConfig> {
  let config: KubeFedConfig | undefined;
  try {
    config = await getIfExists<KubeFedConfig>(host.client, { ...refs.kubeFedConfigs, namespace, name: KUBEFED_CONFIG_NAME });
  } catch (err) {
    // Without the CRD the resource itself is unknown to the server: the same situation for the user.
    if (!(err instanceof Error && /the server could not find the requested resource|404/.test(err.message))) throw err;
  }
  if (!config) {
    throw new CliError(
      `A KubeFedConfig named "${KUBEFED_CONFIG_NAME}" was not found in namespace "${namespace}". Is a KubeFed control plane running in this namespace? ` +
        `Run "kubefedctl init --host-cluster-context ${host.context}" to install one.`,
    );
  }
  return config;
}
