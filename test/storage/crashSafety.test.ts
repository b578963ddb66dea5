/**
 * Crash safety of the TSDB inside the real server (a child process): kill -9 at random moments
 * during ingestion, damaged WAL segments and a damaged persisted partition. After each restart
 * every sample a query returned before is still there, and the server starts.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { KIND_SERIES, pidKey } from '../../src/storage/persist/keys.js';
import { decodeSeriesEntry } from '../../src/storage/persist/seriesEntry.js';
import { RECORD_HEADER_BYTES } from '../../src/storage/wal/walRecords.js';
import { pollUntil } from '../support/poll.js';
import { startServer, type ServerProcess } from '../support/serverProcess.js';
import { RandomSource } from './randomSource.js';

const MINUTE = 60_000;
/** Kill moments come from this seed; set PROMSTREAM_CRASH_SEED to replay or vary a run. */
const SEED = Number(process.env.PROMSTREAM_CRASH_SEED ?? 1234);
const servers: ServerProcess[] = [];
const cleanups: Array<() => Promise<void> | void> = [];

after(async () => {
  for (const s of servers) await s.stop('SIGKILL');
  for (const c of cleanups) await c();
});

interface Exporter {
  readonly address: string;
  scrapes: number;
  /** The synthetic time of the latest scrape (explicit-timestamp mode). */
  syntheticMs: number;
}

/**
 * An exporter of `series` counters whose values change every scrape. With `stepMs`, samples
 * carry explicit timestamps advancing that much per scrape, so hours of data (and partition
 * flushes) pass in seconds.
 */
async function startExporter(series: number, stepMs?: number): Promise<Exporter> {
  const exporter: Exporter = { address: '', scrapes: 0, syntheticMs: Date.now() - (Date.now() % MINUTE) };
  const server: Server = createServer((req, res) => {
    const k = ++exporter.scrapes;
    if (stepMs !== undefined) exporter.syntheticMs += stepMs;
    const suffix = stepMs !== undefined ? ` ${exporter.syntheticMs}` : '';
    let body = '# TYPE crash_metric counter\n';
    for (let i = 0; i < series; i++) body += `crash_metric{i="${i}"} ${k * (i + 1)}${suffix}\n`;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (exporter as { address: string }).address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return exporter;
}

function setup(exporter: Exporter): { dir: string; args: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'promstream-crash-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'prometheus.yml'),
    ['global:', '  scrape_interval: 100ms', '  scrape_timeout: 90ms', 'scrape_configs:', '  - job_name: crash', '    static_configs:', `      - targets: ["${exporter.address}"]`, ''].join('\n'),
  );
  return { dir, args: [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, '--log.format=json'] };
}

async function start(args: string[]): Promise<ServerProcess> {
  const server = await startServer(args);
  servers.push(server);
  return server;
}

/** Every sample of crash_metric up to `timeSeconds`, as "i@t=v" strings. */
async function samplesAt(url: string, timeSeconds: number): Promise<Set<string>> {
  const params = new URLSearchParams({ query: 'crash_metric[1000d]', time: String(timeSeconds) });
  const res = await fetch(`${url}/api/v1/query?${params}`);
  const body = (await res.json()) as { status: string; error?: string; data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> } };
  if (body.status !== 'success') throw new Error(`query failed: ${body.error}`);
  const out = new Set<string>();
  for (const s of body.data.result) for (const [t, v] of s.values) out.add(`${s.metric.i}@${t}=${v}`);
  return out;
}

async function kill9(server: ServerProcess): Promise<void> {
  server.process.kill('SIGKILL');
  await server.exited;
}

function missing(before: Set<string>, after: Set<string>): string[] {
  return [...before].filter((s) => !after.has(s));
}

/** Waits until the exporter has served `n` more scrapes. */
async function scrapesPass(exporter: Exporter, n: number): Promise<void> {
  const target = exporter.scrapes + n;
  await pollUntil(`${n} more scrapes`, () => (exporter.scrapes >= target ? true : undefined));
}

async function killRepeatedly(exporter: Exporter, rounds: number, seed: number, timeOf: () => number): Promise<ServerProcess> {
  const { args } = setup(exporter);
  const rnd = new RandomSource(seed);
  const seen: Array<{ time: number; samples: Set<string> }> = [];
  let server = await start(args);
  for (let round = 0; round < rounds; round++) {
    // Everything seen before any earlier kill is still there after this restart.
    for (const { time, samples } of seen) {
      const now = await samplesAt(server.url, time);
      assert.deepEqual(missing(samples, now), [], `round ${round}: samples lost after kill -9 (seed ${seed})`);
    }
    await scrapesPass(exporter, rnd.int(2, 10));
    const time = timeOf() / 1000;
    const samples = await pollUntil('samples to query', async () => {
      const s = await samplesAt(server.url, time);
      return s.size > 0 ? s : undefined;
    });
    seen.push({ time, samples });
    // Kill mid-ingestion: anywhere from immediately to a few scrapes later.
    if (rnd.next() < 0.5) await scrapesPass(exporter, rnd.int(1, 3));
    await kill9(server);
    server = await start(args);
  }
  for (const { time, samples } of seen) assert.deepEqual(missing(samples, await samplesAt(server.url, time)), []);
  return server;
}

test('kill -9 at random moments during ingestion loses no sample a query returned', { timeout: 180_000 }, async () => {
  const exporter = await startExporter(300);
  const server = await killRepeatedly(exporter, 6, SEED, () => Date.now());
  await server.stop();
});

