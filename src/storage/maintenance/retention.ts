/**
 * Retention: partitions entirely older than the retention time (measured back from the newest
 * sample, as Prometheus does) are dropped, then the oldest partitions while the storage exceeds
 * the retention size. Dropping a partition deletes whole key ranges.
 */
import type { Logger } from 'pino';
import type { PartitionMeta } from '../persist/partitionMeta.js';
import type { PartitionStore } from '../persist/partitionStore.js';

/** Retention settings; 0 disables a limit. */
export interface RetentionLimits {
  readonly timeMs: number;
  readonly bytes: number;
}

/** What retention removed, by reason. */
export interface RetentionOutcome {
  readonly byTime: readonly PartitionMeta[];
  readonly bySize: readonly PartitionMeta[];
}

/** Applies retention; `newestTime` is the newest sample time known, `walBytes` the WAL's size. */
export async function applyRetention(store: PartitionStore, limits: RetentionLimits, newestTime: number, walBytes: number, logger: Logger): Promise<RetentionOutcome> {
  const byTime: PartitionMeta[] = [];
  if (limits.timeMs > 0 && Number.isFinite(newestTime)) {
    const cutoff = newestTime - limits.timeMs;
    byTime.push(...store.partitions.filter((p) => p.maxT <= cutoff));
  }
  for (const p of byTime) logger.info({ partition: p.id, minTime: new Date(p.minT).toISOString(), maxTime: new Date(p.maxT).toISOString() }, 'Deleting obsolete partition: beyond retention time');
  await store.drop(byTime.map((p) => p.id));

  const bySize: PartitionMeta[] = [];
  if (limits.bytes > 0) {
    let total = (await store.diskBytes()) + walBytes;
    // Oldest first; the newest partition is kept so that recent data survives a tiny limit.
    const candidates = [...store.partitions].sort((a, b) => a.maxT - b.maxT);
    while (total > limits.bytes && candidates.length > 1) {
      const p = candidates.shift()!;
      bySize.push(p);
      total -= p.bytes;
    }
    for (const p of bySize) logger.info({ partition: p.id, minTime: new Date(p.minT).toISOString(), maxTime: new Date(p.maxT).toISOString() }, 'Deleting obsolete partition: beyond retention size');
    await store.drop(bySize.map((p) => p.id));
  }
  return { byTime, bySize };
}
