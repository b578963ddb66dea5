/** One series held in memory: its labels and growable columns of timestamps and values. */
import type { Labels } from '../model/labels.js';
import type { SeriesRef, SeriesSamples } from '../model/storage.js';

const INITIAL_CAPACITY = 16;

export class MemorySeries {
  private timestamps = new Float64Array(INITIAL_CAPACITY);
  private values = new Float64Array(INITIAL_CAPACITY);
  private count = 0;

  constructor(
    readonly ref: SeriesRef,
    readonly labels: Labels,
  ) {}

  get length(): number {
    return this.count;
  }

  /** The timestamp of the newest sample, or -Infinity when empty. */
  get maxTime(): number {
    return this.count === 0 ? -Infinity : this.timestamps[this.count - 1]!;
  }

  /** The value of the newest sample (only meaningful when not empty). */
  get lastValue(): number {
    return this.values[this.count - 1]!;
  }

  /** Appends a sample; the caller has checked that t is newer than maxTime. */
  push(t: number, v: number): void {
    if (this.count === this.timestamps.length) {
      const timestamps = new Float64Array(this.count * 2);
      timestamps.set(this.timestamps);
      this.timestamps = timestamps;
      const values = new Float64Array(this.count * 2);
      values.set(this.values);
      this.values = values;
    }
    this.timestamps[this.count] = t;
    this.values[this.count] = v;
    this.count++;
  }

  /** Copies of the samples with timestamps in [mint, maxt]. */
  range(mint: number, maxt: number): SeriesSamples {
    const from = lowerBound(this.timestamps, this.count, mint);
    const to = lowerBound(this.timestamps, this.count, maxt + 1);
    return {
      timestamps: this.timestamps.slice(from, to),
      values: this.values.slice(from, to),
      length: Math.max(0, to - from),
    };
  }

  /** Drops samples older than mint; returns whether the series is now empty. */
  truncateBefore(mint: number): boolean {
    const from = lowerBound(this.timestamps, this.count, mint);
    if (from > 0) {
      this.timestamps.copyWithin(0, from, this.count);
      this.values.copyWithin(0, from, this.count);
      this.count -= from;
    }
    return this.count === 0;
  }
}

/** Index of the first element >= t within the first n elements of a sorted array. */
export function lowerBound(sorted: Float64Array, n: number, t: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
