import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { BehaviorSubject, Subject, type Subscription } from 'rxjs';
import { parseConfig } from '../../src/config/config.js';
import { Labels } from '../../src/model/labels.js';
import type { NotificationAlert } from '../../src/model/notificationAlert.js';
import { Notifier } from '../../src/streams/notifier.js';
import { silentLogger } from '../../src/telemetry/logger.js';
import { findProgram, startProgram, type RunningProgram } from '../support/externalPrograms.js';
import { pollUntil } from '../support/poll.js';
import { startFakeExporter } from '../support/fakeExporter.js';
import { freePort, startServer } from '../support/serverProcess.js';

const alertmanagerPath = findProgram('prometheus-alertmanager', 'alertmanager');
const skip = alertmanagerPath ? false : 'prometheus-alertmanager is not installed (Debian package prometheus-alertmanager)';

let dir: string;
let alertmanager: RunningProgram | undefined;
let baseUrl: string;
let address: string;

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'promstream-alertmanager-'));
  writeFileSync(join(dir, 'alertmanager.yml'), 'route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n');
  address = `127.0.0.1:${await freePort()}`;
  baseUrl = `http://${address}`;
  alertmanager = await startProgram(
    alertmanagerPath!,
    [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=${address}`, '--cluster.listen-address='],
    `${baseUrl}/-/ready`,
  );
});

after(async () => {
  await alertmanager?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface ListedAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  generatorURL: string;
  status: { state: string };
}

async function listedAlerts(): Promise<ListedAlert[]> {
  const res = await fetch(`${baseUrl}/api/v2/alerts`);
  assert.equal(res.status, 200);
  return (await res.json()) as ListedAlert[];
}

test('a firing alert sent through the notifier shows in Alertmanager with its labels, and leaves once resolved', { skip }, async () => {
  const config = parseConfig(
    `global:\n  external_labels:\n    cluster: test-1\nalerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['${address}']\n`,
    join(dir, 'prometheus.yml'),
  );
  const notifier = new Notifier({ logger: silentLogger(), registry: new Registry(), queueCapacity: 10_000, drainOnShutdown: true });
  const shutdown$ = new Subject<void>();
  let subscription: Subscription | undefined;
  const completed = new Promise<void>((resolve, reject) => {
    subscription = notifier.run$(new BehaviorSubject(config), shutdown$).subscribe({ complete: resolve, error: reject });
  });
  try {
    await pollUntil('the Alertmanager to be discovered', () => (notifier.alertmanagers().activeAlertmanagers.length === 1 ? true : undefined));
    const startsAtMs = Date.now() - 60_000;
    const firing: NotificationAlert = {
      labels: Labels.from({ alertname: 'PromstreamTestAlert', severity: 'page' }),
      annotations: Labels.from({ summary: 'something is on fire' }),
      startsAtMs,
      endsAtMs: Date.now() + 300_000,
      generatorURL: 'http://promstream.test/graph?g0.expr=up',
    };
    notifier.send([firing]);
    const shown = await pollUntil('the alert in Alertmanager', async () => {
      const alerts = await listedAlerts();
      return alerts.find((a) => a.labels.alertname === 'PromstreamTestAlert');
    });
    assert.deepEqual(shown.labels, { alertname: 'PromstreamTestAlert', severity: 'page', cluster: 'test-1' });
    assert.deepEqual(shown.annotations, { summary: 'something is on fire' });
    assert.equal(shown.generatorURL, 'http://promstream.test/graph?g0.expr=up');
    assert.equal(Date.parse(shown.startsAt), startsAtMs);
    assert.equal(shown.status.state, 'active');

    notifier.send([{ ...firing, endsAtMs: Date.now() - 1000 }]);
    await pollUntil('the resolved alert to leave the active list', async () => {
      const alerts = await listedAlerts();
      return alerts.some((a) => a.labels.alertname === 'PromstreamTestAlert') ? undefined : true;
    });
  } finally {
    shutdown$.next();
    await completed.finally(() => subscription?.unsubscribe());
  }
});

test('end to end: an alerting rule on scraped data fires in the real Alertmanager and resolves there when the condition ends', { skip }, async () => {
  const exporter = await startFakeExporter('# TYPE queue_depth gauge\nqueue_depth{queue="orders"} 250\n');
  const work = mkdtempSync(join(tmpdir(), 'promstream-e2e-alerting-'));
  writeFileSync(
    join(work, 'rules.yml'),
    `groups:
  - name: queues
    interval: 1s
    rules:
      - alert: QueueBacklog
        expr: queue_depth > 100
        labels: { severity: ticket }
        annotations: { summary: "{{ $labels.queue }} has {{ $value }} items" }
`,
  );
  writeFileSync(
    join(work, 'prometheus.yml'),
    `global:
  scrape_interval: 1s
  evaluation_interval: 1s
  external_labels: { cluster: e2e }
rule_files: [ rules.yml ]
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['${address}']
scrape_configs:
  - job_name: app
    static_configs:
      - targets: ['${exporter.address}']
`,
  );
  const server = await startServer([`--config.file=${join(work, 'prometheus.yml')}`, `--storage.tsdb.path=${join(work, 'data')}`, '--web.external-url=http://promstream.e2e:9090/']);
  try {
    const shown = await pollUntil(
      'QueueBacklog in Alertmanager',
      async () => (await listedAlerts()).find((a) => a.labels.alertname === 'QueueBacklog'),
      30_000,
    );
    assert.deepEqual(shown.labels, { alertname: 'QueueBacklog', severity: 'ticket', queue: 'orders', instance: exporter.address, job: 'app', cluster: 'e2e' });
    assert.deepEqual(shown.annotations, { summary: 'orders has 250 items' });
    assert.equal(shown.status.state, 'active');
    assert.equal(shown.generatorURL, 'http://promstream.e2e:9090/graph?g0.expr=queue_depth+%3E+100&g0.tab=1');
    const amList = (await (await fetch(`${server.url}/api/v1/alertmanagers`)).json()) as { data: { activeAlertmanagers: Array<{ url: string }> } };
    assert.deepEqual(amList.data.activeAlertmanagers, [{ url: `http://${address}/api/v2/alerts` }]);

    exporter.setBody('# TYPE queue_depth gauge\nqueue_depth{queue="orders"} 3\n');
    await pollUntil(
      'QueueBacklog resolved in Alertmanager',
      async () => ((await listedAlerts()).some((a) => a.labels.alertname === 'QueueBacklog') ? undefined : true),
      30_000,
    );
  } finally {
    await server.stop();
    await exporter.close();
    rmSync(work, { recursive: true, force: true });
  }
});
