/**
 * The view a range-vector function gets of one series at one step: the series' whole sample
 * arrays plus the indexes of the samples inside the window, so that no per-step copy is made.
 * Functions on `anchored`/`smoothed` ranges also look just outside [lo, hi).
 */

/** One series' samples and the current step's window over them. */
export interface Window {
  ts: Float64Array;
  vs: Float64Array;
  /** Samples in (startMs, endMs] are at indexes [lo, hi). */
  lo: number;
  hi: number;
  startMs: number;
  endMs: number;
  /** The step's evaluation time (differs from endMs by the offset). */
  evalMs: number;
  rangeMs: number;
  lookbackMs: number;
  /**
   * For counter functions: `nextDrop[i]` is the first index j >= i (j >= 1) where the value
   * dropped (vs[j] < vs[j-1]), or the series length. It lets a window skip straight from
   * reset to reset instead of comparing every sample at every step.
   */
  nextDrop: Int32Array | undefined;
  /** The samples' start timestamps, when the storage keeps them (see startTimestamps.ts). */
  st: Float64Array | undefined;
  /** Where the result goes: `out[k]` for the current step k. */
  out: Float64Array;
  k: number;
}

/**
 * A range-vector function on one window. `params` holds the values at this step of the
 * function's scalar arguments, in argument order. A kernel with a result writes it with
 * `emit` and returns true; without one it returns false. Writing into the output column
 * (rather than returning the number through a call site shared by all kernels) keeps V8 from
 * boxing every result.
 */
export type RangeKernel = (w: Window, params: readonly number[]) => boolean;

/** Fills `nextDrop` (length n + 1) for a series' values. */
export function computeNextDrop(vs: Float64Array, n: number, nextDrop: Int32Array): void {
  nextDrop[n] = n;
  for (let i = n - 1; i >= 1; i--) nextDrop[i] = vs[i]! < vs[i - 1]! ? i : nextDrop[i + 1]!;
  nextDrop[0] = n > 0 ? nextDrop[1 < n ? 1 : n]! : 0;
}

/** Writes the window's result to the output column at the current step. */
export function emit(w: Window, value: number): true {
  w.out[w.k] = value;
  return true;
}

/** Writes a result that may be missing (undefined); returns whether there was one. */
export function emitDefined(w: Window, value: number | undefined): boolean {
  if (value === undefined) return false;
  w.out[w.k] = value;
  return true;
}
