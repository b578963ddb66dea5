/**
 * WAL checkpoints. Once the head has flushed a partition to disk, the segments written so far
 * hold mostly samples that are persisted now. A checkpoint keeps what the head still needs from
 * them: a series record for every live series and the samples at or after the head's
 * `minValidTime`. It is written to a temporary file, fsynced and renamed into place; only then
 * are the segments it covers (and older checkpoints) deleted.
 */
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ByteWriter } from '../encoding/byteCodec.js';
import type { Head } from '../head/head.js';
import { checkpointName, listWal, openFsWalFile, removeWalFiles, segmentName } from './walFiles.js';
import { readWalFile } from './walReader.js';
import { beginRecord, endRecord, readSamplesRecord, RecordType, SampleColumns, writeSamplesRecord, writeSeriesRecord, type SeriesEntry } from './walRecords.js';

const FLUSH_BYTES = 4 * 1024 * 1024;
const SERIES_PER_RECORD = 1000;

/** What a checkpoint kept. */
export interface CheckpointOutcome {
  readonly checkpoint: number;
  readonly series: number;
  readonly samples: number;
  readonly droppedSamples: number;
  readonly bytes: number;
}

/**
 * Writes `checkpoint.<upTo>` from the previous checkpoint and segments up to `upTo` (closed
 * already), then deletes what it replaces. `keepTombstones` decides which tombstone records stay.
 */
export async function writeCheckpoint(dir: string, upTo: number, head: Head, logger: Logger, keepTombstones: (payload: Uint8Array) => boolean = () => true): Promise<CheckpointOutcome> {
  const listing = await listWal(dir);
  const previous = listing.checkpoints.filter((c) => c <= upTo).at(-1);
  const sources = [
    ...(previous !== undefined ? [checkpointName(previous)] : []),
    ...listing.segments.filter((s) => s <= upTo && (previous === undefined || s > previous)).map(segmentName),
  ];
  const tmp = join(dir, `${checkpointName(upTo)}.tmp`);
  await rm(tmp, { force: true });
  const file = await openFsWalFile(tmp);
  let w = new ByteWriter(FLUSH_BYTES + 1024);
  let bytes = 0;
  const flush = async (): Promise<void> => {
    if (w.length === 0) return;
    await file.write([w.view()]);
    bytes += w.length;
    w = new ByteWriter(FLUSH_BYTES + 1024);
  };
  let series = 0;
  let samples = 0;
  let droppedSamples = 0;
  try {
    let batch: SeriesEntry[] = [];
    for (const s of head.registry.byRef.values()) {
      batch.push(s);
      if (batch.length === SERIES_PER_RECORD) {
        writeSeriesRecord(w, batch);
        series += batch.length;
        batch = [];
        if (w.length >= FLUSH_BYTES) await flush();
      }
    }
    if (batch.length > 0) writeSeriesRecord(w, batch);
    series += batch.length;

    const columns = new SampleColumns(1024);
    const keptRefs: number[] = [];
    let keptTimes = new Float64Array(1024);
    let keptWords = new Uint32Array(2048);
    for (const source of sources) {
      const outcome = await readWalFile(join(dir, source), async (type, payload) => {
        if (type === RecordType.Tombstones) {
          if (keepTombstones(payload)) {
            const start = beginRecord(w, type);
            w.raw(payload);
            endRecord(w, start);
          }
        } else if (type === RecordType.Samples) {
          readSamplesRecord(payload, columns);
          if (keptTimes.length < columns.length) {
            keptTimes = new Float64Array(columns.length);
            keptWords = new Uint32Array(columns.length * 2);
          }
          keptRefs.length = 0;
          for (let i = 0; i < columns.length; i++) {
            const t = columns.timestamps[i]!;
            const s = head.byWalRef(columns.refs[i]!);
            if (s === undefined || t < head.minValidTime) continue;
            const k = keptRefs.length;
            keptRefs.push(s.ref);
            keptTimes[k] = t;
            keptWords[2 * k] = columns.words[2 * i]!;
            keptWords[2 * k + 1] = columns.words[2 * i + 1]!;
          }
          droppedSamples += columns.length - keptRefs.length;
          samples += keptRefs.length;
          if (keptRefs.length > 0) writeSamplesRecord(w, keptRefs.length, (i) => keptRefs[i]!, keptTimes, keptWords);
        }
        if (w.length >= FLUSH_BYTES) await flush();
      });
      if (outcome.corruption !== undefined) {
        logger.warn({ file: source, offset: outcome.validBytes, err: outcome.corruption }, 'Corrupt WAL file while checkpointing: keeping the records before the damage');
      }
    }
    await flush();
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, join(dir, checkpointName(upTo)));
  await syncDirectory(dir);
  await removeWalFiles(dir, [
    ...listing.segments.filter((s) => s <= upTo).map(segmentName),
    ...listing.checkpoints.filter((c) => c < upTo).map(checkpointName),
  ]);
  logger.info({ checkpoint: checkpointName(upTo), series, samples, droppedSamples, bytes }, 'WAL checkpoint complete');
  return { checkpoint: upTo, series, samples, droppedSamples, bytes };
}

/** fsyncs a directory so that a rename in it survives a crash. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
