// Test-only: a renderer for the small subset of Go/Helm templates charts/kubefed uses, because no helm binary is
// available here. It knows `{{ }}` with `{{-`/`-}}` trimming, `if`/`else`/`end`, `range $k, $v := MAP`, pipelines
// and the functions default, quote, toYaml, nindent, eq, or and randAlphaNum, with Go's truthiness (false, 0, nil
// and empty strings, lists and maps are false) and Go's sorted-key map iteration. Anything else throws, so a
// template that starts to need more of Helm fails its test instead of rendering wrongly.
import { stringify } from 'yaml';

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'output'; pipeline: string }
  | { kind: 'if'; cond: string; then: Node[]; else: Node[] }
  | { kind: 'range'; keyVar: string; valueVar: string; pipeline: string; body: Node[] };

interface Token {
  text?: string;
  action?: string;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    let text = open < 0 ? src.slice(i) : src.slice(i, open);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (open < 0) {
      tokens.push({ text });
      break;
    }
    const close = src.indexOf('}}', open);
    if (close < 0) throw new Error(`unclosed action at offset ${open}`);
    let inner = src.slice(open + 2, close);
    if (inner.startsWith('-')) {
      text = text.replace(/\s+$/, '');
      inner = inner.slice(1);
    }
    trimNext = inner.endsWith('-');
    if (trimNext) inner = inner.slice(0, -1);
    tokens.push({ text });
    tokens.push({ action: inner.trim() });
    i = close + 2;
  }
  return tokens;
}

function parse(tokens: Token[]): Node[] {
  let pos = 0;
  const block = (terminators: string[]): { nodes: Node[]; end: string } => {
    const nodes: Node[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos++] as Token;
      if (t.text !== undefined) {
        if (t.text) nodes.push({ kind: 'text', text: t.text });
        continue;
      }
      const a = t.action ?? '';
      if (terminators.includes(a)) return { nodes, end: a };
      if (a.startsWith('if ')) {
        const then = block(['else', 'end']);
        const otherwise = then.end === 'else' ? block(['end']).nodes : [];
        nodes.push({ kind: 'if', cond: a.slice(3), then: then.nodes, else: otherwise });
      } else if (a.startsWith('range ')) {
        const m = /^range\s+(\$\w+)\s*,\s*(\$\w+)\s*:=\s*(.+)$/.exec(a);
        if (!m) throw new Error(`unsupported range: {{ ${a} }}`);
        nodes.push({ kind: 'range', keyVar: m[1] ?? '', valueVar: m[2] ?? '', pipeline: m[3] ?? '', body: block(['end']).nodes });
      } else if (a === 'else' || a === 'end') {
        throw new Error(`unexpected {{ ${a} }}`);
      } else {
        nodes.push({ kind: 'output', pipeline: a });
      }
    }
    if (terminators.length > 0) throw new Error(`missing {{ ${terminators.join(' / ')} }}`);
    return { nodes, end: '' };
  };
  return block([]).nodes;
}

export interface RenderContext {
  Values: unknown;
  Release: { Namespace: string; Name: string };
}

type Scope = { ctx: RenderContext; vars: Map<string, unknown> };

export function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

function words(command: string): string[] {
  const out: string[] = [];
  const re = /"(?:[^"\\]|\\.)*"|\S+/g;
  for (const m of command.matchAll(re)) out.push(m[0]);
  return out;
}

function operand(word: string, scope: Scope): unknown {
  if (word.startsWith('"')) return JSON.parse(word) as string;
  if (/^-?\d+$/.test(word)) return Number(word);
  if (word === 'true' || word === 'false') return word === 'true';
  if (word.startsWith('$')) {
    if (!scope.vars.has(word)) throw new Error(`undefined variable ${word}`);
    return scope.vars.get(word);
  }
  if (word.startsWith('.')) {
    let v: unknown = scope.ctx;
    for (const part of word.slice(1).split('.')) {
      v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[part] : undefined;
    }
    return v;
  }
  throw new Error(`unsupported operand ${word}`);
}

function randAlphaNum(n: number): string {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return Array.from({ length: n }, () => chars[Math.floor(Math.random() * chars.length)]).join('');
}

const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  default: (dflt, v) => (truthy(v) ? v : dflt),
  quote: (v) => JSON.stringify(v === undefined || v === null ? '' : String(v)),
  toYaml: (v) => stringify(v, { lineWidth: 0 }).replace(/\n$/, ''),
  nindent: (n, s) => `\n${String(s).split('\n').map((l) => ' '.repeat(Number(n)) + l).join('\n')}`,
  eq: (a, b) => a === b,
  or: (...args) => args.find(truthy) ?? args[args.length - 1],
  randAlphaNum: (n) => randAlphaNum(Number(n)),
};

function evaluate(pipeline: string, scope: Scope): unknown {
  let value: unknown;
  let first = true;
  for (const command of pipeline.split('|').map((c) => c.trim())) {
    const [head = '', ...rest] = words(command);
    const fn = FUNCTIONS[head];
    if (fn) {
      const args = rest.map((w) => operand(w, scope));
      value = first ? fn(...args) : fn(...args, value);
    } else {
      if (!first || rest.length > 0) throw new Error(`unsupported function ${head} in {{ ${pipeline} }}`);
      value = operand(head, scope);
    }
    first = false;
  }
  return value;
}

function print(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') throw new Error('printing a map or list needs toYaml');
  return String(v);
}

function exec(nodes: Node[], scope: Scope): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'output') out += print(evaluate(n.pipeline, scope));
    else if (n.kind === 'if') out += exec(truthy(evaluate(n.cond, scope)) ? n.then : n.else, scope);
    else {
      const m = evaluate(n.pipeline, scope);
      if (m === undefined || m === null) continue;
      if (typeof m !== 'object' || Array.isArray(m)) throw new Error('range supports maps only');
      for (const key of Object.keys(m).sort()) {
        const vars = new Map(scope.vars).set(n.keyVar, key).set(n.valueVar, (m as Record<string, unknown>)[key]);
        out += exec(n.body, { ctx: scope.ctx, vars });
      }
    }
  }
  return out;
}

/** Renders one template file as Helm would for the subset described above. */
export function renderTemplate(src: string, ctx: RenderContext): string {
  return exec(parse(tokenize(src)), { ctx, vars: new Map() });
}
