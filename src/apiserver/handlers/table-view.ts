// meta.k8s.io Tables (kubectl-wire §6) built with the table converters: built-in kinds by group/resource, CRDs by
// additionalPrinterColumns, anything else Name + Age. rows[].object is PartialObjectMetadata by default
// (?includeObject=None|Object|Metadata, as kube-apiserver).
import type { KubeObject } from '../../common/object.js';
import type { ResourceType } from '../registry/resource-type.js';
import { builtinTableConverter, crdTableConverter, defaultTableConverter, type TableConverter } from '../table/index.js';
import type { ListMetaOut } from './object-views.js';

export interface TableOptions {
  includeObject: 'None' | 'Object' | 'Metadata';
  /** Watch events after the first carry no column definitions (as kube-apiserver). */
  omitColumns?: boolean;
}

const converters = new WeakMap<ResourceType, TableConverter>();

export function converterFor(t: ResourceType): TableConverter {
  let c = converters.get(t);
  if (!c) {
    // A CR without printer columns gets Name + Age (apiextensions-apiserver's default), not the Created At default.
    if (t.custom) c = crdTableConverter(t.custom.printerColumns);
    else c = builtinTableConverter(t.group, t.resource) ?? defaultTableConverter();
    converters.set(t, c);
  }
  return c;
}

export function tableFor(t: ResourceType, items: KubeObject[], meta: ListMetaOut | { resourceVersion: string }, version: string, opts: TableOptions): Record<string, unknown> {
  const conv = converterFor(t);
  const now = new Date();
  const rows = items.map((o) => {
    const row: Record<string, unknown> = { cells: conv.cells(o, now) };
    if (opts.includeObject === 'Object') row.object = o;
    else if (opts.includeObject === 'Metadata') row.object = { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: o.metadata };
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${version}`,
    metadata: meta,
    columnDefinitions: opts.omitColumns ? [] : conv.columns,
    rows,
  };
}
