// Static checks kube-apiserver's CEL type checker would make when a CRD is written, reduced to what needs no full
// type inference: calls to functions the environment lacks, identifiers that are not declared, and `self.a.b`
// selections of fields the structural schema does not declare (cel-go: "undefined field 'x'"). Rules are otherwise
// evaluated dynamically, so these checks are what turns a typo into a CRD error instead of a runtime failure.
import type { parse } from '@bufbuild/cel';
import type { CelSchema } from './schema.js';

type Expr = ReturnType<typeof parse>['expr'];

/** Operators the @bufbuild/cel planner implements itself rather than through the function registry. */
const plannerOperators = new Set(['_[_]', '_[?_]', '_?._', '_?_:_', '_&&_', '_||_', '@not_strictly_false', '__not_strictly_false__']);

/** Type names cel-go declares as identifiers (usable as values, e.g. `type(x) == string`). */
const typeIdentifiers = new Set(['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type', 'dyn']);

export interface ExpressionFacts {
  /** True when the expression reads `oldSelf` (a transition rule). */
  usesOldSelf: boolean;
  /** Problems in cel-go's wording, without the `ERROR: <input>:` prefix. */
  problems: string[];
}

function objectClosed(schema: CelSchema): boolean {
  return schema.properties !== undefined && schema.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields'];
}

export function checkExpression(expr: Expr, schema: CelSchema, knownFunction: (name: string) => boolean): ExpressionFacts {
  const facts: ExpressionFacts = { usesOldSelf: false, problems: [] };

  // Returns the schema the expression's value is known to have (only for self/oldSelf selection chains).
  const visit = (e: Expr | undefined, locals: ReadonlySet<string>): CelSchema | undefined => {
    if (!e) return undefined;
    const kind = e.exprKind;
    switch (kind.case) {
      case 'identExpr': {
        const name = kind.value.name;
        if (locals.has(name)) return undefined;
        if (name === 'self') return schema;
        if (name === 'oldSelf') {
          facts.usesOldSelf = true;
          return schema;
        }
        if (!typeIdentifiers.has(name)) facts.problems.push(`undeclared reference to '${name}' (in container '')`);
        return undefined;
      }
      case 'selectExpr': {
        const operand = visit(kind.value.operand, locals);
        if (!operand) return undefined;
        if (operand.type === 'object' && objectClosed(operand) && !(kind.value.field in (operand.properties ?? {}))) {
          facts.problems.push(`undefined field '${kind.value.field}'`);
          return undefined;
        }
        if (operand.properties?.[kind.value.field]) return operand.properties[kind.value.field];
        return typeof operand.additionalProperties === 'object' ? operand.additionalProperties : undefined;
      }
      case 'callExpr': {
        const fn = kind.value.function;
        if (!plannerOperators.has(fn) && !knownFunction(fn)) {
          facts.problems.push(`undeclared reference to '${fn}' (in container '')`);
        }
        visit(kind.value.target, locals);
        for (const arg of kind.value.args) visit(arg, locals);
        return undefined;
      }
      case 'listExpr':
        for (const element of kind.value.elements) visit(element, locals);
        return undefined;
      case 'structExpr':
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey') visit(entry.keyKind.value, locals);
          visit(entry.value, locals);
        }
        return undefined;
      case 'comprehensionExpr': {
        const c = kind.value;
        visit(c.iterRange, locals);
        visit(c.accuInit, locals);
        const inner = new Set([...locals, c.iterVar, c.accuVar, ...(c.iterVar2 ? [c.iterVar2] : [])]);
        visit(c.loopCondition, inner);
        visit(c.loopStep, inner);
        visit(c.result, inner);
        return undefined;
      }
      default:
        return undefined;
    }
  };

  visit(expr, new Set());
  return facts;
}
