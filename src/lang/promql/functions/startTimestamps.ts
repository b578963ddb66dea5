/**
 * Counter functions over samples that carry start timestamps (ST, Prometheus's
 * `use-start-timestamps`). A start timestamp says when the counter began counting, so it
 * reveals restarts that the values alone cannot (an OTel delta series restarts at every
 * sample), and when the first sample of a window started inside it, the increase is counted
 * from zero at that time instead of being extrapolated towards the window's start.
 */
import type { Window } from './window.js';

/** Whether sample i has a usable start timestamp: known (not NaN, not 0) and before the sample itself. */
export function knownStart(st: Float64Array, ts: Float64Array, i: number): boolean {
  const s = st[i]!;
  return s === s && s !== 0 && s < ts[i]!;
}

/**
 * Whether the counter restarted between samples i-1 and i: sample i started after sample i-1
 * was taken, or exactly then while sample i-1 had a known start of its own (a delta
 * sample); a start equal to the previous sample's time after an unknown start is how a
 * cumulative series with unknown start looks, and is no restart.
 */
export function startReset(st: Float64Array, ts: Float64Array, i: number): boolean {
  if (!knownStart(st, ts, i)) return false;
  const s = st[i]!;
  const prevT = ts[i - 1]!;
  return s > prevT || (s === prevT && knownStart(st, ts, i - 1));
}

/** Whether some sample in the window starts before the previous sample's time (and not with it), i.e. the series overlaps itself. */
export function hasStartOverlap(w: Window): boolean {
  const st = w.st!;
  for (let i = w.lo + 1; i < w.hi; i++) {
    const s = st[i]!;
    if (s !== s || s === 0) continue;
    const prevST = st[i - 1]! === st[i - 1]! ? st[i - 1]! : 0;
    if (s < w.ts[i - 1]! && s !== prevST) return true;
  }
  return false;
}

/** The increase of a counter over the window (rate: per second of the range), using start timestamps. */
export function counterIncreaseWithStarts(w: Window, isRate: boolean): number | undefined {
  const { ts, vs, lo, hi } = w;
  const st = w.st!;
  const n = hi - lo;
  if (n < 1) return undefined;
  // The first sample started inside the window: count it from zero at its start.
  const fromZero = knownStart(st, ts, lo) && st[lo]! > w.startMs;
  if (!fromZero && n < 2) return undefined;
  let result = vs[hi - 1]! - vs[lo]!;
  for (let i = lo + 1; i < hi; i++) if (vs[i]! < vs[i - 1]! || startReset(st, ts, i)) result += vs[i - 1]!;
  const firstT = ts[lo]!;
  const lastT = ts[hi - 1]!;
  // The typical spacing is that of the real samples; a lone sample is not extrapolated at all.
  const averageDurationBetweenSamples = n > 1 ? (lastT - firstT) / 1000 / (n - 1) : 0;
  const extrapolationThreshold = averageDurationBetweenSamples * 1.1;
  let durationToEnd = (w.endMs - lastT) / 1000;
  if (durationToEnd >= extrapolationThreshold) durationToEnd = averageDurationBetweenSamples / 2;
  let sampledInterval: number;
  let durationToStart: number;
  if (fromZero) {
    result += vs[lo]!;
    sampledInterval = (lastT - st[lo]!) / 1000;
    durationToStart = 0;
  } else {
    sampledInterval = (lastT - firstT) / 1000;
    durationToStart = (firstT - w.startMs) / 1000;
    if (durationToStart >= extrapolationThreshold) durationToStart = averageDurationBetweenSamples / 2;
    const firstV = vs[lo]!;
    const durationToZero = result > 0 && firstV >= 0 ? sampledInterval * (firstV / result) : durationToStart;
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
  if (isRate) factor /= w.rangeMs / 1000;
  return result * factor;
}

/** Whether the last two samples of the window straddle a restart (for irate). */
export function lastPairResets(w: Window): boolean {
  const i = w.hi - 1;
  return w.vs[i]! < w.vs[i - 1]! || startReset(w.st!, w.ts, i);
}

/** The number of restarts in the window, by value drops and start timestamps. */
export function resetsWithStarts(w: Window): number {
  let count = 0;
  for (let i = w.lo + 1; i < w.hi; i++) if (w.vs[i]! < w.vs[i - 1]! || startReset(w.st!, w.ts, i)) count++;
  return count;
}
