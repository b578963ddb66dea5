/**
 * The values an expression evaluates to, over all steps of a query at once. An instant vector is
 * a list of series, each a dense column of one value per step plus a presence mask (a NaN is a
 * legitimate value, so absence needs its own mark); a scalar is one column. Keeping whole
 * columns in typed arrays lets functions and operators run as tight loops over a series instead
 * of allocating an object per step and series.
 */
import type { Labels } from '../../model/labels.js';

/** One series of an instant-vector value: its value at each step where `present[k]` is 1. */
export interface StepSeries {
  readonly labels: Labels;
  /**
   * Set once a function or operator has marked `__name__` (with `__type__`/`__unit__`) for
   * removal. With delayed name removal the labels are dropped only when the query ends, so
   * that e.g. `label_replace` can still read the name.
   */
  readonly dropName: boolean;
  readonly values: Float64Array;
  readonly present: Uint8Array;
}

/** One series of a range-vector value: its samples, sorted by time. */
export interface RangeSeries {
  readonly labels: Labels;
  readonly dropName: boolean;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  /** Start timestamps of the samples (ms; NaN or 0 = unknown), only for a selector over storage that keeps them. */
  readonly startTimestamps?: Float64Array;
}

/** A scalar: one value per step. */
export interface ScalarValue {
  readonly type: 'scalar';
  readonly values: Float64Array;
}

/** An instant vector over all steps. */
export interface VectorValue {
  readonly type: 'vector';
  readonly series: StepSeries[];
}

/** A string literal. */
export interface StringValue {
  readonly type: 'string';
  readonly value: string;
}

/** A range vector; only produced as the final value of an instant query (`x[5m]`, a subquery). */
export interface MatrixValue {
  readonly type: 'matrix';
  readonly series: RangeSeries[];
}

/** An evaluated expression. */
export type EvalValue = ScalarValue | VectorValue | StringValue | MatrixValue;

/** A series with no points yet, ready to be filled step by step. */
export function emptyStepSeries(labels: Labels, dropName: boolean, stepCount: number): StepSeries {
  return { labels, dropName, values: new Float64Array(stepCount), present: new Uint8Array(stepCount) };
}

/**
 * Hands out the columns of many series from a few large typed arrays. One allocation per
 * series costs far more than a view into a shared block, and a query may produce tens of
 * thousands of series.
 */
export class StepSeriesAllocator {
  private values: Float64Array;
  private present: Uint8Array;
  private used = 0;
  private capacity: number;

  constructor(
    private readonly stepCount: number,
    expectedSeries: number,
  ) {
    this.capacity = Math.max(1, expectedSeries);
    this.values = new Float64Array(this.capacity * stepCount);
    this.present = new Uint8Array(this.capacity * stepCount);
  }

  /** A series with no points yet. */
  next(labels: Labels, dropName: boolean): StepSeries {
    if (this.used === this.capacity) {
      // Earlier series keep their views of the old block; later ones come from a new one.
      this.capacity *= 2;
      this.values = new Float64Array(this.capacity * this.stepCount);
      this.present = new Uint8Array(this.capacity * this.stepCount);
      this.used = 0;
    }
    const from = this.used * this.stepCount;
    const to = from + this.stepCount;
    this.used++;
    return { labels, dropName, values: this.values.subarray(from, to), present: this.present.subarray(from, to) };
  }

  /** Returns the last series handed out (it got no points), so its columns can be reused. */
  giveBack(s: StepSeries): void {
    this.used--;
    s.values.fill(0);
    s.present.fill(0);
  }
}

/** The number of steps at which a series has a value. */
export function pointCount(s: StepSeries): number {
  let n = 0;
  const present = s.present;
  for (let k = 0; k < present.length; k++) n += present[k]!;
  return n;
}

/** Whether a series has a value at any step. */
export function hasPoints(s: StepSeries): boolean {
  return s.present.indexOf(1) >= 0;
}
