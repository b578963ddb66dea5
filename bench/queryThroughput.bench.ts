/**
 * Sustained `/api/v1/query` throughput under 50 concurrent keep-alive clients on loopback,
 * promstream's server side by side with Prometheus (Debian's 2.42) on the same data: the range
 * dataset (bench/support/rangeDataset.ts) is backfilled into both with each one's
 * `promtool tsdb create-blocks-from openmetrics`, both servers run at once, and each measurement
 * alternates between them. The queries are cheap instant queries, so the HTTP and API path
 * (parameter parsing, envelope, JSON encoding) weighs as much as the engine. Besides requests per
 * second, each run reports requests per CPU-second the server used (all its threads, from
 * /proc): on a shared machine a single-threaded server gets a smaller share of the CPUs than a
 * multi-threaded one, so this is the steadier measure of the work a request costs.
 * Run (after building): node dist-test/bench/queryThroughput.bench.js [runs=3] [seconds=10] [connections=50]
 * PROMSTREAM_SERVER_JS and PROMSTREAM_PROMTOOL_JS point at another build than dist/.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../test/support/serverProcess.js';
import { runHttpLoad, type LoadResult } from './support/httpLoad.js';
import { cpuSecondsOf, pidWithArgument } from './support/processCpu.js';
import { startPrometheusOnData } from './support/prometheusOnData.js';
import { HOUR_MS, START_MS } from './support/rangeDataset.js';
import { writeRangeDatasetOpenMetrics } from './support/rangeDatasetOpenMetrics.js';

const RUNS = Number(process.argv[2] ?? 3);
const SECONDS = Number(process.argv[3] ?? 10);
const CONNECTIONS = Number(process.argv[4] ?? 50);
const WARMUP_MS = 2_000;
// One series, and a small aggregation over ten: both cost the engine little.
const QUERIES = ['x{instance="host42:9100"}', 'sum(rate(x{instance=~"host4.:9100"}[5m]))'];
const AT_SECONDS = (START_MS + HOUR_MS) / 1000;
const promtoolJs = process.env.PROMSTREAM_PROMTOOL_JS ?? join(new URL('../..', import.meta.url).pathname, 'dist', 'promtool.js');

interface Target {
  readonly name: string;
  readonly baseUrl: string;
  readonly pid: number;
}

interface Measurement extends LoadResult {
  readonly perCpuSecond: number;
}

const pathOf = (query: string): string => `/api/v1/query?${new URLSearchParams({ query, time: String(AT_SECONDS) })}`;

/** The result of a query, for checking that both servers answer the same before timing them. */
async function resultOf(target: Target, query: string): Promise<Array<{ metric: unknown; value: [number, string] }>> {
  const body = (await (await fetch(target.baseUrl + pathOf(query))).json()) as { status: string; data?: { result: Array<{ metric: unknown; value: [number, string] }> } };
  if (body.status !== 'success') throw new Error(`${target.name} failed ${query}: ${JSON.stringify(body)}`);
  return body.data!.result;
}

// Same series and timestamps; values equal up to float rounding (Prometheus 3 and 2.42 sum differently).
async function checkSameAnswer(targets: readonly Target[], query: string): Promise<void> {
  const [theirs, ours] = await Promise.all(targets.map((t) => resultOf(t, query)));
  const same =
    theirs!.length === ours!.length &&
    theirs!.every((a, i) => {
      const b = ours![i]!;
      const [x, y] = [Number(a.value[1]), Number(b.value[1])];
      return JSON.stringify(a.metric) === JSON.stringify(b.metric) && a.value[0] === b.value[0] && Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));
    });
  if (!same) throw new Error(`the servers disagree on ${query}:\nprometheus ${JSON.stringify(theirs)}\npromstream ${JSON.stringify(ours)}`);
}

async function measure(target: Target, query: string): Promise<Measurement> {
  await runHttpLoad(target.baseUrl, pathOf(query), CONNECTIONS, WARMUP_MS);
  const cpuBefore = cpuSecondsOf(target.pid);
  const load = await runHttpLoad(target.baseUrl, pathOf(query), CONNECTIONS, SECONDS * 1000);
  return { ...load, perCpuSecond: load.requests / (cpuSecondsOf(target.pid) - cpuBefore) };
}

const format = (r: Measurement): string =>
  `${r.perSecond.toFixed(0).padStart(6)} req/s ${r.perCpuSecond.toFixed(0).padStart(6)} req/CPU-s (p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms)`;

const dir = mkdtempSync(join(tmpdir(), 'query-throughput-'));
const stops: Array<() => Promise<unknown>> = [];
try {
  const file = join(dir, 'data.om');
  await writeRangeDatasetOpenMetrics(file);
  execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, join(dir, 'prometheus')], { stdio: 'ignore' });
  execFileSync(process.execPath, [promtoolJs, 'tsdb', 'create-blocks-from', 'openmetrics', file, join(dir, 'promstream')], { stdio: 'ignore' });
  rmSync(file);

  const prometheus = await startPrometheusOnData(join(dir, 'prometheus'));
  stops.push(() => prometheus.stop());
  const config = join(dir, 'promstream.yml');
  writeFileSync(config, 'global: {}\n');
  const promstream = await startServer([`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'promstream')}`, '--storage.tsdb.retention.time=100y']);
  stops.push(() => promstream.stop());
  const targets: Target[] = [
    { name: 'prometheus', baseUrl: prometheus.baseUrl, pid: pidWithArgument(`--storage.tsdb.path=${join(dir, 'prometheus')}`) },
    { name: 'promstream', baseUrl: promstream.url, pid: promstream.process.pid! },
  ];

  console.log(`${CONNECTIONS} connections, ${SECONDS} s per run after ${WARMUP_MS / 1000} s warm-up, instant queries at the end of the data`);
  for (const query of QUERIES) {
    await checkSameAnswer(targets, query);
    console.log(`\n${query}`);
    for (let run = 1; run <= RUNS; run++) {
      const p = await measure(targets[0]!, query);
      const s = await measure(targets[1]!, query);
      const ratios = `ratio ${(s.perSecond / p.perSecond).toFixed(2)} (per CPU-s ${(s.perCpuSecond / p.perCpuSecond).toFixed(2)})`;
      console.log(`run ${run}: prometheus ${format(p)} | promstream ${format(s)} | ${ratios}`);
    }
  }
} finally {
  for (const stop of stops.reverse()) await stop();
  rmSync(dir, { recursive: true, force: true });
}
