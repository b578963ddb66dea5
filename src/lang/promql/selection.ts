/**
 * Fetching a query's data before evaluation: every selector's series are selected from the
 * Queryable up front (storage is async), so that evaluation can then run synchronously. Each
 * selector reads exactly the time range its evaluation can look at, taking offsets, `@`,
 * lookback, ranges and enclosing subqueries into account.
 */
import type { Queryable, SelectHints, Series } from '../../model/storage.js';
import type { Expr, VectorSelector } from './ast.js';
import { infoSelectorFor } from './functions/info.js';
import type { QueryGuard } from './queryGuard.js';

/** The evaluation times of a query: `start`, `start + step`, … up to `end` (one time for an instant query). */
export interface StepRange {
  readonly startMs: number;
  readonly endMs: number;
  /** Positive; for an instant query (start = end) any positive value. */
  readonly stepMs: number;
}

/** The series read by each selector node of the query. */
export type SelectedSeries = ReadonlyMap<VectorSelector, readonly Series[]>;

/** What one selector reads: samples in [mint, maxt] (ms, both inclusive). */
interface SelectorRead {
  readonly selector: VectorSelector;
  readonly mint: number;
  readonly maxt: number;
}

// The times a selector's own window ends at, given the times its enclosing expression is evaluated at.
function referenceTimes(vs: VectorSelector, from: number, to: number): [number, number] {
  if (vs.at !== undefined && vs.at.kind === 'timestamp') return [vs.at.ms - vs.offsetMs, vs.at.ms - vs.offsetMs];
  return [from - vs.offsetMs, to - vs.offsetMs];
}

/**
 * The sample range each selector needs. An instant selector at time t looks back over
 * (t - lookback, t]; a range selector over (t - range, t]; `anchored` also needs the last
 * sample before the range and `smoothed` the first one after it; a subquery evaluates its inner
 * expression over (t - offset - range, t - offset] on its own step grid.
 */
export function selectorReads(expr: Expr, range: StepRange, lookbackMs: number): SelectorRead[] {
  const reads: SelectorRead[] = [];
  const visit = (e: Expr, from: number, to: number): void => {
    switch (e.kind) {
      case 'VectorSelector': {
        const [lo, hi] = referenceTimes(e, from, to);
        reads.push({ selector: e, mint: lo - lookbackMs + 1, maxt: e.smoothed ? hi + lookbackMs : hi });
        return;
      }
      case 'MatrixSelector': {
        const vs = e.selector;
        const [lo, hi] = referenceTimes(vs, from, to);
        const extended = vs.anchored === true || vs.smoothed === true;
        reads.push({ selector: vs, mint: lo - e.rangeMs + 1 - (extended ? lookbackMs : 0), maxt: vs.smoothed ? hi + lookbackMs : hi });
        return;
      }
      case 'SubqueryExpr': {
        const fixed = e.at !== undefined && e.at.kind === 'timestamp';
        const lo = (fixed ? e.at.ms : from) - e.offsetMs - e.rangeMs;
        const hi = (fixed ? e.at.ms : to) - e.offsetMs;
        visit(e.expr, lo, hi);
        return;
      }
      case 'Call':
        if (e.func === 'info') {
          // The second argument only holds matchers; the info series are read by a selector of their own.
          visit(e.args[0]!, from, to);
          visit(infoSelectorFor(e), from, to);
          return;
        }
        for (const arg of e.args) visit(arg, from, to);
        return;
      case 'AggregateExpr':
        if (e.param !== undefined) visit(e.param, from, to);
        visit(e.expr, from, to);
        return;
      case 'BinaryExpr':
        visit(e.lhs, from, to);
        visit(e.rhs, from, to);
        return;
      case 'UnaryExpr':
      case 'ParenExpr':
        visit(e.expr, from, to);
        return;
      default:
        return;
    }
  };
  visit(expr, range.startMs, range.endMs);
  return reads;
}

/** Selects the series of every selector in the (duration-resolved) expression. */
export async function selectAll(queryable: Queryable, expr: Expr, range: StepRange, lookbackMs: number, guard: QueryGuard): Promise<SelectedSeries> {
  const instant = range.startMs === range.endMs;
  const reads = selectorReads(expr, range, lookbackMs);
  const hintsOf = ({ mint, maxt }: SelectorRead): SelectHints => (instant ? { start: mint, end: maxt } : { start: mint, end: maxt, step: range.stepMs });
  const series = await guard.race(Promise.all(reads.map((read) => queryable.select(read.selector.matchers, read.mint, read.maxt, hintsOf(read)))));
  const selected = new Map<VectorSelector, readonly Series[]>();
  for (let i = 0; i < reads.length; i++) selected.set(reads[i]!.selector, series[i]!);
  return selected;
}
