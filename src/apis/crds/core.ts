// CRDs of core.kubefed.io (v1beta1 and v1alpha1). Structure, names, short names and printer columns are KubeFed's
// (charts/kubefed/charts/controllermanager/crds/crds.yaml, §2.1–§2.4); the admission webhook's rules (§2.9) are added
// as enums, defaults and CEL so that a cluster enforces them on its own.
import {
  ClusterConditionTypeValues,
  ConditionStatusValues,
  ControllerStatusValues,
  CORE_GROUP,
  EnabledDisabledValues,
  FeatureGateNameValues,
  Kinds,
  Plurals,
  ResourceLockValues,
  ScopeValues,
  TLSValidationValues,
  V1ALPHA1,
  V1BETA1,
} from '../constants.js';
import { completeFeatureGates, KubeFedConfigDefaults } from '../defaults.js';
import {
  DNS1123_SUBDOMAIN_FORMAT,
  DNS1123_SUBDOMAIN_MESSAGE,
  DOMAIN_WITH_DOT_MESSAGE,
  FTC_NAME_MESSAGE,
  LEASE_DURATION_MESSAGE,
  PORT_RANGE_MESSAGE,
  RENEW_DEADLINE_MESSAGE,
  TLS_ALL_ALONE_MESSAGE,
  VALID_IP_MESSAGE,
} from '../validation.js';
import {
  celMatches,
  dns1035LabelRule,
  dns1123SubdomainRule,
  GO_DURATION_PATTERN,
  kindRule,
  optionalDns1123SubdomainRule,
  positiveDurationRule,
  positiveIntRule,
} from './cel.js';
import { customResourceDefinition } from './crd.js';
import type { CustomResourceDefinition } from './crd.js';
import {
  arr,
  bytes,
  dateTime,
  enumOf,
  int64,
  loadBalancerStatusSchema,
  metav1ConditionsSchema,
  obj,
  rootSchema,
  rule,
  str,
} from './schema.js';
import type { JSONSchemaProps } from './schema.js';

// ---- KubeFedCluster ----

const SCHEME = '[a-zA-Z][a-zA-Z0-9+.-]*://';
const PORT_1_TO_65535 = '0*([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])';
/** Bounds every string a rule runs a regex on, which keeps the CEL cost estimate within Kubernetes' budget. */
const URL_MAX_LENGTH = 2048;

/** The apiEndpoint rules of validateAPIEndpoint: scheme http/https, host an IP or DNS name, no path, port 1–65535. */
function apiEndpointSchema(): JSONSchemaProps {
  return str({
    minLength: 1,
    maxLength: URL_MAX_LENGTH,
    'x-kubernetes-validations': [
      rule(`!${celMatches(`${SCHEME}.*`)} || ${celMatches('[hH][tT][tT][pP][sS]?://.*')}`, 'supported values: "http", "https"'),
      rule(
        celMatches(`(${SCHEME})?([^/?#@]*@)?(\\[[0-9a-fA-F:.]+\\]|${DNS1123_SUBDOMAIN_FORMAT})(:[0-9]*)?/?`),
        `host must be a URL or a host:port pair without a path, and its host ${VALID_IP_MESSAGE}; or ${DNS1123_SUBDOMAIN_MESSAGE}`,
      ),
      rule(`!${celMatches(`(${SCHEME})?[^/]*:[0-9]+/?`)} || ${celMatches(`(${SCHEME})?[^/]*:${PORT_1_TO_65535}/?`)}`, PORT_RANGE_MESSAGE),
    ],
  });
}

