/**
 * Growable columns of samples (timestamps, and values written as their bit words so NaN payloads
 * survive), the buffer chunk decoding fills and a selected series hands to the query engine.
 */
import type { SeriesSamples } from '../../model/storage.js';

/** Columns of decoded samples that grow as chunks are decoded into them. */
export class SampleBuffer implements SeriesSamples {
  timestamps: Float64Array;
  values: Float64Array;
  private words: Uint32Array;
  length = 0;

  /** `capacity` is a hint; pass the exact upper bound when known to avoid regrowth. */
  constructor(capacity = 16, slab?: SampleSlab) {
    capacity = Math.max(1, capacity);
    if (slab !== undefined) {
      [this.timestamps, this.values] = slab.take(capacity);
    } else {
      this.timestamps = new Float64Array(capacity);
      this.values = new Float64Array(capacity);
    }
    this.words = new Uint32Array(this.values.buffer, this.values.byteOffset, capacity * 2);
  }

  /** Appends a sample whose value is given as its float64 bit words (low word first in memory). */
  pushBits(t: number, high: number, low: number): void {
    if (this.length === this.timestamps.length) this.grow(this.length * 2);
    const i = this.length++;
    this.timestamps[i] = t;
    this.words[2 * i] = low;
    this.words[2 * i + 1] = high;
  }

  /** Makes room for `n` more samples. */
  reserve(n: number): void {
    if (this.length + n > this.timestamps.length) this.grow(Math.max(this.length + n, this.length * 2));
  }

  /** Appends a sample with an ordinary value (use `pushBits` where NaN payloads matter). */
  push(t: number, v: number): void {
    if (this.length === this.timestamps.length) this.grow(this.length * 2);
    const i = this.length++;
    this.timestamps[i] = t;
    this.values[i] = v;
  }

  /** The timestamp of the newest sample, or -Infinity when empty. */
  get maxTime(): number {
    return this.length === 0 ? -Infinity : this.timestamps[this.length - 1]!;
  }

  /** The high bit word of sample i's value. */
  highWordAt(i: number): number {
    return this.words[2 * i + 1]!;
  }

  /** The low bit word of sample i's value. */
  lowWordAt(i: number): number {
    return this.words[2 * i]!;
  }

  /** Drops the newest sample (used when merging replaces a duplicate). */
  pop(): void {
    if (this.length > 0) this.length--;
  }

  /** A view trimmed to the samples held (no copy when the buffer is exactly full). */
  trimmed(): SeriesSamples {
    if (this.length === this.timestamps.length) return { timestamps: this.timestamps, values: this.values, length: this.length };
    return { timestamps: this.timestamps.subarray(0, this.length), values: this.values.subarray(0, this.length), length: this.length };
  }

  /** The samples outside the given closed intervals (deleted ranges), trimmed. */
  withoutIntervals(intervals: ReadonlyArray<readonly [number, number]> | undefined): SeriesSamples {
    if (intervals === undefined || intervals.length === 0) return this.trimmed();
    const kept = new SampleBuffer(this.length);
    for (let i = 0; i < this.length; i++) {
      const t = this.timestamps[i]!;
      let deleted = false;
      for (const [a, b] of intervals) if (t >= a && t <= b) deleted = true;
      if (!deleted) kept.pushBits(t, this.words[2 * i + 1]!, this.words[2 * i]!);
    }
    return kept.trimmed();
  }

  private grow(capacity: number): void {
    // (A buffer carved from a slab leaves it here: the slab's neighbours are not overwritten.)
    const timestamps = new Float64Array(capacity);
    timestamps.set(this.timestamps.subarray(0, this.length));
    const values = new Float64Array(capacity);
    // Copy through the word view so that no value passes through a JS number.
    const words = new Uint32Array(values.buffer);
    words.set(this.words.subarray(0, 2 * this.length));
    this.timestamps = timestamps;
    this.values = values;
    this.words = words;
  }
}

/**
 * Shared allocations for the sample buffers of many series: a query selecting 10k series would
 * otherwise allocate 20k typed arrays with backing stores of their own, and spend a tenth of
 * its time collecting them. The slab hands out views of blocks of at most BLOCK_SAMPLES rather
 * than one array for the whole query (77 MB for 4.8M samples, always fresh pages from the OS):
 * allocating and filling 2 MB blocks measured half as costly. A block lives as long as any view
 * of it, and the slab needs no exact total up front.
 */
export class SampleSlab {
  private timestamps = new Float64Array(0);
  private values = new Float64Array(0);
  private used = 0;

  /** A slab for about `expected` samples in total (more are served in further blocks). */
  constructor(private remaining: number) {}

  /** Views for `n` samples. */
  take(n: number): [Float64Array, Float64Array] {
    if (this.used + n > this.timestamps.length) {
      // Past the expected total, further blocks are as big as the last one.
      const wanted = this.remaining > 0 ? this.remaining : this.timestamps.length;
      const size = Math.max(n, Math.min(wanted, BLOCK_SAMPLES));
      this.timestamps = new Float64Array(size);
      this.values = new Float64Array(size);
      this.used = 0;
    }
    const at = this.used;
    this.used += n;
    this.remaining -= n;
    return [this.timestamps.subarray(at, at + n), this.values.subarray(at, at + n)];
  }
}

/** Samples per slab block: 2 MB per column. */
const BLOCK_SAMPLES = 1 << 18;
