/**
 * Instant vector selectors: at each step a series contributes its latest sample in
 * (t - lookback, t] (t shifted by `offset`, or fixed by `@`), unless that sample is a staleness
 * marker, which means the series ended. The point carries the step time, not the sample's.
 * With `smoothed` the value is interpolated between the samples around t instead.
 */
import { isStaleNaN } from '../../model/staleness.js';
import type { VectorSelector } from './ast.js';
import type { Evaluator } from './evaluator.js';
import { StepSeriesAllocator, type StepSeries } from './values.js';

/**
 * `value`: the sample's value; `timestamp`: the sample's own time in seconds (for
 * `timestamp()`); `start`: the sample's start timestamp in seconds, 0 when unknown (for
 * `start_timestamp()`).
 */
export type SelectorMode = 'value' | 'timestamp' | 'start';

/** Evaluates an instant vector selector at every step. */
export function evalVectorSelector(ev: Evaluator, vs: VectorSelector, mode: SelectorMode): StepSeries[] {
  const out: StepSeries[] = [];
  const lookback = ev.query.lookbackMs;
  const count = ev.stepCount;
  const fixed = vs.at?.kind === 'timestamp' ? vs.at.ms - vs.offsetMs : undefined;
  const smoothed = vs.smoothed === true && mode === 'value';
  const selected = ev.query.selected.get(vs) ?? [];
  const columns = new StepSeriesAllocator(count, selected.length);
  for (const series of selected) {
    ev.query.guard.check();
    const { timestamps, values, length, startTimestamps } = series.samples();
    if (mode === 'start' && startTimestamps === undefined) continue;
    const result = columns.next(series.labels, false);
    let latest = -1;
    let any = false;
    for (let k = 0; k < count; k++) {
      const ref = fixed ?? ev.stepTime(k) - vs.offsetMs;
      // Reference times never decrease, so the latest-sample index only moves forward.
      while (latest + 1 < length && timestamps[latest + 1]! <= ref) latest++;
      if (latest < 0 || timestamps[latest]! <= ref - lookback) continue;
      const v = values[latest]!;
      if (isStaleNaN(v)) continue;
      let value = mode === 'timestamp' ? timestamps[latest]! / 1000 : mode === 'start' ? startSeconds(startTimestamps!, latest) : v;
      if (smoothed) value = interpolateAt(timestamps, values, latest, length, ref, lookback);
      result.values[k] = value;
      result.present[k] = 1;
      any = true;
    }
    if (any) out.push(result);
    else columns.giveBack(result);
  }
  return out;
}

// A start timestamp in seconds; unknown (NaN) is reported as 0, as Prometheus stores it.
function startSeconds(st: Float64Array, i: number): number {
  const v = st[i]!;
  return v === v ? v / 1000 : 0;
}

// The value at `ref` on the straight line from the sample at `i` (at or before ref) to the next
// one, if that one is within the lookback delta and not a staleness marker; else the sample's own.
function interpolateAt(ts: Float64Array, vs: Float64Array, i: number, length: number, ref: number, lookback: number): number {
  const t0 = ts[i]!;
  const v0 = vs[i]!;
  if (t0 === ref || i + 1 >= length) return v0;
  const t1 = ts[i + 1]!;
  const v1 = vs[i + 1]!;
  if (t1 - ref >= lookback || isStaleNaN(v1)) return v0;
  return v0 + ((v1 - v0) * (ref - t0)) / (t1 - t0);
}