export function kubeFedClusterCrd(): CustomResourceDefinition {
  const spec = obj(
    {
      apiEndpoint: apiEndpointSchema(),
      caBundle: bytes(),
      secretRef: obj({ name: str({ maxLength: 253, 'x-kubernetes-validations': [dns1123SubdomainRule()] }) }, ['name']),
      disabledTLSValidations: arr(enumOf(TLSValidationValues), {
        maxItems: TLSValidationValues.length,
        'x-kubernetes-validations': [rule("!('*' in self) || self.size() == 1", TLS_ALL_ALONE_MESSAGE)],
      }),
      proxyURL: str({
        maxLength: URL_MAX_LENGTH,
        'x-kubernetes-validations': [
          rule(`self == '' || ${celMatches('([hH][tT][tT][pP][sS]?|[sS][oO][cC][kK][sS]5)://.*')}`, 'supported values: "http", "https", "socks5"'),
        ],
      }),
    },
    ['apiEndpoint', 'secretRef'],
  );
  const status = obj(
    {
      conditions: arr(
        obj(
          {
            type: enumOf(ClusterConditionTypeValues),
            status: enumOf(ConditionStatusValues),
            lastProbeTime: dateTime(),
            lastTransitionTime: dateTime(),
            reason: str(),
            message: str(),
          },
          ['type', 'status', 'lastProbeTime'],
        ),
      ),
      kubernetesVersion: str(),
      zones: arr(str()),
      region: str(),
    },
    ['conditions'],
  );
  return customResourceDefinition({
    group: CORE_GROUP,
    version: V1BETA1,
    kind: Kinds.KubeFedCluster,
    plural: Plurals.KubeFedCluster,
    scope: 'Namespaced',
    shortNames: ['kfc'],
    schema: rootSchema({ spec, status }, ['spec']),
    statusSubresource: true,
    // KubeFed's columns, in its order; kubectl prints NAME, AGE, READY, KUBERNETES-VERSION.
    printerColumns: [
      { name: 'age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      { name: 'ready', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].status" },
      { name: 'kubernetes-version', type: 'string', jsonPath: '.status.kubernetesVersion' },
    ],
  });
}

// ---- KubeFedConfig ----

function durationSchema(defaultValue: string): JSONSchemaProps {
  return str({
    default: defaultValue,
    maxLength: 64,
    pattern: GO_DURATION_PATTERN,
    'x-kubernetes-validations': [positiveDurationRule()],
  });
}

function positiveIntSchema(defaultValue: number): JSONSchemaProps {
  return int64({ default: defaultValue, 'x-kubernetes-validations': [positiveIntRule()] });
}

/**
 * `duration(field)` added to itself `n` times. CEL cannot multiply a duration, and `getMilliseconds()` is no way
 * out: cel-go returns the total milliseconds, cel-es only the millisecond component. Sums are exact in both.
 */
function timesDuration(field: string, n: number): string {
  return `(${Array.from({ length: n }, () => `duration(${field})`).join(' + ')})`;
}

/**
 * Every defaulted field carries its default, and each parent `default: {}`, so the API server fills a new
 * KubeFedConfig as KubeFed's mutating webhook did (defaults apply top-down: a defaulted `{}` gets its fields'
 * defaults). The defaulted fields are deliberately not `required`: defaulting makes them present anyway, and a
 * required field under a `default: {}` parent would make the default itself fail validation on servers that
 * validate defaults before applying nested ones. Lease ordering: renew > retry × 1.2 ⇔ 5 × renew > 6 × retry.
 */
export function kubeFedConfigCrd(): CustomResourceDefinition {
  const d = KubeFedConfigDefaults;
  const spec = obj(
    {
      scope: enumOf(ScopeValues, { 'x-kubernetes-validations': [rule('self == oldSelf', 'field is immutable')] }),
      controllerDuration: obj(
        {
          availableDelay: durationSchema(d.controllerDuration.availableDelay),
          unavailableDelay: durationSchema(d.controllerDuration.unavailableDelay),
          cacheSyncTimeout: durationSchema(d.controllerDuration.cacheSyncTimeout),
        },
        [],
        { default: {} },
      ),
      leaderElect: obj(
        {
          leaseDuration: durationSchema(d.leaderElect.leaseDuration),
          renewDeadline: durationSchema(d.leaderElect.renewDeadline),
          retryPeriod: durationSchema(d.leaderElect.retryPeriod),
          resourceLock: enumOf(ResourceLockValues, { default: d.leaderElect.resourceLock }),
        },
        [],
        {
          default: {},
          'x-kubernetes-validations': [
            rule(
              '!has(self.leaseDuration) || !has(self.renewDeadline) || duration(self.leaseDuration) > duration(self.renewDeadline)',
              LEASE_DURATION_MESSAGE,
            ),
            rule(
              `!has(self.renewDeadline) || !has(self.retryPeriod) || ${timesDuration('self.renewDeadline', 5)} > ${timesDuration('self.retryPeriod', 6)}`,
              RENEW_DEADLINE_MESSAGE,
            ),
          ],
        },
      ),
      featureGates: arr(obj({ name: enumOf(FeatureGateNameValues), configuration: enumOf(EnabledDisabledValues) }, ['name', 'configuration']), {
        default: completeFeatureGates([]).map((g) => ({ name: g.name, configuration: g.configuration })),
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
      }),
      clusterHealthCheck: obj(
        {
          period: durationSchema(d.clusterHealthCheck.period),
          failureThreshold: positiveIntSchema(d.clusterHealthCheck.failureThreshold),
          successThreshold: positiveIntSchema(d.clusterHealthCheck.successThreshold),
          timeout: durationSchema(d.clusterHealthCheck.timeout),
        },
        [],
        { default: {} },
      ),
      syncController: obj(
        {
          maxConcurrentReconciles: positiveIntSchema(d.syncController.maxConcurrentReconciles),
          adoptResources: enumOf(EnabledDisabledValues, { default: d.syncController.adoptResources }),
        },
        [],
        { default: {} },
      ),
      statusController: obj(
        { maxConcurrentReconciles: positiveIntSchema(d.statusController.maxConcurrentReconciles) },
        [],
        { default: {} },
      ),
    },
    ['scope'],
  );
  return customResourceDefinition({
    group: CORE_GROUP,
    version: V1BETA1,
    kind: Kinds.KubeFedConfig,
    plural: Plurals.KubeFedConfig,
    scope: 'Namespaced',
    schema: rootSchema({ spec }, ['spec']),
  });
}

// ---- FederatedTypeConfig ----

function apiResourceSchema(federated: boolean): JSONSchemaProps {
  const group = federated
    ? str({ minLength: 1, maxLength: 253, 'x-kubernetes-validations': [dns1123SubdomainRule(), rule("self.contains('.')", DOMAIN_WITH_DOT_MESSAGE)] })
    : str({ maxLength: 253, 'x-kubernetes-validations': [optionalDns1123SubdomainRule()] });
  return obj(
    {
      group,
      version: str({ minLength: 1, maxLength: 63, 'x-kubernetes-validations': [dns1035LabelRule()] }),
      kind: str({ minLength: 1, maxLength: 63, 'x-kubernetes-validations': [kindRule()] }),
      pluralName: str({ minLength: 1, maxLength: 63, 'x-kubernetes-validations': [dns1035LabelRule()] }),
      scope: enumOf(ScopeValues),
    },
    federated ? ['group', 'kind', 'pluralName', 'scope', 'version'] : ['kind', 'pluralName', 'scope', 'version'],
  );
}

/** The FTC name rule of ValidateFederatedTypeConfigName, at the root where CEL can see `metadata.name`. */
export const FTC_NAME_RULE =
  "self.metadata.name == (has(self.spec.targetType.group) && self.spec.targetType.group != '' ? " +
  "self.spec.targetType.pluralName + '.' + self.spec.targetType.group : self.spec.targetType.pluralName)";

export function federatedTypeConfigCrd(): CustomResourceDefinition {
  const spec = obj(
    {
      targetType: apiResourceSchema(false),
      propagation: enumOf(EnabledDisabledValues),
      federatedType: apiResourceSchema(true),
      statusType: apiResourceSchema(true),
      statusCollection: enumOf(EnabledDisabledValues),
    },
    ['federatedType', 'propagation', 'targetType'],
  );
  const status = obj(
    {
      observedGeneration: int64({ minimum: 0 }),
      propagationController: enumOf(ControllerStatusValues),
      statusController: enumOf(ControllerStatusValues),
      conditions: metav1ConditionsSchema(),
    },
    ['observedGeneration', 'propagationController'],
  );
  return customResourceDefinition({
    group: CORE_GROUP,
    version: V1BETA1,
    kind: Kinds.FederatedTypeConfig,
    plural: Plurals.FederatedTypeConfig,
    scope: 'Namespaced',
    shortNames: ['ftc'],
    schema: rootSchema({ spec, status }, ['spec'], { 'x-kubernetes-validations': [rule(FTC_NAME_RULE, FTC_NAME_MESSAGE)] }),
    statusSubresource: true,
  });
}

// ---- v1alpha1 bookkeeping ----

function propagatedVersionStatusSchema(): JSONSchemaProps {
  return obj(
    {
      templateVersion: str(),
      overridesVersion: str(),
      clusterVersions: arr(obj({ clusterName: str(), version: str() }, ['clusterName', 'version'])),
    },
    ['overridesVersion', 'templateVersion'],
  );
}

export function propagatedVersionCrd(): CustomResourceDefinition {
  return customResourceDefinition({
    group: CORE_GROUP,
    version: V1ALPHA1,
    kind: Kinds.PropagatedVersion,
    plural: Plurals.PropagatedVersion,
    scope: 'Namespaced',
    schema: rootSchema({ status: propagatedVersionStatusSchema() }),
    statusSubresource: true,
  });
}

export function clusterPropagatedVersionCrd(): CustomResourceDefinition {
  return customResourceDefinition({
    group: CORE_GROUP,
    version: V1ALPHA1,
    kind: Kinds.ClusterPropagatedVersion,
    plural: Plurals.ClusterPropagatedVersion,
    scope: 'Cluster',
    schema: rootSchema({ status: propagatedVersionStatusSchema() }),
    statusSubresource: true,
  });
}

export function federatedServiceStatusCrd(): CustomResourceDefinition {
  const serviceStatus = obj({ conditions: metav1ConditionsSchema(), loadBalancer: loadBalancerStatusSchema() });
  return customResourceDefinition({
    group: CORE_GROUP,
    version: V1ALPHA1,
    kind: Kinds.FederatedServiceStatus,
    plural: Plurals.FederatedServiceStatus,
    scope: 'Namespaced',
    schema: rootSchema({ clusterStatus: arr(obj({ clusterName: str(), status: serviceStatus }, ['clusterName', 'status'])) }),
  });
}
