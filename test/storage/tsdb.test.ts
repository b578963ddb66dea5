import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { Labels } from '../../src/model/labels.js';
import { Matcher } from '../../src/model/matcher.js';
import { STALE_NAN, isStaleNaN } from '../../src/model/staleness.js';
import { KIND_SERIES, seriesKey } from '../../src/storage/persist/keys.js';
import { Tsdb, type TsdbOptions } from '../../src/storage/tsdb.js';
import { openFsWalFile, type OpenWalFile } from '../../src/storage/wal/walFiles.js';
import { captureLogger } from './captureLogger.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
// Aligned to 54 h, so that compaction windows of every level start at T0.
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % (54 * HOUR));

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'promstream-tsdb-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function open(path: string, extra: Partial<TsdbOptions> = {}) {
  const log = captureLogger();
  const tsdb = await Tsdb.open({ path, logger: log.logger, partitionMs: HOUR, ...extra });
  return { tsdb, log };
}

/** Appends `series` series with a sample every minute over [from, to), one commit per minute. */
async function fill(tsdb: Tsdb, from: number, to: number, series = 20): Promise<void> {
  const refs: number[] = [];
  for (let t = from; t < to; t += MINUTE) {
    const app = tsdb.appender();
    for (let i = 0; i < series; i++) {
      const v = t === from + 7 * MINUTE && i === 3 ? STALE_NAN : (t - T0) / MINUTE + i * 1000;
      refs[i] = app.append(refs[i] ?? 0, Labels.from({ __name__: i % 2 ? 'odd_total' : 'even_total', i: String(i), job: `job-${i % 3}` }), t, v);
    }
    await app.commit();
  }
}

/** Every sample as "labels@t=value" lines. */
async function dump(tsdb: Tsdb, matchers: Matcher[] = [new Matcher('=~', '__name__', '.+')], mint = -Infinity, maxt = Infinity): Promise<string[]> {
  const out: string[] = [];
  for (const s of await tsdb.select(matchers, mint, maxt)) {
    const { timestamps, values, length } = s.samples();
    for (let i = 0; i < length; i++) out.push(`${s.labels}@${timestamps[i]}=${isStaleNaN(values[i]!) ? 'stale' : values[i]}`);
  }
  return out;
}

test('samples survive a restart through WAL replay', async (t) => {
  const dir = tempDir(t);
  const { tsdb } = await open(dir);
  await fill(tsdb, T0, T0 + 30 * MINUTE);
  const before = await dump(tsdb);
  assert.equal(before.length, 600);
  await tsdb.close();
  const { tsdb: again, log } = await open(dir);
  assert.deepEqual(await dump(again), before);
  assert.ok(log.withMsg('WAL segment loaded').length > 0);
  await again.close();
});

test('immutable head partitions are flushed to disk; queries merge disk and head exactly; the WAL is checkpointed', async (t) => {
  const dir = tempDir(t);
  const { tsdb, log } = await open(dir);
  await fill(tsdb, T0, T0 + 4 * HOUR + 10 * MINUTE);
  const before = await dump(tsdb);
  await tsdb.maintain();
  // Three 1 h partitions were flushed, then compacted into one 3 h partition.
  assert.deepEqual(tsdb.store.partitions.map((p) => [p.minT - T0, p.maxT - T0, p.level, p.series]), [[0, 3 * HOUR, 1, 20]]);
  assert.equal(tsdb.head.oldestPartition(), T0 + 3 * HOUR);
  assert.equal(log.withMsg('Head partition flushed to disk').length, 3);
  assert.ok(readdirSync(join(dir, 'wal')).some((f) => f.startsWith('checkpoint.')));
  assert.deepEqual(await dump(tsdb), before);
  // A range inside one persisted partition, and label matching on disk with each fast path.
  assert.equal((await dump(tsdb, [new Matcher('=', 'i', '4')], T0 + 90 * MINUTE, T0 + 100 * MINUTE)).length, 11);
  assert.equal((await dump(tsdb, [new Matcher('=~', 'job', 'job-1|job-2'), new Matcher('!=', 'i', '2')], T0, T0 + HOUR - 1)).length, 12 * 60);
  assert.equal((await dump(tsdb, [new Matcher('=~', '__name__', 'odd.*'), new Matcher('!~', 'job', 'job-0')], T0, T0 + HOUR - 1)).length, 7 * 60);
  assert.deepEqual(await tsdb.labelValues('job', T0, T0 + HOUR), ['job-0', 'job-1', 'job-2']);
  assert.deepEqual(await tsdb.labelNames(T0, T0 + HOUR, [new Matcher('=', 'i', '1')]), ['__name__', 'i', 'job']);
  await tsdb.close();
  const { tsdb: again } = await open(dir);
  assert.deepEqual(await dump(again), before);
  assert.equal(again.head.minValidTime, T0 + 3 * HOUR);
  await again.close();
});

