// Kubernetes field selectors: the grammar of k8s.io/apimachinery/pkg/fields/selector.go `ParseSelector`
// (comma-separated `field=value`, `field==value`, `field!=value`; `\`, `,` and `=` in values are backslash-escaped).
// Which fields a resource supports is the API server's business; this module only parses and matches.

import { SelectorError } from './labels.js';

export type FieldOperator = '=' | '==' | '!=';

export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  /** Unescaped. */
  readonly value: string;
}

export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  readonly empty: boolean;
  /** A missing field counts as the empty string, as apimachinery's fields.Set does. */
  matches(get: (field: string) => string | undefined): boolean;
  /** The value `field` must equal, when some term pins it (lets a server look an object up by name directly). */
  exactMatch(field: string): string | undefined;
  toString(): string;
}

export { SelectorError };

/** fields.EscapeValue. */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

function unescapeFieldValue(value: string): string {
  if (!/[\\,=]/.test(value)) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (c === '\\') {
      const n = value.charAt(i + 1);
      if (n !== '\\' && n !== ',' && n !== '=') {
        throw new SelectorError(`invalid field selector: invalid escape sequence: ${value.slice(i, i + 2)}`);
      }
      out += n;
      i++;
    } else if (c === ',' || c === '=') {
      throw new SelectorError(`invalid field selector: unescaped character in value: ${c}`);
    } else {
      out += c;
    }
  }
  return out;
}

/** Splits on commas that are not backslash-escaped. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\\') i++;
    else if (c === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

const termOperators: FieldOperator[] = ['!=', '==', '='];

function splitTerm(term: string): FieldRequirement | undefined {
  for (let i = 0; i < term.length; i++) {
    if (term.charAt(i) === '\\') {
      i++;
      continue;
    }
    for (const op of termOperators) {
      if (term.startsWith(op, i)) {
        return { field: term.slice(0, i), operator: op, value: unescapeFieldValue(term.slice(i + op.length)) };
      }
    }
  }
  return undefined;
}

class TermsSelector implements FieldSelector {
  constructor(readonly requirements: readonly FieldRequirement[]) {}

  get empty(): boolean {
    return this.requirements.length === 0;
  }

  matches(get: (field: string) => string | undefined): boolean {
    for (const r of this.requirements) {
      const equal = (get(r.field) ?? '') === r.value;
      if (equal === (r.operator === '!=')) return false;
    }
    return true;
  }

  exactMatch(field: string): string | undefined {
    for (const r of this.requirements) if (r.field === field && r.operator !== '!=') return r.value;
    return undefined;
  }

  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator === '!=' ? '!=' : '='}${escapeFieldValue(r.value)}`).join(',');
  }
}

/** Parses a `fieldSelector` query parameter. An empty string selects everything. Throws `SelectorError`. */
export function parseFieldSelector(text: string): FieldSelector {
  const reqs: FieldRequirement[] = [];
  // apimachinery sorts the raw terms so that equivalent selectors print (and cache) identically.
  for (const term of splitTerms(text).sort()) {
    if (term === '') continue;
    const r = splitTerm(term);
    if (r === undefined) throw new SelectorError(`invalid selector: '${text}'; can't understand '${term}'`);
    reqs.push(r);
  }
  return new TermsSelector(reqs);
}

/**
 * The value at a dotted path (`metadata.name`, `status.phase`, `involvedObject.kind`) rendered as a field-selector
 * string; undefined when absent or not a scalar.
 */
export function fieldValue(obj: unknown, dottedPath: string): string | undefined {
  let cur: unknown = obj;
  for (const part of dottedPath.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (typeof cur === 'string') return cur;
  if (typeof cur === 'number' || typeof cur === 'boolean') return String(cur);
  return undefined;
}
