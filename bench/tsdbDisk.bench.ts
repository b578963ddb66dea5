/**
 * Bytes per sample on disk after compaction: the scrape-like workload (see tsdbWorkload.ts)
 * appended through the TSDB over synthetic hours, its partitions flushed and compacted, then the
 * LevelDB directory measured once LevelDB has compacted its own files. Reports the total (chunks,
 * labels, postings, LevelDB overhead) and the chunk bytes alone.
 * Run: node dist-test/bench/tsdbDisk.bench.js [series=10000] [hours=24]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Tsdb } from '../src/storage/tsdb.js';
import { decodeSeriesEntry } from '../src/storage/persist/seriesEntry.js';
import { KIND_SERIES } from '../src/storage/persist/keys.js';
import { appendWorkload } from './tsdbWorkload.js';

const SERIES = Number(process.argv[2] ?? 10_000);
const HOURS = Number(process.argv[3] ?? 24);
const INTERVAL = 15_000;
const START = 1_700_000_000_000 - (1_700_000_000_000 % (54 * 3_600_000));

const dir = mkdtempSync(join(tmpdir(), 'promstream-disk-bench-'));
try {
  const tsdb = await Tsdb.open({ path: dir, logger: pino({ level: 'warn' }) });
  await appendWorkload(tsdb, { series: SERIES, rounds: (HOURS * 3_600_000) / INTERVAL, startMs: START, intervalMs: INTERVAL }, async (round) => {
    if (round % 240 === 0) await tsdb.maintain();
  });
  await tsdb.maintain();
  const db = tsdb.store.db;
  await db.compactRange(new Uint8Array([0]), new Uint8Array([0xff]));
  let samples = 0;
  let chunkBytes = 0;
  let chunks = 0;
  for await (const value of db.values({ gte: new Uint8Array([KIND_SERIES]), lt: new Uint8Array([KIND_SERIES + 1]) })) {
    const entry = decodeSeriesEntry(value);
    for (const c of entry.chunks) {
      samples += c.count;
      chunkBytes += c.bytes.length;
      chunks++;
    }
  }
  const diskBytes = await tsdb.store.diskBytes();
  const partitions = tsdb.store.partitions.map((p) => `${(p.maxT - p.minT) / 3_600_000}h`).join(' ');
  console.log(`${SERIES} series × ${HOURS} h at 15 s: ${samples} samples persisted in partitions [${partitions}]`);
  console.log(`on disk (LevelDB directory): ${diskBytes} bytes = ${(diskBytes / samples).toFixed(3)} bytes/sample`);
  console.log(`chunk bytes alone: ${chunkBytes} bytes = ${(chunkBytes / samples).toFixed(3)} bytes/sample (${chunks} chunks, ${(samples / chunks).toFixed(1)} samples/chunk)`);
  await tsdb.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
