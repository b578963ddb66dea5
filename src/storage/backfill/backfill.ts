/**
 * Backfilling an OpenMetrics file (every sample with a timestamp, as for Prometheus's
 * `promtool tsdb create-blocks-from openmetrics`) into a data directory: samples are encoded in
 * a head of their own (per-series order is required, as Prometheus requires it per block;
 * there is no appendable window), then written partition by partition as level-0 partitions
 * that the server serves, merges with overlapping data and compacts. Memory grows with the
 * compressed size of the input.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { OpenMetricsParser } from '../../lang/exposition/openMetricsParser.js';
import { Entry } from '../../lang/exposition/expositionParser.js';
import { ExpositionParseError } from '../../lang/exposition/parseError.js';
import { highWord, lowWord } from '../chunks/floatBits.js';
import { Head } from '../head/head.js';
import { AppendOutcome, type HeadSeries } from '../head/headSeries.js';
import { flushHeadPartition } from '../maintenance/headFlush.js';
import type { PartitionMeta } from '../persist/partitionMeta.js';
import { PartitionStore } from '../persist/partitionStore.js';
import { DEFAULT_PARTITION_MS } from '../partitionTime.js';
import { openMetricsPieces } from './openMetricsPieces.js';

/** Progress of a backfill, reported as it goes. */
export interface BackfillProgress {
  readonly phase: 'reading' | 'writing';
  readonly bytesRead: number;
  readonly fileBytes: number;
  readonly samples: number;
  readonly series: number;
  readonly partitionsWritten: number;
  readonly partitionsTotal: number;
}

/** What a backfill wrote. */
export interface BackfillOutcome {
  readonly partitions: readonly PartitionMeta[];
  readonly samples: number;
  readonly series: number;
  readonly outOfOrder: number;
  readonly duplicates: number;
}

/** Thrown for input the backfill cannot take (with the file's line number when known). */
export class BackfillError extends Error {}

/** Reads an OpenMetrics file into new partitions of the data directory at `dataDir`. */
export async function backfillOpenMetrics(file: string, dataDir: string, logger: Logger, onProgress: (p: BackfillProgress) => void = () => undefined, partitionMs = DEFAULT_PARTITION_MS): Promise<BackfillOutcome> {
  await mkdir(dataDir, { recursive: true });
  const store = await PartitionStore.open(join(dataDir, 'db'), logger);
  try {
    const head = new Head(partitionMs);
    head.nextRef = store.meta.nextRef;
    let samples = 0;
    let outOfOrder = 0;
    let duplicates = 0;
    for await (const piece of openMetricsPieces(file)) {
      const parser = new OpenMetricsParser(piece.body);
      // Series text → series, for this piece only (the keys are slices of the piece's body).
      const seen = new Map<string, HeadSeries>();
      try {
        for (let e = parser.next(); e !== Entry.EOF; e = parser.next()) {
          if (e !== Entry.Series) continue;
          const key = parser.seriesKey();
          let series = seen.get(key);
          if (series === undefined) {
            series = head.getOrCreate(parser.labels());
            seen.set(key, series);
          }
          const t = parser.timestamp();
          if (t === undefined) throw new BackfillError(`expected timestamp for series ${series.labels.toString()}, got none`);
          const v = parser.value();
          const outcome = head.apply(series, t, highWord(v), lowWord(v));
          if (outcome === AppendOutcome.OutOfOrder) outOfOrder++;
          else if (outcome === AppendOutcome.Duplicate) duplicates++;
          else samples++;
        }
      } catch (e) {
        if (e instanceof ExpositionParseError) throw new BackfillError(`line ${e.line + piece.lineOffset}: ${e.detail}`);
        throw e;
      }
      onProgress({ phase: 'reading', bytesRead: piece.bytesRead, fileBytes: piece.fileBytes, samples, series: head.seriesCount, partitionsWritten: 0, partitionsTotal: 0 });
    }
    const partitions: PartitionMeta[] = [];
    const total = countPartitions(head);
    for (let p = head.oldestPartition(); p !== undefined; p = head.oldestPartition()) {
      // Backfilled partitions never become the floor of the server's head: it keeps its window.
      const outcome = await flushHeadPartition(head, store, p, undefined, false);
      if (outcome.meta) partitions.push(outcome.meta);
      onProgress({ phase: 'writing', bytesRead: 0, fileBytes: 0, samples, series: head.seriesCount, partitionsWritten: partitions.length, partitionsTotal: total });
    }
    await store.write(store.metaOps(), true);
    return { partitions, samples, series: head.counters.seriesCreated, outOfOrder, duplicates };
  } finally {
    await store.close();
  }
}

function countPartitions(head: Head): number {
  const starts = new Set<number>();
  for (const s of head.registry.byRef.values()) for (const c of s.chunks(-Infinity, Infinity, head)) starts.add(head.partitionOf(c.minT));
  return starts.size;
}
