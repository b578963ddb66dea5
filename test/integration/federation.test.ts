import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProgram, startProgram, type RunningProgram } from '../support/externalPrograms.js';
import { startFakeExporter, type FakeExporter } from '../support/fakeExporter.js';
import { pollUntil } from '../support/poll.js';
import { queryVector } from '../support/queryApi.js';
import { freePort, startServer, type ServerProcess } from '../support/serverProcess.js';

const prometheusPath = findProgram('prometheus');
let dir: string;
let exporter: FakeExporter | undefined;
let promstream: ServerProcess | undefined;
let prometheus: RunningProgram | undefined;
let prometheusUrl: string;

before(async () => {
  if (!prometheusPath) return;
  dir = mkdtempSync(join(tmpdir(), 'promstream-federation-'));
  exporter = await startFakeExporter('demo_value{kind="x"} 42\n');
  writeFileSync(
    join(dir, 'promstream.yml'),
    `global:\n  scrape_interval: 1s\n  external_labels:\n    region: eu\nscrape_configs:\n  - job_name: demo\n    static_configs:\n      - targets: ['${exporter.address}']\n`,
  );
  promstream = await startServer([`--config.file=${join(dir, 'promstream.yml')}`, `--storage.tsdb.path=${join(dir, 'promstream-data')}`]);
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      'scrape_configs:',
      '  - job_name: federate',
      '    honor_labels: true',
      '    metrics_path: /federate',
      '    params:',
      `      'match[]': ['{job="demo"}']`,
      '    static_configs:',
      `      - targets: ['${new URL(promstream.url).host}']`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  prometheusUrl = `http://127.0.0.1:${port}`;
  prometheus = await startProgram(prometheusPath, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'prometheus-data')}`, `--web.listen-address=127.0.0.1:${port}`], `${prometheusUrl}/-/ready`);
});

after(async () => {
  await prometheus?.stop();
  await promstream?.stop();
  await exporter?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('Prometheus 2.42 federates promstream\'s series through /federate', { skip: prometheusPath ? false : 'prometheus is not installed' }, async () => {
  const federated = await pollUntil('the federated series in Prometheus', async () => {
    const result = await queryVector(prometheusUrl, 'demo_value');
    return result.length > 0 ? result : undefined;
  }, 30_000);
  assert.deepEqual(federated.map((s) => s.metric), [{ __name__: 'demo_value', instance: exporter!.address, job: 'demo', kind: 'x', region: 'eu' }]);
  assert.equal(federated[0]!.value[1], '42');
  const up = await queryVector(prometheusUrl, 'up{job="federate"}');
  assert.equal(up[0]?.value[1], '1');
});
