/**
 * The WAL writer after write errors: a failed write rejects only its commits, later commits are
 * written and acknowledged, and a restart replays exactly what was acknowledged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { Labels } from '../../src/model/labels.js';
import { Matcher } from '../../src/model/matcher.js';
import { Head } from '../../src/storage/head/head.js';
import { HeadAppender } from '../../src/storage/head/headAppender.js';
import { Tsdb } from '../../src/storage/tsdb.js';
import { replayWal } from '../../src/storage/wal/walReplay.js';
import { WalWriter, type WalWriterOptions } from '../../src/storage/wal/walWriter.js';
import { dumpHead, tempDir } from './headDump.js';
import { captureLogger, type CapturedLogger } from './captureLogger.js';
import { FaultyDisk } from './faultyDisk.js';

const HOUR = 3_600_000;
const WRITE_FAILED = 'WAL write failed: its commits are rejected';
const TORN_TAIL = 'WAL segment ends in the torn record of a failed write: truncating it, replay goes on with the next segment';
const PINO_WARN = 40;



async function startWriter(dir: string, disk: FaultyDisk, extra: Partial<WalWriterOptions> = {}): Promise<{ wal: WalWriter; log: CapturedLogger }> {
  const log = captureLogger();
  const wal = new WalWriter({ dir, firstSegment: 0, logger: log.logger, openFile: disk.open, ...extra });
  await wal.start();
  return { wal, log };
}

const timeOf = (round: number): number => 1000 + round * 15_000;

/**
 * One scrape-like commit: 20 steady series, plus (from `freshFrom` on) 3 series first seen then.
 * Resolves with the commit's outcome instead of throwing.
 */
async function commitRound(head: Head, wal: WalWriter, round: number, freshFrom = Infinity): Promise<Error | undefined> {
  const app = new HeadAppender(head, wal);
  for (let i = 0; i < 20; i++) app.append(0, Labels.from({ __name__: 'steady', i: String(i) }), timeOf(round), round * 100 + i);
  if (round >= freshFrom) for (let j = 0; j < 3; j++) app.append(0, Labels.from({ __name__: 'fresh', j: String(j) }), timeOf(round), round);
  return app.commit().then(
    () => undefined,
    (e: Error) => e,
  );
}

async function replay(dir: string): Promise<{ head: Head; outcome: Awaited<ReturnType<typeof replayWal>>; log: CapturedLogger }> {
  const log = captureLogger();
  const head = new Head();
  const outcome = await replayWal(dir, head, log.logger);
  return { head, outcome, log };
}

for (const half of [false, true]) {
  test(`a failed write${half ? ' (half its bytes written)' : ''} rejects only its commit; the series it would have logged are logged by the next commit; a restart replays exactly what was acknowledged`, async (t) => {
    const dir = tempDir(t, 'promstream-walerr-');
    const disk = new FaultyDisk();
    let fsyncs = 0;
    const { wal, log } = await startWriter(dir, disk, { onFsync: () => fsyncs++ });
    const head = new Head();
    const outcomes: Array<Error | undefined> = [];
    for (let round = 0; round < 10; round++) {
      if (round === 4) disk.failWrite(1, { half });
      outcomes.push(await commitRound(head, wal, round, 4));
    }
    assert.equal(outcomes.filter((e) => e !== undefined).length, 1);
    assert.match(outcomes[4]!.message, /ENOSPC/);
    assert.equal(wal.writesFailed, 1);
    const [failure] = log.withMsg(WRITE_FAILED);
    assert.equal(failure!.segment, 0);
    assert.match(String(failure!.err), /ENOSPC/);
    // The rejected commit was never applied; the others were, the fresh series from round 5 on.
    const live = dumpHead(head);
    assert.equal(live.filter((l) => l.includes(`@${timeOf(4)}=`)).length, 0);
    assert.equal(live.length, 9 * 20 + 5 * 3);
    await wal.close();
    assert.ok(fsyncs >= 1, 'close fsyncs the segment');
    assert.match((await commitRound(head, wal, 10))!.message, /WAL is closed/);

    const replayed = await replay(dir);
    assert.deepEqual(dumpHead(replayed.head), live);
    assert.equal(replayed.outcome.unknownRefs, 0);
    assert.equal(replayed.outcome.droppedBytes, 0);
    assert.equal(replayed.log.lines.filter((l) => (l.level as number) >= PINO_WARN).length, 0, JSON.stringify(replayed.log.lines));
  });
}

