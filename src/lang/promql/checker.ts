/**
 * The checks Prometheus makes on a tree that parsed without errors (its `checkAST`): operand and
 * argument types, function arity, vector-matching rules, and selectors that would select
 * everything. Checks run in Prometheus's order and the first problem is reported, so the message
 * and position match upstream for queries with several problems.
 */
import { METRIC_NAME } from '../../model/labels.js';
import type { BinaryExpr, Call, Expr, PositionRange, ValueType, VectorSelector } from './ast.js';
import { argTypeAt, functionSignature } from './functionSignatures.js';
import { isComparisonOperator, isSetOperator, modifiersOf } from './operatorBuilders.js';
import { ParseFailure } from './parseError.js';
import { goQuote } from './quoting.js';
import { documentedType, valueTypeOf } from './valueTypes.js';

export { valueTypeOf } from './valueTypes.js';

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Walks a tree like Prometheus's checkAST, collecting errors in the order upstream adds them. */
class TreeChecker {
  readonly errors: ParseFailure[] = [];

  constructor(private readonly queryBytes: Uint8Array) {}

  private fail(detail: string, pos: PositionRange): void {
    this.errors.push(new ParseFailure(detail, pos));
  }

  private expectType(e: Expr, want: ValueType, context: string): void {
    const got = this.check(e);
    if (got !== want) this.fail(`expected type ${documentedType(want)} in ${context}, got ${documentedType(got)}`, e.pos);
  }

  /** Checks a node and its children; returns its type. */
  check(e: Expr, bypassEmptyMatcherCheck = false): ValueType {
    switch (e.kind) {
      case 'AggregateExpr':
        this.expectType(e.expr, 'vector', 'aggregation expression');
        if (e.param !== undefined) this.expectType(e.param, e.op === 'count_values' ? 'string' : 'scalar', 'aggregation parameter');
        break;
      case 'BinaryExpr':
        this.checkBinary(e);
        break;
      case 'Call':
        this.checkCall(e);
        break;
      case 'ParenExpr':
        this.check(e.expr);
        break;
      case 'UnaryExpr': {
        const t = this.check(e.expr);
        if (t !== 'scalar' && t !== 'vector') {
          this.fail(`unary expression only allowed on expressions of type scalar or instant vector, got ${goQuote(documentedType(t))}`, e.pos);
        }
        break;
      }
      case 'SubqueryExpr': {
        const t = this.check(e.expr);
        // Upstream prints the raw type name here ("matrix"), not the documented one.
        if (t !== 'vector') this.fail(`subquery is only allowed on instant vector, got ${t} instead`, e.pos);
        break;
      }
      case 'MatrixSelector':
        this.check(e.selector);
        break;
      case 'VectorSelector':
        this.checkSelector(e, bypassEmptyMatcherCheck);
        break;
      case 'NumberLiteral':
      case 'StringLiteral':
      case 'DurationExpr':
        break;
    }
    return valueTypeOf(e);
  }

  private checkSelector(e: VectorSelector, bypassEmptyMatcherCheck: boolean): void {
    if (e.name !== '') {
      // The last matcher is the one implied by the name; any other `__name__` matcher conflicts.
      for (const m of e.matchers.slice(0, -1)) {
        if (m.name === METRIC_NAME) this.fail(`metric name must not be set twice: ${goQuote(e.name)} or ${goQuote(m.value)}`, e.pos);
      }
      return;
    }
    // Selecting every series by accident (e.g. `{job=~".*"}`) is refused.
    if (!bypassEmptyMatcherCheck && !e.matchers.some((m) => !m.matchesEmpty)) {
      this.fail('vector selector must contain at least one non-empty matcher', e.pos);
    }
  }

  // The operator between the operands, without surrounding spaces (where upstream reports operator misuse).
  private operatorRange(e: BinaryExpr): PositionRange {
    let start = e.lhs.pos.end;
    while (start < this.queryBytes.length && SPACE.has(this.queryBytes[start]!)) start++;
    let end = e.rhs.pos.start - 1;
    while (end > start && SPACE.has(this.queryBytes[end]!)) end--;
    return { start, end };
  }

