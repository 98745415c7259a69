// CRD validation rules (`x-kubernetes-validations`), as apiextensions-apiserver's schema/cel validator applies them:
// each rule runs with `self` bound to the value at its schema node; transition rules (those reading `oldSelf`) run
// only on updates where the old value at that node exists and can be correlated (object properties, map keys,
// `x-kubernetes-list-type: map` items by key). Compiling happens once per CRD schema; `validate` only walks values.
import { CelScalar, celEnv, isCelError, parse, plan, type CelResult } from '@bufbuild/cel';
import type { StatusCause } from '../../common/object.js';
import { checkExpression } from './expression-check.js';
import { FieldPath, fieldError, type FieldErrorReason } from './field-error.js';
import { celLibrary } from './kubernetes-library.js';
import type { CelSchema, ValidationRule } from './schema.js';
import { toCelValue } from './to-cel-value.js';

const env = celEnv({ variables: { self: CelScalar.DYN, oldSelf: CelScalar.DYN }, funcs: celLibrary });

type Program = (bindings: { self: unknown; oldSelf: unknown }) => CelResult;

interface CompiledRule {
  rule: ValidationRule;
  program: Program;
  messageProgram?: Program;
  isTransition: boolean;
  /** rule.fieldPath as path segments below the node (property names). */
  fieldPath: string[];
}

interface CompiledNode {
  schema: CelSchema;
  rules: CompiledRule[];
  properties: Map<string, CompiledNode>;
  additionalProperties?: CompiledNode;
  items?: CompiledNode;
}

const reasons: ReadonlySet<string> = new Set(['FieldValueInvalid', 'FieldValueForbidden', 'FieldValueRequired', 'FieldValueDuplicate']);

/** A CRD schema's validation rules, ready to run against objects of that CRD. */
export interface CompiledCelRules {
  /** Causes for every failing rule; empty when the object is valid. `oldObj` is the stored object on updates. */
  validate(obj: unknown, oldObj?: unknown): StatusCause[];
  /** Rules that did not compile (they are skipped by validate); validateCelRules reports the same at CRD write time. */
  readonly compileErrors: StatusCause[];
}

function ruleDescription(rule: ValidationRule): string {
  const reason = rule.reason ? `&"${rule.reason}"` : '(*apiextensions.FieldValueErrorReason)(nil)';
  const optionalOldSelf = rule.optionalOldSelf === undefined ? '(*bool)(nil)' : `&${rule.optionalOldSelf}`;
  return `apiextensions.ValidationRule{Rule:${JSON.stringify(rule.rule)}, Message:${JSON.stringify(rule.message ?? '')}, ` +
    `MessageExpression:${JSON.stringify(rule.messageExpression ?? '')}, Reason:${reason}, FieldPath:${JSON.stringify(rule.fieldPath ?? '')}, ` +
    `OptionalOldSelf:${optionalOldSelf}}`;
}

