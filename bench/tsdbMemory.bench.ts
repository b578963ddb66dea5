/**
 * Memory per active series in steady state: the scrape-like workload (100k series, a sample
 * every 15 s) appended through the TSDB for six synthetic hours, with maintenance flushing head
 * partitions to disk as it goes; memory is sampled after a full GC every synthetic 30 min once
 * the head has reached its steady size (about 1.5 partitions of data) and reported per series:
 * V8 heap, typed-array memory outside the heap, and process RSS.
 * Run: node --expose-gc dist-test/bench/tsdbMemory.bench.js [series=100000] [hours=6]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Tsdb } from '../src/storage/tsdb.js';
import { ScrapeWorkload } from './tsdbWorkload.js';

const SERIES = Number(process.argv[2] ?? 100_000);
const HOURS = Number(process.argv[3] ?? 6);
const INTERVAL = 15_000;
const START = 1_700_000_000_000 - (1_700_000_000_000 % (54 * 3_600_000));
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

const dir = mkdtempSync(join(tmpdir(), 'promstream-memory-bench-'));
try {
  gc();
  const baseline = process.memoryUsage();
  const tsdb = await Tsdb.open({ path: dir, logger: pino({ level: 'warn' }) });
  const workload = new ScrapeWorkload(SERIES);
  const refs = new Array<number>(SERIES).fill(0);
  const rounds = (HOURS * 3_600_000) / INTERVAL;
  const samples: Array<{ hour: number; heap: number; external: number; rss: number; headSeries: number }> = [];
  for (let round = 0; round < rounds; round++) {
    workload.step();
    const t = workload.jitter(START + round * INTERVAL);
    for (let from = 0; from < SERIES; from += 1000) {
      const app = tsdb.appender();
      for (let i = from; i < Math.min(SERIES, from + 1000); i++) refs[i] = app.append(refs[i]!, refs[i] === 0 ? workload.labels[i]! : null, t, workload.values[i]!);
      await app.commit();
    }
    if (round % 120 === 119) {
      await tsdb.maintain();
      const hour = ((round + 1) * INTERVAL) / 3_600_000;
      if (hour < 3) continue;
      gc();
      const m = process.memoryUsage();
      samples.push({ hour, heap: m.heapUsed - baseline.heapUsed, external: m.arrayBuffers - baseline.arrayBuffers, rss: m.rss - baseline.rss, headSeries: tsdb.head.seriesCount });
    }
  }
  const per = (bytes: number): string => `${Math.round(bytes / SERIES)} B`;
  for (const s of samples) console.log(`at ${s.hour} h: heap ${per(s.heap)}, typed arrays ${per(s.external)}, RSS ${per(s.rss)} per series (${s.headSeries} head series)`);
  const avg = (k: 'heap' | 'external' | 'rss'): number => samples.reduce((n, s) => n + s[k], 0) / samples.length;
  console.log(`steady state per series (mean): heap ${per(avg('heap'))} + typed arrays ${per(avg('external'))}; RSS ${per(avg('rss'))}`);
  await tsdb.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
