/**
 * Reads a persisted partition for a query: fetches only the postings the matchers need (point
 * lookups for named values, a key-range scan for the values of one label), selects refs with the
 * same algorithm as the head, then reads the selected series values — one contiguous range scan
 * when they are dense in the partition, point lookups in one call when sparse.
 */
import type { AbstractSnapshot } from 'abstract-level';
import type { Matcher } from '../../model/matcher.js';
import { planMatcher } from '../index/matcherPlan.js';
import { selectPostings, type PostingsReader } from '../index/selectPostings.js';
import { KIND_POSTINGS, KIND_SERIES, parsePostingsKey, pidKey, postingsKey, postingsRange, seriesKey } from './keys.js';
import type { PartitionMeta } from './partitionMeta.js';
import type { PartitionDb } from './partitionStore.js';
import { decodePostings } from './postingsValue.js';

/** Postings fetched from a partition, as a PostingsReader for `selectPostings`. */
class FetchedPostings implements PostingsReader {
  readonly lists = new Map<string, Map<string, Uint32Array>>();
  allRefs: Uint32Array = new Uint32Array(0);

  set(name: string, value: string, refs: Uint32Array): void {
    let values = this.lists.get(name);
    if (values === undefined) this.lists.set(name, (values = new Map()));
    values.set(value, refs);
  }

  get(name: string, value: string): Uint32Array | undefined {
    return this.lists.get(name)?.get(value);
  }

  *valuesWithPrefix(name: string, prefix: string): Iterable<string> {
    const values = this.lists.get(name);
    if (values !== undefined) for (const v of values.keys()) if (v.startsWith(prefix)) yield v;
  }

  all(): Uint32Array {
    return this.allRefs;
  }
}

/** Entries and bytes a range scan of series values reads per round trip. */
const SCAN_BATCH_ENTRIES = 4096;
const SCAN_BATCH_BYTES = 8 * 1024 * 1024;

/** One raw series value read from a partition. */
export interface RawSeriesValue {
  readonly ref: number;
  readonly value: Uint8Array;
}

/** Reads persisted partitions for one query (optionally from a LevelDB snapshot). */
export class PartitionReader {
  constructor(
    private readonly db: PartitionDb,
    private readonly snapshot: AbstractSnapshot | undefined,
  ) {}

  private get options(): { snapshot?: AbstractSnapshot } {
    return this.snapshot ? { snapshot: this.snapshot } : {};
  }

  /** Sorted refs of the partition's series matching every matcher. */
  async selectRefs(meta: PartitionMeta, matchers: readonly Matcher[]): Promise<Uint32Array> {
    const plans = matchers.map(planMatcher);
    if (plans.some((p) => p.op === 'none')) return new Uint32Array(0);
    const fetched = new FetchedPostings();
    const points: Array<[string, string]> = [];
    for (const plan of plans) {
      if (plan.op === 'include' || plan.op === 'exclude') for (const v of plan.values) points.push([plan.name, v]);
      else if (plan.op === 'includeWhere' || plan.op === 'excludeWhere') await this.scanPostings(meta.id, plan.name, plan.prefix, fetched);
    }
    if (!plans.some((p) => p.op === 'include' || p.op === 'includeWhere')) points.push(['', '']);
    if (points.length > 0) {
      const values = await this.db.getMany(points.map(([n, v]) => postingsKey(meta.id, n, v)), this.options);
      for (let i = 0; i < points.length; i++) {
        const value = values[i];
        if (value === undefined) continue;
        const [name, labelValue] = points[i]!;
        if (name === '') fetched.allRefs = decodePostings(value);
        else fetched.set(name, labelValue, decodePostings(value));
      }
    }
    return selectPostings(matchers, fetched);
  }

  private async scanPostings(pid: number, name: string, prefix: string, into: FetchedPostings): Promise<void> {
    const range = postingsRange(pid, name, prefix);
    const it = this.db.iterator({ ...range, ...this.options });
    try {
      for (;;) {
        const entries = await it.nextv(1000);
        if (entries.length === 0) break;
        for (const [key, value] of entries) into.set(name, parsePostingsKey(key).value, decodePostings(value));
      }
    } finally {
      await it.close();
    }
  }

  /** The stored values of the given refs (sorted), skipping refs without one. */
  async readSeries(meta: PartitionMeta, refs: Uint32Array): Promise<RawSeriesValue[]> {
    if (refs.length === 0) return [];
    const out: RawSeriesValue[] = [];
    // A range scan reads entries between the selected ones too: worth it when they are dense.
    if (refs.length * 4 >= meta.series) {
      // Big batches: each nextv is a round trip through the thread pool, and by default one
      // stops at 16 KiB (about 25 series values).
      const it = this.db.iterator({ gte: seriesKey(KIND_SERIES, meta.id, refs[0]!), lte: seriesKey(KIND_SERIES, meta.id, refs[refs.length - 1]!), highWaterMarkBytes: SCAN_BATCH_BYTES, ...this.options });
      let j = 0;
      try {
        for (;;) {
          const entries = await it.nextv(SCAN_BATCH_ENTRIES);
          if (entries.length === 0) break;
          for (const [key, value] of entries) {
            const ref = ((key[5]! << 24) | (key[6]! << 16) | (key[7]! << 8) | key[8]!) >>> 0;
            while (j < refs.length && refs[j]! < ref) j++;
            if (j < refs.length && refs[j] === ref) out.push({ ref, value });
          }
        }
      } finally {
        await it.close();
      }
      return out;
    }
    const values = await this.db.getMany(Array.from(refs, (ref) => seriesKey(KIND_SERIES, meta.id, ref)), this.options);
    for (let i = 0; i < refs.length; i++) if (values[i] !== undefined) out.push({ ref: refs[i]!, value: values[i]! });
    return out;
  }

  /** Every value of a label in the partition, from its postings keys alone. */
  async labelValues(meta: PartitionMeta, name: string): Promise<string[]> {
    const out: string[] = [];
    const it = this.db.keys({ ...postingsRange(meta.id, name, ''), ...this.options });
    try {
      for (;;) {
        const keys = await it.nextv(1000);
        if (keys.length === 0) break;
        for (const key of keys) out.push(parsePostingsKey(key).value);
      }
    } finally {
      await it.close();
    }
    return out;
  }
}

/** The key range of every postings key of a partition (for tools). */
export function partitionPostingsRange(pid: number): { gte: Uint8Array; lt: Uint8Array } {
  return { gte: pidKey(KIND_POSTINGS, pid), lt: pidKey(KIND_POSTINGS, pid + 1) };
}
