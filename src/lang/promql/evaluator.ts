/**
 * Evaluation of a prepared expression over all steps of a query at once, as Prometheus's engine
 * does: an instant-vector expression yields, per series, a column of values at the step times;
 * a scalar yields one value per step. An instant query is a range query with a single step. The
 * node kinds are dispatched here; each kind's semantics live in its own module.
 */
import type { Expr, MatrixSelector, SubqueryExpr } from './ast.js';
import { evalAggregate } from './aggregations.js';
import { evalBinary } from './binaryOperators.js';
import { evalCall } from './functions/calls.js';
import { dropMarkedNames } from './nameRemoval.js';
import { QueryError } from './queryError.js';
import type { QueryContext, StepGrid } from './queryContext.js';
import { rangeArgument, type RangeArgument } from './rangeArguments.js';
import { subqueryArgument } from './subqueries.js';
import { pointCount, type EvalValue, type RangeSeries, type StepSeries } from './values.js';
import { evalVectorSelector } from './vectorSelectors.js';

/** Evaluates the expressions of one query (or of one subquery) over a grid of steps. */
export class Evaluator {
  constructor(
    readonly query: QueryContext,
    readonly steps: StepGrid,
  ) {}

  /** The number of steps. */
  get stepCount(): number {
    return this.steps.count;
  }

  /** The evaluation time of step `k` (ms). */
  stepTime(k: number): number {
    return this.steps.startMs + k * this.steps.stepMs;
  }

  /** An evaluator for another grid of steps (a subquery's) sharing this query's context. */
  withSteps(steps: StepGrid): Evaluator {
    return new Evaluator(this.query, steps);
  }

  /**
   * Evaluates an expression at every step. The samples its inputs held are given back once it
   * has produced its output, which is then held instead (Prometheus's accounting of samples
   * in memory).
   */
  eval(e: Expr): EvalValue {
    const budget = this.query.samples;
    const mark = budget.held;
    const evaluated = this.evalNode(e);
    // Without delayed name removal, a name marked for removal goes as soon as it is marked.
    const value = this.query.delayedNameRemoval ? evaluated : dropMarkedNames(evaluated);
    budget.resetTo(mark);
    budget.hold(sampleCount(value));
    return value;
  }

  private evalNode(e: Expr): EvalValue {
    switch (e.kind) {
      case 'NumberLiteral':
        return { type: 'scalar', values: new Float64Array(this.stepCount).fill(e.value) };
      case 'StringLiteral':
        return { type: 'string', value: e.value };
      case 'ParenExpr':
        return this.eval(e.expr);
      case 'VectorSelector':
        return { type: 'vector', series: evalVectorSelector(this, e, 'value') };
      case 'UnaryExpr':
        return this.evalUnary(e.op, this.eval(e.expr));
      case 'Call':
        return evalCall(this, e);
      case 'AggregateExpr':
        return evalAggregate(this, e);
      case 'BinaryExpr':
        return evalBinary(this, e);
      case 'MatrixSelector':
      case 'SubqueryExpr':
        return { type: 'matrix', series: this.rangeValue(e) };
      case 'DurationExpr':
        throw new QueryError('execution', 'unexpected duration expression in evaluation');
    }
  }

  /** Evaluates an instant-vector expression. */
  evalVector(e: Expr): StepSeries[] {
    const v = this.eval(e);
    if (v.type !== 'vector') throw new QueryError('execution', `expected an instant vector, got ${v.type}`);
    return v.series;
  }

  /** Evaluates a scalar expression: one value per step. */
  evalScalar(e: Expr): Float64Array {
    const v = this.eval(e);
    if (v.type !== 'scalar') throw new QueryError('execution', `expected a scalar, got ${v.type}`);
    return v.values;
  }

  /** Evaluates a string expression. */
  evalString(e: Expr): string {
    const v = this.eval(e);
    if (v.type !== 'string') throw new QueryError('execution', `expected a string, got ${v.type}`);
    return v.value;
  }

  /** The samples and per-step windows of a range-vector argument (a range selector or a subquery, maybe in parentheses). */
  evalRangeArgument(e: Expr): RangeArgument {
    const inner = unwrapParens(e);
    if (inner.kind === 'MatrixSelector') return rangeArgument(this, inner);
    if (inner.kind === 'SubqueryExpr') return subqueryArgument(this, inner);
    throw new QueryError('execution', `expected a range vector, got ${inner.kind}`);
  }

  // A range vector as a value: only an instant query can return one; its points are those of the single window.
  private rangeValue(e: MatrixSelector | SubqueryExpr): RangeSeries[] {
    const arg = this.evalRangeArgument(e);
    const out: RangeSeries[] = [];
    for (const s of arg.series) {
      const [lo, hi] = arg.window(s, 0);
      if (hi <= lo) continue;
      // Views, not copies: the selected samples belong to this query alone.
      out.push({ labels: s.labels, dropName: s.dropName, timestamps: s.timestamps.subarray(lo, hi), values: s.values.subarray(lo, hi) });
    }
    return out;
  }

  private evalUnary(op: '+' | '-', operand: EvalValue): EvalValue {
    if (op === '+') return operand;
    if (operand.type === 'scalar') return { type: 'scalar', values: operand.values.map((v) => -v) };
    if (operand.type !== 'vector') throw new QueryError('execution', `unary minus on ${operand.type}`);
    // Negation is arithmetic, so the metric name goes (at the end of the query).
    return {
      type: 'vector',
      series: operand.series.map((s) => ({ labels: s.labels, dropName: true, values: s.values.map((v) => -v), present: s.present })),
    };
  }
}

// The samples a value holds: one per point; scalars and strings are not counted, as in Prometheus.
function sampleCount(v: EvalValue): number {
  let n = 0;
  if (v.type === 'vector') for (const s of v.series) n += pointCount(s);
  else if (v.type === 'matrix') for (const s of v.series) n += s.timestamps.length;
  return n;
}

/** The expression inside any number of parentheses. */
export function unwrapParens(e: Expr): Expr {
  let x = e;
  while (x.kind === 'ParenExpr') x = x.expr;
  return x;
}
