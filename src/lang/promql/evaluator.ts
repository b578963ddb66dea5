/**
 * Evaluation of a parsed expression over all steps of a query at once, as Prometheus's engine
 * does: every instant-vector expression yields, per series, its points at the step times; a
 * scalar yields one value per step. An instant query is a range query with a single step.
 */
import type { Labels } from '../../model/labels.js';
import { isStaleNaN } from '../../model/staleness.js';
import type { Expr, VectorSelector } from './ast.js';
import { QueryError, tooManySamples } from './queryError.js';
import type { QueryGuard } from './queryGuard.js';
import type { SelectedSeries, StepRange } from './selection.js';

/** One series of an instant-vector expression: its points at (some of) the step times. */
export interface StepSeries {
  readonly labels: Labels;
  readonly timestamps: number[];
  readonly values: number[];
}

/** An evaluated expression. */
export type EvalValue =
  | { readonly type: 'scalar'; readonly values: Float64Array }
  | { readonly type: 'vector'; readonly series: StepSeries[] }
  | { readonly type: 'string'; readonly value: string };

/** Limits and data for one evaluation. */
export interface EvaluatorContext {
  readonly range: StepRange;
  readonly lookbackMs: number;
  readonly maxSamples: number;
  readonly selected: SelectedSeries;
  readonly guard: QueryGuard;
}

/** Evaluates expressions of one query; collects the query's annotations. */
export class Evaluator {
  readonly warnings: string[] = [];
  readonly infos: string[] = [];
  private samplesInMemory = 0;
  readonly stepCount: number;

  constructor(private readonly ctx: EvaluatorContext) {
    const { startMs, endMs, stepMs } = ctx.range;
    this.stepCount = Math.floor((endMs - startMs) / stepMs) + 1;
  }

  /** The evaluation time of step `k`. */
  stepTime(k: number): number {
    return this.ctx.range.startMs + k * this.ctx.range.stepMs;
  }

  /** Evaluates an expression at every step. */
  eval(e: Expr): EvalValue {
    switch (e.kind) {
      case 'NumberLiteral':
        return { type: 'scalar', values: new Float64Array(this.stepCount).fill(e.value) };
      case 'StringLiteral':
        return { type: 'string', value: e.value };
      case 'ParenExpr':
        return this.eval(e.expr);
      case 'VectorSelector':
        return { type: 'vector', series: this.evalVectorSelector(e) };
      case 'UnaryExpr': {
        const operand = this.eval(e.expr);
        if (operand.type === 'scalar') return e.op === '-' ? { type: 'scalar', values: operand.values.map((v) => -v) } : operand;
        break;
      }
    }
    throw new QueryError('execution', `not implemented yet: evaluation of ${e.kind}`);
  }

  /** Accounts for samples held by the query; fails once the configured maximum is exceeded. */
  private holdSamples(n: number): void {
    this.samplesInMemory += n;
    if (this.samplesInMemory > this.ctx.maxSamples) throw tooManySamples('query execution');
  }

  /**
   * At each step time t a series contributes its latest sample in (t - lookback, t], unless
   * that sample is a staleness marker (the series ended). The point carries t, not the
   * sample's own timestamp.
   */
  private evalVectorSelector(vs: VectorSelector): StepSeries[] {
    const out: StepSeries[] = [];
    const lookback = this.ctx.lookbackMs;
    for (const series of this.ctx.selected.get(vs) ?? []) {
      this.ctx.guard.check();
      const { timestamps, values, length } = series.samples();
      const pointTimes: number[] = [];
      const pointValues: number[] = [];
      let latest = -1;
      for (let k = 0; k < this.stepCount; k++) {
        const t = this.stepTime(k);
        // Step times only grow, so the latest-sample index only moves forward.
        while (latest + 1 < length && timestamps[latest + 1]! <= t) latest++;
        if (latest < 0 || timestamps[latest]! <= t - lookback) continue;
        const v = values[latest]!;
        if (isStaleNaN(v)) continue;
        pointTimes.push(t);
        pointValues.push(v);
      }
      if (pointTimes.length === 0) continue;
      this.holdSamples(pointTimes.length);
      out.push({ labels: series.labels, timestamps: pointTimes, values: pointValues });
    }
    return out;
  }
}