test('partitions are compacted into larger ones in the background without changing query results', async (t) => {
  const dir = tempDir(t);
  const { tsdb, log } = await open(dir);
  await fill(tsdb, T0, T0 + 11 * HOUR, 6);
  const before = await dump(tsdb);
  await tsdb.maintain();
  // 1 h partitions, levels of 3 h and 9 h: [0,9) is one level-2 partition, 9 h stays level 0.
  assert.deepEqual(tsdb.store.partitions.map((p) => [(p.minT - T0) / HOUR, (p.maxT - p.minT) / HOUR, p.level]), [[0, 9, 2], [9, 1, 0]]);
  assert.ok(log.withMsg('Compacted partitions').length >= 4);
  assert.deepEqual(await dump(tsdb), before);
  await tsdb.close();
  const { tsdb: again } = await open(dir);
  assert.deepEqual(await dump(again), before);
  await again.close();
});

test('retention drops partitions older than the retention time, counted in the self-metrics', async (t) => {
  const dir = tempDir(t);
  const registry = new Registry();
  const { tsdb, log } = await open(dir, { retentionMs: 3 * HOUR, registry });
  await fill(tsdb, T0, T0 + 8 * HOUR, 4);
  await tsdb.maintain();
  const oldest = Math.min(...tsdb.store.partitions.map((p) => p.minT));
  assert.ok(oldest >= T0 + 8 * HOUR - 4 * HOUR, `oldest partition starts at +${(oldest - T0) / HOUR} h`);
  assert.equal((await dump(tsdb, undefined, T0, T0 + 2 * HOUR)).length, 0);
  assert.ok(log.withMsg('Deleting obsolete partition: beyond retention time').length > 0);
  const metrics = await registry.metrics();
  assert.match(metrics, /prometheus_tsdb_time_retentions_total [1-9]/);
  assert.match(metrics, /prometheus_tsdb_head_series 4/);
  assert.match(metrics, /prometheus_tsdb_head_truncations_total [1-9]/);
  await tsdb.close();
});

test('retention by size keeps the newest partitions within the limit', async (t) => {
  const dir = tempDir(t);
  const { tsdb, log } = await open(dir, { retentionBytes: 1 });
  await fill(tsdb, T0, T0 + 5 * HOUR, 4);
  await tsdb.maintain();
  assert.equal(tsdb.store.partitions.length, 1);
  assert.ok(log.withMsg('Deleting obsolete partition: beyond retention size').length > 0);
  await tsdb.close();
});

test('a corrupt persisted series value is skipped with a warning; everything else is served', async (t) => {
  const dir = tempDir(t);
  const { tsdb } = await open(dir);
  await fill(tsdb, T0, T0 + 3 * HOUR);
  await tsdb.maintain();
  const before = await dump(tsdb);
  const pid = tsdb.store.partitions[0]!.id;
  const key = seriesKey(KIND_SERIES, pid, 1);
  const value = (await tsdb.store.db.get(key))!;
  value[value.length - 3]! ^= 0xff;
  await tsdb.store.db.put(key, value);
  await tsdb.close();
  const { tsdb: again, log } = await open(dir);
  const after = await dump(again);
  const lost = before.filter((l) => !after.includes(l));
  assert.equal(lost.length, 60);
  assert.ok(lost.every((l) => l.includes('i="0"')));
  const [warning] = log.withMsg('Corrupt series data in a persisted partition: skipping it');
  assert.equal(warning!.partition, pid);
  await again.close();
});

test('deleted series are hidden at once, in the head and on disk, also after a restart and a compaction', async (t) => {
  const dir = tempDir(t);
  const { tsdb } = await open(dir);
  await fill(tsdb, T0, T0 + 4 * HOUR, 4);
  await tsdb.maintain();
  await tsdb.tombstones.deleteSeries([new Matcher('=', 'i', '2')], T0 + 30 * MINUTE, T0 + 3 * HOUR + 30 * MINUTE - 1);
  const visible = async (db: Tsdb) => (await dump(db, [new Matcher('=', 'i', '2')])).length;
  assert.equal(await visible(tsdb), 240 - 180);
  await tsdb.close();
  const { tsdb: again } = await open(dir);
  assert.equal(await visible(again), 60);
  await fill(again, T0 + 4 * HOUR, T0 + 10 * HOUR, 4);
  await again.maintain();
  assert.equal(again.tombstones.partitionsWithTombstones().length, 0);
  assert.equal((await dump(again, [new Matcher('=', 'i', '2')], T0, T0 + 4 * HOUR - 1)).length, 60);
  await again.close();
});

