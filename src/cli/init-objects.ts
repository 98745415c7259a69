// What `kubefedctl init` writes to the host cluster: exactly the install generator's control plane (the objects
// behind the Helm chart and config/), so that a controller installed by `init` gets the same RBAC as one installed
// by Helm. This file only adds what the CLI needs to write them: each object's REST address and write mode.
import type { Scope } from '../apis/constants.js';
import type { ResourceRef } from '../client/index.js';
import type { KubeObject } from '../common/object.js';
import { controlPlaneObjectGroups } from '../install/index.js';
import type { ObjectGroup } from '../install/index.js';
import { refs } from './resources.js';

export interface InitInput {
  namespace: string;
  scope: Scope;
  /** Also the controller manager's Deployment and metrics Service. */
  deploy: boolean;
  /** Overrides the generator's default image (this release's). */
  image?: string;
}

export interface InitStep {
  group: ObjectGroup;
  object: KubeObject;
  ref: ResourceRef;
  /**
   * `create-only` for the KubeFedConfig: once it exists it is the operator's configuration (and its scope is
   * immutable), so a second `init` must not reset it to the defaults.
   */
  mode: 'sync' | 'create-only';
}

/** REST addresses by `apiVersion kind` of every kind the generator emits. */
const refsByKind: Record<string, ResourceRef> = {
  'v1 Namespace': refs.namespaces,
  'v1 ServiceAccount': refs.serviceAccounts,
  'v1 Service': { version: 'v1', resource: 'services' },
  'apps/v1 Deployment': { group: 'apps', version: 'v1', resource: 'deployments' },
  'apiextensions.k8s.io/v1 CustomResourceDefinition': refs.crds,
  'rbac.authorization.k8s.io/v1 ClusterRole': refs.clusterRoles,
  'rbac.authorization.k8s.io/v1 ClusterRoleBinding': refs.clusterRoleBindings,
  'rbac.authorization.k8s.io/v1 Role': refs.roles,
  'rbac.authorization.k8s.io/v1 RoleBinding': refs.roleBindings,
  'core.kubefed.io/v1beta1 KubeFedConfig': refs.kubeFedConfigs,
  'core.kubefed.io/v1beta1 FederatedTypeConfig': refs.federatedTypeConfigs,
};

/** The objects `init` applies, in the generator's apply order. */
export function initSteps(input: InitInput): InitStep[] {
  const groups = controlPlaneObjectGroups({
    namespace: input.namespace,
    scope: input.scope,
    deploy: input.deploy,
    ...(input.image !== undefined ? { image: input.image } : {}),
  });
  return groups.flatMap(({ group, objects }) =>
    objects.map((object) => {
      const ref = refsByKind[`${object.apiVersion} ${object.kind}`];
      if (!ref) throw new Error(`kubefedctl init has no REST address for ${object.apiVersion} ${object.kind}`);
      return { group, object, ref, mode: group === 'kubefedconfig' ? ('create-only' as const) : ('sync' as const) };
    }),
  );
}
