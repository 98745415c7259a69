// The subset of Kubernetes JSONPath (k8s.io/client-go/util/jsonpath) that CRD `additionalPrinterColumns` and
// kubectl use: `.a.b`, `['a.b']` / `["a"]`, `[0]`, `[-1]`, `[1:3]`, `[*]`, `.*`, `..name` (recursive descent),
// and filters `[?(@.type=="Ready")]` with ==, !=, <, <=, >, >= or a bare existence test `[?(@.x)]`.
// An optional surrounding `{…}` is accepted, as CRD columns are evaluated as `{<jsonPath>}`.

export class JsonPathError extends Error {
  override readonly name = 'JsonPathError';
}

type Literal = string | number | boolean | null;

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'recursive'; name: string | null }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start?: number; end?: number }
  | { kind: 'filter'; path: Step[]; op?: string; value?: Literal };

export interface CompiledJsonPath {
  readonly source: string;
  /** Every match, in document order. Missing keys produce no match (kube's AllowMissingKeys(true)). */
  find(data: unknown): unknown[];
}

const identChar = /[A-Za-z0-9_\-/$]/;

class PathParser {
  private i = 0;

  constructor(private readonly s: string) {}

  private fail(msg: string): never {
    throw new JsonPathError(`invalid JSONPath ${JSON.stringify(this.s)}: ${msg} at position ${this.i}`);
  }

  private peek(n = 0): string {
    return this.s.charAt(this.i + n);
  }

  private skipSpaces(): void {
    while (this.peek() === ' ') this.i++;
  }

  parse(stopAt?: string): Step[] {
    const steps: Step[] = [];
    if (this.peek() === '@' || this.peek() === '$') this.i++;
    while (this.i < this.s.length) {
      const c = this.peek();
      if (stopAt !== undefined && stopAt.includes(c)) break;
      if (c === '.') {
        if (this.peek(1) === '.') {
          this.i += 2;
          if (this.peek() === '*') {
            this.i++;
            steps.push({ kind: 'recursive', name: null });
          } else {
            steps.push({ kind: 'recursive', name: this.ident() });
          }
        } else {
          this.i++;
          if (this.peek() === '*') {
            this.i++;
            steps.push({ kind: 'wildcard' });
          } else if (this.peek() === '[' || this.i >= this.s.length) {
            continue;
          } else {
            steps.push({ kind: 'field', name: this.ident() });
          }
        }
      } else if (c === '[') {
        steps.push(this.bracket());
      } else if (stopAt !== undefined && c === ' ') {
        break;
      } else {
        this.fail(`unexpected ${JSON.stringify(c)}`);
      }
    }
    return steps;
  }

  private ident(): string {
    const start = this.i;
    while (this.i < this.s.length && identChar.test(this.peek())) this.i++;
    if (this.i === start) this.fail('expected a field name');
    return this.s.slice(start, this.i);
  }

  private quoted(): string {
    const q = this.peek();
    this.i++;
    let out = '';
    while (this.i < this.s.length && this.peek() !== q) {
      if (this.peek() === '\\' && this.i + 1 < this.s.length) this.i++;
      out += this.peek();
      this.i++;
    }
    if (this.peek() !== q) this.fail('unterminated string');
    this.i++;
    return out;
  }

  private int(): number | undefined {
    const m = /^-?\d+/.exec(this.s.slice(this.i));
    if (!m) return undefined;
    this.i += m[0].length;
    return Number(m[0]);
  }

