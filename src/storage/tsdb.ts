/**
 * The TSDB: the head (in memory, fed through the WAL), the persisted partitions in LevelDB, and
 * the background maintenance that moves data from one to the other (flush, WAL checkpoint),
 * compacts partitions and applies retention. Behind the Appendable and Queryable seams.
 *
 * Layout under --storage.tsdb.path: `wal/` (segments and checkpoints) and `db/` (LevelDB).
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { defer, exhaustMap, ignoreElements, merge, Subject, timer, type Observable } from 'rxjs';
import type { Matcher } from '../model/matcher.js';
import type { Appendable, Appender, Queryable, Series } from '../model/storage.js';
import { Head } from './head/head.js';
import { HeadAppender } from './head/headAppender.js';
import { compact } from './maintenance/compactor.js';
import { maxLevel, planCompaction } from './maintenance/compactionPlan.js';
import { flushHeadPartition } from './maintenance/headFlush.js';
import { applyRetention } from './maintenance/retention.js';
import { DEFAULT_PARTITION_MS } from './partitionTime.js';
import { PartitionStore } from './persist/partitionStore.js';
import { TsdbQuerier } from './query/tsdbQuerier.js';
import { Tombstones } from './tombstones.js';
import { TsdbMetrics } from './tsdbMetrics.js';
import { headStats, type TsdbStats } from './tsdbStats.js';
import { writeSnapshot } from './snapshot.js';
import { writeCheckpoint } from './wal/walCheckpoint.js';
import type { OpenWalFile } from './wal/walFiles.js';
import { replayWal } from './wal/walReplay.js';
import { WalWriter } from './wal/walWriter.js';

/** How to open the TSDB. */
export interface TsdbOptions {
  readonly path: string;
  /** A logger for the TSDB (the caller adds `component: 'tsdb'`). */
  readonly logger: Logger;
  /** Where the prometheus_tsdb_* metrics go. */
  readonly registry?: Registry;
  /** 0 disables time retention. */
  readonly retentionMs?: number;
  /** 0 disables size retention. */
  readonly retentionBytes?: number;
  readonly partitionMs?: number;
  readonly walSegmentBytes?: number;
  readonly walHighWaterBytes?: number;
  /** Replaces how WAL files are opened (tests inject a slow disk). */
  readonly openWalFile?: OpenWalFile;
  /** How often maintenance runs when nothing prompts it (1 min, like Prometheus). */
  readonly maintenanceIntervalMs?: number;
}

/** The TSDB: head, WAL, persisted partitions and their maintenance. */
export class Tsdb implements Appendable, Queryable {
  readonly metrics: TsdbMetrics;
  private readonly querier: TsdbQuerier;
  private readonly kick$ = new Subject<void>();
  private maintaining: Promise<void> | undefined;
  private closed = false;
  private storageBytes = 0;
  private walBytes = 0;
  private readonly topLevel: number;

  private constructor(
    readonly head: Head,
    readonly store: PartitionStore,
    private readonly wal: WalWriter,
    readonly tombstones: Tombstones,
    private readonly options: TsdbOptions,
  ) {
    this.querier = new TsdbQuerier(head, store, options.logger, tombstones.lookup, tombstones.headLookup);
    this.topLevel = maxLevel(head.partitionMs, options.retentionMs ?? 0);
    this.metrics = new TsdbMetrics(options.registry, {
      head,
      storageBytes: () => this.storageBytes,
      walBytes: () => this.walBytes,
      walSegment: () => wal.segment,
      partitionCount: () => store.partitions.length,
      lowestTimestamp: () => store.partitions[0]?.minT ?? head.minTime(),
      retentionBytes: options.retentionBytes ?? 0,
    });
  }

