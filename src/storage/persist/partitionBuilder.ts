/**
 * Writes one new partition: series values stream out in batches as they are added (in ref
 * order), postings are gathered in memory and written at the end, and the partition's meta key
 * goes last, in one synced batch with the store's metadata (and the retirement of the partitions
 * it replaces, for a compaction), so that a crash leaves either the whole partition or an orphan.
 */
import type { Labels } from '../../model/labels.js';
import { smallestEncoding } from '../chunks/chunkEncoding.js';
import { KIND_PARTITION, KIND_SERIES, pidKey, postingsKey, seriesKey } from './keys.js';
import type { PartitionMeta } from './partitionMeta.js';
import type { DbOp, PartitionStore } from './partitionStore.js';
import { encodePostings } from './postingsValue.js';
import { encodeSeriesEntry, type StoredChunk } from './seriesEntry.js';

const BATCH_BYTES = 4 * 1024 * 1024;

/** The time range and lineage of the partition being built. */
export interface PartitionShape {
  readonly minT: number;
  readonly maxT: number;
  readonly level: number;
  readonly sources?: readonly number[];
}

/** Writes one new partition to the store. */
export class PartitionBuilder {
  readonly id: number;
  private ops: DbOp[] = [];
  private opBytes = 0;
  private readonly postings = new Map<string, Map<string, number[]>>();
  private readonly all: number[] = [];
  private series = 0;
  private chunks = 0;
  private samples = 0;
  private bytes = 0;

  constructor(
    private readonly store: PartitionStore,
    private readonly shape: PartitionShape,
  ) {
    this.id = store.allocatePartitionId();
  }

  /** Adds one series' chunks (sorted by time, non-overlapping); refs must come in increasing order. */
  async add(ref: number, labels: Labels, chunks: readonly StoredChunk[]): Promise<void> {
    if (chunks.length === 0) return;
    const value = encodeSeriesEntry(labels, chunks.map(smallestEncoding));
    this.ops.push({ type: 'put', key: seriesKey(KIND_SERIES, this.id, ref), value });
    this.opBytes += value.length;
    this.bytes += value.length;
    this.series++;
    this.chunks += chunks.length;
    for (const c of chunks) this.samples += c.count;
    this.all.push(ref);
    for (let i = 0; i < labels.size; i++) {
      const name = labels.names[i]!;
      let values = this.postings.get(name);
      if (values === undefined) this.postings.set(name, (values = new Map()));
      const refs = values.get(labels.values[i]!);
      if (refs === undefined) values.set(labels.values[i]!, [ref]);
      else refs.push(ref);
    }
    if (this.opBytes >= BATCH_BYTES) await this.flushOps();
  }

  private async flushOps(): Promise<void> {
    const ops = this.ops;
    this.ops = [];
    this.opBytes = 0;
    await this.store.write(ops);
  }

  /**
   * Writes the postings and, in one synced batch, the meta key, the store's metadata and the
   * deletion of `retired` partitions' meta keys. Returns the meta (not yet published).
   */
  async commit(retired: readonly number[] = [], extraOps: readonly DbOp[] = []): Promise<PartitionMeta> {
    const sortedAll = Uint32Array.from(this.all).sort();
    this.ops.push({ type: 'put', key: postingsKey(this.id, '', ''), value: encodePostings(sortedAll) });
    for (const [name, values] of this.postings) {
      for (const [value, refs] of values) {
        this.ops.push({ type: 'put', key: postingsKey(this.id, name, value), value: encodePostings(Uint32Array.from(refs).sort()) });
        this.opBytes += refs.length * 2 + name.length + value.length;
        if (this.opBytes >= BATCH_BYTES) await this.flushOps();
      }
    }
    await this.flushOps();
    const meta: PartitionMeta = {
      id: this.id,
      minT: this.shape.minT,
      maxT: this.shape.maxT,
      level: this.shape.level,
      series: this.series,
      chunks: this.chunks,
      samples: this.samples,
      bytes: this.bytes,
      labelNames: [...this.postings.keys()].sort(),
      ...(this.shape.sources ? { sources: this.shape.sources } : {}),
    };
    await this.store.write([...extraOps, this.store.partitionOp(meta), ...retired.map((id): DbOp => ({ type: 'del', key: pidKey(KIND_PARTITION, id) })), ...this.store.metaOps()], true);
    return meta;
  }

  /** Whether nothing was added. */
  get empty(): boolean {
    return this.series === 0;
  }

  /** Removes whatever was written (the partition has no meta key yet). */
  async abort(): Promise<void> {
    this.ops = [];
    await this.store.clearData([this.id]);
  }
}
