/**
 * What queries read from persisted partitions, kept decoded across queries: postings lists, the
 * values of a label, and series entries (labels, chunk index and chunk bytes), in one LRU bounded
 * by bytes. Why this cannot serve stale data: a partition's keys never change while it is
 * published — a compaction or clean_tombstones writes a new partition (a new id) and retires
 * the old ones, retention retires partitions before deleting their keys, and tombstones are kept
 * apart and applied at read time. The store tells the cache which partitions are live on every
 * change; entries are kept only for live partitions and dropped as soon as theirs retires, so a
 * query still reading a retired partition from its snapshot cannot put its data back. Ids are
 * never reused while a store is open, and each store has its own cache.
 *
 * Cached postings and label values are shared with callers: they must not be modified.
 */
import type { Labels } from '../model/labels.js';
import { ByteBudgetLru, type LruEntry } from './byteBudgetLru.js';
import type { StoredSeries } from './persist/seriesEntry.js';

/** The default memory for cached reads (no flag: it adapts by evicting). */
export const DEFAULT_READ_CACHE_BYTES = 64 * 1024 * 1024;

/** Rough per-object overhead of the V8 heap, for sizing entries. */
const OBJECT_BYTES = 64;

/** The cached reads of one live partition. */
class PartitionEntries {
  /** name → value → postings ('' → '' holds every series). */
  readonly postings = new Map<string, Map<string, LruEntry<string, Uint32Array>>>();
  /** name → prefix → the label's values with that prefix, sorted. */
  readonly labelValues = new Map<string, Map<string, LruEntry<string, readonly string[]>>>();
  readonly series = new Map<number, LruEntry<number, StoredSeries>>();
}

function inner<V>(outer: Map<string, Map<string, LruEntry<string, V>>>, name: string): Map<string, LruEntry<string, V>> {
  let map = outer.get(name);
  if (map === undefined) outer.set(name, (map = new Map()));
  return map;
}

function stringBytes(s: string): number {
  return OBJECT_BYTES / 2 + s.length * 2;
}

function labelsBytes(labels: Labels): number {
  let n = OBJECT_BYTES * 2;
  for (let i = 0; i < labels.size; i++) n += stringBytes(labels.names[i]!) + stringBytes(labels.values[i]!);
  return n;
}

/** The decoded-read cache of one partition store. */
export class PartitionReadCache {
  private readonly lru: ByteBudgetLru;
  private readonly partitions = new Map<number, PartitionEntries>();

  constructor(budgetBytes = DEFAULT_READ_CACHE_BYTES) {
    this.lru = new ByteBudgetLru(budgetBytes);
  }

  /** Bytes of the entries held now. */
  get bytes(): number {
    return this.lru.bytes;
  }

  /** Makes `ids` the live partitions: the others' entries are dropped and no longer taken. */
  keepOnly(ids: Iterable<number>): void {
    const live = new Set(ids);
    for (const [pid, entries] of this.partitions) {
      if (live.has(pid)) continue;
      for (const values of entries.postings.values()) this.lru.clear(values);
      for (const prefixes of entries.labelValues.values()) this.lru.clear(prefixes);
      this.lru.clear(entries.series);
      this.partitions.delete(pid);
    }
    for (const pid of live) if (!this.partitions.has(pid)) this.partitions.set(pid, new PartitionEntries());
  }

  /** Whether a partition is live (its reads are cached). */
  isLive(pid: number): boolean {
    return this.partitions.has(pid);
  }

  /** The postings of name=value (an empty list when there are none), if cached. */
  postings(pid: number, name: string, value: string): Uint32Array | undefined {
    const values = this.partitions.get(pid)?.postings.get(name);
    return values === undefined ? undefined : this.lru.get(values, value);
  }

  setPostings(pid: number, name: string, value: string, refs: Uint32Array): void {
    const entries = this.partitions.get(pid);
    if (entries !== undefined) this.lru.set(inner(entries.postings, name), value, refs, OBJECT_BYTES + stringBytes(value) + refs.byteLength);
  }

  /** The sorted values of a label that start with `prefix`, if cached. */
  labelValues(pid: number, name: string, prefix: string): readonly string[] | undefined {
    const prefixes = this.partitions.get(pid)?.labelValues.get(name);
    return prefixes === undefined ? undefined : this.lru.get(prefixes, prefix);
  }

  setLabelValues(pid: number, name: string, prefix: string, values: readonly string[]): void {
    const entries = this.partitions.get(pid);
    if (entries === undefined) return;
    let bytes = OBJECT_BYTES + values.length * 8;
    for (const v of values) bytes += stringBytes(v);
    this.lru.set(inner(entries.labelValues, name), prefix, values, bytes);
  }

  /** A series entry, if cached. */
  series(pid: number, ref: number): StoredSeries | undefined {
    const entries = this.partitions.get(pid);
    return entries === undefined ? undefined : this.lru.get(entries.series, ref);
  }

  setSeries(pid: number, ref: number, series: StoredSeries): void {
    const entries = this.partitions.get(pid);
    if (entries !== undefined) this.lru.set(entries.series, ref, series, OBJECT_BYTES * 3 + labelsBytes(series.labels) + series.chunks.retainedBytes);
  }
}
