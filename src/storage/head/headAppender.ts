/**
 * The head's appender: checks each sample against Prometheus's rules as it is appended, keeps the
 * batch in columns, and on commit hands the batch to the commit log (the WAL) and applies it to
 * the head once the log write is done, so that what a query sees is always in the WAL.
 */
import type { Labels } from '../../model/labels.js';
import type { Appender, SeriesRef } from '../../model/storage.js';
import { AppendError } from '../appendErrors.js';
import { ByteWriter } from '../encoding/byteCodec.js';
import { writeSamplesRecord, writeSeriesRecord } from '../wal/walRecords.js';
import type { Head, PendingHolder } from './head.js';
import type { HeadSeries } from './headSeries.js';

/** Where commits go before the head applies them. */
export interface CommitLog {
  /**
   * Queues a commit. `encode` runs when the commit enters the write queue (in call order, after
   * any commit waiting for room) and returns its framed records; `onWritten` runs once they are
   * handed to the OS, in queue order. Resolves after `onWritten` ran.
   */
  submit(encode: () => Uint8Array, onWritten: () => void): Promise<void>;
}

/** A commit log that logs nothing: the head alone, for tests and benchmarks. */
export const NO_COMMIT_LOG: CommitLog = {
  submit(_encode, onWritten) {
    onWritten();
    return Promise.resolve();
  },
};

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/** One batch of appended samples, in columns. */
class Batch implements PendingHolder {
  /** Committed batches kept for reuse: a scrape commits every few seconds, so this saves regrowing columns. */
  private static readonly pool: Batch[] = [];

  static take(): Batch {
    return Batch.pool.pop() ?? new Batch();
  }

  /** Returns a batch to the pool once nothing refers to it any more. */
  static release(batch: Batch): void {
    batch.length = 0;
    if (Batch.pool.length < 32 && batch.timestamps.length <= 1 << 16) Batch.pool.push(batch);
  }

  /**
   * The series of the samples, refilled in place: an array emptied with `length = 0` loses its
   * storage and regrows on every commit. Entries past `length` are stale.
   */
  series: HeadSeries[] = [];
  /** The WAL records of the batch, reused with the batch (its bytes live until the commit is written). */
  private readonly records = new ByteWriter(1024);
  /** The series whose series record the last `encode` wrote. */
  private readonly unlogged = new Set<HeadSeries>();
  timestamps = new Float64Array(64);
  words = new Uint32Array(128);
  length = 0;

  pendingSeries(): Iterable<HeadSeries> {
    return this.series.slice(0, this.length);
  }

  push(series: HeadSeries, t: number, high: number, low: number): void {
    const i = this.length;
    if (i === this.timestamps.length) {
      const timestamps = new Float64Array(i * 2);
      timestamps.set(this.timestamps);
      this.timestamps = timestamps;
      const words = new Uint32Array(i * 4);
      words.set(this.words);
      this.words = words;
    }
    this.series[i] = series;
    this.timestamps[i] = t;
    this.words[2 * i] = low;
    this.words[2 * i + 1] = high;
    this.length = i + 1;
  }

  /**
   * The framed WAL records of this batch, with a series record for each series not logged yet.
   * Series are marked logged only once the write succeeded (`markLogged`): after a failed write,
   * the next commit of such a series logs it again. Two commits in flight may both log a series;
   * replay takes the second record as the same series.
   */
  encode(): Uint8Array {
    const n = this.length;
    const w = this.records;
    w.length = 0;
    const unlogged = this.unlogged;
    unlogged.clear();
    for (let i = 0; i < n; i++) {
      const s = this.series[i]!;
      if (!s.logged) unlogged.add(s);
    }
    if (unlogged.size > 0) writeSeriesRecord(w, [...unlogged]);
    writeSamplesRecord(w, n, (i) => this.series[i]!.ref, this.timestamps, this.words);
    return w.view();
  }

  /** Notes that the series records of the last `encode` are in the WAL. */
  markLogged(): void {
    for (const s of this.unlogged) s.logged = true;
    this.unlogged.clear();
  }
}

/** An appender of the head: one batch, committed through the commit log. */
export class HeadAppender implements Appender {
  private batch = Batch.take();

  constructor(
    private readonly head: Head,
    private readonly log: CommitLog,
    /** Called after each commit was applied (the TSDB checks whether a partition can be flushed). */
    private readonly onCommitted?: () => void,
  ) {}

  append(ref: SeriesRef, labels: Labels | null, t: number, v: number): SeriesRef {
    const head = this.head;
    let series = ref !== 0 ? head.byRef(ref) : undefined;
    if (series === undefined || series.removed) {
      if (labels === null) throw new AppendError('not_found');
      series = head.getOrCreate(labels);
    }
    if (!Number.isSafeInteger(t) || t < head.appendableMinTime()) {
      head.counters.outOfBounds++;
      throw new AppendError('out_of_bounds');
    }
    scratch[0] = v;
    const high = scratchWords[1]!;
    const low = scratchWords[0]!;
    if (t <= series.maxT) {
      if (t < series.maxT) {
        head.counters.outOfOrder++;
        throw new AppendError('out_of_order');
      }
      if ((high | 0) !== series.prevHigh || (low | 0) !== series.prevLow) {
        head.counters.duplicates++;
        throw new AppendError('duplicate');
      }
    }
    const batch = this.batch;
    if (batch.length === 0) head.openAppenders.add(batch);
    batch.push(series, t, high, low);
    return series.ref;
  }

  async commit(): Promise<void> {
    const batch = this.batch;
    if (batch.length === 0) return;
    this.batch = Batch.take();
    const head = this.head;
    try {
      await this.log.submit(
        () => batch.encode(),
        () => {
          batch.markLogged();
          const n = batch.length;
          const series = batch.series;
          const timestamps = batch.timestamps;
          const words = batch.words;
          for (let i = 0; i < n; i++) head.apply(series[i]!, timestamps[i]!, words[2 * i + 1]!, words[2 * i]!);
        },
      );
    } finally {
      head.openAppenders.delete(batch);
    }
    Batch.release(batch);
    this.onCommitted?.();
  }

  rollback(): void {
    this.head.openAppenders.delete(this.batch);
    this.batch.length = 0;
  }
}
