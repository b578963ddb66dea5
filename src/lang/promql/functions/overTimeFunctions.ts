/**
 * The `*_over_time` functions, the regressions (`deriv`, `predict_linear`) and
 * `double_exponential_smoothing`, each as a kernel over one window of float samples, computed
 * like Prometheus's functions.go (compensated sums, NaN handling, overflow-safe averages).
 */
import { kahanAdd, kahanTotal } from '../kahan.js';
import { QueryError } from '../queryError.js';
import { quantileOf } from '../quantile.js';
import { emit, emitDefined, type RangeKernel, type Window } from './window.js';

function sumOverTime(w: Window): number {
  const acc = { sum: 0, c: 0 };
  for (let i = w.lo; i < w.hi; i++) kahanAdd(acc, w.vs[i]!);
  return kahanTotal(acc);
}

/** The mean, switching to an incremental mean once the running sum would overflow. */
function avgOverTime(w: Window): number {
  const { vs, lo, hi } = w;
  let sum = vs[lo]!;
  let c = 0;
  let mean = 0;
  let incremental = false;
  let count = 1;
  for (let i = lo + 1; i < hi; i++) {
    const v = vs[i]!;
    count = i - lo + 1;
    if (!incremental) {
      const acc = { sum, c };
      kahanAdd(acc, v);
      if (Number.isFinite(acc.sum) || Number.isNaN(acc.sum)) {
        sum = acc.sum;
        c = acc.c;
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    const q = (count - 1) / count;
    const acc = { sum: q * mean, c: q * c };
    kahanAdd(acc, v / count);
    mean = acc.sum;
    c = acc.c;
  }
  if (incremental) return mean + c;
  return sum / count + c / count;
}

/** Population variance by Welford's method with compensated accumulators. */
function stdvarOverTime(w: Window): number {
  let count = 0;
  const mean = { sum: 0, c: 0 };
  const aux = { sum: 0, c: 0 };
  for (let i = w.lo; i < w.hi; i++) {
    const v = w.vs[i]!;
    count++;
    const delta = v - (mean.sum + mean.c);
    kahanAdd(mean, delta / count);
    kahanAdd(aux, delta * (v - (mean.sum + mean.c)));
  }
  return (aux.sum + aux.c) / count;
}

function extremeOverTime(w: Window, isMax: boolean): number {
  let best = w.vs[w.lo]!;
  for (let i = w.lo; i < w.hi; i++) {
    const v = w.vs[i]!;
    if ((isMax ? v > best : v < best) || Number.isNaN(best)) best = v;
  }
  return best;
}

// The time of the min/max sample in seconds; the last one wins among equal values.
function timeOfExtreme(w: Window, isMax: boolean): number {
  let best = w.vs[w.lo]!;
  let at = w.ts[w.lo]!;
  for (let i = w.lo; i < w.hi; i++) {
    const v = w.vs[i]!;
    if ((isMax ? v >= best : v <= best) || Number.isNaN(best)) {
      best = v;
      at = w.ts[i]!;
    }
  }
  return at / 1000;
}

function windowValues(w: Window): Float64Array {
  return w.vs.slice(w.lo, w.hi);
}

/** Median absolute deviation from the median. */
function madOverTime(w: Window): number {
  const values = windowValues(w);
  // A NaN sample makes the deviation unknown (sorting would otherwise hide it at one end).
  if (values.some(Number.isNaN)) return NaN;
  const median = quantileOf(0.5, values);
  for (let i = 0; i < values.length; i++) values[i] = Math.abs(values[i]! - median);
  return quantileOf(0.5, values);
}

/** Least-squares fit over the window with x in seconds relative to `interceptMs`. */
export function linearRegression(w: Window, interceptMs: number): { slope: number; intercept: number } {
  const { ts, vs, lo, hi } = w;
  const initY = vs[lo]!;
  let constY = true;
  let n = 0;
  const sumX = { sum: 0, c: 0 };
  const sumY = { sum: 0, c: 0 };
  const sumXY = { sum: 0, c: 0 };
  const sumX2 = { sum: 0, c: 0 };
  for (let i = lo; i < hi; i++) {
    const y = vs[i]!;
    if (constY && i > lo && y !== initY) constY = false;
    n++;
    const x = (ts[i]! - interceptMs) / 1e3;
    kahanAdd(sumX, x);
    kahanAdd(sumY, y);
    kahanAdd(sumXY, x * y);
    kahanAdd(sumX2, x * x);
  }
  // A constant series has slope 0 exactly, which the general formula would miss by rounding.
  if (constY) return Number.isFinite(initY) ? { slope: 0, intercept: initY } : { slope: NaN, intercept: NaN };
  const sx = sumX.sum + sumX.c;
  const sy = sumY.sum + sumY.c;
  const sxy = sumXY.sum + sumXY.c;
  const sx2 = sumX2.sum + sumX2.c;
  const covXY = sxy - (sx * sy) / n;
  const varX = sx2 - (sx * sx) / n;
  const slope = covXY / varX;
  return { slope, intercept: sy / n - (slope * sx) / n };
}

/** Holt's linear (double exponential) smoothing with smoothing factor sf and trend factor tf. */
function doubleExponentialSmoothing(w: Window, sf: number, tf: number): number | undefined {
  if (!(sf > 0 && sf < 1)) throw new QueryError('execution', `invalid smoothing factor. Expected: 0 < sf < 1, got: ${sf.toFixed(6)}`);
  if (!(tf > 0 && tf < 1)) throw new QueryError('execution', `invalid trend factor. Expected: 0 < tf < 1, got: ${tf.toFixed(6)}`);
  const { vs, lo, hi } = w;
  if (hi - lo < 2) return undefined;
  let s0 = 0;
  let s1 = vs[lo]!;
  let b = vs[lo + 1]! - vs[lo]!;
  for (let i = 1; i < hi - lo; i++) {
    const x = sf * vs[lo + i]!;
    // The trend of the first step is the initial difference itself.
    if (i > 1) b = tf * (s1 - s0) + (1 - tf) * b;
    const y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  return s1;
}

// Each kernel is its own function literal, so V8 can inline the computation it calls.
const n = (w: Window): number => w.hi - w.lo;

/** The over-time kernels by function name. */
export const OVER_TIME_KERNELS: Readonly<Record<string, RangeKernel>> = {
  sum_over_time: (w) => n(w) >= 1 && emit(w, sumOverTime(w)),
  avg_over_time: (w) => n(w) >= 1 && emit(w, avgOverTime(w)),
  count_over_time: (w) => n(w) >= 1 && emit(w, n(w)),
  min_over_time: (w) => n(w) >= 1 && emit(w, extremeOverTime(w, false)),
  max_over_time: (w) => n(w) >= 1 && emit(w, extremeOverTime(w, true)),
  last_over_time: (w) => n(w) >= 1 && emit(w, w.vs[w.hi - 1]!),
  first_over_time: (w) => n(w) >= 1 && emit(w, w.vs[w.lo]!),
  present_over_time: (w) => n(w) >= 1 && emit(w, 1),
  stdvar_over_time: (w) => n(w) >= 1 && emit(w, stdvarOverTime(w)),
  stddev_over_time: (w) => n(w) >= 1 && emit(w, Math.sqrt(stdvarOverTime(w))),
  quantile_over_time: (w, [q]) => n(w) >= 1 && emit(w, quantileOf(q!, windowValues(w))),
  mad_over_time: (w) => n(w) >= 1 && emit(w, madOverTime(w)),
  ts_of_last_over_time: (w) => n(w) >= 1 && emit(w, w.ts[w.hi - 1]! / 1000),
  ts_of_first_over_time: (w) => n(w) >= 1 && emit(w, w.ts[w.lo]! / 1000),
  ts_of_max_over_time: (w) => n(w) >= 1 && emit(w, timeOfExtreme(w, true)),
  ts_of_min_over_time: (w) => n(w) >= 1 && emit(w, timeOfExtreme(w, false)),
  deriv: (w) => n(w) >= 2 && emit(w, linearRegression(w, w.ts[w.lo]!).slope),
  predict_linear: (w, [duration]) => {
    if (n(w) < 2) return false;
    const { slope, intercept } = linearRegression(w, w.evalMs);
    return emit(w, intercept + slope * duration!);
  },
  double_exponential_smoothing: (w, [sf, tf]) => n(w) >= 1 && emitDefined(w, doubleExponentialSmoothing(w, sf!, tf!)),
};
