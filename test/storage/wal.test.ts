import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Labels } from '../../src/model/labels.js';
import { STALE_NAN } from '../../src/model/staleness.js';
import { Head } from '../../src/storage/head/head.js';
import { HeadAppender } from '../../src/storage/head/headAppender.js';
import { writeCheckpoint } from '../../src/storage/wal/walCheckpoint.js';
import { openFsWalFile, type OpenWalFile } from '../../src/storage/wal/walFiles.js';
import { replayWal } from '../../src/storage/wal/walReplay.js';
import { WalWriter } from '../../src/storage/wal/walWriter.js';
import { dumpHead, tempDir } from './headDump.js';
import { captureLogger } from './captureLogger.js';

const HOUR = 3_600_000;



async function writeSome(dir: string, options: { segmentBytes?: number; series?: number; scrapes?: number; openFile?: OpenWalFile } = {}): Promise<{ head: Head; wal: WalWriter }> {
  const head = new Head();
  const wal = new WalWriter({ dir, firstSegment: 0, logger: captureLogger().logger, segmentBytes: options.segmentBytes, openFile: options.openFile });
  await wal.start();
  const refs: number[] = [];
  for (let scrape = 0; scrape < (options.scrapes ?? 20); scrape++) {
    const app = new HeadAppender(head, wal);
    for (let i = 0; i < (options.series ?? 50); i++) {
      const v = scrape === 7 && i % 5 === 0 ? STALE_NAN : scrape * 10 + i;
      refs[i] = app.append(refs[i] ?? 0, Labels.from({ __name__: 'm', i: String(i) }), 1000 + scrape * 15_000, v);
    }
    await app.commit();
  }
  return { head, wal };
}

test('committed samples replay into an identical head, across segments, StaleNaN included', async (t) => {
  const dir = tempDir(t, 'promstream-wal-');
  const { head, wal } = await writeSome(dir, { segmentBytes: 4096 });
  await wal.close();
  assert.ok(readdirSync(dir).length >= 3, `segments: ${readdirSync(dir).join(', ')}`);
  const log = captureLogger();
  const replayed = new Head();
  const outcome = await replayWal(dir, replayed, log.logger);
  assert.deepEqual(dumpHead(replayed), dumpHead(head));
  assert.equal(outcome.samples, 1000);
  assert.equal(outcome.droppedBytes, 0);
  const loaded = log.withMsg('WAL segment loaded');
  assert.equal(loaded.length, readdirSync(dir).length);
  assert.equal(loaded.at(-1)!.percent, 100);
  assert.ok(dumpHead(replayed).some((l) => l.endsWith('=stale')));
  // Refs carry on where they left off.
  assert.equal(replayed.nextRef, head.nextRef);
});

test('concurrent commits share writes (group commit) and each resolves after its write', async (t) => {
  const dir = tempDir(t, 'promstream-wal-');
  const head = new Head();
  const wal = new WalWriter({ dir, firstSegment: 0, logger: captureLogger().logger });
  await wal.start();
  await Promise.all(
    Array.from({ length: 200 }, async (_, i) => {
      const app = new HeadAppender(head, wal);
      app.append(0, Labels.from({ __name__: 'g', i: String(i) }), 5000, i);
      await app.commit();
      // Acknowledged means queryable.
      assert.equal(head.select([], 0, 10_000).some((s) => s.labels.get('i') === String(i)), true);
    }),
  );
  assert.equal(wal.commitsWritten, 200);
  assert.ok(wal.writes < 50, `${wal.writes} writes for 200 commits`);
  await wal.close();
});

test('a torn last record is truncated with a warning; every record before it is kept', async (t) => {
  const dir = tempDir(t, 'promstream-wal-');
  const { head, wal } = await writeSome(dir);
  await wal.close();
  const segment = join(dir, '00000000');
  const size = statSync(segment).size;
  truncateSync(segment, size - 7);
  const log = captureLogger();
  const replayed = new Head();
  const outcome = await replayWal(dir, replayed, log.logger);
  const expected = dumpHead(head).filter((l) => !l.includes(`@${1000 + 19 * 15_000}=`));
  assert.deepEqual(dumpHead(replayed), expected);
  const [warning] = log.withMsg('WAL corruption: truncating the segment after its last valid record');
  assert.ok(warning, JSON.stringify(log.lines));
  assert.ok((warning!.droppedBytes as number) > 0);
  assert.equal(statSync(segment).size, outcome.lastSegment === 0 ? size - 7 - (warning!.droppedBytes as number) : -1);
  // Replaying the repaired WAL again is clean.
  const again = captureLogger();
  await replayWal(dir, new Head(), again.logger);
  assert.equal(again.withMsg('WAL corruption: truncating the segment after its last valid record').length, 0);
});

