/**
 * What the server holds while the TSDB opens: the storage seams (Appendable, Queryable, the
 * admin operations) answering "not ready" until WAL replay completes, then delegating to the
 * TSDB. The HTTP server can so start at once (/-/ready answers 503 during replay), as in
 * Prometheus, and scrapes that come early are refused instead of waiting on an unready head.
 */
import type { Logger } from 'pino';
import { defer, from, switchMap, type Observable } from 'rxjs';
import type { Labels } from '../model/labels.js';
import type { Matcher } from '../model/matcher.js';
import type { Appendable, Appender, Queryable, Series, SeriesRef } from '../model/storage.js';
import { AppendError } from './appendErrors.js';
import { Tsdb, type TsdbOptions } from './tsdb.js';
import type { TsdbStats } from './tsdbStats.js';

const NOT_READY_APPENDER: Appender = {
  append(_ref: SeriesRef, _labels: Labels | null, _t: number, _v: number): SeriesRef {
    throw new AppendError('not_ready');
  },
  commit: () => Promise.resolve(),
  rollback: () => undefined,
};

/** Thrown by reads before the TSDB is open. */
export class StorageNotReadyError extends Error {
  constructor() {
    super('TSDB not ready: WAL replay in progress');
  }
}

/** The storage the server holds: the TSDB once open, "not ready" before. */
export class TsdbHandle implements Appendable, Queryable {
  private tsdb: Tsdb | undefined;
  private closing = false;
  /** Settles once the TSDB is open (or failed to open). */
  readonly opened: Promise<Tsdb>;

  /** Starts opening the TSDB; `onFailure` is told if it cannot be opened. */
  constructor(options: TsdbOptions, onFailure: (e: Error) => void) {
    this.opened = Tsdb.open(options);
    this.opened.then(
      (tsdb) => {
        this.tsdb = tsdb;
        if (this.closing) void tsdb.close();
      },
      (e: Error) => onFailure(e),
    );
  }

  /** Whether WAL replay is done and the TSDB takes appends. */
  get isOpen(): boolean {
    return this.tsdb !== undefined && !this.closing;
  }

  private open(): Tsdb {
    if (this.tsdb === undefined) throw new StorageNotReadyError();
    return this.tsdb;
  }

  appender(): Appender {
    return this.tsdb !== undefined ? this.tsdb.appender() : NOT_READY_APPENDER;
  }

  async select(matchers: readonly Matcher[], mint: number, maxt: number): Promise<Series[]> {
    return this.open().select(matchers, mint, maxt);
  }

  async labelNames(mint: number, maxt: number, matchers?: readonly Matcher[]): Promise<string[]> {
    return this.open().labelNames(mint, maxt, matchers);
  }

  async labelValues(name: string, mint: number, maxt: number, matchers?: readonly Matcher[]): Promise<string[]> {
    return this.open().labelValues(name, mint, maxt, matchers);
  }

  /** Head statistics for /api/v1/status/tsdb. */
  stats(limit?: number): TsdbStats {
    return this.open().stats(limit);
  }

  /** Admin API: hides the samples in [mint, maxt] of the matching series. */
  deleteSeries(matchers: readonly Matcher[], mint: number, maxt: number): Promise<void> {
    return this.open().deleteSeries(matchers, mint, maxt);
  }

  /** Admin API: rewrites partitions with tombstones so the deleted data is gone. */
  cleanTombstones(): Promise<void> {
    return this.open().cleanTombstones();
  }

  /** Admin API: writes a snapshot under <path>/snapshots and returns its name. */
  snapshot(skipHead: boolean): Promise<string> {
    return this.open().snapshot(skipHead);
  }

  /** The TSDB's background maintenance, started once it is open (a run-group component). */
  maintenance$(): Observable<never> {
    return defer(() => from(this.opened)).pipe(switchMap((tsdb) => tsdb.maintenance$()));
  }

  /** Closes the TSDB (flushing the WAL); when it is still opening, closes it as soon as it opens. */
  async close(logger: Logger): Promise<void> {
    this.closing = true;
    if (this.tsdb !== undefined) {
      await this.tsdb.close();
      return;
    }
    // Replay writes nothing: stopping before it ends loses nothing.
    logger.info('Storage closed before WAL replay completed');
  }
}
