/**
 * Time partitions: the 2 h windows (Prometheus's block range) that chunks never straddle, that
 * the head flushes one at a time, and that retention drops whole.
 */

/** The default partition width, like Prometheus's 2 h blocks. */
export const DEFAULT_PARTITION_MS = 2 * 60 * 60 * 1000;

/** The start of the partition holding t. */
export function partitionStart(t: number, partitionMs: number): number {
  return Math.floor(t / partitionMs) * partitionMs;
}
