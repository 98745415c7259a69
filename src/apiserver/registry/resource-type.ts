// The served description of one resource: everything discovery, OpenAPI, routing and the write pipeline need to
// know about a kind. Built-in kinds come from builtin-types.ts, custom resources from their CRD.
import type { JsonObject, KubeObject } from '../../common/object.js';

/** Where a scale subresource reads and writes replicas (apiextensions.k8s.io/v1 CustomResourceSubresourceScale). */
export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/**
 * When metadata.generation moves (Kubernetes' per-kind registry strategies): `spec` bumps on a change of .spec
 * (apps, batch, networking), `nonMetadata` on any change outside metadata (CRs without a status subresource),
 * `nonMetadataStatus` on any change outside metadata and status (CRs with one, CRDs), `none` leaves it unset.
 */
export type GenerationRule = 'spec' | 'nonMetadata' | 'nonMetadataStatus' | 'none';

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

export interface CustomResourceServing {
  crdName: string;
  crdUid: string;
  /** openAPIV3Schema of this version, undefined when the CRD has none. */
  schema?: JsonObject;
  printerColumns: PrinterColumn[];
  storageVersion: string;
}

export interface ExtraSubresource {
  name: string;
  kind: { group: string; version: string; kind: string };
  verbs: string[];
}

export interface ResourceType {
  group: string;
  version: string;
  resource: string;
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  status: boolean;
  scale?: ScaleSubresource;
  generation: GenerationRule;
  /** Kubernetes' PrepareForCreate drops or resets .status for kinds whose status is written by controllers. */
  resetStatusOnCreate: boolean;
  /** Storage key shared by every version of a group's resource: "group/resource". */
  storageKey: string;
  /** Extra field-selector fields beyond metadata.name / metadata.namespace. */
  selectableFields?: Record<string, (obj: KubeObject) => string | undefined>;
  /** Top-level fields a built-in kind accepts (strict field validation); undefined = not checked here. */
  topLevelFields?: string[];
  custom?: CustomResourceServing;
  /** Subresources served by their own handlers (serviceaccounts/token), listed in discovery beside status and scale. */
  extraSubresources?: ExtraSubresource[];
  /** Kubernetes' name rule: most kinds take a DNS-1123 subdomain, some (namespaces, services) a DNS-1123 label. */
  nameRule: 'subdomain' | 'label' | 'path';
}

export function gvString(t: { group: string; version: string }): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** "deployments.apps" / "configmaps": the qualified resource used in Kubernetes' error messages. */
export function qualifiedResource(t: { group: string; resource: string }): string {
  return t.group ? `${t.resource}.${t.group}` : t.resource;
}
