import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Labels } from '../../src/model/labels.js';
import { Matcher, type MatchType } from '../../src/model/matcher.js';
import { KIND_SERIES, pidKey, pidKeyEnd, readU32 } from '../../src/storage/persist/keys.js';
import { PartitionBuilder } from '../../src/storage/persist/partitionBuilder.js';
import { PartitionReader } from '../../src/storage/persist/partitionReader.js';
import { PartitionsRetiredError, ReadView } from '../../src/storage/persist/readView.js';
import { decodeSeriesEntry } from '../../src/storage/persist/seriesEntry.js';
import { Tsdb, type TsdbOptions } from '../../src/storage/tsdb.js';
import { captureLogger } from './captureLogger.js';
import { RandomSource } from './randomSource.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
// Aligned to 54 h, so that compaction windows of every level start at T0.
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % (54 * HOUR));
const VALUES = ['a', 'b', 'ab', 'abc', 'ac', 'b.c', 'host4', 'host42:9100', 'host4x:9100', 'host5:9100', 'x😀', 'é'];
const PATTERNS = ['.*', '.+', 'a|b', 'a|', 'ab.*', 'b\\.c', 'b.c', 'a.*c', '', 'host4.:9100', 'host4.*', '(?i)A', 'ab?c', 'x😀?.?', '.*9100', 'é|a'];

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'promstream-reads-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function open(path: string, extra: Partial<TsdbOptions> = {}): Promise<Tsdb> {
  return Tsdb.open({ path, logger: captureLogger().logger, partitionMs: HOUR, ...extra });
}

/** Label sets of `n` series, with label values drawn from VALUES (some labels absent). */
function seriesLabels(n: number): Labels[] {
  const rnd = new RandomSource(7);
  return Array.from({ length: n }, (_, i) => {
    const record: Record<string, string> = { __name__: i % 2 ? 'odd' : 'even', i: String(i) };
    for (const name of ['job', 'instance']) if (rnd.next() < 0.8) record[name] = rnd.pick(VALUES);
    return Labels.from(record);
  });
}

/** Appends a sample a minute for every series over [from, to). */
async function fill(tsdb: Tsdb, series: readonly Labels[], from: number, to: number): Promise<void> {
  const refs: number[] = [];
  for (let t = from; t < to; t += MINUTE) {
    const app = tsdb.appender();
    series.forEach((labels, i) => (refs[i] = app.append(refs[i] ?? 0, labels, t, (t - from) / MINUTE + i)));
    await app.commit();
  }
}

/** Every sample as "labels@t=value" lines, sorted. */
async function dump(tsdb: Tsdb, matchers: Matcher[] = [new Matcher('=~', '__name__', '.+')], mint = -Infinity, maxt = Infinity): Promise<string[]> {
  const out: string[] = [];
  for (const s of await tsdb.select(matchers, mint, maxt)) {
    const { timestamps, values, length } = s.samples();
    for (let i = 0; i < length; i++) out.push(`${s.labels}@${timestamps[i]}=${values[i]}`);
  }
  return out.sort();
}

/** Counts the LevelDB reads of a store from now on. */
function countReads(tsdb: Tsdb): { count: number } {
  const counter = { count: 0 };
  const db = tsdb.store.db as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ['get', 'getMany', 'iterator', 'keys', 'values', 'snapshot']) {
    const original = db[method]!.bind(db);
    db[method] = (...args: unknown[]) => {
      counter.count++;
      return original(...args);
    };
  }
  return counter;
}

test('selection from persisted partitions agrees with matching every series by brute force, from a cold and from a warm read cache', async (t) => {
  const tsdb = await open(tempDir(t));
  const series = seriesLabels(120);
  await fill(tsdb, series, T0, T0 + 3 * HOUR + 10 * MINUTE);
  await tsdb.maintain();
  assert.ok(tsdb.store.partitions.length >= 2);
  const rnd = new RandomSource(11);
  const rounds = Array.from({ length: 300 }, () => {
    const matchers: Matcher[] = [];
    for (let k = rnd.int(1, 3); k > 0; k--) {
      const type = rnd.pick<MatchType>(['=', '!=', '=~', '!~']);
      const value = type === '=' || type === '!=' ? rnd.pick(['', ...VALUES]) : rnd.pick(PATTERNS);
      matchers.push(new Matcher(type, rnd.pick(['job', 'instance', 'missing', '__name__']), value));
    }
    return matchers;
  });
  for (const pass of ['cold', 'warm']) {
    for (const matchers of rounds) {
      const expected = series.filter((l) => matchers.every((m) => m.matches(l.get(m.name)))).map(String).sort();
      const selected = await tsdb.select(matchers, T0, T0 + 2 * HOUR - 1);
      assert.deepEqual(selected.map((s) => s.labels.toString()).sort(), expected, `${pass}: ${matchers.map(String).join(', ')}`);
    }
  }
  assert.ok(tsdb.store.readCache.bytes > 0);
  assert.deepEqual(await tsdb.labelValues('job', T0, T0 + 2 * HOUR - 1), [...new Set(series.map((l) => l.get('job')).filter((v) => v !== ''))].sort());
  await tsdb.close();
});

