/**
 * The head: every series in memory with its open chunk and the closed chunks of the partitions
 * not yet flushed to disk, a postings index, and the rules that decide which samples it takes.
 * It knows nothing of the WAL: appenders log first and apply here once the log write is done.
 */
import { Labels } from '../../model/labels.js';
import type { Matcher } from '../../model/matcher.js';
import type { Series } from '../../model/storage.js';
import { SampleBuffer, SampleSlab } from '../chunks/sampleBuffer.js';
import { MemPostings } from '../index/memPostings.js';
import { DEFAULT_PARTITION_MS, partitionStart } from '../partitionTime.js';
import { ChunkArena } from './chunkArena.js';
import { AppendOutcome, type ArenaSource, type ChunkView, type HeadSeries } from './headSeries.js';
import { OpenChunkSlab } from './openChunkSlab.js';
import { hashLabels, SeriesRegistry } from './seriesRegistry.js';

/** Counts of what the head did with the samples given to it, for self-metrics. */
export interface HeadCounters {
  samplesAppended: number;
  outOfOrder: number;
  duplicates: number;
  outOfBounds: number;
  seriesCreated: number;
  seriesRemoved: number;
  chunksFlushed: number;
}

/** Something holding series with uncommitted samples, which garbage collection must keep. */
export interface PendingHolder {
  pendingSeries(): Iterable<HeadSeries>;
}

/** One series' chunks of a partition being flushed. */
export interface FlushedSeries {
  readonly ref: number;
  readonly labels: Labels;
  readonly chunks: readonly ChunkView[];
}

/** The in-memory head of the TSDB. */
export class Head implements ArenaSource {
  readonly slab = new OpenChunkSlab();
  readonly registry = new SeriesRegistry(this.slab);
  readonly postings = new MemPostings();
  private readonly arenas = new Map<number, ChunkArena>();
  private readonly usedPartitions = new Set<number>();
  /** WAL refs that replay mapped onto another series with the same labels (a series recreated under a new ref). */
  readonly refAliases = new Map<number, HeadSeries>();
  /** Appenders with uncommitted samples. */
  readonly openAppenders = new Set<PendingHolder>();
  readonly counters: HeadCounters = { samplesAppended: 0, outOfOrder: 0, duplicates: 0, outOfBounds: 0, seriesCreated: 0, seriesRemoved: 0, chunksFlushed: 0 };
  nextRef = 1;
  /** The newest committed sample time. */
  maxTime = -Infinity;
  /** Samples older than this are on disk already: the head refuses them. */
  minValidTime = -Infinity;

  constructor(readonly partitionMs = DEFAULT_PARTITION_MS) {}

  get seriesCount(): number {
    return this.registry.size;
  }

  arenaFor(partition: number): ChunkArena {
    let arena = this.arenas.get(partition);
    if (arena === undefined) this.arenas.set(partition, (arena = new ChunkArena()));
    return arena;
  }

  partitionUsed(partition: number): void {
    this.usedPartitions.add(partition);
  }

  /** The series with these labels, created (with a new ref) when absent. */
  getOrCreate(labels: Labels): HeadSeries {
    const hash = hashLabels(labels);
    const found = this.registry.find(labels, hash);
    if (found !== undefined) return found;
    return this.create(this.nextRef++, labels, hash);
  }

  /** During WAL replay: the series of a series record, keeping its ref (or the live one with the same labels). */
  replaySeries(ref: number, labels: Labels): HeadSeries {
    if (ref >= this.nextRef) this.nextRef = ref + 1;
    const existing = this.registry.byRef.get(ref) ?? this.registry.find(labels);
    if (existing !== undefined) {
      if (existing.ref !== ref) this.refAliases.set(ref, existing);
      return existing;
    }
    const series = this.create(ref, labels, hashLabels(labels));
    series.logged = true;
    return series;
  }

  private create(ref: number, labels: Labels, hash: number): HeadSeries {
    const series = this.registry.add(ref, labels, hash);
    this.postings.add(ref, series.labels);
    this.counters.seriesCreated++;
    return series;
  }

  /** The series a WAL ref stands for (replay and checkpoints: aliases included). */
  byWalRef(ref: number): HeadSeries | undefined {
    const series = this.registry.byRef.get(ref) ?? this.refAliases.get(ref);
    return series === undefined || series.removed ? undefined : series;
  }

  /** The series of a ref handed out earlier, if the head still holds it. */
  byRef(ref: number): HeadSeries | undefined {
    return this.registry.byRef.get(ref);
  }

  /** The oldest timestamp an append may have now (Prometheus: head max time minus half a block). */
  appendableMinTime(): number {
    return Math.max(this.minValidTime, this.maxTime - this.partitionMs / 2);
  }

  /** Applies one committed sample (its value as bit words), counting what happened. */
  apply(series: HeadSeries, t: number, high: number, low: number): AppendOutcome {
    if (t < this.minValidTime) {
      this.counters.outOfBounds++;
      return AppendOutcome.OutOfOrder;
    }
    const outcome = series.appendSample(t, high, low, this);
    if (outcome === AppendOutcome.Appended) {
      this.counters.samplesAppended++;
      if (t > this.maxTime) this.maxTime = t;
    } else if (outcome === AppendOutcome.OutOfOrder) this.counters.outOfOrder++;
    else if (outcome === AppendOutcome.Duplicate) this.counters.duplicates++;
    return outcome;
  }

