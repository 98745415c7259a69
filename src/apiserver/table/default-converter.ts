// k8s.io/apiserver/pkg/registry/rest/table.go defaultTableConvertor: what kube serves for resources without a
// printer (roles, clusterroles, customresourcedefinitions): `NAME  CREATED AT` with an RFC 3339 UTC timestamp.

import type { KubeObject } from '../../common/object.js';
import { column, creationTimestampDescription, nameColumn } from './table-converter.js';
import type { TableConverter } from './table-converter.js';

/** Go's zero time.Time formatted with time.RFC3339, which is what kube prints for a missing creationTimestamp. */
const zeroTime = '0001-01-01T00:00:00Z';

function createdAt(o: KubeObject): string {
  const ts = o.metadata?.creationTimestamp;
  const t = typeof ts === 'string' ? Date.parse(ts) : NaN;
  return Number.isNaN(t) ? zeroTime : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const converter: TableConverter = {
  columns: [nameColumn(), column('Created At', 'date', creationTimestampDescription)],
  cells: (o) => [o.metadata?.name ?? '', createdAt(o)],
};

export function defaultTableConverter(): TableConverter {
  return converter;
}
