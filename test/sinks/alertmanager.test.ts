import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/config.js';
import { Labels } from '../../src/model/labels.js';
import type { NotificationAlert } from '../../src/model/notificationAlert.js';
import { createAlertmanagerClient, encodeAlerts } from '../../src/sinks/alertmanager.js';
import { startFakeAlertmanager, type FakeAlertmanager } from '../support/fakeAlertmanager.js';

let dir: string;
let alertmanager: FakeAlertmanager;
let address: string;

function alertmanagerConfig(yaml: string) {
  const text = `alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['${address}']\n${yaml.replace(/^/gm, '      ')}\n`;
  return parseConfig(text, join(dir, 'prometheus.yml')).alerting.alertmanagers[0]!;
}

const firing: NotificationAlert = {
  labels: Labels.from({ alertname: 'HighLatency', severity: 'page' }),
  annotations: Labels.from({ summary: 'latency is high' }),
  startsAtMs: Date.UTC(2024, 0, 2, 3, 4, 5, 678),
  endsAtMs: 0,
  generatorURL: 'http://prom.example:9090/graph?g0.expr=up',
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'promstream-am-client-'));
  alertmanager = await startFakeAlertmanager((req) => (req.path.startsWith('/broken/') ? 500 : 200));
  address = alertmanager.address;
});

after(async () => {
  await alertmanager.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the body is Alertmanager API v2 JSON: RFC 3339 times, an unset end left out', () => {
  const resolved = { ...firing, endsAtMs: Date.UTC(2024, 0, 2, 3, 9, 0, 0) };
  assert.deepEqual(JSON.parse(encodeAlerts([firing, resolved])), [
    {
      labels: { alertname: 'HighLatency', severity: 'page' },
      annotations: { summary: 'latency is high' },
      startsAt: '2024-01-02T03:04:05.678Z',
      generatorURL: 'http://prom.example:9090/graph?g0.expr=up',
    },
    {
      labels: { alertname: 'HighLatency', severity: 'page' },
      annotations: { summary: 'latency is high' },
      startsAt: '2024-01-02T03:04:05.678Z',
      endsAt: '2024-01-02T03:09:00.000Z',
      generatorURL: 'http://prom.example:9090/graph?g0.expr=up',
    },
  ]);
});

test('a batch is POSTed as JSON under the path prefix, with basic auth and the user agent', async () => {
  const client = await createAlertmanagerClient(alertmanagerConfig('path_prefix: /am\nbasic_auth:\n  username: alice\n  password: s3cret'), 'promstream/test');
  await client.post(`http://${address}/am/api/v2/alerts`, encodeAlerts([firing]));
  await client.close();
  const req = alertmanager.requests.at(-1)!;
  assert.equal(req.method, 'POST');
  assert.equal(req.path, '/am/api/v2/alerts');
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.headers['user-agent'], 'promstream/test');
  assert.equal(req.headers.authorization, `Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
  assert.deepEqual(JSON.parse(req.body), JSON.parse(encodeAlerts([firing])));
});

test('bearer authorization from the config is sent', async () => {
  const client = await createAlertmanagerClient(alertmanagerConfig('authorization:\n  credentials: t0ken'), 'ua');
  await client.post(`http://${address}/api/v2/alerts`, '[]');
  await client.close();
  assert.equal(alertmanager.requests.at(-1)!.headers.authorization, 'Bearer t0ken');
});

test('a non-2xx answer is an error naming the status', async () => {
  const client = await createAlertmanagerClient(alertmanagerConfig(''), 'ua');
  await assert.rejects(client.post(`http://${address}/broken/api/v2/alerts`, '[]'), { message: 'bad response status 500 Internal Server Error' });
  await client.close();
});

test('the timeout and unreachable Alertmanagers fail with Go-like wording', async () => {
  const client = await createAlertmanagerClient(alertmanagerConfig('timeout: 200ms'), 'ua');
  const url = `http://${address}/api/v2/alerts`;
  alertmanager.hold();
  try {
    await assert.rejects(client.post(url, '[]'), { message: `Post "${url}": context deadline exceeded` });
  } finally {
    alertmanager.release();
  }
  const gone = await startFakeAlertmanager();
  await gone.close();
  const deadUrl = `http://${gone.address}/api/v2/alerts`;
  await assert.rejects(client.post(deadUrl, '[]'), (e: Error) => e.message.startsWith(`Post "${deadUrl}": `) && e.message.includes('ECONNREFUSED'));
  await client.close();
});

test('settings that cannot be honoured make every post fail with the reason', async () => {
  const client = await createAlertmanagerClient(alertmanagerConfig('tls_config:\n  ca_file: missing-ca.pem'), 'ua');
  await assert.rejects(client.post(`http://${address}/api/v2/alerts`, '[]'), /error creating HTTP client: .*missing-ca\.pem/);
  await client.close();
});