test('a flipped byte mid-WAL stops replay there: later records and segments are dropped, earlier ones kept', async (t) => {
  const dir = tempDir(t, 'promstream-wal-');
  const { wal } = await writeSome(dir, { segmentBytes: 2048 });
  await wal.close();
  const segments = readdirSync(dir).sort();
  assert.ok(segments.length >= 4);
  const victim = join(dir, segments[1]!);
  const bytes = readFileSync(victim);
  bytes[Math.floor(bytes.length / 2)]! ^= 0x5a;
  writeFileSync(victim, bytes);
  const log = captureLogger();
  const replayed = new Head();
  const outcome = await replayWal(dir, replayed, log.logger);
  assert.equal(outcome.lastSegment, 1);
  assert.deepEqual(readdirSync(dir).sort(), segments.slice(0, 2));
  assert.ok(outcome.samples > 0 && outcome.samples < 1000);
  const [warning] = log.withMsg('WAL corruption: truncating the segment after its last valid record');
  assert.deepEqual(warning!.removedSegments, segments.slice(2));
});

test('a checkpoint keeps live series and samples the head still needs, and replaces the segments it covers', async (t) => {
  const dir = tempDir(t, 'promstream-wal-');
  const { head, wal } = await writeSome(dir, { segmentBytes: 2048, scrapes: 40 });
  const covered = await wal.cut();
  // Pretend everything before 1000 + 20 scrapes was flushed to disk.
  head.minValidTime = 1000 + 20 * 15_000;
  const log = captureLogger();
  const outcome = await writeCheckpoint(dir, covered, head, log.logger);
  assert.equal(outcome.samples, 50 * 20);
  const app = new HeadAppender(head, wal);
  app.append(0, Labels.from({ __name__: 'after' }), 10 * HOUR, 1);
  await app.commit();
  await wal.close();
  assert.deepEqual(readdirSync(dir).sort(), [String(covered + 1).padStart(8, '0'), `checkpoint.${String(covered).padStart(8, '0')}`]);
  const replayed = new Head();
  replayed.minValidTime = head.minValidTime;
  await replayWal(dir, replayed, captureLogger().logger);
  const expected = dumpHead(head).filter((l) => Number(l.split('@')[1]!.split('=')[0]) >= head.minValidTime);
  assert.deepEqual(dumpHead(replayed), expected);
});

test('with a slow disk, queued WAL bytes stay under the high-water mark and nothing acknowledged is lost', async (t) => {
  const dir = tempDir(t, 'promstream-wal-');
  const slowFile: OpenWalFile = async (path) => {
    const file = await openFsWalFile(path);
    return { ...file, write: async (bytes) => { await new Promise((r) => setTimeout(r, 5)); await file.write(bytes); } };
  };
  const head = new Head();
  const highWaterBytes = 64 * 1024;
  const wal = new WalWriter({ dir, firstSegment: 0, logger: captureLogger().logger, highWaterBytes, openFile: slowFile });
  await wal.start();
  const acknowledged: string[] = [];
  // 40 producers each committing 200-sample batches as fast as they are let.
  await Promise.all(
    Array.from({ length: 40 }, async (_, p) => {
      const refs: number[] = [];
      for (let round = 0; round < 15; round++) {
        const app = new HeadAppender(head, wal);
        for (let i = 0; i < 200; i++) refs[i] = app.append(refs[i] ?? 0, Labels.from({ __name__: 'load', p: String(p), i: String(i) }), 1000 + round, round);
        await app.commit();
        acknowledged.push(`${p}/${round}`);
      }
    }),
  );
  await wal.close();
  // One batch is about 200 * 11 bytes plus labels; the queue may exceed the mark by at most one.
  assert.ok(wal.peakQueuedBytes < highWaterBytes + 20_000, `peak queued ${wal.peakQueuedBytes}`);
  assert.equal(acknowledged.length, 600);
  const replayed = new Head();
  const outcome = await replayWal(dir, replayed, captureLogger().logger);
  assert.equal(outcome.samples, 600 * 200);
  assert.deepEqual(dumpHead(replayed), dumpHead(head));
});
