// Kubernetes label selectors: the query-string grammar of k8s.io/apimachinery/pkg/labels (selector.go `Parse`) and
// the metav1.LabelSelector conversion of k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go `LabelSelectorAsSelector`,
// plus the label key/value syntax rules of k8s.io/apimachinery/pkg/util/validation/validation.go.
//
// Error texts follow the apimachinery release KubeFed was built against (kubefed-behaviour.md §3.6.1), e.g.
// `"Foo" is not a valid pod selector operator` and `for 'in', 'notin' operators, values set can't be empty`.

export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** Sorted and de-duplicated, as apimachinery's sets.String. */
  readonly values: readonly string[];
}

/** A malformed selector. `message` is fit to show a user (the API server answers 400 BadRequest with it). */
export class SelectorError extends Error {
  override readonly name = 'SelectorError';
}

export interface Selector {
  matches(labels?: Record<string, string> | null): boolean;
  /** True when the selector has no requirements (matches everything). `nothing()` is not empty. */
  readonly empty: boolean;
  readonly requirements: readonly LabelRequirement[];
  toString(): string;
}

// ---- label syntax (k8s.io/apimachinery/pkg/util/validation/validation.go) ----

const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const qualifiedNameRe = new RegExp(`^${qualifiedNameFmt}$`);
const qualifiedNameErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelValueFmt = `(${qualifiedNameFmt})?`;
const labelValueRe = new RegExp(`^${labelValueFmt}$`);
const labelValueErrMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123LabelRe = new RegExp(`^${dns1123LabelFmt}$`);
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123SubdomainRe = new RegExp(`^${dns1123SubdomainFmt}$`);

/** Kubernetes' LabelValueMaxLength and DNS1123LabelMaxLength. */
const maxLabelLength = 63;
/** Kubernetes' DNS1123SubdomainMaxLength. */
const maxSubdomainLength = 253;

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  // apimachinery's RegexError joins examples as "'a', " + " or " + "'b', ", hence the double space.
  let s = `${msg} (e.g. `;
  examples.forEach((ex, i) => {
    if (i > 0) s += ' or ';
    s += `'${ex}', `;
  });
  return `${s}regex used for validation is '${fmt}')`;
}

const maxLenError = (n: number): string => `must be no more than ${n} characters`;

/** IsDNS1123Subdomain: object names of most kinds. Returns the error messages (empty when valid). */
export function validateDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > maxSubdomainLength) errs.push(maxLenError(maxSubdomainLength));
  if (!dns1123SubdomainRe.test(value)) {
    errs.push(regexError(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
      dns1123SubdomainFmt, 'example.com'));
  }
  return errs;
}

/** IsDNS1123Label: namespace names, service names. Returns the error messages (empty when valid). */
export function validateDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > maxLabelLength) errs.push(maxLenError(maxLabelLength));
  if (!dns1123LabelRe.test(value)) {
    errs.push(regexError(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
      dns1123LabelFmt, 'my-name', '123-abc'));
  }
  return errs;
}

/** IsQualifiedName: label and annotation keys (`[prefix/]name`). Returns the error messages (empty when valid). */
export function validateLabelKey(key: string): string[] {
  const errs: string[] = [];
  const parts = key.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...validateDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [`a qualified name ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > maxLabelLength) errs.push(`name part ${maxLenError(maxLabelLength)}`);
  if (!qualifiedNameRe.test(name)) {
    errs.push(`name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')}`);
  }
  return errs;
}

/** IsValidLabelValue. Returns the error messages (empty when valid). */
export function validateLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > maxLabelLength) errs.push(maxLenError(maxLabelLength));
  if (!labelValueRe.test(value)) errs.push(regexError(labelValueErrMsg, labelValueFmt, 'MyValue', 'my_value', '12345'));
  return errs;
}

// ---- requirements and selectors ----

/** labels.NewRequirement: validates and normalises one requirement. */
export function newRequirement(key: string, operator: LabelOperator, values: readonly string[]): LabelRequirement {
  const keyErrs = validateLabelKey(key);
  if (keyErrs.length > 0) throw new SelectorError(`invalid label key "${key}": ${keyErrs.join('; ')}`);
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) throw new SelectorError("for 'in', 'notin' operators, values set can't be empty");
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) throw new SelectorError('exact-match compatibility requires one single value');
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) throw new SelectorError('values set must be empty for exists and does not exist');
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) throw new SelectorError("for 'Gt', 'Lt' operators, exactly one value is required");
      if (!/^[+-]?\d+$/.test(values[0] ?? '')) {
        throw new SelectorError("for 'Gt', 'Lt' operators, the value must be an integer");
      }
      break;
  }
  for (const v of values) {
    const errs = validateLabelValue(v);
    if (errs.length > 0) throw new SelectorError(`invalid label value: "${v}": at key: "${key}": ${errs.join('; ')}`);
  }
  return { key, operator, values: [...new Set(values)].sort() };
}

function requirementMatches(r: LabelRequirement, labels: Record<string, string> | null | undefined): boolean {
  const has = labels != null && Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value ?? '');
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value ?? '');
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[+-]?\d+$/.test(value ?? '')) return false;
      const have = BigInt(value ?? '0');
      const want = BigInt(r.values[0] ?? '0');
      return r.operator === 'gt' ? have > want : have < want;
    }
  }
}