  /** Opens the database and replays the WAL; resolves once the TSDB can take appends. */
  static async open(options: TsdbOptions): Promise<Tsdb> {
    const started = performance.now();
    const logger = options.logger;
    await mkdir(options.path, { recursive: true });
    const walDir = join(options.path, 'wal');
    const store = await PartitionStore.open(join(options.path, 'db'), logger);
    logger.info({ partitions: store.partitions.length, minValidTime: store.meta.minValidTime }, 'Persisted partitions loaded');
    const head = new Head(options.partitionMs ?? DEFAULT_PARTITION_MS);
    head.minValidTime = store.meta.minValidTime;
    head.nextRef = Math.max(head.nextRef, store.meta.nextRef);
    const tombstones = new Tombstones(store, head, logger);
    await tombstones.load();
    logger.info('Replaying WAL, this may take a while');
    const replay = await replayWal(walDir, head, logger, { onTombstones: (payload) => tombstones.replay(payload) });
    // Replayed samples were counted when first appended; the counters describe this run.
    for (const k of Object.keys(head.counters) as Array<keyof Head['counters']>) head.counters[k] = 0;
    const wal = new WalWriter({
      dir: walDir,
      firstSegment: replay.lastSegment + 1,
      logger,
      segmentBytes: options.walSegmentBytes,
      highWaterBytes: options.walHighWaterBytes,
      openFile: options.openWalFile,
      onFsync: (seconds) => tsdb.metrics.walFsyncDuration.observe(seconds),
      onWriteFailed: () => tsdb.metrics.walWritesFailed.inc(),
    });
    await wal.start();
    tombstones.attachWal(wal);
    const tsdb: Tsdb = new Tsdb(head, store, wal, tombstones, options);
    if (replay.droppedBytes > 0) tsdb.metrics.walCorruptions.inc();
    const seconds = (performance.now() - started) / 1000;
    tsdb.metrics.replayDuration.set(seconds);
    await tsdb.refreshSizes();
    logger.info({ series: head.seriesCount, duration: `${seconds.toFixed(3)}s` }, 'TSDB started');
    return tsdb;
  }

  appender(): Appender {
    return new HeadAppender(this.head, this.wal, () => {
      const oldest = this.head.oldestPartition();
      if (oldest !== undefined && this.head.isImmutable(oldest)) this.kick$.next();
    });
  }

  select(matchers: readonly Matcher[], mint: number, maxt: number): Promise<Series[]> {
    return this.querier.select(matchers, mint, maxt);
  }

  labelNames(mint: number, maxt: number, matchers?: readonly Matcher[]): Promise<string[]> {
    return this.querier.labelNames(mint, maxt, matchers);
  }

  labelValues(name: string, mint: number, maxt: number, matchers?: readonly Matcher[]): Promise<string[]> {
    return this.querier.labelValues(name, mint, maxt, matchers);
  }

  /** The WAL writer's queue: bytes waiting now, and the most that ever waited. */
  walQueue(): { queuedBytes: number; peakQueuedBytes: number; highWaterBytes: number } {
    return { queuedBytes: this.wal.queuedBytes, peakQueuedBytes: this.wal.peakQueuedBytes, highWaterBytes: this.options.walHighWaterBytes ?? 16 * 1024 * 1024 };
  }

  /** Head cardinality statistics for /api/v1/status/tsdb. */
  stats(limit = 10): TsdbStats {
    return headStats(this.head, limit);
  }

  /**
   * Background maintenance as a run-group component: every interval, and whenever a commit makes
   * a head partition flushable. Never errors (failures are logged and counted) and never blocks
   * appends or queries.
   */
  maintenance$(): Observable<never> {
    return merge(timer(0, this.options.maintenanceIntervalMs ?? 60_000), this.kick$).pipe(
      exhaustMap(() =>
        defer(() =>
          this.maintain().catch((e: unknown) => {
            // Storage trouble must not stop the server: it is logged, and the next round retries.
            this.options.logger.error({ err: (e as Error).message }, 'Storage maintenance failed');
          }),
        ),
      ),
      ignoreElements(),
    );
  }

  /** One maintenance round: flush immutable head partitions (then checkpoint the WAL), compact, apply retention. */
  maintain(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return this.exclusive(() => this.maintainOnce());
  }

