/**
 * The static type of an expression and the names Prometheus uses for types in its messages.
 * Kept apart from the checker because the tree builders need types too (vector matching only
 * exists between two instant vectors).
 */
import type { Expr, ValueType } from './ast.js';
import { functionSignature } from './functionSignatures.js';

// Builders ask for the type of every operand; caching keeps long operator chains linear.
const cache = new WeakMap<Expr, ValueType>();

/** The type an expression evaluates to. */
export function valueTypeOf(e: Expr): ValueType {
  let t = cache.get(e);
  if (t === undefined) {
    t = computeType(e);
    cache.set(e, t);
  }
  return t;
}

function computeType(e: Expr): ValueType {
  switch (e.kind) {
    case 'NumberLiteral':
    case 'DurationExpr':
      return 'scalar';
    case 'StringLiteral':
      return 'string';
    case 'VectorSelector':
    case 'AggregateExpr':
      return 'vector';
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return 'matrix';
    case 'ParenExpr':
    case 'UnaryExpr':
      return valueTypeOf(e.expr);
    case 'BinaryExpr':
      return valueTypeOf(e.lhs) === 'scalar' && valueTypeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'Call':
      // An unknown function is a parse error anyway; calling it a vector keeps the builders going.
      return functionSignature(e.func)?.returnType ?? 'vector';
  }
}

/** Prometheus's `DocumentedType`: the type as the documentation and error messages name it. */
export function documentedType(t: ValueType): string {
  switch (t) {
    case 'vector':
      return 'instant vector';
    case 'matrix':
      return 'range vector';
    default:
      return t;
  }
}
