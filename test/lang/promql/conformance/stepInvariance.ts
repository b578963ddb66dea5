/**
 * README §1.11.1: an instant eval, with every selector and subquery pinned to the eval time by
 * `@`, must give the same answer at other evaluation times. The rewrite is done on the syntax
 * tree (positions unchanged, so annotation texts still match exactly).
 */
import type { Expr } from '../../../../src/lang/promql/ast.js';
import type { Engine } from '../../../../src/lang/promql/engine.js';
import { ALL_FEATURES, parseExpr } from '../../../../src/lang/promql/parser.js';
import type { MemoryQueryable } from '../memoryQueryable.js';
import { attempt, checkOutcome } from './runner.js';
import type { EvalCommand } from './scriptParser.js';

// Functions whose result depends on the evaluation time even when their arguments do not.
const TIME_DEPENDENT = new Set([
  'time', 'timestamp', 'day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year',
  'predict_linear', 'start', 'end', 'range', 'step',
]);

/** Pins selectors and subqueries without `@` to `ms`; returns undefined when the query uses a time-dependent function. */
export function pinToTime(e: Expr, ms: number): Expr | undefined {
  let timeDependent = false;
  const at = { kind: 'timestamp' as const, ms };
  const pin = (x: Expr): Expr => {
    switch (x.kind) {
      case 'VectorSelector':
        return x.at === undefined ? { ...x, at } : x;
      case 'MatrixSelector':
        return { ...x, selector: pin(x.selector) as typeof x.selector };
      case 'SubqueryExpr':
        // Selectors inside a pinned subquery stay as they are; only time-dependent calls matter.
        visitCalls(x.expr);
        return x.at === undefined ? { ...x, at } : x;
      case 'Call':
        if (TIME_DEPENDENT.has(x.func)) timeDependent = true;
        return { ...x, args: x.args.map(pin) };
      case 'AggregateExpr':
        return x.param === undefined ? { ...x, expr: pin(x.expr) } : { ...x, expr: pin(x.expr), param: pin(x.param) };
      case 'BinaryExpr':
        return { ...x, lhs: pin(x.lhs), rhs: pin(x.rhs) };
      case 'UnaryExpr':
      case 'ParenExpr':
        return { ...x, expr: pin(x.expr) };
      default:
        return x;
    }
  };
  const visitCalls = (x: Expr): void => {
    if (x.kind === 'Call' && TIME_DEPENDENT.has(x.func)) timeDependent = true;
    if (x.kind === 'Call') x.args.forEach(visitCalls);
    else if (x.kind === 'AggregateExpr') [x.expr, ...(x.param ? [x.param] : [])].forEach(visitCalls);
    else if (x.kind === 'BinaryExpr') [x.lhs, x.rhs].forEach(visitCalls);
    else if (x.kind === 'UnaryExpr' || x.kind === 'ParenExpr' || x.kind === 'SubqueryExpr') visitCalls(x.expr);
  };
  const pinned = pin(e);
  return timeDependent ? undefined : pinned;
}

/** The other evaluation times upstream tries. */
function variantTimes(t: number): number[] {
  return t === 0 ? [-1000, 0, 1000] : [-10 * t, 0, t / 5, t, 10 * t].map(Math.trunc);
}

/** Checks the eval's expectations at the other times; returns the first problem. */
export async function stepInvarianceCheck(engine: Engine, store: MemoryQueryable, cmd: EvalCommand): Promise<string | undefined> {
  if (cmd.string !== undefined || cmd.rangeVector !== undefined) return undefined;
  let parsed: Expr;
  try {
    parsed = parseExpr(cmd.query, ALL_FEATURES);
  } catch {
    return undefined;
  }
  const pinned = pinToTime(parsed, cmd.timeMs);
  if (pinned === undefined) return undefined;
  for (const at of variantTimes(cmd.timeMs)) {
    const outcome = await attempt(() => engine.instantQuery(store, pinned, at));
    const problem = checkOutcome(cmd, outcome);
    if (problem !== undefined) return `@-pinned variant at ${at}ms: ${problem}`;
  }
  return undefined;
}
