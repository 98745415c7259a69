// The rules of KubeFed's admission webhook (pkg/apis/core/v1beta1/validation/validation.go, §2.9) as pure
// functions. The CRDs carry the same rules as schema constraints and CEL (crds/), so a cluster enforces them
// without a webhook; controllers call these defensively and report the result as conditions. Messages are the ones
// apimachinery's field.ErrorList prints (`spec.scope: Unsupported value: "Foo": supported values: ...`).
import { isIP } from 'node:net';
import { DurationError, parseDurationNanos } from '../common/duration.js';
import { validateDNS1123Subdomain } from '../common/labels.js';
import {
  ConditionStatusValues,
  ClusterConditionTypeValues,
  ControllerStatusValues,
  EnabledDisabledValues,
  FeatureGateNameValues,
  ProxySchemeValues,
  ResourceLockValues,
  RSP_TARGET_KINDS,
  ScopeValues,
  TLSValidationValues,
} from './constants.js';
import { groupQualifiedName } from './naming.js';
import type {
  APIResource,
  FederatedTypeConfig,
  FederatedTypeConfigStatus,
  KubeFedCluster,
  KubeFedClusterStatus,
  KubeFedConfig,
  ReplicaSchedulingPreference,
} from './types.js';

/** apimachinery's field.ErrorType, as it appears in Status causes (`reason`). */
export type FieldErrorType = 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueNotSupported' | 'FieldValueDuplicate';

/** One field.Error. `message` is everything after `<field>: ` in apimachinery's rendering. */
export interface FieldError {
  field: string;
  type: FieldErrorType;
  message: string;
}

/** `field: message`, the form users see in API errors and in our conditions. */
export function formatFieldError(error: FieldError): string {
  return `${error.field}: ${error.message}`;
}

/** utilerrors.NewAggregate(...).Error(): one error plain, several as `[a, b]`. */
export function formatFieldErrors(errors: readonly FieldError[]): string {
  const parts = errors.map(formatFieldError);
  if (parts.length === 0) return '';
  return parts.length === 1 ? (parts[0] ?? '') : `[${parts.join(', ')}]`;
}

// ---- messages shared with the CRD rules ----

export const FTC_NAME_MESSAGE = "name must be 'TARGET_PLURAL_NAME(.TARGET_GROUP_NAME)'";
export const DOMAIN_WITH_DOT_MESSAGE = 'should be a domain with at least one dot';
export const GREATER_THAN_ZERO_MESSAGE = 'should be greater than 0';
export const LEASE_DURATION_MESSAGE = 'leaseDuration must be greater than renewDeadline';
/** client-go leaderelection.JitterFactor. */
export const LEADER_ELECTION_JITTER_FACTOR = 1.2;
export const RENEW_DEADLINE_MESSAGE = `renewDeadline must be greater than retryPeriod*JitterFactor(${LEADER_ELECTION_JITTER_FACTOR.toFixed(1)})`;
export const TLS_ALL_ALONE_MESSAGE = 'when * is specified, it is expected to be the only option in list';
export const PORT_RANGE_MESSAGE = 'must be between 1 and 65535, inclusive';
export const HOST_URL_MESSAGE = 'host must be a URL or a host:port pair';
export const DNS1035_LABEL_FORMAT = '[a-z]([-a-z0-9]*[a-z0-9])?';
/** IsDNS1035Label's message (k8s.io/apimachinery/pkg/util/validation), including RegexError's double space. */
export const DNS1035_LABEL_MESSAGE =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, " +
  `and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '${DNS1035_LABEL_FORMAT}')`;
export const DNS1123_SUBDOMAIN_FORMAT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
/** IsDNS1123Subdomain's format message, taken from the one implementation of it so the two cannot drift. */
export const DNS1123_SUBDOMAIN_MESSAGE = validateDNS1123Subdomain('-')[0] ?? '';
export const VALID_IP_MESSAGE = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

const dns1035Re = new RegExp(`^${DNS1035_LABEL_FORMAT}$`);

function validateDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!dns1035Re.test(value)) errs.push(DNS1035_LABEL_MESSAGE);
  return errs;
}

// ---- field.Error constructors ----

/** A value as apimachinery prints it: strings quoted, numbers and booleans bare, Go durations as `15s`. */
type BadValue = string | number | boolean | { duration: string } | readonly string[];

function renderValue(value: BadValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if ('duration' in value) return value.duration;
  return JSON.stringify(value);
}