  /** Series matching the matchers with samples in [mint, maxt], decoded now, sorted by labels. */
  select(matchers: readonly Matcher[], mint: number, maxt: number, deleted?: (ref: number) => ReadonlyArray<readonly [number, number]> | undefined): Series[] {
    const out: Series[] = [];
    const selected: Array<[HeadSeries, number]> = [];
    let total = 0;
    for (const ref of this.postings.select(matchers)) {
      const series = this.registry.byRef.get(ref)!;
      const n = series.countIn(mint, maxt);
      if (n === 0) continue;
      selected.push([series, n]);
      total += n;
    }
    const slab = new SampleSlab(total);
    for (const [series, n] of selected) {
      const ref = series.ref;
      const buffer = new SampleBuffer(n, slab);
      if (series.decode(mint, maxt, this, buffer) === 0) continue;
      const samples = buffer.withoutIntervals(deleted?.(ref));
      if (samples.length === 0) continue;
      out.push({ labels: series.labels, samples: () => samples });
    }
    return out.sort((a, b) => Labels.compare(a.labels, b.labels));
  }

  /** Series matching the matchers that hold samples in [mint, maxt]. */
  matchingSeries(matchers: readonly Matcher[], mint: number, maxt: number): HeadSeries[] {
    const out: HeadSeries[] = [];
    for (const ref of this.postings.select(matchers)) {
      const series = this.registry.byRef.get(ref)!;
      if (series.countIn(mint, maxt) > 0) out.push(series);
    }
    return out;
  }

  /** The oldest partition holding head data, if any. */
  oldestPartition(): number | undefined {
    let oldest: number | undefined;
    for (const p of this.usedPartitions) if (oldest === undefined || p < oldest) oldest = p;
    return oldest;
  }

  /** Whether a partition can take no more samples (the appendable window has moved past it). */
  isImmutable(partition: number): boolean {
    return this.appendableMinTime() >= partition + this.partitionMs;
  }

  /**
   * The chunks of one immutable partition, for flushing. Open chunks in it are closed first (no
   * sample can reach them any more). The views stay valid until `dropPartition`.
   */
  collectPartition(partition: number): FlushedSeries[] {
    const end = partition + this.partitionMs;
    // A commit validated before the window moved must not reopen the partition being flushed.
    if (end > this.minValidTime) this.minValidTime = end;
    const out: FlushedSeries[] = [];
    for (const series of this.registry.byRef.values()) {
      if (series.count > 0 && series.minT < end) series.closeOpenChunk(this);
      if (series.closed.length === 0 || series.closed[0]! >= end) continue;
      out.push({ ref: series.ref, labels: series.labels, chunks: series.chunks(partition, end - 1, this) });
    }
    return out;
  }

  /**
   * Forgets a flushed partition: its chunks, its arena, and the series left without samples
   * (unless an open appender holds them). Returns the number of series removed.
   */
  dropPartition(partition: number): number {
    const end = partition + this.partitionMs;
    let chunks = 0;
    for (const series of this.registry.byRef.values()) {
      const before = series.closed.length;
      series.dropChunksBefore(end);
      chunks += (before - series.closed.length) / 4;
    }
    this.counters.chunksFlushed += chunks;
    this.arenas.delete(partition);
    this.usedPartitions.delete(partition);
    if (end > this.minValidTime) this.minValidTime = end;
    return this.collectGarbage();
  }

  /** Removes series without samples that no open appender holds. */
  collectGarbage(): number {
    const protectedSeries = new Set<HeadSeries>();
    for (const holder of this.openAppenders) for (const s of holder.pendingSeries()) protectedSeries.add(s);
    const removed = new Set<number>();
    for (const series of this.registry.byRef.values()) {
      if (!series.empty || protectedSeries.has(series)) continue;
      series.removed = true;
      series.releaseSlot();
      removed.add(series.ref);
    }
    for (const ref of removed) this.registry.delete(this.registry.byRef.get(ref)!);
    this.postings.remove(removed);
    if (removed.size > 0) this.registry.compactSymbols();
    this.counters.seriesRemoved += removed.size;
    return removed.size;
  }

  /** The oldest sample time held, or undefined when empty (a scan: for stats only). */
  minTime(): number | undefined {
    let min = Infinity;
    for (const s of this.registry.byRef.values()) min = Math.min(min, s.minTime);
    return min === Infinity ? undefined : min;
  }

  /** Chunks held, open ones included (a scan: for stats only). */
  chunkCount(): number {
    let n = 0;
    for (const s of this.registry.byRef.values()) n += s.chunkCount;
    return n;
  }

  /** The partition a timestamp belongs to. */
  partitionOf(t: number): number {
    return partitionStart(t, this.partitionMs);
  }
}
