/**
 * The Queryable over the whole TSDB: the head and the persisted partitions overlapping the query,
 * merged series by series. The head is decoded first, then the partitions are read from their
 * read view (readView.ts): data only ever moves from the head to partitions, and partitions are
 * only replaced atomically, so a flush, compaction or retention running meanwhile can neither
 * hide nor half-show data. Partition reads go through the store's read cache.
 */
import type { Logger } from 'pino';
import type { Labels } from '../../model/labels.js';
import type { Matcher } from '../../model/matcher.js';
import type { Queryable, Series } from '../../model/storage.js';
import { SampleBuffer, SampleSlab } from '../chunks/sampleBuffer.js';
import { decodeChunkBytes } from '../chunks/chunkEncoding.js';
import type { Head } from '../head/head.js';
import type { PartitionMeta } from '../persist/partitionMeta.js';
import { PartitionReader, type SeriesRead } from '../persist/partitionReader.js';
import type { PartitionStore } from '../persist/partitionStore.js';
import { PartitionsRetiredError, ReadView } from '../persist/readView.js';
import { mergeSeriesLists } from './seriesMerge.js';

/** Deleted intervals of a series in a partition (tombstones), as [start, end] pairs. */
export type DeletedIntervals = (pid: number, ref: number) => ReadonlyArray<readonly [number, number]> | undefined;

/** Attempts at reading a query's partitions: the first ones snapshot lazily (and may find one retired), the last up front. */
const READ_ATTEMPTS = 3;