  // Long operator chains nest to the left (`a + b + c + …`); walking that spine in a loop keeps
  // the recursion depth independent of the chain length, with the same order as recursion.
  private checkBinary(root: BinaryExpr): void {
    const spine: BinaryExpr[] = [];
    let lhs: Expr = root;
    while (lhs.kind === 'BinaryExpr') {
      spine.push(lhs);
      lhs = lhs.lhs;
    }
    let lt = this.check(lhs);
    for (let i = spine.length - 1; i >= 0; i--) {
      const e = spine[i]!;
      this.checkOperation(e, lt, this.check(e.rhs));
      lt = valueTypeOf(e);
    }
  }

  private checkOperation(e: BinaryExpr, lt: ValueType, rt: ValueType): void {
    const mods = modifiersOf(e);
    if (e.returnBool && !isComparisonOperator(e.op)) this.fail('bool modifier can only be used on comparison operators', this.operatorRange(e));
    if (isComparisonOperator(e.op) && !e.returnBool && lt === 'scalar' && rt === 'scalar') {
      this.fail('comparisons between scalars must use BOOL modifier', this.operatorRange(e));
    }
    if (mods.matching?.on === true) {
      for (const l of mods.matching.labels) {
        if (mods.group?.labels.includes(l)) this.fail(`label ${goQuote(l)} must not occur in ON and GROUP clause at once`, this.operatorRange(e));
      }
    }
    if (lt !== 'scalar' && lt !== 'vector') this.fail('binary expression must contain only scalar and instant vector types', e.lhs.pos);
    if (rt !== 'scalar' && rt !== 'vector') this.fail('binary expression must contain only scalar and instant vector types', e.rhs.pos);
    const filled = mods.fillLeft !== undefined || mods.fillRight !== undefined;
    if (lt !== 'vector' || rt !== 'vector') {
      if ((mods.matching?.labels.length ?? 0) > 0) this.fail('vector matching only allowed between instant vectors', e.pos);
      if (filled) this.fail('filling in missing series only allowed between instant vectors', e.pos);
    } else if (isSetOperator(e.op)) {
      if (mods.group !== undefined) this.fail(`no grouping allowed for ${goQuote(e.op)} operation`, e.pos);
      if (mods.group !== undefined) this.fail('set operations must always be many-to-many', e.pos);
      if (filled) this.fail('filling in missing series not allowed for set operators', e.pos);
    }
    if ((lt === 'scalar' || rt === 'scalar') && isSetOperator(e.op)) {
      this.fail(`set operator ${goQuote(e.op)} not allowed in binary scalar expression`, e.pos);
    }
  }

  private checkCall(e: Call): void {
    const sig = functionSignature(e.func);
    // Unknown functions were reported while parsing.
    if (sig === undefined) return;
    const n = e.args.length;
    const name = goQuote(sig.name);
    if (sig.variadic === 0) {
      if (n !== sig.argTypes.length) this.fail(`expected ${sig.argTypes.length} argument(s) in call to ${name}, got ${n}`, e.pos);
    } else if (n < sig.minArgs) {
      this.fail(`expected at least ${sig.minArgs} argument(s) in call to ${name}, got ${n}`, e.pos);
    } else if (n > sig.maxArgs) {
      this.fail(`expected at most ${sig.maxArgs} argument(s) in call to ${name}, got ${n}`, e.pos);
    }
    // info(v, {labels}) takes a bare label selector as its second argument; it may match empty values.
    const infoSelector = sig.name === 'info' && n > 1 ? e.args[1]! : undefined;
    if (infoSelector !== undefined) {
      if (valueTypeOf(infoSelector) !== 'vector') {
        this.fail(`expected type instant vector in call to function ${name}, got ${documentedType(valueTypeOf(infoSelector))}`, e.pos);
      }
      if (infoSelector.kind === 'VectorSelector' && infoSelector.name !== '') {
        this.fail('expected label selectors only, got vector selector instead', infoSelector.pos);
      } else if (infoSelector.kind !== 'VectorSelector') {
        this.fail('expected label selectors only', infoSelector.pos);
      }
    }
    e.args.forEach((arg, i) => {
      const want = argTypeAt(sig, i);
      if (want === undefined) return;
      const got = this.check(arg, arg === infoSelector);
      if (got !== want) this.fail(`expected type ${documentedType(want)} in call to function ${name}, got ${documentedType(got)}`, arg.pos);
    });
  }
}

/** Throws ParseFailure for the first problem Prometheus's checkAST would report (`query` locates operators). */
export function checkExpr(root: Expr, query = ''): void {
  const checker = new TreeChecker(new TextEncoder().encode(query));
  checker.check(root);
  const first = checker.errors[0];
  if (first !== undefined) throw first;
}
