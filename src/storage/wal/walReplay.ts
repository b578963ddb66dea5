/**
 * Rebuilds the head from the WAL at start: the newest checkpoint, then every later segment in
 * order, logging progress per segment as Prometheus does ("WAL segment loaded"). A torn or
 * corrupt record ends the replay there: the segment is truncated at the last good record and
 * later segments are removed, with a warning that says what was dropped. Starting is never
 * refused and no record before the damage is lost.
 *
 * One exception: a segment that is not the last and ends inside a record is the trace of a write
 * that failed (and could not be truncated) before the writer went on in the next segment (see
 * walWriter.ts). Nothing in that torn record was acknowledged, so it is cut off with a warning and
 * replay goes on with the next segment. Damaged bytes (checksum, type, length, undecodable) stop
 * replay wherever they are.
 */
import { stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Head } from '../head/head.js';
import { checkpointName, listWal, removeWalFiles, segmentName } from './walFiles.js';
import { readWalFile, type RecordHandler } from './walReader.js';
import { readSamplesRecord, readSeriesRecord, RecordType, SampleColumns } from './walRecords.js';

/** What replay found. */
export interface ReplayOutcome {
  /** The last segment kept, or -1 when there is none: writing continues after it. */
  readonly lastSegment: number;
  readonly checkpoint: number | undefined;
  readonly samples: number;
  readonly series: number;
  /** Samples whose series record was missing. */
  readonly unknownRefs: number;
  /** Bytes cut off a corrupt segment, plus the bytes of the segments removed after it. */
  readonly droppedBytes: number;
  /** Bytes of torn records cut off the ends of segments that were not the last (failed writes). */
  readonly tornTailBytes: number;
}

/** Extra record kinds replay hands on (tombstones go to whoever keeps them). */
export interface ReplayHooks {
  readonly onTombstones?: (payload: Uint8Array) => void;
}

/** Replays the WAL in `dir` into the head. */
export async function replayWal(dir: string, head: Head, logger: Logger, hooks: ReplayHooks = {}): Promise<ReplayOutcome> {
  const listing = await listWal(dir);
  await removeWalFiles(dir, listing.temporary);
  const checkpoint = listing.checkpoints.at(-1);
  const stale = [
    ...listing.checkpoints.filter((c) => c !== checkpoint).map(checkpointName),
    ...listing.segments.filter((s) => checkpoint !== undefined && s <= checkpoint).map(segmentName),
  ];
  await removeWalFiles(dir, stale);
  const segments = listing.segments.filter((s) => checkpoint === undefined || s > checkpoint);

  const columns = new SampleColumns(1024);
  let samples = 0;
  let unknownRefs = 0;
  const seriesBefore = head.seriesCount;
  const handler: RecordHandler = (type, payload) => {
    if (type === RecordType.Series) {
      for (const { ref, labels } of readSeriesRecord(payload)) head.replaySeries(ref, labels);
    } else if (type === RecordType.Samples) {
      readSamplesRecord(payload, columns);
      const { refs, timestamps, words } = columns;
      for (let i = 0; i < columns.length; i++) {
        const series = head.byWalRef(refs[i]!);
        if (series === undefined) unknownRefs++;
        else head.apply(series, timestamps[i]!, words[2 * i + 1]!, words[2 * i]!);
      }
      samples += columns.length;
    } else if (type === RecordType.Tombstones) {
      hooks.onTombstones?.(payload);
    }
  };

  const started = performance.now();
  if (checkpoint !== undefined) {
    const outcome = await readWalFile(join(dir, checkpointName(checkpoint)), handler);
    if (outcome.corruption !== undefined) {
      logger.warn({ checkpoint: checkpointName(checkpoint), offset: outcome.validBytes, droppedBytes: outcome.fileBytes - outcome.validBytes, err: outcome.corruption }, 'Corrupt WAL checkpoint: replaying the records before the damage');
    }
    logger.info({ checkpoint: checkpointName(checkpoint), duration: `${Math.round(performance.now() - started)}ms` }, 'WAL checkpoint loaded');
  }

  let droppedBytes = 0;
  let tornTailBytes = 0;
  let lastSegment = checkpoint ?? -1;
  const maxSegment = segments.at(-1) ?? lastSegment;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const path = join(dir, segmentName(segment));
    const segmentStarted = performance.now();
    const samplesBefore = samples;
    const outcome = await readWalFile(path, handler);
    lastSegment = segment;
    const seconds = (performance.now() - segmentStarted) / 1000;
    logger.info(
      {
        segment,
        maxSegment,
        percent: Math.floor(((i + 1) / segments.length) * 100),
        duration: `${Math.round(seconds * 1000)}ms`,
        samples: samples - samplesBefore,
        samplesPerSecond: seconds > 0 ? Math.round((samples - samplesBefore) / seconds) : undefined,
        mbPerSecond: seconds > 0 ? Number((outcome.validBytes / 1e6 / seconds).toFixed(1)) : undefined,
      },
      'WAL segment loaded',
    );
    if (outcome.corruption === undefined) continue;
    if (outcome.torn && i < segments.length - 1) {
      tornTailBytes += outcome.fileBytes - outcome.validBytes;
      logger.warn(
        { segment, offset: outcome.validBytes, droppedBytes: outcome.fileBytes - outcome.validBytes, err: outcome.corruption },
        'WAL segment ends in the torn record of a failed write: truncating it, replay goes on with the next segment',
      );
      await truncate(path, outcome.validBytes);
      continue;
    }
    const later = segments.slice(i + 1);
    let laterBytes = 0;
    for (const s of later) laterBytes += await fileSize(join(dir, segmentName(s)));
    droppedBytes = outcome.fileBytes - outcome.validBytes + laterBytes;
    logger.warn(
      {
        segment,
        offset: outcome.validBytes,
        droppedBytes: outcome.fileBytes - outcome.validBytes,
        removedSegments: later.map(segmentName),
        removedSegmentBytes: laterBytes,
        err: outcome.corruption,
      },
      'WAL corruption: truncating the segment after its last valid record',
    );
    await truncate(path, outcome.validBytes);
    await removeWalFiles(dir, later.map(segmentName));
    break;
  }
  if (unknownRefs > 0) logger.warn({ samples: unknownRefs }, 'WAL samples without a series record were dropped');
  logger.info({ totalReplayDuration: `${Math.round(performance.now() - started)}ms`, samples, unknownRefs }, 'WAL replay completed');
  return { lastSegment, checkpoint, samples, series: head.seriesCount - seriesBefore, unknownRefs, droppedBytes, tornTailBytes };
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}