test('if truncating after a failed write fails too, writing goes on in the next segment and replay skips the torn tail', async (t) => {
  const dir = tempDir(t, 'promstream-walerr-');
  const disk = new FaultyDisk();
  const { wal, log } = await startWriter(dir, disk);
  const head = new Head();
  for (let round = 0; round < 8; round++) {
    if (round === 3) {
      disk.failWrite(1, { half: true });
      disk.failingTruncations = Infinity;
    }
    const error = await commitRound(head, wal, round, 3);
    assert.equal(error !== undefined, round === 3, `round ${round}: ${error?.message}`);
  }
  assert.equal(wal.segment, 1);
  assert.equal(log.withMsg('Truncating the WAL segment after a failed write failed: writing goes on in the next segment').length, 1);
  await wal.close();
  assert.equal(log.withMsg('Abandoned WAL segment could not be truncated: replay will skip its torn tail').length, 1);
  assert.deepEqual(readdirSync(dir).sort(), ['00000000', '00000001']);

  const replayed = await replay(dir);
  assert.deepEqual(dumpHead(replayed.head), dumpHead(head));
  assert.equal(replayed.outcome.unknownRefs, 0);
  assert.equal(replayed.outcome.droppedBytes, 0);
  assert.ok(replayed.outcome.tornTailBytes > 0);
  const [warning] = replayed.log.withMsg(TORN_TAIL);
  assert.equal(warning!.segment, 0);
  assert.equal(replayed.log.withMsg('WAL corruption: truncating the segment after its last valid record').length, 0);
  // The repaired WAL replays cleanly.
  const again = await replay(dir);
  assert.deepEqual(dumpHead(again.head), dumpHead(head));
  assert.equal(again.log.lines.filter((l) => (l.level as number) >= PINO_WARN).length, 0);
});

test('a truncation that failed once is retried before the next write, leaving no torn tail behind', async (t) => {
  const dir = tempDir(t, 'promstream-walerr-');
  const disk = new FaultyDisk();
  const { wal, log } = await startWriter(dir, disk);
  const head = new Head();
  for (let round = 0; round < 6; round++) {
    if (round === 2) {
      disk.failWrite(1, { half: true });
      disk.failingTruncations = 1;
    }
    await commitRound(head, wal, round);
  }
  assert.equal(log.withMsg('Abandoned WAL segment truncated after its last acknowledged record').length, 1);
  await wal.close();
  const replayed = await replay(dir);
  assert.deepEqual(dumpHead(replayed.head), dumpHead(head));
  assert.equal(replayed.outcome.tornTailBytes, 0);
  assert.equal(replayed.log.lines.filter((l) => (l.level as number) >= PINO_WARN).length, 0, JSON.stringify(replayed.log.lines));
});

test('when the next segment cannot be opened once, that commit fails and the next one opens it', async (t) => {
  const dir = tempDir(t, 'promstream-walerr-');
  const disk = new FaultyDisk();
  const { wal, log } = await startWriter(dir, disk, { segmentBytes: 2048 });
  const head = new Head();
  disk.failingOpens = 1;
  const errors: Error[] = [];
  for (let round = 0; round < 30; round++) {
    const error = await commitRound(head, wal, round);
    if (error !== undefined) errors.push(error);
  }
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, /EIO/);
  assert.equal(log.withMsg(WRITE_FAILED).length, 1);
  // A cut with no segment open closes nothing new and the next commit opens the segment.
  const before = wal.segment;
  disk.failingOpens = 1;
  assert.equal(await wal.cut(), before);
  assert.equal(await wal.cut(), before);
  assert.match((await commitRound(head, wal, 30))!.message, /EIO/);
  assert.equal(await commitRound(head, wal, 31), undefined);
  await wal.close();
  const segments = readdirSync(dir).sort().map(Number);
  assert.ok(segments.length >= 4, `segments ${segments.join(', ')}`);
  assert.deepEqual(segments, segments.map((_, i) => i));
  const replayed = await replay(dir);
  assert.deepEqual(dumpHead(replayed.head), dumpHead(head));
  assert.equal(replayed.outcome.samples, 30 * 20);
});