  private bracket(): Step {
    this.i++;
    this.skipSpaces();
    let step: Step;
    const c = this.peek();
    if (c === '*') {
      this.i++;
      step = { kind: 'wildcard' };
    } else if (c === "'" || c === '"') {
      step = { kind: 'field', name: this.quoted() };
    } else if (c === '?') {
      this.i++;
      if (this.peek() !== '(') this.fail("expected '(' after '?'");
      this.i++;
      step = this.filter();
      if (this.peek() !== ')') this.fail("expected ')'");
      this.i++;
    } else {
      const start = this.int();
      this.skipSpaces();
      if (this.peek() === ':') {
        this.i++;
        const end = this.int();
        step = { kind: 'slice', start, end };
      } else {
        if (start === undefined) this.fail('expected an index');
        step = { kind: 'index', index: start };
      }
    }
    this.skipSpaces();
    if (this.peek() !== ']') this.fail("expected ']'");
    this.i++;
    return step;
  }

  private filter(): Step {
    this.skipSpaces();
    if (this.peek() !== '@') this.fail("filters must start with '@'");
    const path = this.parse(' =!<>)');
    this.skipSpaces();
    const m = /^(==|!=|<=|>=|<|>)/.exec(this.s.slice(this.i));
    if (!m) return { kind: 'filter', path };
    this.i += m[0].length;
    this.skipSpaces();
    return { kind: 'filter', path, op: m[0], value: this.literal() };
  }

  private literal(): Literal {
    const c = this.peek();
    if (c === "'" || c === '"') return this.quoted();
    const m = /^(-?\d+(\.\d+)?|true|false|null)/.exec(this.s.slice(this.i));
    if (!m) this.fail('expected a literal');
    this.i += m[0].length;
    const t = m[0];
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (t === 'null') return null;
    return Number(t);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isRecord(v)) return Object.keys(v).sort().map((k) => v[k]);
  return [];
}

function descendants(v: unknown, out: unknown[]): void {
  out.push(v);
  for (const c of children(v)) descendants(c, out);
}

function compare(a: unknown, op: string, b: Literal): boolean {
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    default: {
      if (typeof a !== 'number' || typeof b !== 'number') return false;
      return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
    }
  }
}

function evaluate(steps: readonly Step[], input: unknown[]): unknown[] {
  let cur = input;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      switch (step.kind) {
        case 'field':
          if (isRecord(v) && Object.prototype.hasOwnProperty.call(v, step.name)) next.push(v[step.name]);
          break;
        case 'wildcard':
          next.push(...children(v));
          break;
        case 'recursive': {
          const all: unknown[] = [];
          descendants(v, all);
          for (const d of all) {
            if (step.name === null) next.push(...children(d));
            else if (isRecord(d) && Object.prototype.hasOwnProperty.call(d, step.name)) next.push(d[step.name]);
          }
          break;
        }
        case 'index':
          if (Array.isArray(v)) {
            const i = step.index < 0 ? v.length + step.index : step.index;
            if (i >= 0 && i < v.length) next.push(v[i]);
          }
          break;
        case 'slice':
          if (Array.isArray(v)) {
            const norm = (n: number | undefined, dflt: number): number =>
              n === undefined ? dflt : n < 0 ? Math.max(0, v.length + n) : Math.min(n, v.length);
            next.push(...v.slice(norm(step.start, 0), norm(step.end, v.length)));
          }
          break;
        case 'filter':
          for (const item of children(v)) {
            const found = evaluate(step.path, [item]);
            if (step.op === undefined ? found.length > 0 : found.some((f) => compare(f, step.op ?? '==', step.value ?? null))) {
              next.push(item);
            }
          }
          break;
      }
    }
    cur = next;
  }
  return cur;
}

/** Parses a JSONPath expression once; evaluate it many times with `find`. Throws `JsonPathError`. */
export function compileJsonPath(expression: string): CompiledJsonPath {
  let text = expression.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1).trim();
  const steps = new PathParser(text).parse();
  return { source: expression, find: (data: unknown) => evaluate(steps, [data]) };
}

/**
 * How kube's jsonpath PrintResults renders one value: strings raw, maps and lists as compact JSON, other scalars with
 * Go's fmt formatting.
 */
export function formatJsonPathValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'object') return JSON.stringify(sortKeys(value));
  return String(value);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isRecord(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}
