/**
 * The in-memory head: series with their samples and a postings index, behind the Appendable and
 * Queryable seams. It is the walking skeleton's storage; the persisted TSDB replaces it.
 */
import { Labels } from '../model/labels.js';
import type { Matcher } from '../model/matcher.js';
import type { Appendable, Appender, Queryable, Series, SeriesRef } from '../model/storage.js';
import { AppendError } from './appendErrors.js';
import { MemorySeries } from './memorySeries.js';
import { PostingsIndex } from './postingsIndex.js';

export class MemoryHead implements Appendable, Queryable {
  private readonly byRef = new Map<SeriesRef, MemorySeries>();
  private readonly byKey = new Map<string, MemorySeries>();
  private readonly postings = new PostingsIndex();
  private nextRef = 1;
  /** Samples appended since start, for self-metrics. */
  samplesAppended = 0;

  get seriesCount(): number {
    return this.byRef.size;
  }

  appender(): Appender {
    return new MemoryHeadAppender(this);
  }

  /** Finds or creates the series for a label set. */
  getOrCreate(labels: Labels): MemorySeries {
    let series = this.byKey.get(labels.key);
    if (!series) {
      series = new MemorySeries(this.nextRef++, labels);
      this.byKey.set(labels.key, series);
      this.byRef.set(series.ref, series);
      this.postings.add(series.ref, labels);
    }
    return series;
  }

  /** The series of a ref handed out earlier, if it still exists. */
  byReference(ref: SeriesRef): MemorySeries | undefined {
    return this.byRef.get(ref);
  }

  async select(matchers: readonly Matcher[], mint: number, maxt: number): Promise<Series[]> {
    const out: Series[] = [];
    for (const ref of this.postings.select(matchers)) {
      const series = this.byRef.get(ref)!;
      const samples = series.range(mint, maxt);
      if (samples.length === 0) continue;
      out.push({ labels: series.labels, samples: () => samples });
    }
    return out.sort((a, b) => Labels.compare(a.labels, b.labels));
  }

  async labelNames(mint: number, maxt: number, matchers: readonly Matcher[] = []): Promise<string[]> {
    const names = new Set<string>();
    for (const series of this.seriesIn(matchers, mint, maxt)) for (const n of series.labels.names) names.add(n);
    return [...names].sort();
  }

  async labelValues(name: string, mint: number, maxt: number, matchers: readonly Matcher[] = []): Promise<string[]> {
    const values = new Set<string>();
    for (const series of this.seriesIn(matchers, mint, maxt)) {
      const v = series.labels.get(name);
      if (v !== '') values.add(v);
    }
    return [...values].sort();
  }

  /** Series matching the matchers with at least one sample in [mint, maxt]. */
  private seriesIn(matchers: readonly Matcher[], mint: number, maxt: number): MemorySeries[] {
    return this.postings.select(matchers).map((ref) => this.byRef.get(ref)!).filter((s) => s.range(mint, maxt).length > 0);
  }
}

interface PendingSample {
  readonly series: MemorySeries;
  readonly t: number;
  readonly v: number;
}

class MemoryHeadAppender implements Appender {
  private pending: PendingSample[] = [];

  constructor(private readonly head: MemoryHead) {}

  append(ref: SeriesRef, labels: Labels | null, t: number, v: number): SeriesRef {
    let series = ref !== 0 ? this.head.byReference(ref) : undefined;
    if (!series) {
      if (!labels) throw new Error(`unknown series ref ${ref} and no labels given`);
      series = this.head.getOrCreate(labels);
    }
    if (t < series.maxTime) throw new AppendError('out_of_order');
    if (t === series.maxTime && !Object.is(v, series.lastValue) && !(Number.isNaN(v) && Number.isNaN(series.lastValue))) {
      throw new AppendError('duplicate');
    }
    this.pending.push({ series, t, v });
    return series.ref;
  }

  async commit(): Promise<void> {
    for (const { series, t, v } of this.pending) {
      // A sample equal to the newest one (same timestamp and value) is a silent no-op, as in Prometheus.
      if (t > series.maxTime) series.push(t, v);
    }
    this.head.samplesAppended += this.pending.length;
    this.pending = [];
  }

  rollback(): void {
    this.pending = [];
  }
}
