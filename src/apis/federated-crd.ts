// The generated Federated<Kind> types (§2.6, §4.4): their CRD, their FederatedTypeConfig, and the ten types the
// chart and `kubefedctl init` install, from one definition so both install exactly the same.
import {
  CORE_V1BETA1,
  DEFAULT_FEDERATED_GROUP,
  DEFAULT_FEDERATED_VERSION,
  DEFAULT_KUBEFED_NAMESPACE,
  OverrideOpValues,
} from './constants.js';
import type { Scope } from './constants.js';
import { customResourceDefinition } from './crds/crd.js';
import type { CustomResourceDefinition } from './crds/crd.js';
import {
  anyValue,
  arr,
  bool,
  dateTime,
  int64,
  labelSelectorSchema,
  obj,
  opaqueObject,
  rootSchema,
  str,
} from './crds/schema.js';
import type { JSONSchemaProps } from './crds/schema.js';
import {
  federatedKindFor,
  federatedPluralFor,
  federatedShortNamesFor,
  groupQualifiedName,
} from './naming.js';
import type { APIResource, FederatedTypeConfig } from './types.js';

/** A target type as discovery describes it. `group` is `''` for the core group. */
export interface TargetTypeInfo {
  group: string;
  version: string;
  kind: string;
  pluralName: string;
  scope: Scope;
  shortNames?: readonly string[];
}

export interface FederatedTypeOptions {
  target: TargetTypeInfo;
  /** The target's `spec.replicas` is an integer: the federated type gets `spec.retainReplicas`. */
  targetHasReplicas: boolean;
  /** `--federated-group`; default `types.kubefed.io`. */
  federatedGroup?: string;
  /** `--federated-version`; default `v1beta1`. */
  federatedVersion?: string;
}

/** Namespaces are cluster-scoped but FederatedNamespace lives in the namespace it federates (`ns/ns`). */
function isNamespaceTarget(target: Pick<TargetTypeInfo, 'group' | 'pluralName'>): boolean {
  return target.group === '' && target.pluralName === 'namespaces';
}

/** The federatedType of the FTC: kind `Federated<Kind>`, plural `federated<plural>`, the target's scope (§4.4). */
export function federatedApiResourceFor(o: FederatedTypeOptions): APIResource {
  return {
    group: o.federatedGroup ?? DEFAULT_FEDERATED_GROUP,
    version: o.federatedVersion ?? DEFAULT_FEDERATED_VERSION,
    kind: federatedKindFor(o.target.kind),
    pluralName: federatedPluralFor(o.target.pluralName),
    scope: isNamespaceTarget(o.target) ? 'Namespaced' : o.target.scope,
  };
}

/**
 * The schema of a federated resource (pkg/kubefedctl/enable/validation.go). `spec.template` is always an opaque
 * object: KubeFed left it out for a CRD target without a schema, so such templates were pruned to nothing; here
 * every template is kept.
 */
export function federatedResourceSchema(targetHasReplicas: boolean): JSONSchemaProps {
  const specProperties: Record<string, JSONSchemaProps> = {
    template: opaqueObject(),
    placement: obj({
      clusters: arr(obj({ name: str() }, ['name'])),
      clusterSelector: labelSelectorSchema(),
    }),
    overrides: arr(
      obj({
        clusterName: str(),
        clusterOverrides: arr(
          obj(
            {
              op: str({ pattern: `^(${OverrideOpValues.join('|')})?$` }),
              path: str(),
              value: anyValue(),
            },
            ['path'],
          ),
        ),
      }),
    ),
  };
  if (targetHasReplicas) specProperties['retainReplicas'] = bool();
  const status = obj({
    observedGeneration: int64(),
    conditions: arr(
      obj(
        {
          type: str(),
          status: str(),
          reason: str(),
          lastUpdateTime: dateTime(),
          lastTransitionTime: dateTime(),
        },
        ['type', 'status'],
      ),
    ),
    clusters: arr(obj({ name: str(), status: str(), remoteStatus: opaqueObject() }, ['name'])),
  });
  return rootSchema({ spec: obj(specProperties), status }, ['spec']);
}

/** The `Federated<Kind>` CRD `kubefedctl enable` creates: status subresource, short names `f<short>` (§2.6). */
export function federatedTypeCrd(o: FederatedTypeOptions): CustomResourceDefinition {
  const federated = federatedApiResourceFor(o);
  return customResourceDefinition({
    group: federated.group ?? DEFAULT_FEDERATED_GROUP,
    version: federated.version,
    kind: federated.kind,
    plural: federated.pluralName,
    scope: federated.scope,
    shortNames: federatedShortNamesFor(o.target.shortNames),
    schema: federatedResourceSchema(o.targetHasReplicas),
    statusSubresource: true,
  });
}

/** The FTC `kubefedctl enable` creates (GenerateTypeConfigForTarget): named `<plural>[.<group>]`, propagation Enabled. */
export function federatedTypeConfigFor(o: FederatedTypeOptions, namespace: string = DEFAULT_KUBEFED_NAMESPACE): FederatedTypeConfig {
  const targetType: APIResource = {
    version: o.target.version,
    kind: o.target.kind,
    pluralName: o.target.pluralName,
    scope: o.target.scope,
  };
  if (o.target.group) targetType.group = o.target.group;
  return {
    apiVersion: CORE_V1BETA1,
    kind: 'FederatedTypeConfig',
    metadata: { name: groupQualifiedName(targetType), namespace },
    spec: { targetType, propagation: 'Enabled', federatedType: federatedApiResourceFor(o) },
  };
}

const builtIn = (
  group: string,
  version: string,
  kind: string,
  pluralName: string,
  scope: Scope,
  shortNames: string[],
  targetHasReplicas = false,
): FederatedTypeOptions => ({ target: { group, version, kind, pluralName, scope, shortNames }, targetHasReplicas });

/**
 * The ten types KubeFed v0.10.0's chart federates (charts/kubefed/templates/federatedtypeconfig.yaml, §2.6). Short
 * names are the target's from Kubernetes' built-in discovery (e.g. `deploy`, `cm`); ClusterRole, Job and Secret have none.
 */
export function defaultFederatedTypes(): FederatedTypeOptions[] {
  return [
    builtIn('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', 'Cluster', []),
    builtIn('', 'v1', 'ConfigMap', 'configmaps', 'Namespaced', ['cm']),
    builtIn('apps', 'v1', 'Deployment', 'deployments', 'Namespaced', ['deploy'], true),
    builtIn('networking.k8s.io', 'v1', 'Ingress', 'ingresses', 'Namespaced', ['ing']),
    builtIn('batch', 'v1', 'Job', 'jobs', 'Namespaced', []),
    builtIn('', 'v1', 'Namespace', 'namespaces', 'Cluster', ['ns']),
    builtIn('apps', 'v1', 'ReplicaSet', 'replicasets', 'Namespaced', ['rs'], true),
    builtIn('', 'v1', 'Secret', 'secrets', 'Namespaced', []),
    builtIn('', 'v1', 'ServiceAccount', 'serviceaccounts', 'Namespaced', ['sa']),
    builtIn('', 'v1', 'Service', 'services', 'Namespaced', ['svc']),
  ];
}
