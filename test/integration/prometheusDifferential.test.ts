/**
 * The same dataset in promstream and in Prometheus 2.42, the same API requests to both, and the
 * JSON compared (floats to 1e-9 relative). Query times sit 7 s off the 15 s sample grid so that
 * no sample lies on a window's left edge, where Prometheus 2.x and 3.x differ by design.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoDataset, startDatasetExporter, STEP_MS, type DatasetExporter } from '../support/datasetExporter.js';
import { findProgram, startProgram, type RunningProgram } from '../support/externalPrograms.js';
import { pollUntil } from '../support/poll.js';
import { freePort, startServer, type ServerProcess } from '../support/serverProcess.js';

const prometheusPath = findProgram('prometheus');
const BATCHES = 80;
let dir: string;
let exporter: DatasetExporter | undefined;
let prometheus: RunningProgram | undefined;
let promstream: ServerProcess | undefined;
let prometheusUrl: string;
let startMs: number;

before(async () => {
  if (!prometheusPath) return;
  dir = mkdtempSync(join(tmpdir(), 'promstream-differential-'));
  // Recent enough for Prometheus's head to accept, aligned to the minute.
  startMs = Math.floor(Date.now() / 60_000) * 60_000 - (BATCHES + 4) * STEP_MS;
  exporter = await startDatasetExporter(demoDataset(startMs, BATCHES));
  const config = `global:\n  scrape_interval: 200ms\n  scrape_timeout: 200ms\nscrape_configs:\n  - job_name: demo\n    static_configs:\n      - targets: ['${exporter.address}']\n`;
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  prometheusUrl = `http://127.0.0.1:${port}`;
  prometheus = await startProgram(prometheusPath, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'prometheus-data')}`, `--web.listen-address=127.0.0.1:${port}`], `${prometheusUrl}/-/ready`);
  promstream = await startServer([`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'promstream-data')}`]);
  // Two scrapes past the last batch: everything is appended and committed in both.
  await pollUntil('both servers to ingest the whole dataset', () =>
    exporter!.progress(/^Prometheus\//) >= BATCHES + 2 && exporter!.progress(/^promstream\//) >= BATCHES + 2 ? true : undefined, 60_000);
});

after(async () => {
  await promstream?.stop();
  await prometheus?.stop();
  await exporter?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Requests whose answers differ for documented reasons (2.x vs 3.x), with the reason. */
const KNOWN_DIFFERENCES: Record<string, string> = {};

