/**
 * Snapshots for the admin API: a consistent copy of the data as a data directory of its own
 * (`<path>/snapshots/<time>-<random>/db`), which the server can be started on. Persisted data is
 * copied from a LevelDB snapshot; the head (unless skipped) is captured in the same tick and
 * written as level-0 partitions, so the copy holds everything acknowledged up to that moment.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Labels } from '../model/labels.js';
import type { Head } from './head/head.js';
import { PartitionBuilder } from './persist/partitionBuilder.js';
import { PartitionStore, type DbOp } from './persist/partitionStore.js';
import type { StoredChunk } from './persist/seriesEntry.js';

const BATCH_BYTES = 4 * 1024 * 1024;

/** Prometheus's snapshot name: `20060102T150405Z-<16 hex digits>`. */
function snapshotName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(8).toString('hex')}`;
}

interface CapturedSeries {
  readonly ref: number;
  readonly labels: Labels;
  readonly chunks: StoredChunk[];
}

/** Writes a snapshot of the store (and the head, when given); returns the snapshot's name. */
export async function writeSnapshot(path: string, store: PartitionStore, head: Head | undefined, logger: Logger): Promise<string> {
  const name = snapshotName(new Date());
  const dir = join(path, 'snapshots', name);
  await mkdir(dir, { recursive: true });
  // Both captured in this tick: what the head holds and what the database holds now.
  const captured = head ? captureHead(head) : new Map<number, CapturedSeries[]>();
  const snapshot = store.db.snapshot();
  const target = await PartitionStore.open(join(dir, 'db'), logger);
  try {
    let ops: DbOp[] = [];
    let bytes = 0;
    for await (const [key, value] of store.db.iterator({ snapshot })) {
      ops.push({ type: 'put', key, value });
      bytes += key.length + value.length;
      if (bytes >= BATCH_BYTES) {
        await target.write(ops);
        ops = [];
        bytes = 0;
      }
    }
    await target.write(ops, true);
    await snapshot.close();
    // The copied metadata is loaded by reopening; the head's partitions are written on top.
    await target.close();
    const reopened = await PartitionStore.open(join(dir, 'db'), logger);
    try {
      for (const [partition, series] of [...captured].sort((a, b) => a[0] - b[0])) {
        const builder = new PartitionBuilder(reopened, { minT: partition, maxT: partition + head!.partitionMs, level: 0 });
        for (const s of series) await builder.add(s.ref, s.labels, s.chunks);
        reopened.meta.nextRef = Math.max(reopened.meta.nextRef, head!.nextRef);
        await builder.commit();
      }
    } finally {
      await reopened.close();
    }
  } catch (e) {
    await snapshot.close().catch(() => undefined);
    throw e;
  }
  logger.info({ snapshot: name, headPartitions: captured.size }, 'Snapshot written');
  return name;
}

/** Copies of every head chunk, grouped by partition, series in ref order. */
function captureHead(head: Head): Map<number, CapturedSeries[]> {
  const byPartition = new Map<number, CapturedSeries[]>();
  for (const series of head.registry.byRef.values()) {
    const perPartition = new Map<number, StoredChunk[]>();
    for (const c of series.chunks(-Infinity, Infinity, head)) {
      const p = head.partitionOf(c.minT);
      const list = perPartition.get(p) ?? [];
      list.push({ minT: c.minT, maxT: c.maxT, count: c.count, bytes: c.bytes.slice() });
      perPartition.set(p, list);
    }
    for (const [p, chunks] of perPartition) {
      const list = byPartition.get(p) ?? [];
      list.push({ ref: series.ref, labels: series.labels, chunks });
      byPartition.set(p, list);
    }
  }
  return byPartition;
}
