/**
 * The `prometheus_tsdb_*` self-metrics, with Prometheus's names, so existing dashboards for the
 * TSDB work. Gauges and the head's counters are read when /metrics is scraped; events
 * (compactions, flushes, checkpoints, retention, fsyncs, failed WAL writes) are counted as they happen.
 */
import { Counter, Gauge, Histogram, Summary, type Registry } from 'prom-client';
import type { Head } from './head/head.js';

/** What the metrics read from the TSDB at scrape time. */
export interface TsdbMetricsSource {
  readonly head: Head;
  /** Bytes of the persisted partitions on disk (refreshed by maintenance). */
  storageBytes(): number;
  walBytes(): number;
  walSegment(): number;
  partitionCount(): number;
  lowestTimestamp(): number | undefined;
  retentionBytes: number;
}

/** Counters and observations the TSDB feeds. */
export class TsdbMetrics {
  readonly compactions: Counter;
  readonly compactionsFailed: Counter;
  readonly compactionDuration: Histogram;
  readonly headTruncations: Counter;
  readonly headTruncationsFailed: Counter;
  readonly checkpoints: Counter;
  readonly checkpointsFailed: Counter;
  readonly timeRetentions: Counter;
  readonly sizeRetentions: Counter;
  readonly walCorruptions: Counter;
  readonly walWritesFailed: Counter;
  readonly walFsyncDuration: Summary;
  readonly replayDuration: Gauge;

  constructor(registry: Registry | undefined, source: TsdbMetricsSource) {
    const registers = registry ? [registry] : [];
    const head = source.head;
    const fromHead = (name: string, help: string, read: () => number, labels?: Record<string, string>): void => {
      new Counter({
        name,
        help,
        labelNames: labels ? Object.keys(labels) : [],
        registers,
        collect() {
          this.reset();
          if (labels) this.inc(labels, read());
          else this.inc(read());
        },
      });
    };
    const gauge = (name: string, help: string, read: () => number | undefined): void => {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const v = read();
          if (v !== undefined && Number.isFinite(v)) this.set(v);
        },
      });
    };
    gauge('prometheus_tsdb_head_series', 'Total number of series in the head block.', () => head.seriesCount);
    gauge('prometheus_tsdb_head_chunks', 'Total number of chunks in the head block.', () => head.chunkCount());
    gauge('prometheus_tsdb_head_min_time', 'Minimum time bound of the head block.', () => head.minTime());
    gauge('prometheus_tsdb_head_max_time', 'Maximum timestamp of the head block.', () => head.maxTime);
    gauge('prometheus_tsdb_blocks_loaded', 'Number of currently loaded data blocks.', () => source.partitionCount());
    gauge('prometheus_tsdb_storage_blocks_bytes', 'The number of bytes that are currently used for local storage by all blocks.', () => source.storageBytes());
    gauge('prometheus_tsdb_wal_storage_size_bytes', 'Size of the write log directory.', () => source.walBytes());
    gauge('prometheus_tsdb_wal_segment_current', 'Write log segment index that TSDB is currently writing to.', () => source.walSegment());
    gauge('prometheus_tsdb_lowest_timestamp', 'Lowest timestamp value stored in the database.', () => source.lowestTimestamp());
    gauge('prometheus_tsdb_retention_limit_bytes', 'Max number of bytes to be retained in the tsdb blocks, configured 0 means disabled', () => source.retentionBytes);
    fromHead('prometheus_tsdb_head_samples_appended_total', 'Total number of appended samples.', () => head.counters.samplesAppended, { type: 'float' });
    fromHead('prometheus_tsdb_out_of_order_samples_total', 'Total number of out of order samples ingestion failed attempts due to out of order being disabled.', () => head.counters.outOfOrder, { type: 'float' });
    fromHead('prometheus_tsdb_out_of_bound_samples_total', 'Total number of out of bound samples ingestion failed attempts with out of order support disabled.', () => head.counters.outOfBounds, { type: 'float' });
    fromHead('prometheus_tsdb_duplicate_samples_total', 'Total number of samples rejected for having the timestamp of an existing sample with another value.', () => head.counters.duplicates, { type: 'float' });
    fromHead('prometheus_tsdb_head_series_created_total', 'Total number of series created in the head', () => head.counters.seriesCreated);
    fromHead('prometheus_tsdb_head_series_removed_total', 'Total number of series removed in the head', () => head.counters.seriesRemoved);
    fromHead('prometheus_tsdb_head_chunks_removed_total', 'Total number of chunks removed in the head', () => head.counters.chunksFlushed);

    this.compactions = new Counter({ name: 'prometheus_tsdb_compactions_total', help: 'Total number of compactions that were executed for the partition.', registers });
    this.compactionsFailed = new Counter({ name: 'prometheus_tsdb_compactions_failed_total', help: 'Total number of compactions that failed for the partition.', registers });
    this.compactionDuration = new Histogram({ name: 'prometheus_tsdb_compaction_duration_seconds', help: 'Duration of compaction runs', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512], registers });
    this.headTruncations = new Counter({ name: 'prometheus_tsdb_head_truncations_total', help: 'Total number of head truncations attempted.', registers });
    this.headTruncationsFailed = new Counter({ name: 'prometheus_tsdb_head_truncations_failed_total', help: 'Total number of head truncations that failed.', registers });
    this.checkpoints = new Counter({ name: 'prometheus_tsdb_checkpoint_creations_total', help: 'Total number of checkpoint creations attempted.', registers });
    this.checkpointsFailed = new Counter({ name: 'prometheus_tsdb_checkpoint_creations_failed_total', help: 'Total number of checkpoint creations that failed.', registers });
    this.timeRetentions = new Counter({ name: 'prometheus_tsdb_time_retentions_total', help: 'The number of times that blocks were deleted because the maximum time limit was exceeded.', registers });
    this.sizeRetentions = new Counter({ name: 'prometheus_tsdb_size_retentions_total', help: 'The number of times that blocks were deleted because the maximum number of bytes was exceeded.', registers });
    this.walCorruptions = new Counter({ name: 'prometheus_tsdb_wal_corruptions_total', help: 'Total number of WAL corruptions.', registers });
    this.walWritesFailed = new Counter({ name: 'prometheus_tsdb_wal_writes_failed_total', help: 'Total number of write log writes that failed.', registers });
    this.walFsyncDuration = new Summary({ name: 'prometheus_tsdb_wal_fsync_duration_seconds', help: 'Duration of write log fsync.', percentiles: [0.5, 0.9, 0.99], registers });
    this.replayDuration = new Gauge({ name: 'prometheus_tsdb_data_replay_duration_seconds', help: 'Time taken to replay the data on disk.', registers });
  }
}
