// The shapes behind `application/json;as=Table;v=v1;g=meta.k8s.io` responses (k8s.io/apimachinery meta/v1
// TableColumnDefinition) and the per-resource converters that fill them. A converter always produces every column,
// wide (priority ≥ 1) ones included, as kube-apiserver does (it prints with GenerateOptions{Wide: true}); kubectl
// hides priority ≥ 1 columns unless `-o wide`.

import type { KubeObject } from '../../common/object.js';

export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface TableConverter {
  readonly columns: TableColumnDefinition[];
  /** One cell per column, positionally. */
  cells(obj: KubeObject, now: Date): unknown[];
}

// metav1.ObjectMeta swagger docs, used by every Name / Age column.
export const nameDescription =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
export const creationTimestampDescription =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export function column(name: string, type: string, description: string, priority = 0, format = ''): TableColumnDefinition {
  return { name, type, format, description, priority };
}

export const nameColumn = (): TableColumnDefinition => column('Name', 'string', nameDescription, 0, 'name');
export const ageColumn = (): TableColumnDefinition => column('Age', 'string', creationTimestampDescription);