  /**
   * Runs storage-changing work one job at a time (maintenance rounds and admin operations), so a
   * deletion cannot slip between a compaction's reading and its replacing a partition.
   */
  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = (this.maintaining ?? Promise.resolve()).then(job);
    const tracked = run.then(
      () => undefined,
      () => undefined,
    );
    this.maintaining = tracked;
    void tracked.then(() => {
      if (this.maintaining === tracked) this.maintaining = undefined;
    });
    return run;
  }

  /** Admin API: hides the samples in [mint, maxt] of the series matching the matchers. */
  deleteSeries(matchers: readonly Matcher[], mint: number, maxt: number): Promise<void> {
    return this.exclusive(() => this.tombstones.deleteSeries(matchers, mint, maxt));
  }

  /** Admin API: rewrites every partition with tombstones, so that deleted data is really gone. */
  cleanTombstones(): Promise<void> {
    return this.exclusive(async () => {
      for (const id of this.tombstones.partitionsWithTombstones()) {
        const meta = this.store.partitions.find((p) => p.id === id);
        if (meta === undefined) continue;
        const rewritten = await compact(this.store, { sources: [meta], minT: meta.minT, maxT: meta.maxT, level: meta.level }, this.tombstones.lookup, this.options.logger);
        await this.tombstones.forgetPartitions([id]);
        this.options.logger.info({ partition: id, rewrittenAs: rewritten.id }, 'Partition rewritten without its deleted data');
      }
    });
  }

  /** Admin API: writes a consistent copy of the data under <path>/snapshots; returns its name. */
  snapshot(skipHead: boolean): Promise<string> {
    return this.exclusive(() => writeSnapshot(this.options.path, this.store, skipHead ? undefined : this.head, this.options.logger));
  }

  private async maintainOnce(): Promise<void> {
    const logger = this.options.logger;
    let flushed = false;
    for (let p = this.head.oldestPartition(); p !== undefined && this.head.isImmutable(p) && !this.closed; p = this.head.oldestPartition()) {
      this.metrics.headTruncations.inc();
      try {
        const started = performance.now();
        const outcome = await flushHeadPartition(this.head, this.store, p, this.tombstones);
        flushed = true;
        logger.info(
          { partition: outcome.meta?.id, minTime: new Date(p).toISOString(), series: outcome.meta?.series ?? 0, samples: outcome.meta?.samples ?? 0, seriesRemoved: outcome.seriesRemoved, duration: `${Math.round(performance.now() - started)}ms` },
          'Head partition flushed to disk',
        );
      } catch (e) {
        this.metrics.headTruncationsFailed.inc();
        logger.error({ err: (e as Error).message }, 'Flushing a head partition failed; will retry');
        return;
      }
    }
    if (flushed && !this.closed) await this.checkpoint();
    for (let plan = this.plan(); plan !== undefined && !this.closed; plan = this.plan()) {
      const started = performance.now();
      try {
        const meta = await compact(this.store, plan, this.tombstones.lookup, logger);
        await this.tombstones.forgetPartitions(plan.sources.map((s) => s.id));
        this.metrics.compactions.inc();
        this.metrics.compactionDuration.observe((performance.now() - started) / 1000);
        logger.info({ partition: meta.id, level: meta.level, sources: meta.sources, series: meta.series, minTime: new Date(meta.minT).toISOString(), duration: `${Math.round(performance.now() - started)}ms` }, 'Compacted partitions');
      } catch (e) {
        this.metrics.compactionsFailed.inc();
        logger.error({ err: (e as Error).message }, 'Compaction failed; will retry');
        break;
      }
    }
    if (this.closed) return;
    try {
      await this.refreshSizes();
      const newest = Math.max(this.head.maxTime, this.store.partitions.at(-1)?.maxT ?? -Infinity);
      const retention = await applyRetention(this.store, { timeMs: this.options.retentionMs ?? 0, bytes: this.options.retentionBytes ?? 0 }, newest, this.walBytes, logger);
      if (retention.byTime.length > 0) this.metrics.timeRetentions.inc();
      if (retention.bySize.length > 0) this.metrics.sizeRetentions.inc();
      const dropped = [...retention.byTime, ...retention.bySize].map((p) => p.id);
      if (dropped.length > 0) {
        await this.tombstones.forgetPartitions(dropped);
        await this.refreshSizes();
      }
    } catch (e) {
      logger.error({ err: (e as Error).message }, 'Applying retention failed; will retry');
    }
  }

  private plan(): ReturnType<typeof planCompaction> {
    // Windows no flush can add to: before the head's appendable window, or (an empty head, as
    // after a backfill) everything persisted.
    const head = this.head;
    const closedBefore = Number.isFinite(head.maxTime)
      ? Math.min(head.appendableMinTime(), head.oldestPartition() ?? Infinity)
      : Math.max(head.minValidTime, this.store.partitions.at(-1)?.maxT ?? -Infinity);
    return planCompaction(this.store.partitions, head.partitionMs, this.topLevel, closedBefore);
  }

  private async checkpoint(): Promise<void> {
    this.metrics.checkpoints.inc();
    try {
      const segment = await this.wal.cut();
      await writeCheckpoint(join(this.options.path, 'wal'), segment, this.head, this.options.logger, (payload) => this.tombstones.keepInCheckpoint(payload));
    } catch (e) {
      this.metrics.checkpointsFailed.inc();
      this.options.logger.error({ err: (e as Error).message }, 'WAL checkpoint failed; the WAL keeps its segments');
    }
  }

  private async refreshSizes(): Promise<void> {
    this.storageBytes = await this.store.diskBytes();
    this.walBytes = await directoryBytes(join(this.options.path, 'wal'));
  }

  /** Stops maintenance, writes and fsyncs the WAL, and closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.kick$.complete();
    await this.maintaining?.catch(() => undefined);
    await this.wal.close();
    await this.store.close();
    this.options.logger.info('TSDB closed');
  }
}

async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) total += await stat(join(dir, name)).then((s) => s.size, () => 0);
  return total;
}