test('a repeated query is served from the read cache without reading LevelDB', async (t) => {
  const tsdb = await open(tempDir(t));
  const series = seriesLabels(40);
  await fill(tsdb, series, T0, T0 + 2 * HOUR + 10 * MINUTE);
  await tsdb.maintain();
  const query = [new Matcher('=', '__name__', 'odd'), new Matcher('=~', 'instance', 'host4.:9100')];
  const first = await dump(tsdb, query, T0, T0 + 2 * HOUR - 1);
  assert.ok(first.length > 0);
  const values = await tsdb.labelValues('instance', T0, T0 + 2 * HOUR - 1);
  const reads = countReads(tsdb);
  assert.deepEqual(await dump(tsdb, query, T0, T0 + 2 * HOUR - 1), first);
  assert.deepEqual(await tsdb.labelValues('instance', T0, T0 + 2 * HOUR - 1), values);
  assert.equal(reads.count, 0);
  await tsdb.close();
});

test('after compaction, deletion, clean_tombstones and retention, warm queries answer exactly like a fresh start', async (t) => {
  const dir = tempDir(t);
  // 30 h of retention allows 3 h partitions (a tenth of it) besides the 1 h ones.
  const options = { retentionMs: 30 * HOUR };
  const tsdb = await open(dir, options);
  const series = seriesLabels(30);
  const seen = new Set<number>();
  // Reads every partition (warming the cache) and notes which partitions there were.
  const everything = async (db: Tsdb) => {
    for (const p of db.store.partitions) seen.add(p.id);
    return dump(db, [new Matcher('=~', '__name__', '.+')], T0, T0 + 40 * HOUR);
  };
  const cacheFollowsPartitions = () => {
    const live = new Set(tsdb.store.partitions.map((p) => p.id));
    for (const id of seen) assert.equal(tsdb.store.readCache.isLive(id), live.has(id), `partition ${id}`);
  };

  await fill(tsdb, series, T0, T0 + 4 * HOUR);
  await tsdb.maintain();
  const before = await everything(tsdb);
  await fill(tsdb, series, T0 + 4 * HOUR, T0 + 8 * HOUR);
  await tsdb.maintain();
  assert.ok(tsdb.store.partitions.some((p) => p.level === 1), 'partitions were compacted');
  const compacted = await everything(tsdb);
  assert.deepEqual(compacted.filter((l) => before.includes(l)), before);
  cacheFollowsPartitions();

  // Deletion hides samples at once, warm cache or not; clean_tombstones rewrites the partitions.
  const victim = [new Matcher('=', 'i', '3')];
  assert.ok((await dump(tsdb, victim, T0, T0 + HOUR)).length > 0);
  await tsdb.deleteSeries(victim, T0, T0 + 3 * HOUR);
  assert.deepEqual(await dump(tsdb, victim, T0, T0 + 3 * HOUR), []);
  const deleted = await everything(tsdb);
  assert.equal(compacted.length - deleted.length, 3 * 60 + 1);
  await tsdb.cleanTombstones();
  assert.deepEqual(await everything(tsdb), deleted);
  cacheFollowsPartitions();

  // Retention drops the oldest partitions: their samples are gone from warm queries too.
  await fill(tsdb, series, T0 + 8 * HOUR, T0 + 40 * HOUR);
  await tsdb.maintain();
  const retained = await everything(tsdb);
  assert.ok(!retained.some((l) => Number(l.split('@')[1]!.split('=')[0]) < T0 + 9 * HOUR));
  assert.ok(retained.some((l) => Number(l.split('@')[1]!.split('=')[0]) < T0 + 12 * HOUR));
  cacheFollowsPartitions();
  assert.ok(tsdb.store.readCache.bytes > 0);

  await tsdb.close();
  // The same data through a store that never saw the earlier queries.
  const again = await open(dir, options);
  assert.deepEqual(await dump(again, [new Matcher('=~', '__name__', '.+')], T0, T0 + 40 * HOUR), retained);
  await again.close();
});

