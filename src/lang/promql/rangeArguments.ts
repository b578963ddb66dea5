/**
 * Range vectors as function arguments. Rather than building a matrix per step, a range
 * argument keeps each series' samples once (over the whole span the query needs) and says
 * where its window ends at each step; functions then slide the window over the typed arrays.
 * The window at step k is (end_k - range, end_k], left-open as in Prometheus 3, where end_k is
 * the step time minus the offset, or the `@` time minus the offset at every step.
 */
import type { PositionRange, MatrixSelector } from './ast.js';
import type { Evaluator } from './evaluator.js';
import { isStaleNaN } from '../../model/staleness.js';
import type { RangeSeries } from './values.js';

/** A range-vector argument: samples per series plus the window of each step. */
export interface RangeArgument {
  readonly series: RangeSeries[];
  readonly rangeMs: number;
  /** Where the windows end: `fixedEndMs` at every step (an `@` modifier), else the step time minus `offsetMs`. */
  readonly offsetMs: number;
  readonly fixedEndMs: number | undefined;
  /** `anchored`: the window also takes the last sample at or before its start (within the lookback delta). */
  readonly anchored: boolean;
  /** `smoothed`: values at the window's edges are interpolated from the neighbouring samples. */
  readonly smoothed: boolean;
  /** The argument's position, for annotations. */
  readonly pos: PositionRange;
  /** Samples counted against the query's budget while the argument is alive. */
  readonly held: number;
  /** The window end at step k (ms). */
  windowEnd(k: number): number;
  /** The [lo, hi) indexes of a series' samples inside the window of step k. */
  window(s: RangeSeries, k: number): [number, number];
}

/** First index whose timestamp is > t. */
export function upperBound(ts: Float64Array, t: number, from = 0, to = ts.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Builds a RangeArgument from samples already laid out per series. */
export function rangeArgumentOf(
  ev: Evaluator,
  series: RangeSeries[],
  rangeMs: number,
  offsetMs: number,
  fixedEndMs: number | undefined,
  pos: PositionRange,
  held: number,
  extended: { anchored: boolean; smoothed: boolean } = { anchored: false, smoothed: false },
): RangeArgument {
  const windowEnd = fixedEndMs === undefined ? (k: number) => ev.stepTime(k) - offsetMs : () => fixedEndMs - offsetMs;
  return {
    series,
    rangeMs,
    offsetMs,
    fixedEndMs,
    pos,
    held,
    ...extended,
    windowEnd,
    window(s, k) {
      const end = windowEnd(k);
      return [upperBound(s.timestamps, end - rangeMs), upperBound(s.timestamps, end)];
    },
  };
}

/**
 * A range selector's series with their samples. Staleness markers are dropped: a range
 * selector never returns them, it only sees the samples the series really has.
 */
export function rangeArgument(ev: Evaluator, ms: MatrixSelector): RangeArgument {
  const vs = ms.selector;
  const series: RangeSeries[] = [];
  let held = 0;
  for (const s of ev.query.selected.get(vs) ?? []) {
    ev.query.guard.check();
    const { timestamps, values, length, startTimestamps } = s.samples();
    let kept = 0;
    for (let i = 0; i < length; i++) if (!isStaleNaN(values[i]!)) kept++;
    if (kept === 0) continue;
    held += kept;
    if (kept === length) {
      const st = startTimestamps?.subarray(0, length);
      series.push({ labels: s.labels, dropName: false, timestamps: timestamps.subarray(0, length), values: values.subarray(0, length), ...(st ? { startTimestamps: st } : {}) });
      continue;
    }
    const ts = new Float64Array(kept);
    const vsKept = new Float64Array(kept);
    const st = startTimestamps === undefined ? undefined : new Float64Array(kept);
    for (let i = 0, j = 0; i < length; i++) {
      const v = values[i]!;
      if (isStaleNaN(v)) continue;
      ts[j] = timestamps[i]!;
      if (st !== undefined) st[j] = startTimestamps![i]!;
      vsKept[j++] = v;
    }
    series.push({ labels: s.labels, dropName: false, timestamps: ts, values: vsKept, ...(st ? { startTimestamps: st } : {}) });
  }
  ev.query.samples.hold(held);
  const fixedEnd = vs.at?.kind === 'timestamp' ? vs.at.ms : undefined;
  return rangeArgumentOf(ev, series, ms.rangeMs, vs.offsetMs, fixedEnd, ms.pos, held, { anchored: vs.anchored === true, smoothed: vs.smoothed === true });
}