const required = (field: string): FieldError => ({ field, type: 'FieldValueRequired', message: 'Required value' });

function invalid(field: string, value: BadValue, detail: string): FieldError {
  return { field, type: 'FieldValueInvalid', message: `Invalid value: ${renderValue(value)}: ${detail}` };
}

function notSupported(field: string, value: string, accepted: readonly string[]): FieldError {
  const supported = accepted.map((a) => JSON.stringify(a)).join(', ');
  return { field, type: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported}` };
}

const duplicate = (field: string, value: string): FieldError => ({
  field,
  type: 'FieldValueDuplicate',
  message: `Duplicate value: ${JSON.stringify(value)}`,
});

/** validateEnumStrings: empty → Required, unknown → NotSupported. */
function validateEnum(field: string, value: string | undefined, accepted: readonly string[]): FieldError[] {
  if (!value) return [required(field)];
  return accepted.includes(value) ? [] : [notSupported(field, value, accepted)];
}

// ---- FederatedTypeConfig ----

export interface SubresourceOptions {
  /** Validate a write to the status subresource (only status is checked) rather than to the object. */
  status?: boolean;
}

/** ValidateFederatedTypeConfig: the name rule and spec, or (for the status subresource) the status. */
export function validateFederatedTypeConfig(ftc: FederatedTypeConfig, options: SubresourceOptions = {}): FieldError[] {
  if (options.status) return validateFederatedTypeConfigStatus(ftc.status, 'status');
  return [...validateFederatedTypeConfigName(ftc), ...validateFederatedTypeConfigSpec(ftc.spec, 'spec')];
}

/** The FTC must be named `<target plural>[.<target group>]`. */
export function validateFederatedTypeConfigName(ftc: FederatedTypeConfig): FieldError[] {
  const name = ftc.metadata.name ?? '';
  const target = ftc.spec?.targetType ?? { pluralName: '' };
  return groupQualifiedName(target) === name ? [] : [invalid('name', name, FTC_NAME_MESSAGE)];
}

export function validateFederatedTypeConfigSpec(spec: FederatedTypeConfig['spec'] | undefined, path: string): FieldError[] {
  if (!spec) return [required(path)];
  const errs = [
    ...validateAPIResource(spec.targetType, `${path}.targetType`),
    ...validateEnum(`${path}.propagation`, spec.propagation, EnabledDisabledValues),
    ...validateFederatedAPIResource(spec.federatedType, `${path}.federatedType`),
  ];
  if (spec.statusType) errs.push(...validateFederatedAPIResource(spec.statusType, `${path}.statusType`));
  if (spec.statusCollection !== undefined) {
    errs.push(...validateEnum(`${path}.statusCollection`, spec.statusCollection, EnabledDisabledValues));
  }
  return errs;
}

/** A federated or status type: like any APIResource, but its group is required and must contain a dot. */
export function validateFederatedAPIResource(resource: APIResource | undefined, path: string): FieldError[] {
  if (!resource) return [required(path)];
  const errs: FieldError[] = [];
  if (!resource.group) errs.push(required(`${path}.group`));
  else if (!resource.group.includes('.')) errs.push(invalid(`${path}.group`, resource.group, DOMAIN_WITH_DOT_MESSAGE));
  return [...errs, ...validateAPIResource(resource, path)];
}

export function validateAPIResource(resource: APIResource | undefined, path: string): FieldError[] {
  if (!resource) return [required(path)];
  const errs: FieldError[] = [];
  if (resource.group) {
    const groupErrs = validateDNS1123Subdomain(resource.group);
    if (groupErrs.length > 0) errs.push(invalid(`${path}.group`, resource.group, groupErrs.join(',')));
  }
  const dns1035Field = (name: 'version' | 'kind' | 'pluralName', checked: (v: string) => string): void => {
    const value = resource[name];
    if (!value) {
      errs.push(required(`${path}.${name}`));
      return;
    }
    const fieldErrs = validateDNS1035Label(checked(value));
    if (fieldErrs.length > 0) errs.push(invalid(`${path}.${name}`, value, fieldErrs.join(',')));
  };
  dns1035Field('version', (v) => v);
  dns1035Field('kind', (v) => v.toLowerCase());
  dns1035Field('pluralName', (v) => v);
  errs.push(...validateEnum(`${path}.scope`, resource.scope, ScopeValues));
  return errs;
}

export function validateFederatedTypeConfigStatus(status: FederatedTypeConfigStatus | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const generation = status?.observedGeneration ?? 0;
  if (generation < 0) errs.push(invalid(`${path}.observedGeneration`, generation, 'must be greater than or equal to 0'));
  errs.push(...validateEnum(`${path}.propagationController`, status?.propagationController, ControllerStatusValues));
  if (status?.statusController !== undefined) {
    errs.push(...validateEnum(`${path}.statusController`, status.statusController, ControllerStatusValues));
  }
  return errs;
}

// ---- KubeFedCluster ----

/** A member API endpoint as client-go's DefaultServerURL reads it (https unless a scheme is given). */
export interface ApiEndpoint {
  scheme: string;
  hostname: string;
  /** Digits as written; empty when absent. */
  port: string;
  /** `<scheme>://<host>[:<port>]`, ready to prefix request paths. */
  url: string;
}