test('commits queued behind a failed group write proceed; the queue stays under the high-water mark; series of rejected commits are logged again', async (t) => {
  const dir = tempDir(t, 'promstream-walerr-');
  const disk = new FaultyDisk();
  const highWaterBytes = 16 * 1024;
  const { wal } = await startWriter(dir, disk, { highWaterBytes });
  const head = new Head();
  // The first write carries the first commit alone; the second, a group of first commits whose series are new.
  disk.failWrite(2);
  disk.failWrite(7, { half: true });
  let acknowledged = 0;
  let rejected = 0;
  await Promise.all(
    Array.from({ length: 30 }, async (_, p) => {
      for (let round = 0; round < 10; round++) {
        const app = new HeadAppender(head, wal);
        for (let i = 0; i < 50; i++) app.append(0, Labels.from({ __name__: 'load', p: String(p), i: String(i) }), timeOf(round), round);
        await app.commit().then(
          () => acknowledged++,
          () => rejected++,
        );
      }
    }),
  );
  assert.equal(wal.writesFailed, 2);
  assert.ok(rejected >= 2, `${rejected} rejected`);
  assert.equal(acknowledged + rejected, 300);
  assert.ok(wal.peakQueuedBytes < highWaterBytes + 8 * 1024, `peak queued ${wal.peakQueuedBytes}`);
  await wal.close();
  const replayed = await replay(dir);
  assert.equal(replayed.outcome.unknownRefs, 0);
  assert.equal(replayed.outcome.samples, acknowledged * 50);
  assert.deepEqual(dumpHead(replayed.head), dumpHead(head));
});

test('the TSDB counts failed WAL writes, keeps the failed commit out of queries, and keeps every acknowledged sample across a restart', async (t) => {
  const dir = tempDir(t, 'promstream-walerr-');
  const disk = new FaultyDisk();
  const registry = new Registry();
  const log = captureLogger();
  const tsdb = await Tsdb.open({ path: dir, logger: log.logger, registry, partitionMs: HOUR, openWalFile: disk.open });
  const T0 = 10 * HOUR;
  const commit = async (k: number): Promise<void> => {
    const app = tsdb.appender();
    app.append(0, Labels.from({ __name__: 'up', k: String(k % 3) }), T0 + k * 1000, k);
    await app.commit();
  };
  for (let k = 0; k < 3; k++) await commit(k);
  disk.failWrite(1, { half: true });
  await assert.rejects(commit(3), /ENOSPC/);
  for (let k = 4; k < 8; k++) await commit(k);
  const query = async (db: Tsdb): Promise<string[]> =>
    (await db.select([new Matcher('=', '__name__', 'up')], -Infinity, Infinity)).flatMap((s) => {
      const { timestamps, values, length } = s.samples();
      return Array.from({ length }, (_, i) => `${s.labels}@${timestamps[i]! - T0}=${values[i]}`);
    }).sort();
  const expected = [0, 1, 2, 4, 5, 6, 7].map((k) => `{__name__="up", k="${k % 3}"}@${k * 1000}=${k}`).sort();
  assert.deepEqual(await query(tsdb), expected);
  assert.match(await registry.metrics(), /^prometheus_tsdb_wal_writes_failed_total 1$/m);
  assert.equal(log.withMsg(WRITE_FAILED).length, 1);
  await tsdb.close();
  assert.ok(statSync(join(dir, 'wal', '00000000')).size > 0);

  const reopened = await Tsdb.open({ path: dir, logger: captureLogger().logger, partitionMs: HOUR });
  assert.deepEqual(await query(reopened), expected);
  await reopened.close();
});