/** Like Promise.all, but waits for every read to end before failing: they share the read view, closed after. */
async function settled<T>(reads: Array<Promise<T>>): Promise<T[]> {
  const outcomes = await Promise.allSettled(reads);
  const failed = outcomes.find((o) => o.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return outcomes.map((o) => (o as PromiseFulfilledResult<T>).value);
}

/** Queries over the head and the persisted partitions, merged. */
export class TsdbQuerier implements Queryable {
  private readonly reportedCorrupt = new Set<string>();

  constructor(
    private readonly head: Head,
    private readonly store: PartitionStore,
    private readonly logger: Logger,
    private readonly deleted: DeletedIntervals = () => undefined,
    private readonly headDeleted: (ref: number) => ReadonlyArray<readonly [number, number]> | undefined = () => undefined,
  ) {}

  /** Partitions overlapping [mint, maxt] (maxT is exclusive). */
  private partitionsIn(mint: number, maxt: number): PartitionMeta[] {
    return this.store.partitions.filter((p) => p.maxT > mint && p.minT <= maxt);
  }

  /** Runs `read` over a consistent view of the partitions in [mint, maxt] (again if one was retired meanwhile). */
  private async withPartitions<T>(mint: number, maxt: number, read: (reader: PartitionReader, partitions: PartitionMeta[]) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const partitions = this.partitionsIn(mint, maxt);
      const view = new ReadView(this.store, partitions, attempt === READ_ATTEMPTS);
      try {
        return await read(new PartitionReader(this.store.db, view, this.store.readCache), partitions);
      } catch (e) {
        if (!(e instanceof PartitionsRetiredError)) throw e;
      } finally {
        await view.close();
      }
    }
  }

  async select(matchers: readonly Matcher[], mint: number, maxt: number): Promise<Series[]> {
    const fromHead = this.head.select(matchers, mint, maxt, this.headDeleted);
    const fromDisk = await this.withPartitions(mint, maxt, (reader, partitions) => settled(partitions.map((p) => this.selectPartition(reader, p, matchers, mint, maxt))));
    return mergeSeriesLists([fromHead, ...fromDisk]);
  }

  /** The partition's series matching the matchers, decoded in [mint, maxt] as their entries are read. */
  private async selectPartition(reader: PartitionReader, meta: PartitionMeta, matchers: readonly Matcher[], mint: number, maxt: number): Promise<Series[]> {
    const refs = await reader.selectRefs(meta, matchers);
    let slab: SampleSlab | undefined;
    const out: Series[] = [];
    await reader.readSeries(meta, refs, (read) => {
      if (read.series === undefined) {
        this.reportCorrupt(meta, read.ref, read.error);
        return;
      }
      const { labels, chunks } = read.series;
      const capacity = chunks.samplesIn(mint, maxt);
      if (capacity === 0) return;
      // Series of a partition are alike: the first one's size is a good guess for the rest.
      slab ??= new SampleSlab(capacity * refs.length);
      const buffer = new SampleBuffer(capacity, slab);
      try {
        for (let i = 0; i < chunks.length; i++) {
          if (chunks.maxT(i) < mint || chunks.minT(i) > maxt) continue;
          decodeChunkBytes(chunks.encoding(i), chunks.chunkBytes(i), chunks.minT(i), chunks.count(i), buffer, mint, maxt);
        }
      } catch (e) {
        this.reportCorrupt(meta, read.ref, (e as Error).message, labels);
        return;
      }
      const samples = buffer.withoutIntervals(this.deleted(meta.id, read.ref));
      if (samples.length > 0) out.push({ labels, samples: () => samples });
    });
    return out;
  }

  private reportCorrupt(meta: PartitionMeta, ref: number, err: string, labels?: Labels): void {
    const key = `${meta.id}/${ref}`;
    if (this.reportedCorrupt.has(key)) return;
    this.reportedCorrupt.add(key);
    this.logger.warn(
      { partition: meta.id, minTime: new Date(meta.minT).toISOString(), maxTime: new Date(meta.maxT).toISOString(), ref, series: labels?.toString(), err },
      'Corrupt series data in a persisted partition: skipping it',
    );
  }

  async labelNames(mint: number, maxt: number, matchers: readonly Matcher[] = []): Promise<string[]> {
    const names = new Set<string>();
    if (matchers.length === 0) for (const n of this.head.postings.labelNames()) names.add(n);
    else for (const s of this.head.matchingSeries(matchers, mint, maxt)) for (const n of s.labels.names) names.add(n);
    const fromDisk = await this.withPartitions(mint, maxt, async (reader, partitions) => {
      const found: string[] = [];
      for (const p of partitions) {
        if (matchers.length === 0) for (const n of p.labelNames) found.push(n);
        else for (const labels of await this.labelsOf(reader, p, matchers)) for (const n of labels.names) found.push(n);
      }
      return found;
    });
    for (const n of fromDisk) names.add(n);
    return [...names].sort();
  }

  async labelValues(name: string, mint: number, maxt: number, matchers: readonly Matcher[] = []): Promise<string[]> {
    const values = new Set<string>();
    if (matchers.length === 0) for (const v of this.head.postings.valuesWithPrefix(name, '')) values.add(v);
    else for (const s of this.head.matchingSeries(matchers, mint, maxt)) if (s.labels.has(name)) values.add(s.labels.get(name));
    // Collected per attempt: a read that starts over must not keep what the first one found.
    const fromDisk = await this.withPartitions(mint, maxt, async (reader, partitions) => {
      const found: string[] = [];
      for (const p of partitions) {
        if (matchers.length === 0) for (const v of await reader.labelValues(p, name)) found.push(v);
        else for (const labels of await this.labelsOf(reader, p, matchers)) if (labels.has(name)) found.push(labels.get(name));
      }
      return found;
    });
    for (const v of fromDisk) values.add(v);
    return [...values].sort();
  }

  /** Labels of the partition's series matching the matchers (corrupt ones reported and skipped). */
  private async labelsOf(reader: PartitionReader, meta: PartitionMeta, matchers: readonly Matcher[]): Promise<Labels[]> {
    const labels: Labels[] = [];
    await reader.readSeries(meta, await reader.selectRefs(meta, matchers), (read: SeriesRead) => {
      if (read.series !== undefined) labels.push(read.series.labels);
      else this.reportCorrupt(meta, read.ref, read.error);
    });
    return labels;
  }
}
