/**
 * PromQL range queries side by side with Prometheus (Debian's 2.42) on the same data: the
 * dataset of bench/support/rangeDataset.ts is written as OpenMetrics, backfilled into
 * Prometheus with `promtool tsdb create-blocks-from openmetrics` and into promstream's TSDB with
 * its own backfill (what `promtool tsdb create-blocks-from openmetrics` of dist/promtool.js runs),
 * so that both sides read real storage. Each query is timed in Prometheus by its own engine
 * timing (`stats=all`: execTotalTime, which excludes JSON encoding) and in promstream by wall
 * time around Engine.rangeQuery over the opened TSDB (selection from disk included).
 * Run: node dist-test/bench/promqlVsPrometheus.bench.js [rounds]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Engine } from '../src/lang/promql/engine.js';
import { backfillOpenMetrics } from '../src/storage/backfill/backfill.js';
import { Tsdb } from '../src/storage/tsdb.js';
import { startPrometheusOnData } from './support/prometheusOnData.js';
import { HOUR_MS, INTERVAL_MS, QUERIES, START_MS } from './support/rangeDataset.js';
import { writeRangeDatasetOpenMetrics } from './support/rangeDatasetOpenMetrics.js';

const rounds = Number(process.argv[2] ?? 5);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function prometheusTimings(dataDir: string): Promise<Map<string, number>> {
  const prometheus = await startPrometheusOnData(dataDir);
  const base = prometheus.baseUrl;
  try {
    const out = new Map<string, number>();
    for (const query of QUERIES) {
      const times: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const params = new URLSearchParams({ query, start: String(START_MS / 1000), end: String((START_MS + HOUR_MS) / 1000), step: '15', stats: 'all' });
        const body = (await (await fetch(`${base}/api/v1/query_range?${params}`)).json()) as { data: { stats: { timings: { execTotalTime: number } } } };
        times.push(body.data.stats.timings.execTotalTime * 1000);
      }
      out.set(query, median(times));
    }
    return out;
  } finally {
    await prometheus.stop();
  }
}

async function promstreamTimings(dataDir: string): Promise<Map<string, number>> {
  const tsdb = await Tsdb.open({ path: dataDir, logger: pino({ level: 'warn' }) });
  const engine = new Engine({ maxSamples: 50_000_000 });
  const out = new Map<string, number>();
  try {
    for (const query of QUERIES) {
      const times: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const t0 = process.hrtime.bigint();
        await engine.rangeQuery(tsdb, query, START_MS, START_MS + HOUR_MS, INTERVAL_MS);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      out.set(query, median(times));
    }
  } finally {
    await tsdb.close();
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'promql-bench-'));
try {
  const file = join(dir, 'data.om');
  await writeRangeDatasetOpenMetrics(file);
  execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, join(dir, 'prometheus')], { stdio: 'ignore' });
  await backfillOpenMetrics(file, join(dir, 'promstream'), pino({ level: 'warn' }));
  const theirs = await prometheusTimings(join(dir, 'prometheus'));
  const ours = await promstreamTimings(join(dir, 'promstream'));
  console.log(`median of ${rounds} rounds, range query over 1 h at 15 s step, both reading their backfilled storage`);
  for (const query of QUERIES) {
    const p = theirs.get(query)!;
    const s = ours.get(query)!;
    console.log(`${query.padEnd(60)} prometheus ${p.toFixed(1)} ms  promstream ${s.toFixed(1)} ms  ratio ${(s / p).toFixed(2)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
