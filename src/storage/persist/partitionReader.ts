/**
 * Reads a persisted partition for a query, through the store's read cache: the postings the
 * matchers need (named values by point lookup; for a label's values tested by a matcher, the
 * values come from the postings keys alone and only the accepted ones' postings are read), refs
 * selected with the same algorithm as the head, then the selected series entries — one
 * contiguous range scan for those missing from the cache when they are dense in the partition,
 * point lookups in one call when sparse.
 */
import type { AbstractSnapshot } from 'abstract-level';
import type { Matcher } from '../../model/matcher.js';
import { planMatcher } from '../index/matcherPlan.js';
import { selectPlanned } from '../index/selectPostings.js';
import { PartitionReadCache } from '../partitionReadCache.js';
import { FetchedPostings } from './fetchedPostings.js';
import { decodeKeyText, KIND_SERIES, postingsKey, postingsRange, readU32, seriesKey } from './keys.js';
import type { PartitionMeta } from './partitionMeta.js';
import type { PartitionDb } from './partitionStore.js';
import { decodePostings } from './postingsValue.js';
import type { ReadView } from './readView.js';
import { readSeriesEntry, type StoredSeries } from './seriesEntry.js';

/** Entries and bytes a range scan reads per round trip (each nextv crosses the thread pool). */
const SCAN_BATCH_ENTRIES = 4096;
const SCAN_BATCH_BYTES = 8 * 1024 * 1024;

/** Readers without the store's cache (admin operations) use one that holds no partition. */
const UNCACHED = new PartitionReadCache(0);

const NO_REFS = new Uint32Array(0);

/** One series read from a partition: its entry, or why it could not be read. */
export type SeriesRead = { readonly ref: number; readonly series: StoredSeries } | { readonly ref: number; readonly series: undefined; readonly error: string };

/** values[from, to): the sorted values of a label that start with a prefix. */
interface ValueRange {
  readonly values: readonly string[];
  readonly from: number;
  readonly to: number;
}

/** The values in a sorted list that start with `prefix` (a contiguous run). */
function withPrefix(values: readonly string[], prefix: string): ValueRange {
  if (prefix === '') return { values, from: 0, to: values.length };
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  let to = lo;
  while (to < values.length && values[to]!.startsWith(prefix)) to++;
  return { values, from: lo, to };
}

/** Reads persisted partitions for one query (from its read view, or the live database without one). */
export class PartitionReader {
  constructor(
    private readonly db: PartitionDb,
    private readonly view: ReadView | undefined,
    private readonly cache: PartitionReadCache = UNCACHED,
  ) {}

  private options(): { snapshot?: AbstractSnapshot } {
    return this.view ? { snapshot: this.view.current() } : {};
  }

  /** Sorted refs of the partition's series matching every matcher. */
  async selectRefs(meta: PartitionMeta, matchers: readonly Matcher[]): Promise<Uint32Array> {
    const plans = matchers.map(planMatcher);
    if (plans.some((p) => p.op === 'none')) return NO_REFS;
    const wanted: Array<readonly [string, string]> = [];
    for (const plan of plans) {
      if (plan.op === 'include' || plan.op === 'exclude') {
        for (const v of plan.values) wanted.push([plan.name, v]);
      } else if (plan.op === 'includeWhere' || plan.op === 'excludeWhere') {
        const { values, from, to } = await this.valuesWithPrefix(meta.id, plan.name, plan.prefix);
        for (let i = from; i < to; i++) if (plan.accept(values[i]!)) wanted.push([plan.name, values[i]!]);
      }
    }
    // The postings of every series ('' → ''), to subtract from when nothing includes.
    if (!plans.some((p) => p.op === 'include' || p.op === 'includeWhere')) wanted.push(['', '']);
    return selectPlanned(plans, await this.fetchPostings(meta.id, wanted));
  }

  private async fetchPostings(pid: number, wanted: ReadonlyArray<readonly [string, string]>): Promise<FetchedPostings> {
    const fetched = new FetchedPostings();
    let missing: Array<readonly [string, string]> | undefined;
    for (const pair of wanted) {
      const refs = this.cache.postings(pid, pair[0], pair[1]);
      if (refs === undefined) (missing ??= []).push(pair);
      else fetched.set(pair[0], pair[1], refs);
    }
    if (missing === undefined) return fetched;
    const values = await this.db.getMany(missing.map(([name, value]) => postingsKey(pid, name, value)), this.options());
    for (let i = 0; i < missing.length; i++) {
      const [name, value] = missing[i]!;
      const bytes = values[i];
      const refs = bytes === undefined ? NO_REFS : decodePostings(bytes);
      this.cache.setPostings(pid, name, value, refs);
      fetched.set(name, value, refs);
    }
    return fetched;
  }

