/**
 * A small in-memory Queryable for engine tests and benchmarks: each series keeps its samples in
 * growable typed arrays, sorted by time, and a selection hands out views of them (no copies).
 */
import { Labels, type LabelSet } from '../../../src/model/labels.js';
import type { Matcher } from '../../../src/model/matcher.js';
import { STALE_NAN, isStaleNaN } from '../../../src/model/staleness.js';
import type { Queryable, SelectHints, Series, SeriesSamples } from '../../../src/model/storage.js';

// The marker's two 32-bit words (little-endian); a NaN in an array literal would lose its payload.
const staleBits = Uint32Array.of(0x00000002, 0x7ff00000);

interface StoredSeries {
  readonly labels: Labels;
  timestamps: Float64Array;
  values: Float64Array;
  /** Start timestamps (NaN = unknown), only once the series got one. */
  starts: Float64Array | undefined;
  length: number;
}

/** Binary search: the first index in [0, length) whose timestamp is >= t. */
function lowerBound(timestamps: Float64Array, length: number, t: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timestamps[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Writes a value; a staleness marker is written bit by bit, so that its NaN payload survives.
function writeValue(values: Float64Array, i: number, v: number): void {
  if (isStaleNaN(v)) {
    const words = new Uint32Array(values.buffer, values.byteOffset + i * 8, 2);
    words[0] = staleBits[0]!;
    words[1] = staleBits[1]!;
  } else {
    values[i] = v;
  }
}

/** Stores samples in memory and serves them through the Queryable seam. */
export class MemoryQueryable implements Queryable {
  private readonly series = new Map<string, StoredSeries>();
  /** Every select call, so tests can check the time ranges the engine asks for. */
  readonly selects: { matchers: readonly Matcher[]; mint: number; maxt: number; hints?: SelectHints }[] = [];

  /** Adds (or overwrites) one sample, optionally with its start timestamp. */
  add(labels: Labels | LabelSet, t: number, v: number, startTimestamp?: number): void {
    const l = labels instanceof Labels ? labels : Labels.from(labels);
    let s = this.series.get(l.key);
    if (s === undefined) {
      s = { labels: l, timestamps: new Float64Array(16), values: new Float64Array(16), starts: undefined, length: 0 };
      this.series.set(l.key, s);
    }
    if (startTimestamp !== undefined && s.starts === undefined) s.starts = new Float64Array(s.timestamps.length).fill(NaN);
    // Appending in time order is the common case and needs no search.
    const i = s.length > 0 && s.timestamps[s.length - 1]! < t ? s.length : lowerBound(s.timestamps, s.length, t);
    if (i < s.length && s.timestamps[i] === t) {
      writeValue(s.values, i, v);
      if (s.starts !== undefined) s.starts[i] = startTimestamp ?? NaN;
      return;
    }
    if (s.length === s.timestamps.length) {
      const grownT = new Float64Array(s.length * 2);
      const grownV = new Float64Array(s.length * 2);
      grownT.set(s.timestamps);
      grownV.set(s.values);
      s.timestamps = grownT;
      s.values = grownV;
      if (s.starts !== undefined) {
        const grownS = new Float64Array(s.length * 2).fill(NaN);
        grownS.set(s.starts);
        s.starts = grownS;
      }
    }
    s.timestamps.copyWithin(i + 1, i, s.length);
    s.values.copyWithin(i + 1, i, s.length);
    s.starts?.copyWithin(i + 1, i, s.length);
    s.timestamps[i] = t;
    writeValue(s.values, i, v);
    if (s.starts !== undefined) s.starts[i] = startTimestamp ?? NaN;
    s.length++;
  }

  /**
   * Adds many samples of one series. A staleness marker is written as 'stale': a NaN inside an
   * array literal of numbers would not keep its bit pattern.
   */
  addSeries(labels: Labels | LabelSet, points: readonly (readonly [number, number | 'stale'])[]): void {
    for (const [t, v] of points) this.add(labels, t, v === 'stale' ? STALE_NAN : v);
  }

  /** Removes one series entirely (used when a load block redefines a series). */
  deleteSeries(labels: Labels): void {
    this.series.delete(labels.key);
  }

  /** Drops everything. */
  clear(): void {
    this.series.clear();
  }

  async select(matchers: readonly Matcher[], mint: number, maxt: number, hints?: SelectHints): Promise<Series[]> {
    this.selects.push(hints === undefined ? { matchers, mint, maxt } : { matchers, mint, maxt, hints });
    const out: Series[] = [];
    for (const s of this.series.values()) {
      if (!matchers.every((m) => m.matches(s.labels.get(m.name)))) continue;
      const from = lowerBound(s.timestamps, s.length, mint);
      const to = lowerBound(s.timestamps, s.length, maxt + 1);
      if (from >= to) continue;
      const samples: SeriesSamples = {
        timestamps: s.timestamps.subarray(from, to),
        values: s.values.subarray(from, to),
        length: to - from,
        ...(s.starts === undefined ? {} : { startTimestamps: s.starts.subarray(from, to) }),
      };
      out.push({ labels: s.labels, samples: () => samples });
    }
    return out.sort((a, b) => Labels.compare(a.labels, b.labels));
  }

  async labelNames(_mint: number, _maxt: number, matchers?: readonly Matcher[]): Promise<string[]> {
    const names = new Set<string>();
    for (const s of this.matching(matchers)) for (const n of s.labels.names) names.add(n);
    return [...names].sort();
  }

  async labelValues(name: string, _mint: number, _maxt: number, matchers?: readonly Matcher[]): Promise<string[]> {
    const values = new Set<string>();
    for (const s of this.matching(matchers)) if (s.labels.has(name)) values.add(s.labels.get(name));
    return [...values].sort();
  }

  private matching(matchers: readonly Matcher[] | undefined): StoredSeries[] {
    return [...this.series.values()].filter((s) => (matchers ?? []).every((m) => m.matches(s.labels.get(m.name))));
  }
}