function requirementString(r: LabelRequirement): string {
  switch (r.operator) {
    case '!':
      return `!${r.key}`;
    case 'exists':
      return r.key;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${r.values.join(',')})`;
    case 'gt':
      return `${r.key}>${r.values[0] ?? ''}`;
    case 'lt':
      return `${r.key}<${r.values[0] ?? ''}`;
    default:
      return `${r.key}${r.operator}${r.values[0] ?? ''}`;
  }
}

class RequirementsSelector implements Selector {
  readonly requirements: readonly LabelRequirement[];

  constructor(requirements: LabelRequirement[]) {
    // apimachinery keeps requirements sorted by key so String() is canonical.
    this.requirements = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  get empty(): boolean {
    return this.requirements.length === 0;
  }

  matches(labels?: Record<string, string> | null): boolean {
    for (const r of this.requirements) if (!requirementMatches(r, labels)) return false;
    return true;
  }

  toString(): string {
    return this.requirements.map(requirementString).join(',');
  }
}

const nothingSelector: Selector = {
  requirements: [],
  empty: false,
  matches: () => false,
  toString: () => '',
};

/** labels.Everything(): matches every object. */
export function everything(): Selector {
  return new RequirementsSelector([]);
}

/** labels.Nothing(): matches no object (what a null metav1.LabelSelector means). */
export function nothing(): Selector {
  return nothingSelector;
}

/** A selector from requirements (validated with `newRequirement`). */
export function selectorFromRequirements(requirements: LabelRequirement[]): Selector {
  return new RequirementsSelector(requirements);
}

/** labels.SelectorFromSet: equality on every pair; an empty or absent set selects everything. */
export function selectorFromSet(set: Record<string, string> | null | undefined): Selector {
  return new RequirementsSelector(Object.entries(set ?? {}).map(([k, v]) => newRequirement(k, '=', [v])));
}

// ---- the query-string grammar (labels.Parse) ----

type Token =
  | 'eos' | 'ident' | 'in' | 'notin' | '!' | '!=' | '=' | '==' | '>' | '<' | ',' | '(' | ')';

interface Lexeme { tok: Token; lit: string }

const specialTokens = new Map<string, Token>([
  ['!', '!'], ['!=', '!='], ['=', '='], ['==', '=='], ['>', '>'], ['<', '<'], [',', ','], ['(', '('], [')', ')'],
]);
const specialChars = new Set(['!', '=', '>', '<', ',', '(', ')']);
const isWhitespace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';

function lex(text: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (isWhitespace(c)) {
      i++;
    } else if (specialChars.has(c)) {
      // Longest run of special characters that still forms a token ("!=" and "==", but "=!" is two tokens).
      let buf = c;
      i++;
      while (i < text.length && specialChars.has(text.charAt(i)) && specialTokens.has(buf + text.charAt(i))) {
        buf += text.charAt(i);
        i++;
      }
      out.push({ tok: specialTokens.get(buf) ?? 'ident', lit: buf });
    } else {
      let j = i;
      while (j < text.length && !isWhitespace(text.charAt(j)) && !specialChars.has(text.charAt(j))) j++;
      const lit = text.slice(i, j);
      out.push({ tok: lit === 'in' ? 'in' : lit === 'notin' ? 'notin' : 'ident', lit });
      i = j;
    }
  }
  out.push({ tok: 'eos', lit: '' });
  return out;
}

class LabelParser {
  private pos = 0;

  constructor(private readonly lexemes: Lexeme[]) {}

  /** In the values context the keywords `in`/`notin` are plain identifiers (apimachinery's ParserContext). */
  private peek(values: boolean): Lexeme {
    const l = this.lexemes[Math.min(this.pos, this.lexemes.length - 1)] ?? { tok: 'eos', lit: '' };
    return values && (l.tok === 'in' || l.tok === 'notin') ? { tok: 'ident', lit: l.lit } : l;
  }

  private next(values: boolean): Lexeme {
    const l = this.peek(values);
    if (this.pos < this.lexemes.length - 1) this.pos++;
    return l;
  }

  parse(): LabelRequirement[] {
    const out: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.peek(true);
      if (tok === 'eos') return out;
      if (tok !== 'ident' && tok !== '!') {
        throw new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
      out.push(this.wrap(() => this.requirement()));
      const after = this.next(true);
      if (after.tok === 'eos') return out;
      if (after.tok !== ',') throw new SelectorError(`found '${after.lit}', expected: ',' or 'end of string'`);
      const t = this.peek(true);
      if (t.tok !== 'ident' && t.tok !== '!') {
        throw new SelectorError(`found '${t.lit}', expected: identifier after ','`);
      }
    }
  }

  private wrap(f: () => LabelRequirement): LabelRequirement {
    try {
      return f();
    } catch (e) {
      if (e instanceof SelectorError) throw new SelectorError(`unable to parse requirement: ${e.message}`);
      throw e;
    }
  }

  private requirement(): LabelRequirement {
    let l = this.next(true);
    let doesNotExist = false;
    if (l.tok === '!') {
      doesNotExist = true;
      l = this.next(true);
    }
    if (l.tok !== 'ident') throw new SelectorError(`found '${l.lit}', expected: identifier`);
    const key = l.lit;
    const keyErrs = validateLabelKey(key);
    if (keyErrs.length > 0) throw new SelectorError(`invalid label key "${key}": ${keyErrs.join('; ')}`);
    if (doesNotExist) return newRequirement(key, '!', []);
    const ahead = this.peek(true).tok;
    if (ahead === 'eos' || ahead === ',') return newRequirement(key, 'exists', []);
    const op = this.operator();
    const values = op === 'in' || op === 'notin' ? this.setValues() : [this.exactValue()];
    return newRequirement(key, op, values);
  }

  private operator(): LabelOperator {
    const { tok, lit } = this.next(false);
    switch (tok) {
      case 'in': return 'in';
      case 'notin': return 'notin';
      case '=': return '=';
      case '==': return '==';
      case '!=': return '!=';
      case '>': return 'gt';
      case '<': return 'lt';
      default:
        throw new SelectorError(`found '${lit}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }

  private exactValue(): string {
    const ahead = this.peek(true).tok;
    if (ahead === 'eos' || ahead === ',') return '';
    const { tok, lit } = this.next(true);
    if (tok === 'ident') return lit;
    throw new SelectorError(`found '${lit}', expected: identifier`);
  }

  private setValues(): string[] {
    const open = this.next(true);
    if (open.tok !== '(') throw new SelectorError(`found '${open.lit}' expected: '('`);
    const ahead = this.peek(true);
    if (ahead.tok === ')') {
      this.next(true);
      return [];
    }
    if (ahead.tok !== 'ident' && ahead.tok !== ',') {
      throw new SelectorError(`found '${ahead.lit}', expected: ',', ')' or identifier`);
    }
    const values = this.identifierList();
    const close = this.next(true);
    if (close.tok !== ')') throw new SelectorError(`found '${close.lit}', expected: ')'`);
    return values;
  }

  /** Empty elements (`(a,,b)`, `(,a)`, `(a,)`) stand for the empty value, as apimachinery allows. */
  private identifierList(): string[] {
    const values = new Set<string>();
    for (;;) {
      const { tok, lit } = this.next(true);
      if (tok === 'ident') {
        values.add(lit);
        const ahead = this.peek(true);
        if (ahead.tok === ',') continue;
        if (ahead.tok === ')') return [...values];
        throw new SelectorError(`found '${ahead.lit}', expected: ',' or ')'`);
      } else if (tok === ',') {
        if (values.size === 0) values.add('');
        const ahead = this.peek(true).tok;
        if (ahead === ')') {
          values.add('');
          return [...values];
        }
        if (ahead === ',') {
          this.next(true);
          values.add('');
        }
      } else {
        throw new SelectorError(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }
}

/**
 * Parses a `labelSelector` query parameter (`a=b,c!=d,e in (f,g),h notin (i),j,!k`). An empty or all-blank string
 * selects everything. Throws `SelectorError`.
 */
export function parseLabelSelector(text: string): Selector {
  return new RequirementsSelector(new LabelParser(lex(text)).parse());
}

// ---- metav1.LabelSelector ----

export interface LabelSelectorRequirementSpec {
  key: string;
  operator: string;
  values?: string[] | null;
}

export interface LabelSelectorSpec {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirementSpec[] | null;
}

const expressionOperators: Record<string, LabelOperator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * LabelSelectorAsSelector: null/undefined selects nothing, `{}` selects everything; matchLabels and matchExpressions
 * are ANDed. Throws `SelectorError` for an unknown operator or invalid keys/values.
 */
export function selectorFromLabelSelector(ls: LabelSelectorSpec | null | undefined): Selector {
  if (ls == null) return nothing();
  const matchLabels = ls.matchLabels ?? {};
  const matchExpressions = ls.matchExpressions ?? [];
  if (Object.keys(matchLabels).length === 0 && matchExpressions.length === 0) return everything();
  const reqs: LabelRequirement[] = [];
  for (const [k, v] of Object.entries(matchLabels)) reqs.push(newRequirement(k, '=', [v]));
  for (const expr of matchExpressions) {
    const op = Object.prototype.hasOwnProperty.call(expressionOperators, expr.operator)
      ? expressionOperators[expr.operator]
      : undefined;
    if (op === undefined) throw new SelectorError(`"${expr.operator}" is not a valid pod selector operator`);
    reqs.push(newRequirement(expr.key, op, expr.values ?? []));
  }
  return new RequirementsSelector(reqs);
}

/** metav1.FormatLabelSelector: what `kubectl get -o wide` prints in SELECTOR columns; `<none>` when empty. */
export function formatLabelSelector(ls: LabelSelectorSpec | null | undefined): string {
  if (ls == null) return '<none>';
  let s: string;
  try {
    s = selectorFromLabelSelector(ls).toString();
  } catch {
    return '<error>';
  }
  return s === '' ? '<none>' : s;
}
