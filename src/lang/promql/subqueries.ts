/**
 * Subqueries (`expr[30m:1m]`): the inner expression is evaluated on its own grid of steps,
 * aligned to absolute multiples of the subquery step (not to the query's start), covering every
 * window the outer steps need. The resulting points then serve as the samples of a range
 * argument, exactly like the samples of a range selector.
 */
import type { SubqueryExpr } from './ast.js';
import type { Evaluator } from './evaluator.js';
import { rangeArgumentOf, type RangeArgument } from './rangeArguments.js';
import { Labels } from '../../model/labels.js';
import type { RangeSeries, StepSeries } from './values.js';

/** The first multiple of `step` strictly after `t`. */
export function firstAlignedAfter(t: number, step: number): number {
  return Math.floor(t / step) * step + step;
}

/** Evaluates a subquery into a range argument. */
export function subqueryArgument(ev: Evaluator, sq: SubqueryExpr): RangeArgument {
  const stepMs = sq.stepMs > 0 ? sq.stepMs : ev.query.defaultSubqueryStepMs;
  const fixedEnd = sq.at?.kind === 'timestamp' ? sq.at.ms : undefined;
  const firstEnd = (fixedEnd ?? ev.stepTime(0)) - sq.offsetMs;
  const lastEnd = (fixedEnd ?? ev.stepTime(ev.stepCount - 1)) - sq.offsetMs;
  const startMs = firstAlignedAfter(firstEnd - sq.rangeMs, stepMs);
  const count = startMs > lastEnd ? 0 : Math.floor((lastEnd - startMs) / stepMs) + 1;
  let series: RangeSeries[] = [];
  let held = 0;
  if (count > 0) {
    const inner = ev.withSteps({ startMs, stepMs, count });
    const value = inner.eval(sq.expr);
    const stepSeries: StepSeries[] =
      value.type === 'scalar'
        ? [{ labels: Labels.EMPTY, dropName: false, values: value.values, present: new Uint8Array(count).fill(1) }]
        : value.type === 'vector'
          ? value.series
          : [];
    series = stepSeries.map((s) => compact(s, startMs, stepMs)).filter((s) => s.timestamps.length > 0);
    for (const s of series) held += s.timestamps.length;
  }
  return rangeArgumentOf(ev, series, sq.rangeMs, sq.offsetMs, fixedEnd, sq.pos, held);
}

// The present points of a step series as samples stamped with their step times.
function compact(s: StepSeries, startMs: number, stepMs: number): RangeSeries {
  let n = 0;
  for (let k = 0; k < s.present.length; k++) n += s.present[k]!;
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  for (let k = 0, j = 0; k < s.present.length; k++) {
    if (s.present[k] === 0) continue;
    timestamps[j] = startMs + k * stepMs;
    values[j++] = s.values[k]!;
  }
  return { labels: s.labels, dropName: s.dropName, timestamps, values };
}
