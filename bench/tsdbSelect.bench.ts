/**
 * Selecting 10k series over 2 h from persisted data: the scrape-like workload written for four
 * synthetic hours and flushed to disk, then `select` over a persisted 2 h window (every sample
 * decoded into the arrays the PromQL engine evaluates), cold (first read) and warm (LevelDB's
 * cache and the OS page cache hot). Also a narrow selection (one metric name, ~100 series).
 * Run: node dist-test/bench/tsdbSelect.bench.js [series=10000] [rounds=10]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Matcher } from '../src/model/matcher.js';
import { Tsdb } from '../src/storage/tsdb.js';
import { appendWorkload } from './tsdbWorkload.js';

const SERIES = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.argv[3] ?? 10);
const INTERVAL = 15_000;
const HOUR = 3_600_000;
const START = 1_700_000_000_000 - (1_700_000_000_000 % (54 * HOUR));

const dir = mkdtempSync(join(tmpdir(), 'promstream-select-bench-'));
try {
  let tsdb = await Tsdb.open({ path: dir, logger: pino({ level: 'warn' }) });
  await appendWorkload(tsdb, { series: SERIES, rounds: (4 * HOUR) / INTERVAL, startMs: START, intervalMs: INTERVAL });
  await tsdb.maintain();
  await tsdb.close();
  tsdb = await Tsdb.open({ path: dir, logger: pino({ level: 'warn' }) });
  const partitions = tsdb.store.partitions.map((p) => `[${(p.minT - START) / HOUR}h, ${(p.maxT - START) / HOUR}h)`).join(' ');
  const all = [new Matcher('=', 'job', 'node')];
  const narrow = [new Matcher('=', '__name__', 'node_counter_3')];
  const time = async (matchers: Matcher[]): Promise<{ ms: number; series: number; samples: number }> => {
    const started = performance.now();
    const selected = await tsdb.select(matchers, START, START + 2 * HOUR - 1);
    let samples = 0;
    for (const s of selected) samples += s.samples().length;
    return { ms: performance.now() - started, series: selected.length, samples };
  };
  const cold = await time(all);
  console.log(`persisted partitions ${partitions}; head from ${(tsdb.head.minValidTime - START) / HOUR}h`);
  console.log(`cold: ${cold.series} series, ${cold.samples} samples in ${cold.ms.toFixed(1)} ms`);
  for (const [label, matchers] of [['all', all], ['narrow', narrow]] as const) {
    const runs: number[] = [];
    let last = { series: 0, samples: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      const result = await time(matchers);
      runs.push(result.ms);
      last = result;
    }
    runs.sort((a, b) => a - b);
    console.log(`warm ${label}: ${last.series} series, ${last.samples} samples: median ${runs[runs.length >> 1]!.toFixed(1)} ms, best ${runs[0]!.toFixed(1)} ms`);
  }
  await tsdb.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
