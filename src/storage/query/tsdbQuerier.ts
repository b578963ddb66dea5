/**
 * The Queryable over the whole TSDB: the head and the persisted partitions overlapping the query,
 * read from one consistent moment (the head is decoded, then the partition list and a LevelDB
 * snapshot are taken, all in the same tick, so a flush, compaction or retention running meanwhile
 * can neither hide nor half-show data), merged series by series.
 */
import type { Logger } from 'pino';
import { Labels } from '../../model/labels.js';
import type { Matcher } from '../../model/matcher.js';
import type { Queryable, Series } from '../../model/storage.js';
import { SampleBuffer, SampleSlab } from '../chunks/sampleBuffer.js';
import { decodeChunkBytes } from '../chunks/chunkEncoding.js';
import type { Head } from '../head/head.js';
import type { PartitionMeta } from '../persist/partitionMeta.js';
import { PartitionReader } from '../persist/partitionReader.js';
import type { PartitionStore } from '../persist/partitionStore.js';
import { ChunkIndex, readSeriesEntry } from '../persist/seriesEntry.js';
import { mergeSeriesLists } from './seriesMerge.js';

/** Deleted intervals of a series in a partition (tombstones), as [start, end] pairs. */
export type DeletedIntervals = (pid: number, ref: number) => ReadonlyArray<readonly [number, number]> | undefined;

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

  /** Runs `read` over a consistent view of the partitions in [mint, maxt]. */
  private async withPartitions<T>(mint: number, maxt: number, read: (reader: PartitionReader, partitions: PartitionMeta[]) => Promise<T>): Promise<T> {
    const partitions = this.partitionsIn(mint, maxt);
    const snapshot = partitions.length > 0 ? this.store.db.snapshot() : undefined;
    try {
      return await read(new PartitionReader(this.store.db, snapshot), partitions);
    } finally {
      await snapshot?.close();
    }
  }

  async select(matchers: readonly Matcher[], mint: number, maxt: number): Promise<Series[]> {
    const fromHead = this.head.select(matchers, mint, maxt, this.headDeleted);
    const fromDisk = await this.withPartitions(mint, maxt, (reader, partitions) =>
      Promise.all(partitions.map((p) => this.selectPartition(reader, p, matchers, mint, maxt))),
    );
    return mergeSeriesLists([fromHead, ...fromDisk]);
  }

  private async selectPartition(reader: PartitionReader, meta: PartitionMeta, matchers: readonly Matcher[], mint: number, maxt: number): Promise<Series[]> {
    const values = await reader.readSeries(meta, await reader.selectRefs(meta, matchers));
    const index = new ChunkIndex();
    let slab: SampleSlab | undefined;
    const out: Series[] = [];
    for (const { ref, value } of values) {
      const labels = this.read(meta, ref, value, index);
      if (labels === undefined) continue;
      const capacity = index.samplesIn(mint, maxt);
      if (capacity === 0) continue;
      // Series of a partition are alike: the first one's size is a good guess for the rest.
      slab ??= new SampleSlab(capacity * values.length);
      const buffer = new SampleBuffer(capacity, slab);
      try {
        for (let i = 0; i < index.length; i++) {
          if (index.maxT[i]! < mint || index.minT[i]! > maxt) continue;
          decodeChunkBytes(index.encoding[i]!, index.bytes.subarray(index.start[i], index.end[i]), index.minT[i]!, index.count[i]!, buffer, mint, maxt);
        }
      } catch (e) {
        this.reportCorrupt(meta, ref, (e as Error).message, labels);
        continue;
      }
      const samples = buffer.withoutIntervals(this.deleted(meta.id, ref));
      if (samples.length === 0) continue;
      out.push({ labels, samples: () => samples });
    }
    return out;
  }

  /** The labels of a stored series (its chunks go into `index`), or undefined when it is corrupt. */
  private read(meta: PartitionMeta, ref: number, value: Uint8Array, index: ChunkIndex): Labels | undefined {
    try {
      return readSeriesEntry(value, index);
    } catch (e) {
      this.reportCorrupt(meta, ref, (e as Error).message);
      return undefined;
    }
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
    await this.withPartitions(mint, maxt, async (reader, partitions) => {
      for (const p of partitions) {
        if (matchers.length === 0) for (const n of p.labelNames) names.add(n);
        else for (const labels of await this.labelsOf(reader, p, matchers)) for (const n of labels.names) names.add(n);
      }
    });
    return [...names].sort();
  }

  async labelValues(name: string, mint: number, maxt: number, matchers: readonly Matcher[] = []): Promise<string[]> {
    const values = new Set<string>();
    if (matchers.length === 0) for (const v of this.head.postings.valuesWithPrefix(name, '')) values.add(v);
    else for (const s of this.head.matchingSeries(matchers, mint, maxt)) if (s.labels.has(name)) values.add(s.labels.get(name));
    await this.withPartitions(mint, maxt, async (reader, partitions) => {
      for (const p of partitions) {
        if (matchers.length === 0) for (const v of await reader.labelValues(p, name)) values.add(v);
        else for (const labels of await this.labelsOf(reader, p, matchers)) if (labels.has(name)) values.add(labels.get(name));
      }
    });
    return [...values].sort();
  }

  /** Labels of the partition's series matching the matchers. */
  private async labelsOf(reader: PartitionReader, meta: PartitionMeta, matchers: readonly Matcher[]): Promise<Labels[]> {
    const index = new ChunkIndex();
    const raw = await reader.readSeries(meta, await reader.selectRefs(meta, matchers));
    return raw.flatMap(({ ref, value }) => this.read(meta, ref, value, index) ?? []);
  }
}