function invalidRule(path: string, value: string, detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${value}: ${detail}` };
}

function compileExpression(source: string, schema: CelSchema): { program?: Program; isTransition: boolean; error?: string } {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (err) {
    return { isTransition: false, error: `compilation failed: ERROR: ${(err as Error).message}` };
  }
  const facts = checkExpression(parsed.expr, schema, (name) => env.funcs.find(name) !== undefined);
  if (facts.problems.length > 0) {
    return { isTransition: facts.usesOldSelf, error: `compilation failed: ${facts.problems.map((p) => `ERROR: <input>: ${p}`).join('\n')}` };
  }
  return { program: plan(env, parsed) as Program, isTransition: facts.usesOldSelf };
}

/** Splits a rule's fieldPath (`.spec.replicas`, `.labels['app.kubernetes.io/name']`) into names, or undefined if malformed. */
function parseFieldPath(fieldPath: string): string[] | undefined {
  const segments: string[] = [];
  const re = /\.([A-Za-z_][A-Za-z0-9_-]*)|\['((?:[^'\\]|\\.)*)'\]/y;
  let at = 0;
  while (at < fieldPath.length) {
    re.lastIndex = at;
    const m = re.exec(fieldPath);
    if (!m) return undefined;
    segments.push(m[1] ?? m[2].replace(/\\(.)/g, '$1'));
    at = re.lastIndex;
  }
  return segments;
}

function fieldPathResolves(schema: CelSchema, segments: string[]): boolean {
  let at: CelSchema | undefined = schema;
  for (const name of segments) {
    at = at?.properties?.[name] ?? (typeof at?.additionalProperties === 'object' ? at.additionalProperties : undefined);
    if (!at) return false;
  }
  return true;
}

function compileNode(schema: CelSchema, path: string, correlatable: boolean, errors: StatusCause[]): CompiledNode | undefined {
  const node: CompiledNode = { schema, rules: [], properties: new Map() };
  (schema['x-kubernetes-validations'] ?? []).forEach((rule, i) => {
    const rulePath = `${path}.x-kubernetes-validations[${i}]`;
    const before = errors.length;
    const compiled = compileExpression(rule.rule, schema);
    if (compiled.error) errors.push(invalidRule(`${rulePath}.rule`, ruleDescription(rule), compiled.error));
    if (compiled.isTransition && !correlatable) {
      errors.push(invalidRule(`${rulePath}.rule`, ruleDescription(rule), 'oldSelf cannot be used on the uncorrelatable portion of the schema'));
    }
    let messageProgram: Program | undefined;
    if (rule.messageExpression !== undefined) {
      const message = compileExpression(rule.messageExpression, schema);
      if (message.error) errors.push(invalidRule(`${rulePath}.messageExpression`, JSON.stringify(rule.messageExpression), `messageExpression ${message.error}`));
      messageProgram = message.program;
    }
    const fieldPath = rule.fieldPath ? parseFieldPath(rule.fieldPath) : [];
    if (!fieldPath || !fieldPathResolves(schema, fieldPath)) {
      errors.push(invalidRule(`${rulePath}.fieldPath`, JSON.stringify(rule.fieldPath), 'fieldPath must be a valid path'));
    }
    if (rule.reason !== undefined && !reasons.has(rule.reason)) {
      errors.push({ reason: 'FieldValueNotSupported', field: `${rulePath}.reason`,
        message: `Unsupported value: ${JSON.stringify(rule.reason)}: supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"` });
    }
    if (errors.length === before && compiled.program && fieldPath) {
      node.rules.push({ rule, program: compiled.program, messageProgram, isTransition: compiled.isTransition, fieldPath });
    }
  });
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    const compiled = compileNode(child, `${path}.properties[${name}]`, correlatable, errors);
    if (compiled) node.properties.set(name, compiled);
  }
  if (typeof schema.additionalProperties === 'object') {
    node.additionalProperties = compileNode(schema.additionalProperties, `${path}.additionalProperties`, correlatable, errors);
  }
  if (schema.items) {
    // Only map-type list items can be matched with their old versions (by key); set and atomic items cannot.
    node.items = compileNode(schema.items, `${path}.items`, correlatable && schema['x-kubernetes-list-type'] === 'map', errors);
  }
  const hasRules = node.rules.length > 0 || node.properties.size > 0 || node.additionalProperties || node.items;
  return hasRules ? node : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

function ruleMessage(rule: CompiledRule, self: unknown, oldSelf: unknown): string {
  if (rule.messageProgram) {
    const result = rule.messageProgram({ self, oldSelf });
    if (typeof result === 'string' && result.trim() !== '') return result;
  }
  if (rule.rule.message) return rule.rule.message.trim();
  return `failed rule: ${rule.rule.rule.trim()}`;
}

