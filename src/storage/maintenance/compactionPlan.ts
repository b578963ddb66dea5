/**
 * Which partitions to compact next. Level-n partitions span 2 h × 3^n (2 h, 6 h, 18 h, …), aligned
 * to their span. Once no flush can add to a window of the next level (the head has moved past
 * it), the window's partitions — two or more, including overlapping ones from a backfill — are
 * merged into one partition of that level. The largest level is capped like Prometheus's maximum
 * block duration: a tenth of the retention time, and at most 54 h.
 */
import { levelSpan, type PartitionMeta } from '../persist/partitionMeta.js';

/** A compaction to run: sources and the shape of the result. */
export interface CompactionPlan {
  readonly sources: readonly PartitionMeta[];
  readonly minT: number;
  readonly maxT: number;
  readonly level: number;
}

const MAX_SPAN_MS = 54 * 60 * 60 * 1000;

/** The highest level partitions may reach. */
export function maxLevel(partitionMs: number, retentionMs: number): number {
  const cap = Math.min(MAX_SPAN_MS, retentionMs > 0 ? retentionMs / 10 : MAX_SPAN_MS);
  let level = 0;
  while (levelSpan(level + 1, partitionMs) <= cap) level++;
  return level;
}

/**
 * The next compaction, lowest level and oldest window first, among windows that end at or
 * before `closedBefore`; undefined when there is nothing to do.
 */
export function planCompaction(partitions: readonly PartitionMeta[], partitionMs: number, topLevel: number, closedBefore: number): CompactionPlan | undefined {
  for (let level = 1; level <= topLevel; level++) {
    const span = levelSpan(level, partitionMs);
    const windows = new Map<number, PartitionMeta[]>();
    for (const p of partitions) {
      if (p.level >= level) continue;
      const start = Math.floor(p.minT / span) * span;
      // A partition straddling the window (unaligned backfill) is left alone.
      if (p.maxT > start + span) continue;
      const group = windows.get(start);
      if (group === undefined) windows.set(start, [p]);
      else group.push(p);
    }
    const ready = [...windows].filter(([start, group]) => group.length >= 2 && start + span <= closedBefore).sort((a, b) => a[0] - b[0]);
    if (ready.length > 0) {
      const [start, sources] = ready[0]!;
      return { sources, minT: start, maxT: start + span, level };
    }
  }
  return undefined;
}
