/**
 * Checks Prometheus makes on a syntactically valid tree before accepting it (its `checkAST`),
 * and the static type of an expression.
 */
import { METRIC_NAME } from '../../model/labels.js';
import { walkExpr, type Expr, type ValueType } from './ast.js';
import { ParseFailure } from './parseError.js';
import { goQuote } from './quoting.js';

/** Throws ParseFailure for the first problem in the tree, in source order. */
export function checkExpr(root: Expr): void {
  walkExpr(root, (e) => {
    if (e.kind !== 'VectorSelector') return;
    if (e.name !== '') {
      // The last matcher is the one implied by the name; any other `__name__` matcher conflicts.
      const other = e.matchers.slice(0, -1).find((m) => m.name === METRIC_NAME);
      if (other !== undefined) {
        throw new ParseFailure(`metric name must not be set twice: ${goQuote(e.name)} or ${goQuote(other.value)}`, e.pos);
      }
      return;
    }
    // Selecting every series by accident (e.g. `{job=~".*"}`) is refused.
    if (!e.matchers.some((m) => !m.matchesEmpty)) {
      throw new ParseFailure('vector selector must contain at least one non-empty matcher', e.pos);
    }
  });
}

/** The type an expression evaluates to. */
export function valueTypeOf(e: Expr): ValueType {
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
      // Function signatures arrive with the function library; until then calls cannot be parsed.
      throw new Error(`no type information for function ${e.func}`);
  }
}