test('head statistics list series per metric name and values per label name', async (t) => {
  const dir = tempDir(t);
  const { tsdb } = await open(dir);
  await fill(tsdb, T0, T0 + 5 * MINUTE);
  const stats = tsdb.stats(2);
  assert.equal(stats.headStats.numSeries, 20);
  assert.equal(stats.headStats.minTime, T0);
  assert.equal(stats.headStats.maxTime, T0 + 4 * MINUTE);
  assert.deepEqual(stats.seriesCountByMetricName, [{ name: 'even_total', value: 10 }, { name: 'odd_total', value: 10 }]);
  assert.deepEqual(stats.labelValueCountByLabelName[0], { name: 'i', value: 20 });
  await tsdb.close();
});

test('clean_tombstones rewrites partitions without the deleted data; a snapshot is a data directory of its own', async (t) => {
  const dir = tempDir(t);
  const { tsdb } = await open(dir);
  await fill(tsdb, T0, T0 + 2 * HOUR + 40 * MINUTE, 4);
  await tsdb.maintain();
  await tsdb.deleteSeries([new Matcher('=', 'i', '1')], T0, T0 + 30 * MINUTE - 1);
  assert.deepEqual(tsdb.tombstones.partitionsWithTombstones().length, 1);
  const before = await dump(tsdb);
  await tsdb.cleanTombstones();
  assert.equal(tsdb.tombstones.partitionsWithTombstones().length, 0);
  assert.deepEqual(await dump(tsdb), before);
  const samplesOnDisk = tsdb.store.partitions.reduce((n, p) => n + p.samples, 0);
  assert.equal(samplesOnDisk, 4 * 120 - 30);
  const name = await tsdb.snapshot(false);
  assert.match(name, /^\d{8}T\d{6}Z-[0-9a-f]{16}$/);
  const { tsdb: copy } = await open(join(dir, 'snapshots', name));
  assert.deepEqual(await dump(copy), before);
  await copy.close();
  const headless = await tsdb.snapshot(true);
  const { tsdb: copy2 } = await open(join(dir, 'snapshots', headless));
  assert.deepEqual(await dump(copy2), before.filter((l) => Number(l.split('@')[1]!.split('=')[0]) < T0 + 2 * HOUR));
  await copy2.close();
  await tsdb.close();
});

test('on a slow disk, appenders wait instead of queueing: the WAL queue stays bounded and every acknowledged sample survives', async (t) => {
  const dir = tempDir(t);
  const slowDisk: OpenWalFile = async (path) => {
    const file = await openFsWalFile(path);
    return { ...file, write: async (buffers) => { await new Promise((r) => setTimeout(r, 10)); await file.write(buffers); } };
  };
  const highWaterBytes = 32 * 1024;
  const { tsdb } = await open(dir, { openWalFile: slowDisk, walHighWaterBytes: highWaterBytes });
  const acknowledged: string[] = [];
  const heapBefore = process.memoryUsage().heapUsed;
  await Promise.all(
    Array.from({ length: 50 }, async (_, target) => {
      const refs: number[] = [];
      for (let scrape = 0; scrape < 10; scrape++) {
        const app = tsdb.appender();
        for (let i = 0; i < 100; i++) refs[i] = app.append(refs[i] ?? 0, Labels.from({ __name__: 'slow', target: String(target), i: String(i) }), T0 + scrape * 1000, scrape);
        await app.commit();
        for (let i = 0; i < 100; i++) acknowledged.push(`{__name__="slow", i="${i}", target="${target}"}@${T0 + scrape * 1000}=${scrape}`);
      }
    }),
  );
  const { peakQueuedBytes } = tsdb.walQueue();
  // One commit (100 samples, with its series records the first time) may overshoot the mark.
  assert.ok(peakQueuedBytes < highWaterBytes + 8 * 1024, `peak WAL queue ${peakQueuedBytes} bytes`);
  assert.ok(process.memoryUsage().heapUsed - heapBefore < 64 * 1024 * 1024);
  await tsdb.close();
  const { tsdb: again } = await open(dir);
  assert.deepEqual((await dump(again)).sort(), acknowledged.sort());
  await again.close();
});