function runRules(node: CompiledNode, value: unknown, old: unknown, hasOld: boolean, path: FieldPath, causes: StatusCause[]): void {
  // Validation ratcheting (on by default since Kubernetes 1.30): on update, a value left unchanged is not rejected
  // again by rules that do not compare against oldSelf.
  const unchanged = hasOld && deepEqual(value, old);
  let self: unknown;
  let oldSelf: unknown = null;
  for (const compiled of node.rules) {
    if (compiled.isTransition ? !hasOld : unchanged) continue;
    self ??= toCelValue(value, node.schema);
    if (compiled.isTransition && oldSelf === null) oldSelf = toCelValue(old, node.schema);
    const result = compiled.program({ self, oldSelf });
    const type = node.schema.type ?? '';
    let errorPath = path;
    for (const name of compiled.fieldPath) errorPath = errorPath.child(name);
    if (isCelError(result)) {
      const detail = compiled.rule.message?.trim() || compiled.rule.rule.trim();
      causes.push(fieldError('FieldValueInvalid', path, type, `${result.message} evaluating rule: ${detail}`));
    } else if (result !== true) {
      const reason = (compiled.rule.reason ?? 'FieldValueInvalid') as FieldErrorReason;
      causes.push(fieldError(reason, errorPath, type, ruleMessage(compiled, self, oldSelf)));
    }
  }
}

function mapListKey(item: unknown, keys: string[]): string | undefined {
  if (!isPlainObject(item)) return undefined;
  return JSON.stringify(keys.map((k) => item[k] ?? null));
}

function walk(node: CompiledNode, value: unknown, old: unknown, hasOld: boolean, path: FieldPath, causes: StatusCause[]): void {
  if (value === undefined || value === null) return;
  runRules(node, value, old, hasOld, path, causes);
  if (isPlainObject(value)) {
    const oldObject = hasOld && isPlainObject(old) ? old : undefined;
    for (const [key, child] of Object.entries(value)) {
      const childNode = node.properties.get(key) ?? (node.schema.properties?.[key] ? undefined : node.additionalProperties);
      if (!childNode) continue;
      const childPath = node.properties.has(key) ? path.child(key) : path.key(key);
      const childHasOld = oldObject !== undefined && key in oldObject;
      walk(childNode, child, childHasOld ? oldObject[key] : undefined, childHasOld, childPath, causes);
    }
  } else if (Array.isArray(value) && node.items) {
    const keys = node.schema['x-kubernetes-list-type'] === 'map' ? node.schema['x-kubernetes-list-map-keys'] ?? [] : undefined;
    const oldByKey = new Map<string, unknown>();
    if (keys && hasOld && Array.isArray(old)) {
      for (const item of old) {
        const key = mapListKey(item, keys);
        if (key !== undefined) oldByKey.set(key, item);
      }
    }
    value.forEach((item, i) => {
      const key = keys ? mapListKey(item, keys) : undefined;
      const itemHasOld = key !== undefined && oldByKey.has(key);
      walk(node.items as CompiledNode, item, itemHasOld ? oldByKey.get(key) : undefined, itemHasOld, path.index(i), causes);
    });
  }
}

/** Compiles every `x-kubernetes-validations` rule of a CRD version's openAPIV3Schema once. */
export function compileCelRules(openAPIV3Schema: CelSchema): CompiledCelRules {
  const compileErrors: StatusCause[] = [];
  const root = compileNode(openAPIV3Schema, 'spec.validation.openAPIV3Schema', true, compileErrors);
  return {
    compileErrors,
    validate(obj: unknown, oldObj?: unknown): StatusCause[] {
      const causes: StatusCause[] = [];
      if (root) walk(root, obj, oldObj, oldObj !== undefined, FieldPath.root(), causes);
      return causes;
    },
  };
}

/**
 * The causes kube-apiserver would reject a CRD with for its validation rules (syntax errors, unknown functions or
 * fields, oldSelf where values cannot be correlated, bad fieldPath or reason). `basePath` is where the schema sits in
 * the CRD, e.g. `spec.versions[0].schema.openAPIV3Schema`.
 */
export function validateCelRules(openAPIV3Schema: CelSchema, basePath = 'spec.validation.openAPIV3Schema'): StatusCause[] {
  const errors: StatusCause[] = [];
  compileNode(openAPIV3Schema, basePath, true, errors);
  return errors;
}
