/**
 * Reading 10k series over 2 h from persisted data, side by side with Prometheus (Debian's 2.42)
 * on the same data: the scrape-like workload (tsdbWorkload.ts) is written as OpenMetrics and
 * backfilled into both (Prometheus's promtool; promstream's `dist/promtool.js`); then the same
 * instant query, a bare range selector that loads every sample of every series, is timed:
 * Prometheus by its own timing (`stats=all` execTotalTime), promstream by wall time around
 * Engine.instantQuery over the TSDB (storage selection included).
 * Run (after npm run build): node dist-test/bench/tsdbSelectVsPrometheus.bench.js [series=10000] [rounds=7]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Engine } from '../src/lang/promql/engine.js';
import { Tsdb } from '../src/storage/tsdb.js';
import { writeWorkloadOpenMetrics } from './tsdbWorkload.js';
import { startPrometheusOnData } from './support/prometheusOnData.js';

const SERIES = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.argv[3] ?? 7);
const INTERVAL = 15_000;
const HOUR = 3_600_000;
const START = 1_700_000_000_000 - (1_700_000_000_000 % (54 * HOUR));
const SAMPLES = (2 * HOUR) / INTERVAL;
// A range selector as the whole query: every sample of every series is loaded (Prometheus's
// execTotalTime excludes the JSON encoding of the result).
const QUERY = '{job="node"}[2h]';
const AT = START + 2 * HOUR - 1;
const promtoolJs = process.env.PROMSTREAM_PROMTOOL_JS ?? join(new URL('../..', import.meta.url).pathname, 'dist', 'promtool.js');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function prometheusMs(dataDir: string): Promise<number[]> {
  const prometheus = await startPrometheusOnData(dataDir);
  const base = prometheus.baseUrl;
  try {
    const times: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const params = new URLSearchParams({ query: QUERY, time: String(AT / 1000), stats: 'all' });
      const body = (await (await fetch(`${base}/api/v1/query?${params}`)).json()) as { data?: { result: unknown[]; stats: { timings: { execTotalTime: number } } } };
      if (body.data?.result.length !== SERIES) throw new Error(`Prometheus answered ${JSON.stringify(body).slice(0, 300)}`);
      times.push(body.data.stats.timings.execTotalTime * 1000);
    }
    return times;
  } finally {
    await prometheus.stop();
  }
}

async function promstreamMs(dataDir: string): Promise<number[]> {
  const tsdb = await Tsdb.open({ path: dataDir, logger: pino({ level: 'warn' }) });
  const engine = new Engine({ maxSamples: 50_000_000, timeoutMs: 120_000 });
  const times: number[] = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      const started = performance.now();
      const result = await engine.instantQuery(tsdb, QUERY, AT);
      times.push(performance.now() - started);
      const n = result.type === 'matrix' ? result.series.length : -1;
      if (n !== SERIES) throw new Error(`promstream returned ${n} series`);
    }
  } finally {
    await tsdb.close();
  }
  return times;
}

const dir = mkdtempSync(join(tmpdir(), 'promstream-select-vs-prom-'));
try {
  const input = join(dir, 'input.om');
  await writeWorkloadOpenMetrics(input, { series: SERIES, rounds: SAMPLES, startMs: START, intervalMs: INTERVAL });
  const promDir = join(dir, 'prometheus');
  execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', input, promDir], { stdio: 'ignore' });
  const ourDir = join(dir, 'promstream');
  execFileSync(process.execPath, [promtoolJs, 'tsdb', 'create-blocks-from', 'openmetrics', input, ourDir], { stdio: 'ignore' });
  const prom = await prometheusMs(promDir);
  const ours = await promstreamMs(ourDir);
  console.log(`${QUERY} over ${SERIES} series × ${SAMPLES} samples (${SERIES * SAMPLES} samples decoded), ${ROUNDS} rounds:`);
  console.log(`Prometheus 2.42: median ${median(prom).toFixed(1)} ms (first ${prom[0]!.toFixed(1)} ms)`);
  console.log(`promstream:      median ${median(ours).toFixed(1)} ms (first ${ours[0]!.toFixed(1)} ms)`);
  console.log(`ratio promstream / Prometheus (medians): ${(median(ours) / median(prom)).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
