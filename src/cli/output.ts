// `-o yaml|json` printing with kubectl's conventions: YAML documents each preceded by `---`, JSON as one object or,
// for several, a `v1 List`.
import { stringify } from 'yaml';
import { CliError } from './errors.js';
import type { KubeObject } from '../common/object.js';

export type OutputFormat = 'yaml' | 'json';

export function parseOutputFormat(value: string | undefined): OutputFormat | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'yaml' || value === 'json') return value;
  throw new CliError(`unable to match a printer suitable for the output format "${value}"; allowed formats are: json, yaml`);
}

/** Drops what a server sets so printed objects can be applied elsewhere (KubeFed strips status and creationTimestamp). */
export function forPrinting<T extends KubeObject>(obj: T): T {
  const copy = structuredClone(obj);
  delete copy['status'];
  delete copy.metadata.creationTimestamp;
  return copy;
}

export function formatObjects(objects: KubeObject[], format: OutputFormat): string {
  const printable = objects.map(forPrinting);
  if (format === 'yaml') return printable.map((o) => `---\n${stringify(o, { lineWidth: 0 })}`).join('');
  if (printable.length === 1) return `${JSON.stringify(printable[0], null, 4)}\n`;
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: printable }, null, 4)}\n`;
}
