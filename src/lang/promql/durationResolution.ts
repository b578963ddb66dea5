/**
 * Query preparation that depends on the query's time range: duration expressions (`x[5m+1m]`,
 * `offset step()`, `[min_of(range(), 1h)]`) are computed, and `@ start()` / `@ end()` become
 * fixed timestamps, so that evaluation only ever sees plain milliseconds. Prometheus does the
 * same before it evaluates (its preprocessing step).
 */
import type { AtModifier, Expr, MatrixSelector, SubqueryExpr, VectorSelector } from './ast.js';
import { QueryError } from './queryError.js';

/** The query's time range in ms; `stepMs` is 0 for an instant query. */
export interface QueryTimes {
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
}

/**
 * The tree with every duration expression and `@ start()/end()` resolved. Subtrees with nothing
 * to resolve are returned as they are, not copied: the engine caches parsed queries, and copying
 * a whole cached tree on every query showed in a cheap query's profile.
 */
export function resolveDurations(e: Expr, times: QueryTimes): Expr {
  const r = (x: Expr): Expr => resolveDurations(x, times);
  switch (e.kind) {
    case 'NumberLiteral':
    case 'StringLiteral':
      return e;
    case 'VectorSelector':
      return resolveSelector(e, times);
    case 'MatrixSelector': {
      const rangeMs = e.rangeExpr === undefined ? e.rangeMs : durationMs(e.rangeExpr, times);
      if (!(rangeMs > 0)) throw new QueryError('bad_data', `duration must be greater than 0`);
      const selector = resolveSelector(e.selector, times);
      if (e.rangeExpr === undefined && selector === e.selector) return e;
      const resolved: MatrixSelector = { kind: 'MatrixSelector', selector, rangeMs, pos: e.pos };
      return resolved;
    }
    case 'SubqueryExpr': {
      const rangeMs = e.rangeExpr === undefined ? e.rangeMs : durationMs(e.rangeExpr, times);
      const stepMs = e.stepExpr === undefined ? e.stepMs : durationMs(e.stepExpr, times);
      if (!(rangeMs > 0)) throw new QueryError('bad_data', `duration must be greater than 0`);
      if (stepMs < 0) throw new QueryError('bad_data', `step must be greater than 0`);
      const offsetMs = e.offsetExpr === undefined ? e.offsetMs : durationMs(e.offsetExpr, times);
      const expr = r(e.expr);
      if (expr === e.expr && e.rangeExpr === undefined && e.stepExpr === undefined && e.offsetExpr === undefined && isFixed(e.at)) return e;
      const resolved: SubqueryExpr = { kind: 'SubqueryExpr', expr, rangeMs, stepMs, offsetMs, pos: e.pos, ...atOf(e.at, times) };
      return resolved;
    }
    case 'Call': {
      const args = e.args.map(r);
      return args.every((a, i) => a === e.args[i]) ? e : { ...e, args };
    }
    case 'AggregateExpr': {
      const expr = r(e.expr);
      const param = e.param === undefined ? undefined : r(e.param);
      if (expr === e.expr && param === e.param) return e;
      return param === undefined ? { ...e, expr } : { ...e, expr, param };
    }
    case 'BinaryExpr': {
      const [lhs, rhs] = [r(e.lhs), r(e.rhs)];
      return lhs === e.lhs && rhs === e.rhs ? e : { ...e, lhs, rhs };
    }
    case 'UnaryExpr':
    case 'ParenExpr': {
      const expr = r(e.expr);
      return expr === e.expr ? e : { ...e, expr };
    }
    case 'DurationExpr':
      // A duration expression in value position (`step()`, `range()`) is a scalar in seconds.
      return { kind: 'NumberLiteral', value: durationSeconds(e, times), duration: false, pos: e.pos };
  }
}

// Whether an `@` modifier needs nothing from the query's times.
function isFixed(at: AtModifier | undefined): boolean {
  return at === undefined || at.kind === 'timestamp';
}

function atOf(at: AtModifier | undefined, times: QueryTimes): { at?: AtModifier } {
  if (at === undefined) return {};
  if (at.kind === 'start') return { at: { kind: 'timestamp', ms: times.startMs } };
  if (at.kind === 'end') return { at: { kind: 'timestamp', ms: times.endMs } };
  return { at };
}

function resolveSelector(vs: VectorSelector, times: QueryTimes): VectorSelector {
  if (vs.offsetExpr === undefined && isFixed(vs.at)) return vs;
  const offsetMs = vs.offsetExpr === undefined ? vs.offsetMs : durationMs(vs.offsetExpr, times);
  const { at: _at, offsetExpr: _offsetExpr, ...rest } = vs;
  return { ...rest, offsetMs, ...atOf(vs.at, times) };
}

/** A duration expression's value in ms, truncated like Go's conversion of float seconds to a Duration. */
export function durationMs(e: Expr, times: QueryTimes): number {
  const seconds = durationSeconds(e, times);
  if (!Number.isFinite(seconds)) throw new QueryError('bad_data', `duration out of range`);
  return Math.trunc(Math.round(seconds * 1e9) / 1e6);
}

/** A duration expression's value in seconds (a number literal in a duration is seconds; `5m` is 300). */
export function durationSeconds(e: Expr, times: QueryTimes): number {
  const s = (x: Expr | undefined): number => (x === undefined ? NaN : durationSeconds(x, times));
  switch (e.kind) {
    case 'NumberLiteral':
      return e.value;
    case 'ParenExpr':
      return s(e.expr);
    case 'UnaryExpr':
      return e.op === '-' ? -s(e.expr) : s(e.expr);
    case 'Call':
      return callSeconds(e.func, e.args.map(s), times);
    case 'BinaryExpr':
      return arithmetic(e.op, s(e.lhs), s(e.rhs));
    case 'DurationExpr':
      switch (e.op) {
        case 'step':
          return times.stepMs / 1000;
        case 'range':
          return (times.endMs - times.startMs) / 1000;
        case 'min':
          return Math.min(s(e.lhs), s(e.rhs));
        case 'max':
          return Math.max(s(e.lhs), s(e.rhs));
        default:
          // Unary minus/plus have no left operand.
          if (e.lhs === undefined) return e.op === '-' ? -s(e.rhs) : s(e.rhs);
          return arithmetic(e.op, s(e.lhs), s(e.rhs));
      }
    default:
      throw new QueryError('bad_data', `unexpected ${e.kind} in a duration expression`);
  }
}

function callSeconds(func: string, args: number[], times: QueryTimes): number {
  switch (func) {
    case 'step':
      return times.stepMs / 1000;
    case 'range':
      return (times.endMs - times.startMs) / 1000;
    case 'min_of':
      return Math.min(args[0]!, args[1]!);
    case 'max_of':
      return Math.max(args[0]!, args[1]!);
  }
  throw new QueryError('bad_data', `function ${func} cannot be used in a duration expression`);
}

function arithmetic(op: string, a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '%': return a % b;
    case '^': return Math.pow(a, b);
  }
  throw new QueryError('bad_data', `operator ${op} cannot be used in a duration expression`);
}