test('a query whose partition is retired before its first read starts over on the partition replacing it', async (t) => {
  const tsdb = await open(tempDir(t));
  const series = seriesLabels(20);
  await fill(tsdb, series, T0, T0 + 2 * HOUR + 10 * MINUTE);
  await tsdb.maintain();
  assert.ok(tsdb.store.partitions.length > 0);
  const query = [new Matcher('=', '__name__', 'even')];
  const expected = await dump(tsdb, query, T0, T0 + HOUR - 1);
  assert.ok(expected.length > 0);
  const [old] = tsdb.store.partitions;
  // A copy of the partition, written but not yet published (as a compaction leaves it).
  const copy = new PartitionBuilder(tsdb.store, { minT: old!.minT, maxT: old!.maxT, level: 1, sources: [old!.id] });
  for await (const [key, value] of tsdb.store.db.iterator({ gte: pidKey(KIND_SERIES, old!.id), lt: pidKeyEnd(KIND_SERIES, old!.id) })) {
    const entry = decodeSeriesEntry(value);
    await copy.add(readU32(key, 5), entry.labels, entry.chunks);
  }
  const meta = await copy.commit([old!.id]);
  // Swap the partitions between the query's start and its first read of LevelDB: the first
  // lookup in the (cold) cache happens after the query has taken its partition list.
  const cache = tsdb.store.readCache;
  const lookup = cache.postings.bind(cache);
  let cleared: Promise<void> | undefined;
  const looked = new Set<number>();
  cache.postings = (pid, name, value) => {
    looked.add(pid);
    if (cleared === undefined) {
      tsdb.store.publish(meta, [old!.id]);
      cleared = tsdb.store.clearData([old!.id]);
    }
    return lookup(pid, name, value);
  };
  let snapshots = 0;
  const takeSnapshot = tsdb.store.db.snapshot.bind(tsdb.store.db);
  tsdb.store.db.snapshot = (...args) => {
    snapshots++;
    return takeSnapshot(...args);
  };
  // Cached reads of the old partition would hide the swap: start cold.
  cache.keepOnly([]);
  cache.keepOnly(tsdb.store.partitions.map((p) => p.id));
  assert.deepEqual(await dump(tsdb, query, T0, T0 + HOUR - 1), expected);
  assert.deepEqual([...looked], [old!.id, meta.id], 'the query started over on the replacement');
  await cleared;
  assert.equal(snapshots, 1, 'only the second attempt read LevelDB');
  await tsdb.close();
});

test('a read view snapshots lazily: a newly published partition does not disturb it, a retired one fails it, an eager one never fails', async (t) => {
  const tsdb = await open(tempDir(t));
  await fill(tsdb, seriesLabels(5), T0, T0 + 3 * HOUR + 10 * MINUTE);
  const store = tsdb.store;
  await tsdb.maintain();
  assert.ok(store.partitions.length >= 2);
  const [first, second] = store.partitions;
  const lazy = new ReadView(store, [first!], false);
  const eager = new ReadView(store, [first!], true);
  store.publish(undefined, [second!.id]);
  assert.ok(lazy.current());
  const failing = new ReadView(store, [first!], false);
  const eagerBeforeRetire = new ReadView(store, [first!], true);
  store.publish(undefined, [first!.id]);
  assert.throws(() => failing.current(), PartitionsRetiredError);
  // The eager views still read the retired partition's keys (they are not deleted here).
  const reader = new PartitionReader(store.db, eagerBeforeRetire, store.readCache);
  assert.ok((await reader.selectRefs(first!, [new Matcher('=', '__name__', 'odd')])).length > 0);
  assert.equal(store.readCache.isLive(first!.id), false);
  assert.equal(store.readCache.bytes, 0, 'reads of a retired partition are not cached');
  for (const view of [lazy, eager, failing, eagerBeforeRetire]) await view.close();
  await tsdb.close();
});