const schemeRe = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/s;

/**
 * Parses a KubeFedCluster `apiEndpoint` like rest.DefaultServerURL(host, "", gv, defaultTLS=true): a value without
 * `scheme://` is taken as `https://<value>`; a path other than `/` is refused. Throws an Error whose message is
 * client-go's.
 */
export function parseApiEndpoint(endpoint: string): ApiEndpoint {
  if (endpoint === '') throw new Error(HOST_URL_MESSAGE);
  const m = schemeRe.exec(endpoint);
  const withScheme = m && m[2] !== undefined && !/^[/?#]/.test(m[2]) && m[2] !== '';
  const scheme = withScheme && m[1] ? m[1].toLowerCase() : 'https';
  const rest = withScheme && m[2] !== undefined ? m[2] : endpoint;
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const path = authorityEnd < 0 ? '' : rest.slice(authorityEnd).replace(/[?#].*$/s, '');
  if (path !== '' && path !== '/') throw new Error(`${HOST_URL_MESSAGE}: ${JSON.stringify(endpoint)}`);
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  let hostname: string;
  let port = '';
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) throw new Error(`parse ${JSON.stringify(`${scheme}://${authority}`)}: missing ']' in host`);
    hostname = hostPort.slice(1, close);
    const after = hostPort.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) {
      throw new Error(`parse ${JSON.stringify(`${scheme}://${authority}`)}: invalid port ${JSON.stringify(after)} after host`);
    }
    port = after.slice(1);
  } else {
    const colon = hostPort.lastIndexOf(':');
    hostname = colon < 0 ? hostPort : hostPort.slice(0, colon);
    port = colon < 0 ? '' : hostPort.slice(colon + 1);
  }
  if (!/^[0-9]*$/.test(port)) {
    throw new Error(`parse ${JSON.stringify(`${scheme}://${authority}`)}: invalid port ${JSON.stringify(`:${port}`)} after host`);
  }
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  return { scheme, hostname, port, url: `${scheme}://${host}${port ? `:${port}` : ''}` };
}

export function validateApiEndpoint(endpoint: string | undefined, path: string): FieldError[] {
  if (!endpoint) return [required(path)];
  let parsed: ApiEndpoint;
  try {
    parsed = parseApiEndpoint(endpoint);
  } catch (err) {
    return [invalid(path, endpoint, err instanceof Error ? err.message : String(err))];
  }
  const errs = validateEnum(path, parsed.scheme, ['http', 'https']);
  const dnsErrs = validateDNS1123Subdomain(parsed.hostname);
  if (dnsErrs.length > 0 && isIP(parsed.hostname) === 0) {
    errs.push(invalid(path, parsed.hostname, `${VALID_IP_MESSAGE}; or ${dnsErrs.join(',')}`));
  }
  if (parsed.port !== '') {
    const port = Number.parseInt(parsed.port, 10);
    if (port < 1 || port > 65535) errs.push(invalid(path, port, PORT_RANGE_MESSAGE));
  }
  return errs;
}

export function validateProxyURL(proxyURL: string | undefined, path: string): FieldError[] {
  if (!proxyURL) return [];
  let url: URL;
  try {
    url = new URL(proxyURL);
  } catch {
    return [invalid(path, proxyURL, 'must be a URL with scheme http, https or socks5')];
  }
  return validateEnum(path, url.protocol.replace(/:$/, ''), ProxySchemeValues);
}

export function validateDisabledTLSValidations(values: readonly string[] | undefined, path: string): FieldError[] {
  const list = values ?? [];
  const errs = list.flatMap((v) => validateEnum(path, v, TLSValidationValues));
  if (list.includes('*') && list.length > 1) errs.push(invalid(path, list, TLS_ALL_ALONE_MESSAGE));
  return errs;
}

/** ValidateKubeFedCluster: the spec, or (for the status subresource) the status. */
export function validateKubeFedCluster(cluster: KubeFedCluster, options: SubresourceOptions = {}): FieldError[] {
  if (options.status) return validateKubeFedClusterStatus(cluster.status, 'status');
  const spec = cluster.spec;
  if (!spec) return [required('spec')];
  const errs = validateApiEndpoint(spec.apiEndpoint, 'spec.apiEndpoint');
  const secretName = spec.secretRef?.name;
  if (!secretName) errs.push(required('spec.secretRef.name'));
  else {
    const nameErrs = validateDNS1123Subdomain(secretName);
    if (nameErrs.length > 0) errs.push(invalid('spec.secretRef.name', secretName, nameErrs.join(',')));
  }
  errs.push(...validateDisabledTLSValidations(spec.disabledTLSValidations, 'spec.disabledTLSValidations'));
  errs.push(...validateProxyURL(spec.proxyURL, 'spec.proxyURL'));
  return errs;
}

export function validateKubeFedClusterStatus(status: KubeFedClusterStatus | undefined, path: string): FieldError[] {
  return (status?.conditions ?? []).flatMap((c, i) => {
    const p = `${path}.conditions[${i}]`;
    const errs = [
      ...validateEnum(`${p}.type`, c.type, ClusterConditionTypeValues),
      ...validateEnum(`${p}.status`, c.status, ConditionStatusValues),
    ];
    if (!c.lastProbeTime) errs.push(required(`${p}.lastProbeTime`));
    return errs;
  });
}

// ---- KubeFedConfig ----

/** Parses a duration field; absent → Required, unparseable → Invalid with Go's parse error, ≤ 0 → Invalid. */
function positiveDuration(errs: FieldError[], path: string, value: string | undefined): bigint | undefined {
  if (value === undefined || value === '') {
    errs.push(required(path));
    return undefined;
  }
  let nanos: bigint;
  try {
    nanos = parseDurationNanos(value);
  } catch (err) {
    errs.push(invalid(path, value, err instanceof DurationError ? err.message : String(err)));
    return undefined;
  }
  if (nanos <= 0n) errs.push(invalid(path, { duration: value }, GREATER_THAN_ZERO_MESSAGE));
  return nanos;
}

function positiveInt(errs: FieldError[], path: string, value: number | undefined): void {
  if (value === undefined || value === null) errs.push(required(path));
  else if (!Number.isInteger(value) || value <= 0) errs.push(invalid(path, value, GREATER_THAN_ZERO_MESSAGE));
}

/**
 * ValidateKubeFedConfig of a defaulted config; `old` (on update) enforces the immutable scope. Unlike KubeFed this
 * also checks cacheSyncTimeout and both maxConcurrentReconciles (KubeFed defaulted them but never validated them),
 * and accepts `leases` as resourceLock.
 */
export function validateKubeFedConfig(config: KubeFedConfig, old?: KubeFedConfig): FieldError[] {
  const spec = config.spec;
  if (!spec) return [required('spec')];
  const errs = validateEnum('spec.scope', spec.scope, ScopeValues);
  if (old?.spec && old.spec.scope !== spec.scope) {
    errs.push(invalid('spec.scope', spec.scope ?? '', 'field is immutable'));
  }

  const duration = spec.controllerDuration;
  if (!duration) errs.push(required('spec.controllerDuration'));
  else {
    positiveDuration(errs, 'spec.controllerDuration.availableDelay', duration.availableDelay);
    positiveDuration(errs, 'spec.controllerDuration.unavailableDelay', duration.unavailableDelay);
    positiveDuration(errs, 'spec.controllerDuration.cacheSyncTimeout', duration.cacheSyncTimeout);
  }

  const elect = spec.leaderElect;
  if (!elect) errs.push(required('spec.leaderElect'));
  else {
    const lease = positiveDuration(errs, 'spec.leaderElect.leaseDuration', elect.leaseDuration);
    const renew = positiveDuration(errs, 'spec.leaderElect.renewDeadline', elect.renewDeadline);
    const retry = positiveDuration(errs, 'spec.leaderElect.retryPeriod', elect.retryPeriod);
    if (lease !== undefined && renew !== undefined && lease <= renew) {
      errs.push(invalid('spec.leaderElect.leaseDuration', { duration: elect.leaseDuration ?? '' }, LEASE_DURATION_MESSAGE));
    }
    // Go: renewDeadline <= time.Duration(float64(retryPeriod) * 1.2), i.e. truncated nanoseconds.
    if (renew !== undefined && retry !== undefined && renew <= (retry * 12n) / 10n) {
      errs.push(invalid('spec.leaderElect.renewDeadline', { duration: elect.renewDeadline ?? '' }, RENEW_DEADLINE_MESSAGE));
    }
    errs.push(...validateEnum('spec.leaderElect.resourceLock', elect.resourceLock, ResourceLockValues));
  }

  const gates = spec.featureGates;
  if (!gates) errs.push(required('spec.featureGates'));
  else {
    const seen = new Set<string>();
    for (const gate of gates) {
      if (seen.has(gate.name)) {
        errs.push(duplicate('spec.featureGates.name', gate.name));
        continue;
      }
      seen.add(gate.name);
      errs.push(...validateEnum('spec.featureGates.name', gate.name, FeatureGateNameValues));
      errs.push(...validateEnum('spec.featureGates.configuration', gate.configuration, EnabledDisabledValues));
    }
  }

  const health = spec.clusterHealthCheck;
  if (!health) errs.push(required('spec.clusterHealthCheck'));
  else {
    positiveDuration(errs, 'spec.clusterHealthCheck.period', health.period);
    positiveInt(errs, 'spec.clusterHealthCheck.failureThreshold', health.failureThreshold);
    positiveInt(errs, 'spec.clusterHealthCheck.successThreshold', health.successThreshold);
    positiveDuration(errs, 'spec.clusterHealthCheck.timeout', health.timeout);
  }

  const sync = spec.syncController;
  if (!sync) errs.push(required('spec.syncController'));
  else {
    positiveInt(errs, 'spec.syncController.maxConcurrentReconciles', sync.maxConcurrentReconciles);
    if (sync.adoptResources === undefined) errs.push(required('spec.syncController.adoptResources'));
    else errs.push(...validateEnum('spec.syncController.adoptResources', sync.adoptResources, EnabledDisabledValues));
  }

  const status = spec.statusController;
  if (!status) errs.push(required('spec.statusController'));
  else positiveInt(errs, 'spec.statusController.maxConcurrentReconciles', status.maxConcurrentReconciles);
  return errs;
}

// ---- ReplicaSchedulingPreference (our addition: KubeFed only logged these problems) ----

export const RSP_TARGET_KIND_MESSAGE = 'must be FederatedDeployment or FederatedReplicaSet';
export const RSP_MIN_MAX_MESSAGE = 'must be greater than or equal to minReplicas';
export const NON_NEGATIVE_MESSAGE = 'must be greater than or equal to 0';

export function validateReplicaSchedulingPreference(rsp: ReplicaSchedulingPreference): FieldError[] {
  const spec = rsp.spec;
  if (!spec) return [required('spec')];
  const errs: FieldError[] = [];
  if (!spec.targetKind) errs.push(required('spec.targetKind'));
  else if (!RSP_TARGET_KINDS.includes(spec.targetKind)) errs.push(invalid('spec.targetKind', spec.targetKind, RSP_TARGET_KIND_MESSAGE));
  const nonNegative = (path: string, value: number | undefined): void => {
    if (value !== undefined && value < 0) errs.push(invalid(path, value, NON_NEGATIVE_MESSAGE));
  };
  if (spec.totalReplicas === undefined) errs.push(required('spec.totalReplicas'));
  else nonNegative('spec.totalReplicas', spec.totalReplicas);
  for (const [cluster, prefs] of Object.entries(spec.clusters ?? {})) {
    const p = `spec.clusters[${cluster}]`;
    nonNegative(`${p}.minReplicas`, prefs.minReplicas);
    nonNegative(`${p}.maxReplicas`, prefs.maxReplicas);
    nonNegative(`${p}.weight`, prefs.weight);
    if (prefs.maxReplicas !== undefined && prefs.maxReplicas < (prefs.minReplicas ?? 0)) {
      errs.push(invalid(`${p}.maxReplicas`, prefs.maxReplicas, RSP_MIN_MAX_MESSAGE));
    }
  }
  return errs;
}
