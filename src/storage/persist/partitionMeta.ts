/** What is recorded about a persisted partition, and the time range arithmetic of levels. */

/** A partition in the database. Times are ms; `maxT` is exclusive. */
export interface PartitionMeta {
  readonly id: number;
  readonly minT: number;
  readonly maxT: number;
  /** 0 for a partition flushed from the head (or backfilled); n for one compacted n times. */
  readonly level: number;
  readonly series: number;
  readonly chunks: number;
  readonly samples: number;
  /** Bytes of the series values written (chunks and labels). */
  readonly bytes: number;
  /** Label names present, so that label-name queries need no scan. */
  readonly labelNames: readonly string[];
  /** Partition ids this one was compacted from. */
  readonly sources?: readonly number[];
}

/** Each level's partitions span this many of the level below. */
export const LEVEL_FACTOR = 3;

/** The time span of a level's partitions. */
export function levelSpan(level: number, partitionMs: number): number {
  return partitionMs * LEVEL_FACTOR ** level;
}

/** Whether two half-open ranges [aMin, aMax) and [bMin, bMax) overlap. */
export function rangesOverlap(aMin: number, aMax: number, bMin: number, bMax: number): boolean {
  return aMin < bMax && bMin < aMax;
}
