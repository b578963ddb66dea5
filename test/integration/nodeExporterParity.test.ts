import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProgram, startProgram, type RunningProgram } from '../support/externalPrograms.js';
import { pollUntil } from '../support/poll.js';
import { freePort, startServer, type ServerProcess } from '../support/serverProcess.js';

const nodeExporterPath = findProgram('prometheus-node-exporter', 'node_exporter');
const prometheusPath = findProgram('prometheus');
const missing = [!nodeExporterPath && 'prometheus-node-exporter', !prometheusPath && 'prometheus'].filter(Boolean);

let dir: string;
let exporter: RunningProgram | undefined;
let prometheus: RunningProgram | undefined;
let promstream: ServerProcess | undefined;
let prometheusUrl: string;

// A fixed set of collectors keeps the exporter's series set the same from scrape to scrape.
const COLLECTORS = ['cpu', 'meminfo', 'loadavg', 'stat', 'time', 'uname', 'vmstat'];

before(async () => {
  if (missing.length > 0) return;
  dir = mkdtempSync(join(tmpdir(), 'promstream-parity-'));
  const exporterPort = await freePort();
  exporter = await startProgram(
    nodeExporterPath!,
    [`--web.listen-address=127.0.0.1:${exporterPort}`, '--collector.disable-defaults', ...COLLECTORS.map((c) => `--collector.${c}`)],
    `http://127.0.0.1:${exporterPort}/metrics`,
  );
  const config = `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['127.0.0.1:${exporterPort}']\n`;
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const prometheusPort = await freePort();
  prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
  prometheus = await startProgram(
    prometheusPath!,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'prometheus-data')}`, `--web.listen-address=127.0.0.1:${prometheusPort}`],
    `${prometheusUrl}/-/ready`,
  );
  promstream = await startServer([`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'promstream-data')}`]);
});

after(async () => {
  await promstream?.stop();
  await prometheus?.stop();
  await exporter?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function seriesSet(baseUrl: string, sinceSeconds: number): Promise<Set<string>> {
  const params = new URLSearchParams({ 'match[]': '{job="node"}', start: String(sinceSeconds) });
  const body = (await (await fetch(`${baseUrl}/api/v1/series?${params}`)).json()) as { status: string; data: Array<Record<string, string>> };
  assert.equal(body.status, 'success');
  return new Set(body.data.map((labels) => JSON.stringify(Object.entries(labels).sort())));
}

async function scrapeCount(baseUrl: string): Promise<number> {
  const params = new URLSearchParams({ query: 'scrape_samples_scraped{job="node"}' });
  const body = (await (await fetch(`${baseUrl}/api/v1/query?${params}`)).json()) as { data: { result: Array<{ value: [number, string] }> } };
  return Number(body.data.result[0]?.value[1] ?? 0);
}

test('promstream stores the same series as Prometheus 2.42 from a real node_exporter', { skip: missing.length > 0 ? `not installed: ${missing.join(', ')}` : false }, async () => {
  // Let both scrape a few times, then compare the series of the last few seconds.
  await pollUntil('both servers to have scraped node_exporter', async () => ((await scrapeCount(prometheusUrl)) > 0 && (await scrapeCount(promstream!.url)) > 0 ? true : undefined), 30_000);
  const started = Date.now() / 1000;
  await pollUntil('three more seconds of scrapes', () => (Date.now() / 1000 - started > 3 ? true : undefined));
  const since = Date.now() / 1000 - 2.5;
  const [theirs, ours] = await Promise.all([seriesSet(prometheusUrl, since), seriesSet(promstream!.url, since)]);
  const onlyPrometheus = [...theirs].filter((s) => !ours.has(s));
  const onlyPromstream = [...ours].filter((s) => !theirs.has(s));
  assert.ok(theirs.size > 100, `Prometheus stored only ${theirs.size} series`);
  assert.deepEqual({ onlyPrometheus, onlyPromstream }, { onlyPrometheus: [], onlyPromstream: [] });
});
