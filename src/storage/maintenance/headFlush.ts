/**
 * Flushing the head's oldest immutable partition to disk: its chunks become a level-0 partition
 * in LevelDB (written while appends and queries go on), then the head forgets them in the same
 * tick as the partition is published, so a query sees the data in exactly one place or both.
 */
import type { Head } from '../head/head.js';
import { PartitionBuilder } from '../persist/partitionBuilder.js';
import type { PartitionMeta } from '../persist/partitionMeta.js';
import type { PartitionStore } from '../persist/partitionStore.js';
import type { Tombstones } from '../tombstones.js';

/** What a flush did. */
export interface FlushOutcome {
  readonly partition: number;
  readonly meta: PartitionMeta | undefined;
  readonly seriesRemoved: number;
}

/**
 * Flushes one head partition (which must be immutable) to the store. `raiseFloor` records that
 * the server's head must not take samples before the partition's end any more (false for a
 * backfill, whose head is not the server's).
 */
export async function flushHeadPartition(head: Head, store: PartitionStore, partition: number, tombstones?: Tombstones, raiseFloor = true): Promise<FlushOutcome> {
  const end = partition + head.partitionMs;
  // From here on a late commit can no longer land in this partition: it is out of bounds.
  const flushed = head.collectPartition(partition);
  const builder = new PartitionBuilder(store, { minT: partition, maxT: end, level: 0 });
  let meta: PartitionMeta | undefined;
  try {
    for (const s of flushed) await builder.add(s.ref, s.labels, s.chunks);
    if (raiseFloor) store.meta.minValidTime = Math.max(store.meta.minValidTime, end);
    store.meta.nextRef = Math.max(store.meta.nextRef, head.nextRef);
    if (builder.empty) await store.write(store.metaOps(), true);
    else {
      const carried = tombstones?.flushOps(builder.id, flushed.map((s) => s.ref));
      meta = await builder.commit([], carried?.ops);
      carried?.adopt();
    }
  } catch (e) {
    await builder.abort().catch(() => undefined);
    throw e;
  }
  store.publish(meta);
  const seriesRemoved = head.dropPartition(partition);
  return { partition, meta, seriesRemoved };
}
