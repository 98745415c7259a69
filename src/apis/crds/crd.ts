// apiextensions.k8s.io/v1 CustomResourceDefinition (k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1 types.go),
// the fields we generate, and the one builder every KubeFed CRD goes through.
import type { KubeObject } from '../../common/object.js';
import type { Scope } from '../constants.js';
import type { JSONSchemaProps } from './schema.js';

export interface CustomResourceDefinitionNames {
  plural: string;
  singular?: string;
  kind: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

export interface CustomResourceColumnDefinition {
  name: string;
  type: 'integer' | 'number' | 'string' | 'boolean' | 'date';
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

export interface CustomResourceSubresources {
  status?: Record<string, never>;
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}

export interface CustomResourceDefinitionVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  schema: { openAPIV3Schema: JSONSchemaProps };
  subresources?: CustomResourceSubresources;
  additionalPrinterColumns?: CustomResourceColumnDefinition[];
}

export interface CustomResourceDefinitionSpec {
  group: string;
  names: CustomResourceDefinitionNames;
  scope: Scope;
  versions: CustomResourceDefinitionVersion[];
  preserveUnknownFields?: boolean;
}

export interface CustomResourceDefinition extends KubeObject {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  spec: CustomResourceDefinitionSpec;
}

export interface CrdOptions {
  group: string;
  version: string;
  kind: string;
  plural: string;
  scope: Scope;
  shortNames?: readonly string[];
  categories?: readonly string[];
  schema: JSONSchemaProps;
  statusSubresource?: boolean;
  printerColumns?: CustomResourceColumnDefinition[];
  labels?: Record<string, string>;
}

/** A single-version CRD (served and stored) named `<plural>.<group>`, with KubeFed's singular/listKind convention. */
export function customResourceDefinition(o: CrdOptions): CustomResourceDefinition {
  const names: CustomResourceDefinitionNames = {
    plural: o.plural,
    singular: o.kind.toLowerCase(),
    kind: o.kind,
    listKind: `${o.kind}List`,
  };
  if (o.shortNames && o.shortNames.length > 0) names.shortNames = [...o.shortNames];
  if (o.categories && o.categories.length > 0) names.categories = [...o.categories];
  const version: CustomResourceDefinitionVersion = {
    name: o.version,
    served: true,
    storage: true,
    schema: { openAPIV3Schema: o.schema },
  };
  if (o.statusSubresource) version.subresources = { status: {} };
  if (o.printerColumns && o.printerColumns.length > 0) version.additionalPrinterColumns = o.printerColumns;
  const metadata: CustomResourceDefinition['metadata'] = { name: `${o.plural}.${o.group}` };
  if (o.labels) metadata.labels = { ...o.labels };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata,
    spec: { group: o.group, names, scope: o.scope, versions: [version] },
  };
}
