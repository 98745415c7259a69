// How KubeFed derives names from types (pkg/apis/core/typeconfig, pkg/kubefedctl/enable, §2.3, §2.4, §4.4).
import { formatApiVersion } from '../common/object.js';
import {
  FEDERATED_KIND_PREFIX,
  FEDERATED_PLURAL_PREFIX,
  FEDERATED_SHORT_NAME_PREFIX,
  NAMESPACES_FTC_NAME,
} from './constants.js';
import type { APIResource, FederatedTypeConfig } from './types.js';

/**
 * KubeFed's PluralName(kind), used only to default an FTC's federatedType/statusType `pluralName` when absent:
 * lowercase; `s`, `x`, `ch`, `sh`, `z`, `o` endings get `es`; a consonant + `y` ending becomes `ies`; otherwise `s`.
 *
 * One deliberate difference: KubeFed turns every `y` ending into `ies` (`FederatedGateway` → `federatedgatewaies`),
 * which never matches the plural `kubefedctl enable` gives the generated CRD (`federated<targetPlural>`,
 * i.e. `federatedgateways`), so such an FTC could never find its CRD. A vowel + `y` ending takes `s` here. The
 * result is only a default; FTCs that spell out `pluralName` (all generated ones do) are unaffected.
 */
export function pluralName(kind: string): string {
  const name = kind.toLowerCase();
  if (/(s|x|ch|sh|z|o)$/.test(name)) return `${name}es`;
  if (/(^|[^aeiou])y$/.test(name)) return `${name.slice(0, -1)}ies`;
  return `${name}s`;
}

/** `<plural>` for the core group, `<plural>.<group>` otherwise: an FTC's required name for its target type. */
export function groupQualifiedName(resource: Pick<APIResource, 'group' | 'pluralName'>): string {
  return resource.group ? `${resource.pluralName}.${resource.group}` : resource.pluralName;
}

/** Splits an FTC name at the first dot into the target plural and group (`deployments.apps` → deployments, apps). */
export function splitGroupQualifiedName(name: string): { pluralName: string; group: string } {
  const i = name.indexOf('.');
  return i < 0 ? { pluralName: name, group: '' } : { pluralName: name.slice(0, i), group: name.slice(i + 1) };
}

/** The apiVersion of objects of this type: `apps/v1`, or `v1` for the core group (never KubeFed's `/v1` quirk). */
export function apiVersionFor(resource: Pick<APIResource, 'group' | 'version'>): string {
  return formatApiVersion(resource.group ?? '', resource.version);
}

export function federatedKindFor(targetKind: string): string {
  return `${FEDERATED_KIND_PREFIX}${targetKind}`;
}

export function federatedPluralFor(targetPluralName: string): string {
  return `${FEDERATED_PLURAL_PREFIX}${targetPluralName}`;
}

export function federatedShortNamesFor(targetShortNames: readonly string[] | undefined): string[] {
  return (targetShortNames ?? []).map((s) => `${FEDERATED_SHORT_NAME_PREFIX}${s}`);
}

/** Name of a CRD: `<plural>.<group>`. */
export function crdNameFor(resource: Pick<APIResource, 'group' | 'pluralName'>): string {
  return `${resource.pluralName}.${resource.group ?? ''}`;
}

/**
 * Name of the (Cluster)PropagatedVersion recording what was propagated for a federated resource:
 * `<lowercase target kind>-<federated resource name>` (§2.4).
 */
export function propagatedVersionName(targetKind: string, resourceName: string): string {
  return `${targetKind.toLowerCase()}-${resourceName}`;
}

/** Prefix of all (Cluster)PropagatedVersion names of one target kind, as the version manager filters them. */
export function propagatedVersionPrefix(targetKind: string): string {
  return `${targetKind.toLowerCase()}-`;
}

/** True for the FTC of Namespaces, whose federated type (FederatedNamespace) is namespaced. */
export function isNamespacesTypeConfig(ftc: Pick<FederatedTypeConfig, 'metadata'>): boolean {
  return ftc.metadata.name === NAMESPACES_FTC_NAME;
}

/** Event component and user agent of a sync controller: `<lowercase federated kind>-controller` (§3.6). */
export function syncControllerName(federatedKind: string): string {
  return `${federatedKind.toLowerCase()}-controller`;
}
