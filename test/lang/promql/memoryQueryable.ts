/** A small in-memory Queryable for engine tests: series kept as sorted sample arrays. */
import { Labels, type LabelSet } from '../../../src/model/labels.js';
import type { Matcher } from '../../../src/model/matcher.js';
import { STALE_NAN, isStaleNaN } from '../../../src/model/staleness.js';
import type { Queryable, SelectHints, Series, SeriesSamples } from '../../../src/model/storage.js';

interface StoredSeries {
  readonly labels: Labels;
  readonly timestamps: number[];
  readonly values: number[];
  // V8 canonicalises NaNs stored in plain arrays, which would erase the staleness marker's
  // bit pattern; it is kept as a flag and written back into the typed array on select.
  readonly stale: boolean[];
}

/** Binary search: the first index whose timestamp is >= t. */
function lowerBound(timestamps: readonly number[], t: number): number {
  let lo = 0;
  let hi = timestamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timestamps[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Stores samples in memory and serves them through the Queryable seam. */
export class MemoryQueryable implements Queryable {
  private readonly series = new Map<string, StoredSeries>();
  /** Every select call, so tests can check the time ranges the engine asks for. */
  readonly selects: { matchers: readonly Matcher[]; mint: number; maxt: number; hints?: SelectHints }[] = [];

  /** Adds (or overwrites) one sample. */
  add(labels: Labels | LabelSet, t: number, v: number): void {
    const l = labels instanceof Labels ? labels : Labels.from(labels);
    let s = this.series.get(l.key);
    if (s === undefined) {
      s = { labels: l, timestamps: [], values: [], stale: [] };
      this.series.set(l.key, s);
    }
    const i = lowerBound(s.timestamps, t);
    if (s.timestamps[i] === t) {
      s.values[i] = v;
      s.stale[i] = isStaleNaN(v);
    } else {
      s.timestamps.splice(i, 0, t);
      s.values.splice(i, 0, v);
      s.stale.splice(i, 0, isStaleNaN(v));
    }
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
      const from = lowerBound(s.timestamps, mint);
      const to = lowerBound(s.timestamps, maxt + 1);
      if (from >= to) continue;
      const values = new Float64Array(to - from);
      for (let i = from; i < to; i++) values[i - from] = s.stale[i] ? STALE_NAN : s.values[i]!;
      const samples: SeriesSamples = { timestamps: Float64Array.from(s.timestamps.slice(from, to)), values, length: to - from };
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
