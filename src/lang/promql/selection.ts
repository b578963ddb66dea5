/**
 * Fetching a query's data before evaluation: every selector's series are selected from the
 * Queryable up front (storage is async), so that evaluation can then run synchronously.
 */
import type { Queryable, SelectHints, Series } from '../../model/storage.js';
import { walkExpr, type Expr, type VectorSelector } from './ast.js';
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

/**
 * The sample time range a selector reads: an instant selector at time t looks back over
 * (t - lookback, t], so the whole query needs (start - lookback, end]. Offsets and `@`
 * will shift this window once they are supported.
 */
export function selectorTimeRange(range: StepRange, lookbackMs: number): { mint: number; maxt: number } {
  return { mint: range.startMs - lookbackMs + 1, maxt: range.endMs };
}

/** Selects the series of every vector selector in the expression. */
export async function selectAll(queryable: Queryable, expr: Expr, range: StepRange, lookbackMs: number, guard: QueryGuard): Promise<SelectedSeries> {
  const selectors: VectorSelector[] = [];
  walkExpr(expr, (e) => {
    if (e.kind === 'VectorSelector') selectors.push(e);
  });
  const selected = new Map<VectorSelector, readonly Series[]>();
  const { mint, maxt } = selectorTimeRange(range, lookbackMs);
  const hints: SelectHints = range.startMs === range.endMs
    ? { start: mint, end: maxt }
    : { start: mint, end: maxt, step: range.stepMs };
  await guard.race(
    Promise.all(
      selectors.map(async (vs) => {
        selected.set(vs, await queryable.select(vs.matchers, mint, maxt, hints));
      }),
    ),
  );
  return selected;
}
