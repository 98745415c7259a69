// Tables for custom resources from a CRD version's `additionalPrinterColumns`
// (apiextensions-apiserver pkg/registry/customresource/tableconvertor): a Name column, then one column per printer
// column whose cell is the first JSONPath match; with no printer columns kube serves a single `Age` date column
// (customresource_handler.go serveDefaultColumnsIfEmpty).

import type { KubeObject } from '../../common/object.js';
import { compileJsonPath, formatJsonPathValue } from '../jsonpath/index.js';
import type { CompiledJsonPath } from '../jsonpath/index.js';
import { formatAge } from './duration.js';
import { creationTimestampDescription, nameColumn } from './table-converter.js';
import type { TableColumnDefinition, TableConverter } from './table-converter.js';

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  format?: string;
  description?: string;
  priority?: number;
}

/** cellForJSONValue: typed cells, null when the value does not fit the declared type. */
function typedCell(type: string, value: unknown, now: Date): unknown {
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'string':
      return typeof value === 'string' ? value : null;
    case 'date': {
      if (typeof value !== 'string') return null;
      return Number.isNaN(Date.parse(value)) ? '<invalid>' : formatAge(value, now);
    }
    default:
      return null;
  }
}

/** Throws JsonPathError for a column whose jsonPath does not parse (CRD validation rejects those first). */
export function crdTableConverter(additionalPrinterColumns: readonly PrinterColumn[] | null | undefined): TableConverter {
  const cols: PrinterColumn[] = additionalPrinterColumns && additionalPrinterColumns.length > 0
    ? [...additionalPrinterColumns]
    : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: creationTimestampDescription }];
  const paths: CompiledJsonPath[] = cols.map((c) => compileJsonPath(`{${c.jsonPath}}`));
  const columns: TableColumnDefinition[] = [
    nameColumn(),
    ...cols.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
      priority: c.priority ?? 0,
    })),
  ];
  return {
    columns,
    cells(obj: KubeObject, now: Date): unknown[] {
      const out: unknown[] = [obj.metadata?.name ?? ''];
      cols.forEach((c, i) => {
        const found = paths[i]?.find(obj) ?? [];
        if (found.length === 0 || found[0] === null || found[0] === undefined) {
          out.push(null);
        } else if (c.type === 'string') {
          out.push(formatJsonPathValue(found[0]));
        } else {
          out.push(typedCell(c.type, found[0], now));
        }
      });
      return out;
    },
  };
}
