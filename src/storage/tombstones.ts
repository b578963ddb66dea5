/**
 * Deleted time ranges of series (the admin API's delete_series), as Prometheus keeps them:
 * tombstones hide samples from queries at once; the data itself goes when a compaction or
 * clean_tombstones rewrites the partition. Head tombstones are logged to the WAL (and kept by
 * checkpoints while their series live); when the head flushes a partition they become that
 * partition's tombstones.
 */
import type { Logger } from 'pino';
import type { Matcher } from '../model/matcher.js';
import { ByteReader, ByteWriter } from './encoding/byteCodec.js';
import type { Head } from './head/head.js';
import type { CommitLog } from './head/headAppender.js';
import { KIND_TOMBSTONES, readU32, seriesKey } from './persist/keys.js';
import { PartitionReader } from './persist/partitionReader.js';
import type { DbOp, PartitionStore } from './persist/partitionStore.js';
import type { DeletedIntervals } from './query/tsdbQuerier.js';
import { beginRecord, endRecord, RecordType } from './wal/walRecords.js';

/** A closed time interval [start, end] in ms. */
export type Interval = readonly [number, number];

function encodeIntervals(intervals: readonly Interval[]): Uint8Array {
  const w = new ByteWriter(4 + intervals.length * 12);
  w.uvarint(intervals.length);
  for (const [a, b] of intervals) {
    w.varint(a);
    w.varint(b);
  }
  return w.view();
}

function decodeIntervals(r: ByteReader): Interval[] {
  const out: Interval[] = [];
  for (let n = r.uvarint(); n > 0; n--) out.push([r.varint(), r.varint()]);
  return out;
}

/** Adds an interval to a list, merging overlapping and adjacent ones. */
export function addInterval(list: readonly Interval[], add: Interval): Interval[] {
  const all = [...list, add].sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of all) {
    const last = out.at(-1);
    if (last !== undefined && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The tombstones of the head and of the persisted partitions. */
export class Tombstones {
  private readonly persisted = new Map<string, Interval[]>();
  private readonly inHead = new Map<number, Interval[]>();
  private wal: CommitLog | undefined;

  constructor(
    private readonly store: PartitionStore,
    private readonly head: Head,
    private readonly logger: Logger,
  ) {}

  /** Deleted intervals of a series in a persisted partition. */
  readonly lookup: DeletedIntervals = (pid, ref) => this.persisted.get(`${pid}/${ref}`);

  /** Deleted intervals of a head series. */
  readonly headLookup = (ref: number): readonly Interval[] | undefined => this.inHead.get(ref);

  /** Whether any tombstone exists. */
  get empty(): boolean {
    return this.persisted.size === 0 && this.inHead.size === 0;
  }

  /** Loads the persisted tombstones. */
  async load(): Promise<void> {
    for await (const [key, value] of this.store.db.iterator({ gte: new Uint8Array([KIND_TOMBSTONES]), lt: new Uint8Array([KIND_TOMBSTONES + 1]) })) {
      try {
        this.persisted.set(`${readU32(key, 1)}/${readU32(key, 5)}`, decodeIntervals(new ByteReader(value)));
      } catch (e) {
        this.logger.warn({ partition: readU32(key, 1), ref: readU32(key, 5), err: (e as Error).message }, 'Ignoring an undecodable tombstone');
      }
    }
  }

  /** The WAL head tombstones are logged to (once replay is done). */
  attachWal(wal: CommitLog): void {
    this.wal = wal;
  }

  /** Applies a WAL tombstones record during replay. */
  replay(payload: Uint8Array): void {
    const r = new ByteReader(payload);
    for (let n = r.uvarint(); n > 0; n--) {
      const ref = r.uvarint();
      const series = this.head.byWalRef(ref);
      const intervals = decodeIntervals(r);
      if (series === undefined) continue;
      for (const i of intervals) this.inHead.set(series.ref, addInterval(this.inHead.get(series.ref) ?? [], i));
    }
  }

  /** Whether a checkpoint should keep a tombstones record (some of its series are still in the head). */
  keepInCheckpoint(payload: Uint8Array): boolean {
    const r = new ByteReader(payload);
    for (let n = r.uvarint(); n > 0; n--) {
      const ref = r.uvarint();
      decodeIntervals(r);
      if (this.head.byWalRef(ref) !== undefined) return true;
    }
    return false;
  }

  /** Deletes the samples in [mint, maxt] of every series matching the matchers, in the head and on disk. */
  async deleteSeries(matchers: readonly Matcher[], mint: number, maxt: number): Promise<void> {
    const interval: Interval = [mint, maxt];
    const headSeries = this.head.matchingSeries(matchers, mint, maxt);
    if (headSeries.length > 0) {
      const w = new ByteWriter();
      const start = beginRecord(w, RecordType.Tombstones);
      w.uvarint(headSeries.length);
      for (const s of headSeries) {
        w.uvarint(s.ref);
        w.raw(encodeIntervals([interval]));
      }
      endRecord(w, start);
      const apply = (): void => {
        for (const s of headSeries) this.inHead.set(s.ref, addInterval(this.inHead.get(s.ref) ?? [], interval));
      };
      if (this.wal) await this.wal.submit(() => w.view(), apply);
      else apply();
    }
    const reader = new PartitionReader(this.store.db, undefined);
    const ops: DbOp[] = [];
    for (const p of this.store.partitions) {
      if (p.maxT <= mint || p.minT > maxt) continue;
      for (const ref of await reader.selectRefs(p, matchers)) {
        const key = `${p.id}/${ref}`;
        const merged = addInterval(this.persisted.get(key) ?? [], interval);
        this.persisted.set(key, merged);
        ops.push({ type: 'put', key: seriesKey(KIND_TOMBSTONES, p.id, ref), value: encodeIntervals(merged) });
      }
    }
    await this.store.write(ops, true);
  }

  /**
   * The writes that give a partition being flushed its series' head tombstones, to go in the
   * partition's final batch; `adopt` records them once that batch is written.
   */
  flushOps(pid: number, refs: Iterable<number>): { ops: DbOp[]; adopt: () => void } {
    const ops: DbOp[] = [];
    const adopted: Array<[string, Interval[]]> = [];
    for (const ref of refs) {
      const intervals = this.inHead.get(ref);
      if (intervals === undefined) continue;
      adopted.push([`${pid}/${ref}`, intervals]);
      ops.push({ type: 'put', key: seriesKey(KIND_TOMBSTONES, pid, ref), value: encodeIntervals(intervals) });
    }
    return {
      ops,
      adopt: () => {
        for (const [key, intervals] of adopted) this.persisted.set(key, intervals);
        // Head tombstones of series the head dropped are of no further use.
        for (const ref of [...this.inHead.keys()]) if (this.head.byRef(ref) === undefined) this.inHead.delete(ref);
      },
    };
  }

  /** Partitions that have tombstones (clean_tombstones rewrites them). */
  partitionsWithTombstones(): number[] {
    return [...new Set([...this.persisted.keys()].map((k) => Number(k.split('/')[0])))];
  }

  /** Forgets the tombstones of partitions that were rewritten or dropped (their keys are gone). */
  async forgetPartitions(ids: readonly number[]): Promise<void> {
    const gone = new Set(ids);
    for (const key of [...this.persisted.keys()]) if (gone.has(Number(key.split('/')[0]))) this.persisted.delete(key);
  }
}