function requests(): string[] {
  const at = (k: number): string => String((startMs + k * STEP_MS + 7000) / 1000);
  const T = at(60);
  const instant = [
    'demo_requests_total', 'demo_requests_total{code="500"}', '{__name__=~"demo_temp.*"}', 'demo_sometimes',
    'rate(demo_requests_total[5m])', 'irate(demo_requests_total[1m])', 'increase(demo_requests_total[10m])',
    'sum by (handler) (rate(demo_requests_total[5m]))', 'sum without (code) (demo_requests_total)', 'avg(demo_temperature_celsius)',
    'max by (room) (max_over_time(demo_temperature_celsius[10m]))', 'min_over_time(demo_temperature_celsius[10m])',
    'avg_over_time(demo_temperature_celsius[10m])', 'count_over_time(demo_sometimes[5m])', 'resets(demo_requests_total[20m])',
    'changes(demo_temperature_celsius[5m])', 'delta(demo_temperature_celsius[5m])', 'deriv(demo_temperature_celsius[5m])',
    'predict_linear(demo_temperature_celsius[5m], 600)', 'topk(2, demo_requests_total)', 'bottomk(1, demo_temperature_celsius)',
    'quantile(0.9, demo_temperature_celsius)', 'stddev(demo_temperature_celsius)', 'count_values("v", demo_sometimes)',
    'histogram_quantile(0.9, rate(demo_latency_seconds_bucket[5m]))', 'histogram_quantile(0.5, sum by (le) (demo_latency_seconds_bucket))',
    'demo_requests_total / ignoring(code) group_left sum by (handler) (demo_requests_total)',
    'demo_requests_total{code="200"} + on(handler) demo_requests_total{code="500"}', 'demo_temperature_celsius > 19',
    'demo_temperature_celsius > bool 19', 'demo_requests_total and demo_requests_total{handler="/a"}', 'demo_sometimes or demo_temperature_celsius',
    'demo_requests_total unless demo_requests_total{code="200"}', '2 * demo_temperature_celsius - 1', '-demo_temperature_celsius ^ 2',
    'abs(demo_temperature_celsius - 20)', 'round(demo_temperature_celsius, 0.5)', 'clamp(demo_temperature_celsius, 18, 21)',
    'label_replace(demo_temperature_celsius, "where", "room-$1", "room", "(.*)")', 'label_join(demo_requests_total, "key", ":", "code", "handler")',
    'absent(nonexistent_metric)', 'absent(demo_temperature_celsius)', 'vector(1)', 'scalar(demo_temperature_celsius{room="x"})', 'time()',
    'timestamp(demo_temperature_celsius)', 'sort_desc(demo_requests_total)', 'demo_temperature_celsius offset 5m',
    `demo_temperature_celsius @ ${at(10)}`, 'max_over_time(demo_temperature_celsius[10m:1m])', 'rate(demo_requests_total[5m:30s])',
    'sum(rate(demo_requests_total[5m])) by (code) / ignoring(code) group_left sum(rate(demo_requests_total[5m]))', '1 + 2 * 3 ^ 2', '"text"',
    'quantile_over_time(0.5, demo_temperature_celsius[10m])', 'last_over_time(demo_sometimes[1m])', 'present_over_time(demo_sometimes[1m])',
    'absent_over_time(demo_sometimes[1m])', 'stdvar_over_time(demo_temperature_celsius[5m])', 'group by (handler) (demo_requests_total)',
    'day_of_week()', 'hour(demo_temperature_celsius)', 'sgn(demo_temperature_celsius - 20)', 'exp(-demo_temperature_celsius)', 'ln(demo_temperature_celsius)',
  ];
  const out = instant.map((q) => `/api/v1/query?${new URLSearchParams({ query: q, time: T })}`);
  for (const q of ['demo_temperature_celsius', 'rate(demo_requests_total[2m])', 'sum by (code) (increase(demo_requests_total[5m]))', 'histogram_quantile(0.9, rate(demo_latency_seconds_bucket[2m]))', 'demo_sometimes']) {
    out.push(`/api/v1/query_range?${new URLSearchParams({ query: q, start: at(2), end: at(78), step: '60' })}`);
  }
  out.push(
    `/api/v1/series?${new URLSearchParams([['match[]', 'demo_requests_total'], ['match[]', '{room="x"}']])}`,
    `/api/v1/series?${new URLSearchParams([['match[]', 'demo_sometimes'], ['start', at(0)], ['end', at(1)]])}`,
    '/api/v1/labels', `/api/v1/labels?${new URLSearchParams([['match[]', 'demo_latency_seconds_bucket']])}`,
    '/api/v1/label/handler/values', '/api/v1/label/le/values', `/api/v1/label/code/values?${new URLSearchParams([['match[]', '{handler="/b"}']])}`,
    // Error cases: the error type and status must agree (texts are compared too).
    `/api/v1/query?${new URLSearchParams({ query: 'sum(', time: T })}`, `/api/v1/query?${new URLSearchParams({ query: 'up', time: 'yesterday' })}`,
    `/api/v1/query_range?${new URLSearchParams({ query: 'up', start: at(10), end: at(0), step: '15' })}`,
    `/api/v1/query_range?${new URLSearchParams({ query: 'up', start: at(0), end: at(10), step: '0' })}`,
    `/api/v1/query_range?${new URLSearchParams({ query: 'up', start: '0', end: '100000', step: '1' })}`,
    `/api/v1/query?${new URLSearchParams({ query: 'rate(demo_temperature_celsius)', time: T })}`, '/api/v1/series',
    `/api/v1/format_query?${new URLSearchParams({ query: 'sum by(job)(rate(x{a="b"}[5m]))  /  on(job) group_left up' })}`,
    `/api/v1/format_query?${new URLSearchParams({ query: 'foo{' })}`,
  );
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return true;
    const x = Number(a);
    const y = Number(b);
    return Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y), 1e-300);
  }
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return sameJson(ka, kb) && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/** The parts of an answer that must agree: status code and body without warnings/infos (3.x adds infos 2.42 lacks). */
async function answer(base: string, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${path}`);
  const body = (await res.json()) as Record<string, unknown>;
  delete body.warnings;
  delete body.infos;
  return { status: res.status, body };
}

test('promstream answers the API like Prometheus 2.42 on the same data', { skip: prometheusPath ? false : 'prometheus is not installed' }, async () => {
  const mismatches: string[] = [];
  const all = requests();
  for (const path of all) {
    const [theirs, ours] = await Promise.all([answer(prometheusUrl, path), answer(promstream!.url, path)]);
    if (theirs.status === ours.status && sameJson(theirs.body, ours.body)) continue;
    if (KNOWN_DIFFERENCES[path]) continue;
    mismatches.push(`${decodeURIComponent(path)}\n  prometheus: ${theirs.status} ${JSON.stringify(theirs.body).slice(0, 600)}\n  promstream: ${ours.status} ${JSON.stringify(ours.body).slice(0, 600)}`);
  }
  const matched = all.length - mismatches.length;
  process.stdout.write(`# differential: ${matched} of ${all.length} requests answered like Prometheus 2.42 (${Object.keys(KNOWN_DIFFERENCES).length} documented differences)\n`);
  assert.deepEqual(mismatches, []);
});