  /** A label's values starting with `prefix`: from the cached list of every value, else of those. */
  private async valuesWithPrefix(pid: number, name: string, prefix: string): Promise<ValueRange> {
    const every = this.cache.labelValues(pid, name, '');
    if (every !== undefined) return withPrefix(every, prefix);
    let values = prefix === '' ? undefined : this.cache.labelValues(pid, name, prefix);
    if (values === undefined) {
      values = await this.scanValues(pid, name, prefix);
      this.cache.setLabelValues(pid, name, prefix, values);
    }
    return { values, from: 0, to: values.length };
  }

  /** Reads a label's values with a prefix from its postings keys alone (no postings decoded). */
  private async scanValues(pid: number, name: string, prefix: string): Promise<string[]> {
    const range = postingsRange(pid, name, prefix);
    const valueStart = postingsKey(pid, name, '').length;
    const out: string[] = [];
    const it = this.db.keys({ ...range, highWaterMarkBytes: SCAN_BATCH_BYTES, ...this.options() });
    try {
      for (;;) {
        const keys = await it.nextv(SCAN_BATCH_ENTRIES);
        if (keys.length === 0) break;
        for (const key of keys) out.push(decodeKeyText(key, valueStart, key.length));
      }
    } finally {
      await it.close();
    }
    // Keys come in UTF-8 byte order; lookups by prefix bisect in JavaScript's string order.
    for (let i = 1; i < out.length; i++) {
      if (out[i - 1]! > out[i]!) {
        out.sort();
        break;
      }
    }
    return out;
  }

  /**
   * Hands `onRead` the stored entry of each of the given refs (sorted) that has one: first those
   * in the cache, then the others as they are read, in no particular order overall. A range scan
   * reads its next batch while `onRead` works on this one, so decoding overlaps reading.
   */
  async readSeries(meta: PartitionMeta, refs: Uint32Array, onRead: (read: SeriesRead) => void): Promise<void> {
    let missing: number[] | undefined;
    for (let i = 0; i < refs.length; i++) {
      const series = this.cache.series(meta.id, refs[i]!);
      if (series !== undefined) onRead({ ref: refs[i]!, series });
      else (missing ??= []).push(refs[i]!);
    }
    if (missing === undefined) return;
    // A range scan reads entries between the wanted ones too: worth it when they are dense.
    if (missing.length * 4 >= meta.series) await this.scanSeries(meta, missing, onRead);
    else await this.getSeries(meta, missing, onRead);
  }

  private async scanSeries(meta: PartitionMeta, refs: readonly number[], onRead: (read: SeriesRead) => void): Promise<void> {
    const range = { gte: seriesKey(KIND_SERIES, meta.id, refs[0]!), lte: seriesKey(KIND_SERIES, meta.id, refs.at(-1)!) };
    const it = this.db.iterator({ ...range, highWaterMarkBytes: SCAN_BATCH_BYTES, ...this.options() });
    let j = 0;
    // The next batch is read (in the thread pool) while this one is parsed.
    let next = it.nextv(SCAN_BATCH_ENTRIES);
    try {
      for (;;) {
        const entries = await next;
        if (entries.length === 0) break;
        next = it.nextv(SCAN_BATCH_ENTRIES);
        for (const [key, value] of entries) {
          const ref = readU32(key, 5);
          while (j < refs.length && refs[j]! < ref) j++;
          if (j < refs.length && refs[j] === ref) onRead(this.parse(meta.id, ref, value));
        }
      }
    } finally {
      await next.catch(() => undefined);
      await it.close();
    }
  }

  private async getSeries(meta: PartitionMeta, refs: readonly number[], onRead: (read: SeriesRead) => void): Promise<void> {
    const values = await this.db.getMany(refs.map((ref) => seriesKey(KIND_SERIES, meta.id, ref)), this.options());
    for (let i = 0; i < refs.length; i++) {
      const value = values[i];
      if (value !== undefined) onRead(this.parse(meta.id, refs[i]!, value));
    }
  }

  /** Parses (checksum included) and caches a series entry. */
  private parse(pid: number, ref: number, value: Uint8Array): SeriesRead {
    try {
      // A value sharing a larger buffer would keep all of it alive in the cache.
      const series = readSeriesEntry(value.byteLength === value.buffer.byteLength ? value : value.slice());
      this.cache.setSeries(pid, ref, series);
      return { ref, series };
    } catch (e) {
      return { ref, series: undefined, error: (e as Error).message };
    }
  }

  /** Every value of a label in the partition, sorted, from its postings keys alone (shared: do not modify). */
  async labelValues(meta: PartitionMeta, name: string): Promise<readonly string[]> {
    const { values, from, to } = await this.valuesWithPrefix(meta.id, name, '');
    return from === 0 && to === values.length ? values : values.slice(from, to);
  }
}
