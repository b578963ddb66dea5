/**
 * Runs a compaction: the source partitions' series are merged by ref in one streaming pass (each
 * source is a sorted key range), chunks of a series concatenated when they do not overlap and
 * re-encoded when they do (or when tombstones delete some samples), written as one new partition
 * that atomically replaces the sources. Appends and queries carry on meanwhile; queries started
 * before the swap keep reading the sources from their snapshot.
 */
import type { AbstractSnapshot } from 'abstract-level';
import type { Logger } from 'pino';
import { SampleBuffer } from '../chunks/sampleBuffer.js';
import { encodeSamples } from '../chunks/encodeSamples.js';
import { decodeChunk } from '../chunks/chunkEncoding.js';
import { KIND_SERIES, readU32, pidKey, pidKeyEnd } from '../persist/keys.js';
import { PartitionBuilder } from '../persist/partitionBuilder.js';
import type { PartitionMeta } from '../persist/partitionMeta.js';
import type { PartitionDb, PartitionStore } from '../persist/partitionStore.js';
import { decodeSeriesEntry, type SeriesEntry, type StoredChunk } from '../persist/seriesEntry.js';
import { mergeSamples } from '../query/seriesMerge.js';
import type { DeletedIntervals } from '../query/tsdbQuerier.js';
import type { CompactionPlan } from './compactionPlan.js';

/** Reads one partition's series values in ref order, a batch at a time. */
class SourceCursor {
  private batch: Array<[Uint8Array, Uint8Array]> = [];
  private at = 0;
  private done = false;
  private readonly it;

  constructor(db: PartitionDb, snapshot: AbstractSnapshot, readonly meta: PartitionMeta) {
    this.it = db.iterator({ gte: pidKey(KIND_SERIES, meta.id), lt: pidKeyEnd(KIND_SERIES, meta.id), snapshot });
  }

  /** The current entry's ref, or undefined at the end. */
  async ref(): Promise<number | undefined> {
    if (this.at >= this.batch.length && !this.done) {
      this.batch = await this.it.nextv(256);
      this.at = 0;
      if (this.batch.length === 0) this.done = true;
    }
    return this.at < this.batch.length ? readU32(this.batch[this.at]![0], 5) : undefined;
  }

  take(): Uint8Array {
    return this.batch[this.at++]![1];
  }

  close(): Promise<void> {
    return this.it.close();
  }
}

/** Compacts the plan's sources into one partition; returns its meta (published). */
export async function compact(store: PartitionStore, plan: CompactionPlan, deleted: DeletedIntervals, logger: Logger): Promise<PartitionMeta> {
  const ids = plan.sources.map((s) => s.id);
  const builder = new PartitionBuilder(store, { minT: plan.minT, maxT: plan.maxT, level: plan.level, sources: ids });
  const snapshot = store.db.snapshot();
  const cursors = plan.sources.map((meta) => new SourceCursor(store.db, snapshot, meta));
  let corrupt = 0;
  try {
    for (;;) {
      let ref: number | undefined;
      for (const c of cursors) {
        const r = await c.ref();
        if (r !== undefined && (ref === undefined || r < ref)) ref = r;
      }
      if (ref === undefined) break;
      const parts: Array<{ entry: SeriesEntry; deleted: ReadonlyArray<readonly [number, number]> | undefined }> = [];
      for (const c of cursors) {
        if ((await c.ref()) !== ref) continue;
        const value = c.take();
        try {
          parts.push({ entry: decodeSeriesEntry(value), deleted: deleted(c.meta.id, ref) });
        } catch (e) {
          corrupt++;
          logger.warn({ partition: c.meta.id, ref, err: (e as Error).message }, 'Dropping corrupt series data during compaction');
        }
      }
      if (parts.length === 0) continue;
      const chunks = mergeChunks(parts);
      if (chunks !== undefined) await builder.add(ref, parts[0]!.entry.labels, chunks);
    }
  } catch (e) {
    await Promise.all(cursors.map((c) => c.close())).catch(() => undefined);
    await snapshot.close();
    await builder.abort().catch(() => undefined);
    throw e;
  }
  await Promise.all(cursors.map((c) => c.close()));
  await snapshot.close();
  const meta = await builder.commit(ids);
  store.publish(meta, ids);
  await store.clearData(ids);
  if (corrupt > 0) logger.warn({ partition: meta.id, droppedSeries: corrupt }, 'Compaction dropped corrupt series data');
  return meta;
}

/** One series' chunks from several sources: concatenated when disjoint and untouched, else re-encoded. */
function mergeChunks(parts: Array<{ entry: SeriesEntry; deleted: ReadonlyArray<readonly [number, number]> | undefined }>): StoredChunk[] | undefined {
  const all = parts.flatMap((p) => p.entry.chunks).sort((a, b) => a.minT - b.minT);
  let disjoint = true;
  for (let i = 1; i < all.length; i++) if (all[i]!.minT <= all[i - 1]!.maxT) disjoint = false;
  const anyDeleted = parts.some((p) => p.deleted !== undefined && p.deleted.length > 0);
  if (disjoint && !anyDeleted) return all;
  const decoded = parts.map(({ entry, deleted }) => {
    let n = 0;
    for (const c of entry.chunks) n += c.count;
    const buffer = new SampleBuffer(n);
    for (const c of entry.chunks) decodeChunk(c, buffer);
    if (deleted === undefined || deleted.length === 0) return buffer.trimmed();
    const kept = new SampleBuffer(n);
    for (let i = 0; i < buffer.length; i++) {
      const t = buffer.timestamps[i]!;
      if (!deleted.some(([a, b]) => t >= a && t <= b)) kept.pushBits(t, buffer.highWordAt(i), buffer.lowWordAt(i));
    }
    return kept.trimmed();
  });
  const merged = mergeSamples(decoded);
  return merged.length === 0 ? undefined : encodeSamples(merged);
}
