/**
 * rate, increase, delta, irate and idelta over a window of float samples, with Prometheus's
 * extrapolation to the window's edges and counter-reset handling, and their `anchored` and
 * `smoothed` variants (Prometheus 3's extended range selectors), which replace extrapolation by
 * the sample before the window (anchored) or by interpolation at the edges (smoothed).
 */
import { counterIncreaseWithStarts, lastPairResets, resetsWithStarts } from './startTimestamps.js';
import { emit, emitDefined, type RangeKernel, type Window } from './window.js';

/**
 * Prometheus's extrapolatedRate: the change between the first and last sample in the window,
 * corrected for counter resets, extrapolated towards the window's edges when the samples come
 * close enough to them (within 110% of the average sample interval), but never below zero for
 * counters.
 */
function extrapolatedRate(w: Window, isCounter: boolean, isRate: boolean): number | undefined {
  if (isCounter && w.st !== undefined) return counterIncreaseWithStarts(w, isRate);
  const { ts, vs, lo, hi } = w;
  const n = hi - lo;
  if (n < 2) return undefined;
  const firstT = ts[lo]!;
  const lastT = ts[hi - 1]!;
  const firstV = vs[lo]!;
  let result = vs[hi - 1]! - firstV;
  if (isCounter) {
    // Add back the value before each drop, in order (the same sum as comparing every pair).
    const nextDrop = w.nextDrop;
    if (nextDrop !== undefined) {
      for (let i = nextDrop[lo + 1]!; i < hi; i = nextDrop[i + 1]!) result += vs[i - 1]!;
    } else {
      let prev = firstV;
      for (let i = lo + 1; i < hi; i++) {
        const cur = vs[i]!;
        if (cur < prev) result += prev;
        prev = cur;
      }
    }
  }
  let durationToStart = (firstT - w.startMs) / 1000;
  let durationToEnd = (w.endMs - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const averageDurationBetweenSamples = sampledInterval / (n - 1);
  const extrapolationThreshold = averageDurationBetweenSamples * 1.1;
  if (durationToStart >= extrapolationThreshold) durationToStart = averageDurationBetweenSamples / 2;
  if (isCounter) {
    // A counter cannot go below zero: do not extrapolate past the point where it would be 0.
    let durationToZero = durationToStart;
    if (result > 0 && firstV >= 0) durationToZero = sampledInterval * (firstV / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= extrapolationThreshold) durationToEnd = averageDurationBetweenSamples / 2;
  let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
  if (isRate) factor /= w.rangeMs / 1000;
  return result * factor;
}

/** irate/idelta: from the last two samples only. */
function instantValue(w: Window, isRate: boolean): number | undefined {
  const { ts, vs, lo, hi } = w;
  if (hi - lo < 2) return undefined;
  const last = vs[hi - 1]!;
  const previous = vs[hi - 2]!;
  // After a counter reset the counter restarted from zero, so its value is the increase.
  const reset = isRate && (w.st === undefined ? last < previous : lastPairResets(w));
  let result = reset ? last : last - previous;
  const sampledInterval = ts[hi - 1]! - ts[hi - 2]!;
  if (sampledInterval === 0) return undefined;
  if (isRate) result /= sampledInterval / 1000;
  return result;
}

// The change along a sequence of values, adding back the value before each drop for counters.
function sequenceIncrease(values: readonly number[], isCounter: boolean): number {
  let result = values[values.length - 1]! - values[0]!;
  if (isCounter) {
    for (let i = 1; i < values.length; i++) if (values[i]! < values[i - 1]!) result += values[i - 1]!;
  }
  return result;
}

/** Whether the sample at index i exists and lies within the lookback delta before `t`. */
function withinLookbackBefore(w: Window, i: number, t: number): boolean {
  return i >= 0 && w.ts[i]! > t - w.lookbackMs;
}

/**
 * `anchored`: the samples in the window plus the last one at or before its start (within the
 * lookback delta), taken as they are; at least one sample must lie in the window.
 */
function anchoredChange(w: Window, isCounter: boolean, isRate: boolean): number | undefined {
  const { vs, lo, hi } = w;
  if (hi - lo < 1) return undefined;
  const first = withinLookbackBefore(w, lo - 1, w.startMs) ? lo - 1 : lo;
  const values: number[] = [];
  for (let i = first; i < hi; i++) values.push(vs[i]!);
  const result = sequenceIncrease(values, isCounter);
  return isRate ? result / (w.rangeMs / 1000) : result;
}

// The value at t between samples i and i + 1; a counter that dropped restarted from zero.
function interpolate(w: Window, i: number, t: number, isCounter: boolean): number {
  const t0 = w.ts[i]!;
  const t1 = w.ts[i + 1]!;
  const v0 = w.vs[i]!;
  const v1 = w.vs[i + 1]!;
  const fraction = (t - t0) / (t1 - t0);
  if (isCounter && v1 < v0) return v1 * fraction;
  return v0 + (v1 - v0) * fraction;
}

/**
 * `smoothed`: the values at the window's start and end are interpolated from the samples
 * around them (or taken from the nearest sample inside when there is none beyond the edge);
 * the result is the change between them along the samples in between. Data only before or
 * only after the window yields nothing.
 */
function smoothedChange(w: Window, isCounter: boolean, isRate: boolean): number | undefined {
  const { ts, vs, lo, hi } = w;
  const n = ts.length;
  if (lo >= n || hi === 0) return undefined;
  const hasBefore = withinLookbackBefore(w, lo - 1, w.startMs);
  const hasAfter = hi < n && ts[hi]! - w.endMs < w.lookbackMs;
  if (lo === hi && !(hasBefore && hasAfter)) return undefined;
  let innerFrom = lo;
  let innerTo = hi;
  let left: number;
  if (hasBefore) {
    left = interpolate(w, lo - 1, w.startMs, isCounter);
  } else {
    left = vs[lo]!;
    innerFrom = lo + 1;
  }
  let right: number;
  if (ts[hi - 1] === w.endMs || !hasAfter) {
    right = vs[hi - 1]!;
    innerTo = hi - 1;
  } else {
    right = interpolate(w, hi - 1, w.endMs, isCounter);
  }
  const values: number[] = [left];
  for (let i = innerFrom; i < innerTo; i++) values.push(vs[i]!);
  values.push(right);
  const result = sequenceIncrease(values, isCounter);
  return isRate ? result / (w.rangeMs / 1000) : result;
}

/** How a rate-like function treats its window. */
export type RangeVariant = 'plain' | 'anchored' | 'smoothed';

function changeKernel(isCounter: boolean, isRate: boolean): Record<RangeVariant, RangeKernel> {
  return {
    plain: (w) => emitDefined(w, extrapolatedRate(w, isCounter, isRate)),
    anchored: (w) => emitDefined(w, anchoredChange(w, isCounter, isRate)),
    smoothed: (w) => emitDefined(w, smoothedChange(w, isCounter, isRate)),
  };
}

/** rate, increase and delta in each variant. */
export const RATE_KERNELS = {
  rate: changeKernel(true, true),
  increase: changeKernel(true, false),
  delta: changeKernel(false, false),
};

/** irate and idelta. */
export const INSTANT_RATE_KERNELS: Record<'irate' | 'idelta', RangeKernel> = {
  irate: (w) => emitDefined(w, instantValue(w, true)),
  idelta: (w) => emitDefined(w, instantValue(w, false)),
};

/** changes and resets; `anchored` also counts the step from the sample before the window. */
export function countingKernel(kind: 'changes' | 'resets', anchored: boolean): RangeKernel {
  return (w) => {
    const { vs, hi } = w;
    if (hi - w.lo < 1) return false;
    if (kind === 'resets' && !anchored && w.st !== undefined) return emit(w, resetsWithStarts(w));
    const first = anchored && withinLookbackBefore(w, w.lo - 1, w.startMs) ? w.lo - 1 : w.lo;
    let count = 0;
    let prev = vs[first]!;
    for (let i = first + 1; i < hi; i++) {
      const cur = vs[i]!;
      if (kind === 'resets' ? cur < prev : cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))) count++;
      prev = cur;
    }
    return emit(w, count);
  };
}
