/**
 * Cardinality statistics of one persisted partition, read from its postings keys (as
 * `promtool tsdb analyze` reads a block's index): label pairs by series count, label names by
 * distinct values and by cumulative value length, metric names by series count.
 */
import { ByteReader } from './encoding/byteCodec.js';
import { parsePostingsKey, pidKey, KIND_POSTINGS } from './persist/keys.js';
import type { PartitionMeta } from './persist/partitionMeta.js';
import type { PartitionStore } from './persist/partitionStore.js';

/** A name with a count. */
export interface Counted {
  readonly name: string;
  readonly count: number;
}

/** What `analyze` reports about a partition's index. */
export interface PartitionAnalysis {
  readonly labelNames: number;
  /** Distinct label pairs. */
  readonly postings: number;
  /** Label pairs over all series. */
  readonly postingEntries: number;
  readonly labelPairs: Counted[];
  readonly valueLengthByName: Counted[];
  readonly cardinalityByName: Counted[];
  readonly seriesByMetricName: Counted[];
}

/** Reads the postings of a partition and sorts each statistic, largest first. */
export async function analyzePartition(store: PartitionStore, meta: PartitionMeta): Promise<PartitionAnalysis> {
  const pairs: Counted[] = [];
  const valueLength = new Map<string, number>();
  const cardinality = new Map<string, number>();
  const metrics: Counted[] = [];
  let entries = 0;
  for await (const [key, value] of store.db.iterator({ gt: pidKey(KIND_POSTINGS, meta.id), lt: postingsAllKey(meta.id) })) {
    const { name, value: labelValue } = parsePostingsKey(key);
    const count = new ByteReader(value).uvarint();
    entries += count;
    pairs.push({ name: `${name}=${labelValue}`, count });
    valueLength.set(name, (valueLength.get(name) ?? 0) + Buffer.byteLength(labelValue));
    cardinality.set(name, (cardinality.get(name) ?? 0) + 1);
    if (name === '__name__') metrics.push({ name: labelValue, count });
  }
  const sorted = (list: Counted[]): Counted[] => list.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
  const fromMap = (m: Map<string, number>): Counted[] => sorted([...m].map(([name, count]) => ({ name, count })));
  return {
    labelNames: cardinality.size,
    postings: pairs.length,
    postingEntries: entries,
    labelPairs: sorted(pairs),
    valueLengthByName: fromMap(valueLength),
    cardinalityByName: fromMap(cardinality),
    seriesByMetricName: sorted(metrics),
  };
}

/** The key of the "every series" postings, which ends a partition's label postings. */
function postingsAllKey(pid: number): Uint8Array {
  const key = new Uint8Array(6);
  key.set(pidKey(KIND_POSTINGS, pid));
  key[5] = 0xff;
  return key;
}
