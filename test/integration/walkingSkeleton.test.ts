import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeExporter, type FakeExporter } from '../support/fakeExporter.js';
import { pollUntil } from '../support/poll.js';
import { queryVector } from '../support/queryApi.js';
import { startServer, type ServerProcess } from '../support/serverProcess.js';

let dir: string;
let exporterA: FakeExporter;
let exporterB: FakeExporter;
let server: ServerProcess;

function scrapeConfig(targets: string[]): string {
  return [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 500ms',
    'scrape_configs:',
    '  - job_name: skeleton',
    '    static_configs:',
    `      - targets: [${[...targets, 'drop.me:1'].map((t) => JSON.stringify(t)).join(', ')}]`,
    '        labels:',
    '          env: test',
    '    relabel_configs:',
    '      - source_labels: [__address__]',
    '        regex: drop\\.me:.*',
    '        action: drop',
    '',
  ].join('\n');
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'promstream-skeleton-'));
  exporterA = await startFakeExporter('# TYPE demo_requests_total counter\ndemo_requests_total{code="200"} 42\ndemo_temperature_celsius 21.5\n');
  exporterB = await startFakeExporter('demo_requests_total{code="500"} 7\n');
  writeFileSync(join(dir, 'prometheus.yml'), scrapeConfig([exporterA.address]));
  server = await startServer([
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    // A short lookback makes any gap in the stored samples show up as a missing query result.
    '--query.lookback-delta=1s500ms',
  ]);
});

after(async () => {
  await server?.stop();
  await exporterA?.close();
  await exporterB?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('scraped samples and up == 1 are queryable through the HTTP API', async () => {
  const up = await pollUntil('up of target A', async () => {
    const result = await queryVector(server.url, 'up');
    return result.length > 0 ? result : undefined;
  });
  assert.deepEqual(up.map((s) => s.metric), [{ __name__: 'up', env: 'test', instance: exporterA.address, job: 'skeleton' }]);
  assert.equal(up[0]!.value[1], '1');

  const requests = await queryVector(server.url, 'demo_requests_total{code="200"}');
  assert.equal(requests.length, 1);
  assert.equal(requests[0]!.value[1], '42');
  assert.equal(requests[0]!.metric.instance, exporterA.address);

  const temperature = await queryVector(server.url, '{__name__=~"demo_temp.*", job="skeleton"}');
  assert.equal(temperature[0]!.value[1], '21.5');

  const targets = (await (await fetch(`${server.url}/api/v1/targets`)).json()) as {
    data: { activeTargets: Array<Record<string, unknown>>; droppedTargets: Array<Record<string, unknown>>; droppedTargetCounts: Record<string, number> };
  };
  assert.equal(targets.data.activeTargets.length, 1);
  const active = targets.data.activeTargets[0]!;
  assert.deepEqual(active.labels, { env: 'test', instance: exporterA.address, job: 'skeleton' });
  assert.equal(active.scrapeUrl, `http://${exporterA.address}/metrics`);
  assert.equal(active.scrapePool, 'skeleton');
  assert.equal(active.scrapeInterval, '1s');
  assert.equal(active.scrapeTimeout, '500ms');
  assert.equal(active.lastError, '');
  assert.deepEqual(targets.data.droppedTargets.map((d) => (d.discoveredLabels as Record<string, string>).__address__), ['drop.me:1']);
  assert.deepEqual(targets.data.droppedTargetCounts, { skeleton: 1 });
  const health = await pollUntil('health up', async () => {
    const body = (await (await fetch(`${server.url}/api/v1/targets?state=active`)).json()) as { data: { activeTargets: Array<{ health: string }>; droppedTargets: unknown[] } };
    return body.data.activeTargets[0]?.health === 'up' ? body : undefined;
  });
  assert.deepEqual(health.data.droppedTargets, []);

  const metadata = (await (await fetch(`${server.url}/api/v1/metadata?metric=demo_requests_total`)).json()) as { data: unknown };
  assert.deepEqual(metadata.data, { demo_requests_total: [{ type: 'counter', help: '', unit: '' }] });
  const targetMetadata = (await (await fetch(`${server.url}/api/v1/targets/metadata?match_target=${encodeURIComponent('{job="skeleton"}')}`)).json()) as { data: Array<{ metric: string; type: string }> };
  assert.deepEqual(targetMetadata.data.map((m) => [m.metric, m.type]), [['demo_requests_total', 'counter']]);

  const tsdb = (await (await fetch(`${server.url}/api/v1/status/tsdb`)).json()) as { data: { headStats: { numSeries: number }; seriesCountByMetricName: Array<{ name: string }> } };
  assert.ok(tsdb.data.headStats.numSeries >= 7, `head series: ${tsdb.data.headStats.numSeries}`);
  assert.ok(tsdb.data.seriesCountByMetricName.some((e) => e.name === 'demo_requests_total'));

  const duration = await queryVector(server.url, 'scrape_duration_seconds');
  assert.equal(duration.length, 1);
  assert.ok(Number(duration[0]!.value[1]) >= 0 && Number(duration[0]!.value[1]) < 0.5);
});

test('a SIGHUP reload adds a new target while the old one keeps scraping without a gap', async () => {
  // Let target A build up some history before the reload.
  await pollUntil('three scrapes of A', () => (exporterA.scrapes.length >= 3 ? true : undefined));
  const reloadAt = Date.now();
  writeFileSync(join(dir, 'prometheus.yml'), scrapeConfig([exporterA.address, exporterB.address]));
  server.process.kill('SIGHUP');

  await pollUntil('up of target B', async () => {
    const result = await queryVector(server.url, `up{instance="${exporterB.address}"}`);
    return result.length === 1 && result[0]!.value[1] === '1' ? true : undefined;
  });
  await pollUntil('three scrapes of A after the reload', () => (exporterA.scrapes.filter((t) => t > reloadAt).length >= 3 ? true : undefined));

  // A's loop kept its rhythm across the reload: no interval between its scrapes is much over 1s.
  const gaps = exporterA.scrapes.slice(1).map((t, i) => t - exporterA.scrapes[i]!);
  assert.ok(Math.max(...gaps) < 1600, `gaps between scrapes of A: ${gaps.join(', ')} ms`);

  // And storage agrees: at every 250 ms from before to after the reload, A's latest sample is
  // younger than the 1.5 s lookback.
  const from = reloadAt - 2000;
  const to = Date.now() - 1000;
  for (let t = from; t <= to; t += 250) {
    const result = await queryVector(server.url, `demo_requests_total{instance="${exporterA.address}"}`, t / 1000);
    assert.equal(result.length, 1, `no sample of A visible at ${new Date(t).toISOString()} (reload at ${new Date(reloadAt).toISOString()})`);
  }
  assert.match(server.logs(), /Completed loading of configuration file/);
});