test('kill -9 while partitions are flushed, checkpointed and compacted loses nothing either', { timeout: 180_000 }, async () => {
  // Ten synthetic minutes per scrape: a 2 h partition fills every 12 scrapes.
  const exporter = await startExporter(100, 10 * MINUTE);
  const server = await killRepeatedly(exporter, 6, SEED + 1, () => exporter.syntheticMs);
  const logs = server.logs();
  await server.stop();
  assert.ok(servers.some((s) => s.logs().includes('Head partition flushed to disk')) || logs.includes('Head partition flushed to disk'), 'no partition was flushed');
});

/** [start, end) of every record in a WAL segment, from the length in each record header. */
function recordSpans(bytes: Buffer): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let at = 0; at + RECORD_HEADER_BYTES <= bytes.length; ) {
    const end = at + RECORD_HEADER_BYTES + bytes.readUInt32LE(at + 1);
    if (end > bytes.length) break;
    out.push([at, end]);
    at = end;
  }
  return out;
}

function lastSegment(dir: string): string {
  const wal = join(dir, 'data', 'wal');
  const segments = readdirSync(wal).filter((f) => /^\d{8}$/.test(f)).sort();
  return join(wal, segments.at(-1)!);
}

for (const damage of ['truncated', 'flipped'] as const) {
  test(`a ${damage} last WAL segment: the server starts, logs what it dropped and serves the records before`, { timeout: 120_000 }, async () => {
    const exporter = await startExporter(200);
    const { dir, args } = setup(exporter);
    const server = await start(args);
    await scrapesPass(exporter, 5);
    const time = Date.now() / 1000;
    const before = await samplesAt(server.url, time);
    assert.ok(before.size > 0);
    // Every acknowledged (queryable) record is within the segment's current size.
    const segment = lastSegment(dir);
    const acknowledgedBytes = statSync(segment).size;
    await scrapesPass(exporter, 5);
    await kill9(server);
    const size = statSync(segment).size;
    assert.ok(size > acknowledgedBytes, 'the segment grew after the query');
    // Damage the middle of a record written after the query (cutting at a record boundary would be no damage).
    const records = recordSpans(readFileSync(segment)).filter(([from]) => from >= acknowledgedBytes);
    const [from, to] = records[Math.floor(records.length / 2)]!;
    const at = from + Math.floor((to - from) / 2);
    if (damage === 'truncated') truncateSync(segment, at);
    else {
      const fd = openSync(segment, 'r+');
      const byte = Buffer.alloc(1);
      readSync(fd, byte, 0, 1, at);
      byte[0] = byte[0]! ^ 0xff;
      writeSync(fd, byte, 0, 1, at);
      closeSync(fd);
    }
    const restarted = await start(args);
    assert.deepEqual(missing(before, await samplesAt(restarted.url, time)), []);
    assert.match(restarted.logs(), /WAL corruption: truncating the segment after its last valid record/);
    assert.match(restarted.logs(), /"droppedBytes":[1-9]/);
    await restarted.stop();
  });
}

test('a flipped byte in a persisted chunk: the server starts, logs the series it dropped and serves the rest', { timeout: 120_000 }, async () => {
  const exporter = await startExporter(50, 10 * MINUTE);
  const { dir, args } = setup(exporter);
  const server = await start(args);
  // The first partition may hold only the report series (stamped with the real time): wait for three.
  await pollUntil('flushed partitions', () => (server.logs().split('Head partition flushed to disk').length > 3 ? true : undefined), 60_000);
  const time = exporter.syntheticMs / 1000;
  const before = await pollUntil('samples', async () => {
    const s = await samplesAt(server.url, time);
    return s.size > 0 ? s : undefined;
  });
  assert.equal(await server.stop(), 0);

  // Move everything into LevelDB table files, pick one series value of a partition and damage it on disk.
  const dbDir = join(dir, 'data', 'db');
  const db = new ClassicLevel<Uint8Array, Uint8Array>(dbDir, { keyEncoding: 'view', valueEncoding: 'view', compression: false });
  await db.open();
  await db.compactRange(new Uint8Array([0]), new Uint8Array([0xff]));
  // A crash_metric series (the report series, `up` and the like, are stored too).
  let value: Uint8Array | undefined;
  for await (const [, v] of db.iterator({ gte: pidKey(KIND_SERIES, 0), lt: new Uint8Array([KIND_SERIES + 1]) })) {
    if (decodeSeriesEntry(v).labels.get('__name__') !== 'crash_metric') continue;
    value = v;
    break;
  }
  await db.close();
  assert.ok(value, 'no crash_metric series on disk');
  const victim = decodeSeriesEntry(value);
  const victimSamples = new Set([...before].filter((s) => {
    const [i, rest] = s.split('@');
    const t = Number(rest!.split('=')[0]) * 1000;
    return i === victim.labels.get('i') && t >= victim.chunks[0]!.minT && t <= victim.chunks.at(-1)!.maxT;
  }));
  assert.ok(victimSamples.size > 0);
  let damaged = false;
  for (const name of readdirSync(dbDir).filter((f) => f.endsWith('.ldb'))) {
    const bytes = readFileSync(join(dbDir, name));
    const at = Buffer.from(bytes).indexOf(Buffer.from(value.subarray(value.length - 64)));
    if (at < 0) continue;
    bytes[at + 32]! ^= 0x5a;
    writeFileSync(join(dbDir, name), bytes);
    damaged = true;
  }
  assert.ok(damaged, 'the series value was not found in a table file');

  const restarted = await start(args);
  const after = await samplesAt(restarted.url, time);
  assert.deepEqual(missing(before, after).sort(), [...victimSamples].sort());
  assert.match(restarted.logs(), /Corrupt series data in a persisted partition: skipping it/);
  await restarted.stop();
});
