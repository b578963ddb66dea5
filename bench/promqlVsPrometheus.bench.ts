/**
 * PromQL range queries side by side with Prometheus (Debian's 2.42) on the same data: the
 * dataset of bench/support/rangeDataset.ts is written as OpenMetrics, backfilled into
 * Prometheus with `promtool tsdb create-blocks-from openmetrics`, and each query is timed in
 * Prometheus by its own engine timing (`stats=all`: execTotalTime, which excludes JSON encoding)
 * and in promstream by the engine over its in-memory store (so storage reads are not comparable:
 * Prometheus decodes its blocks, promstream's store holds decoded arrays).
 * Run: node dist-test/bench/promqlVsPrometheus.bench.js [rounds]
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../src/lang/promql/engine.js';
import { startPrometheusOnData } from './support/prometheusOnData.js';
import { buildStore, datasetSeries, HOUR_MS, INTERVAL_MS, QUERIES, SAMPLES_PER_SERIES, START_MS } from './support/rangeDataset.js';

const rounds = Number(process.argv[2] ?? 5);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function writeOpenMetrics(path: string): Promise<void> {
  const out = createWriteStream(path);
  let family = '';
  for (const series of datasetSeries()) {
    const name = series.labels.__name__!;
    if (name !== family) {
      // Backfill reads families; counters need the _total suffix in OpenMetrics, so both are gauges here.
      out.write(`# TYPE ${name} gauge\n`);
      family = name;
    }
    const labels = Object.entries(series.labels).filter(([n]) => n !== '__name__').map(([n, v]) => `${n}="${v}"`).join(',');
    let chunk = '';
    for (let k = 0; k < SAMPLES_PER_SERIES; k++) chunk += `${name}{${labels}} ${series.value(k)} ${(START_MS + k * INTERVAL_MS) / 1000}\n`;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end('# EOF\n');
  await once(out, 'finish');
}

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

async function promstreamTimings(): Promise<Map<string, number>> {
  const store = buildStore();
  const engine = new Engine({ maxSamples: 50_000_000 });
  const out = new Map<string, number>();
  for (const query of QUERIES) {
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const t0 = process.hrtime.bigint();
      await engine.rangeQuery(store, query, START_MS, START_MS + HOUR_MS, INTERVAL_MS);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    out.set(query, median(times));
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'promql-bench-'));
try {
  const file = join(dir, 'data.om');
  await writeOpenMetrics(file);
  execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, join(dir, 'prometheus')], { stdio: 'ignore' });
  const theirs = await prometheusTimings(join(dir, 'prometheus'));
  const ours = await promstreamTimings();
  console.log(`median of ${rounds} rounds, range query over 1 h at 15 s step`);
  for (const query of QUERIES) {
    const p = theirs.get(query)!;
    const s = ours.get(query)!;
    console.log(`${query.padEnd(60)} prometheus ${p.toFixed(1)} ms  promstream ${s.toFixed(1)} ms  ratio ${(s / p).toFixed(2)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
