/** Cardinality statistics of the head, in the shape of Prometheus's /api/v1/status/tsdb. */
import { METRIC_NAME } from '../model/labels.js';
import type { Head } from './head/head.js';

/** A name with a count, as the status API lists them. */
export interface NameCount {
  readonly name: string;
  readonly value: number;
}

/** The `data` of /api/v1/status/tsdb. */
export interface TsdbStats {
  readonly headStats: {
    readonly numSeries: number;
    readonly numLabelPairs: number;
    readonly chunkCount: number;
    /** ms; 0 when the head is empty, as Prometheus reports. */
    readonly minTime: number;
    readonly maxTime: number;
  };
  readonly seriesCountByMetricName: readonly NameCount[];
  readonly labelValueCountByLabelName: readonly NameCount[];
  readonly memoryInBytesByLabelName: readonly NameCount[];
  readonly seriesCountByLabelValuePair: readonly NameCount[];
}

function top(entries: Array<[string, number]>, limit: number): NameCount[] {
  return entries
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([name, value]) => ({ name, value }));
}

/** Computes the head statistics, keeping the `limit` largest entries of each list. */
export function headStats(head: Head, limit = 10): TsdbStats {
  const pairs = head.postings.pairCounts();
  const minTime = head.minTime();
  return {
    headStats: {
      numSeries: head.seriesCount,
      numLabelPairs: pairs.length,
      chunkCount: head.chunkCount(),
      minTime: minTime ?? 0,
      maxTime: Number.isFinite(head.maxTime) ? head.maxTime : 0,
    },
    seriesCountByMetricName: top(head.postings.valueCounts(METRIC_NAME), limit),
    labelValueCountByLabelName: top(head.postings.valueCountsByName(), limit),
    memoryInBytesByLabelName: top(head.postings.valueBytesByName(), limit),
    seriesCountByLabelValuePair: top(pairs, limit),
  };
}
