// A CustomResourceDefinition → the resource types it serves (apiextensions.k8s.io/v1 types.go field names).
import type { JsonObject, KubeObject } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import type { PrinterColumn, ResourceType, ScaleSubresource } from '../registry/resource-type.js';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function crdServedTypes(crd: KubeObject): ResourceType[] {
  const spec = isObject(crd.spec) ? crd.spec : {};
  const names = isObject(spec.names) ? spec.names : {};
  const group = str(spec.group);
  const plural = str(names.plural);
  const kind = str(names.kind);
  if (!group || !plural || !kind) return [];
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
  const storage = versions.find((v) => v.storage === true);
  const out: ResourceType[] = [];
  for (const v of versions) {
    if (v.served === false) continue;
    const subs = isObject(v.subresources) ? v.subresources : {};
    const status = isObject(subs.status);
    let scale: ScaleSubresource | undefined;
    if (isObject(subs.scale)) {
      scale = { specReplicasPath: str(subs.scale.specReplicasPath), statusReplicasPath: str(subs.scale.statusReplicasPath) };
      const lsp = str(subs.scale.labelSelectorPath);
      if (lsp) scale.labelSelectorPath = lsp;
    }
    const schemaHolder = isObject(v.schema) ? v.schema : {};
    const schema = isObject(schemaHolder.openAPIV3Schema) ? (schemaHolder.openAPIV3Schema as JsonObject) : undefined;
    const printerColumns: PrinterColumn[] = (Array.isArray(v.additionalPrinterColumns) ? v.additionalPrinterColumns : [])
      .filter(isObject)
      .map((c) => {
        const col: PrinterColumn = { name: str(c.name), type: str(c.type), jsonPath: str(c.jsonPath) };
        if (typeof c.description === 'string') col.description = c.description;
        if (typeof c.format === 'string') col.format = c.format;
        if (typeof c.priority === 'number') col.priority = c.priority;
        return col;
      });
    out.push({
      group,
      version: str(v.name),
      resource: plural,
      kind,
      listKind: str(names.listKind) || `${kind}List`,
      singular: str(names.singular) || kind.toLowerCase(),
      namespaced: spec.scope !== 'Cluster',
      verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      shortNames: strings(names.shortNames),
      categories: strings(names.categories),
      status,
      scale,
      generation: status ? 'nonMetadataStatus' : 'nonMetadata',
      resetStatusOnCreate: false,
      storageKey: `${group}/${plural}`,
      nameRule: 'subdomain',
      custom: {
        crdName: crd.metadata.name ?? '',
        crdUid: crd.metadata.uid ?? '',
        schema,
        printerColumns,
        storageVersion: str(storage?.name),
      },
    });
  }
  return out;
}
