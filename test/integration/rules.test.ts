import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from '../support/poll.js';
import { queryVector } from '../support/queryApi.js';
import { startServer, type ServerProcess } from '../support/serverProcess.js';

interface ApiAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
  activeAt: string;
  value: string;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  const body = (await res.json()) as { status: string; data: T };
  assert.equal(body.status, 'success', `${url}: ${JSON.stringify(body)}`);
  return body.data;
}

const alertsOf = async (server: ServerProcess): Promise<ApiAlert[]> => (await getJson<{ alerts: ApiAlert[] }>(`${server.url}/api/v1/alerts`)).alerts;

function writeConfig(dir: string): string {
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    `global:
  scrape_interval: 1s
  evaluation_interval: 1s
  external_labels: { cluster: test }
rule_files: [ 'rules/*.yml' ]
`,
  );
  return config;
}

const RECORDING_GROUP = `
  - name: recording
    rules:
      - record: answer:doubled
        expr: vector(21) * 2
        labels: { source: rules }`;

const ALERT_GROUP = `
  - name: alerts
    rules:
      - alert: AlwaysOn
        expr: vector(7)
        for: 2s
        labels: { severity: page }
        annotations: { summary: "value {{ $value }} in {{ $externalLabels.cluster }}" }`;

test('recording and alerting rules run in the server: results queryable, alerts and rules APIs, reloads keep state', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'promstream-rules-'));
  mkdirSync(join(dir, 'rules'));
  const rules = join(dir, 'rules', 'main.yml');
  writeFileSync(rules, `groups:${RECORDING_GROUP}${ALERT_GROUP}\n`);
  const server = await startServer([`--config.file=${writeConfig(dir)}`, `--storage.tsdb.path=${join(dir, 'data')}`, '--web.enable-lifecycle']);
  try {
    const recorded = await pollUntil('the recording rule result', async () => {
      const v = await queryVector(server.url, 'answer:doubled');
      return v.length > 0 ? v : undefined;
    });
    assert.deepEqual(recorded[0]!.metric, { __name__: 'answer:doubled', source: 'rules' });
    assert.equal(recorded[0]!.value[1], '42');

    const firing = await pollUntil('AlwaysOn firing', async () => (await alertsOf(server)).find((a) => a.state === 'firing'));
    assert.deepEqual(firing.labels, { alertname: 'AlwaysOn', severity: 'page' });
    assert.deepEqual(firing.annotations, { summary: 'value 7 in test' });
    assert.equal(firing.value, '7e+00');
    const alertsSeries = await queryVector(server.url, 'ALERTS');
    assert.deepEqual(alertsSeries.map((s) => s.metric), [{ __name__: 'ALERTS', alertname: 'AlwaysOn', alertstate: 'firing', severity: 'page' }]);

    const { groups } = await getJson<{ groups: Array<{ name: string; file: string; interval: number; rules: Array<Record<string, unknown>> }> }>(`${server.url}/api/v1/rules`);
    assert.deepEqual(groups.map((g) => [g.name, g.file, g.interval]), [
      ['recording', rules, 1],
      ['alerts', rules, 1],
    ]);
    const alertRule = groups[1]!.rules[0]!;
    assert.equal(alertRule.type, 'alerting');
    assert.equal(alertRule.state, 'firing');
    assert.equal(alertRule.health, 'ok');
    assert.equal(alertRule.duration, 2);
    assert.equal(alertRule.query, 'vector(7)');
    const recordingOnly = await getJson<{ groups: Array<{ name: string }> }>(`${server.url}/api/v1/rules?type=record`);
    assert.deepEqual(recordingOnly.groups.map((g) => g.name), ['recording']);
    const badType = await fetch(`${server.url}/api/v1/rules?type=nope`);
    assert.equal(badType.status, 400);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, new RegExp(`prometheus_rule_evaluations_total\\{rule_group="${rules.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')};alerts"\\} [1-9]`));

    // A bad rule file fails the reload; the running rules keep going.
    writeFileSync(rules, `groups:\n  - name: broken\n    rules:\n      - record: x\n        expr: sum(\n`);
    const failed = await fetch(`${server.url}/-/reload`, { method: 'POST' });
    assert.equal(failed.status, 500);
    assert.match(await failed.text(), /main\.yml/);

    // Reload: the recording group is removed (its series go stale), a rule is added to the alerts group
    // (a changed group), and AlwaysOn keeps its clock.
    writeFileSync(rules, `groups:${ALERT_GROUP}
      - alert: Second
        expr: vector(1)
`);
    const reloaded = await fetch(`${server.url}/-/reload`, { method: 'POST' });
    assert.equal(reloaded.status, 200, await reloaded.text());
    await pollUntil('the second alert', async () => ((await alertsOf(server)).some((a) => a.labels.alertname === 'Second') ? true : undefined));
    const after = (await alertsOf(server)).find((a) => a.labels.alertname === 'AlwaysOn');
    assert.equal(after?.state, 'firing');
    assert.equal(after?.activeAt, firing.activeAt, 'the alert kept its clock across the reload');
    await pollUntil('the removed group’s series going stale', async () => ((await queryVector(server.url, 'answer:doubled')).length === 0 ? true : undefined));
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("after a restart, a pending alert's `for` clock is restored from ALERTS_FOR_STATE", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'promstream-restore-'));
  mkdirSync(join(dir, 'rules'));
  writeFileSync(join(dir, 'rules', 'main.yml'), `groups:\n  - name: slow\n    rules:\n      - alert: Slow\n        expr: vector(1)\n        for: 1h\n`);
  const args = [`--config.file=${writeConfig(dir)}`, `--storage.tsdb.path=${join(dir, 'data')}`, '--rules.alert.for-grace-period=1s'];
  let server = await startServer(args);
  try {
    const pending = await pollUntil('Slow pending', async () => (await alertsOf(server)).find((a) => a.state === 'pending'));
    const activeAtMs = Date.parse(pending.activeAt);
    // Let ALERTS_FOR_STATE be written for a while after the alert became pending: the restored clock is
    // shifted by the outage (restart included), and must still be before the restart to be told apart.
    await pollUntil('ten seconds of evaluations', async () => {
      const v = await queryVector(server.url, 'ALERTS_FOR_STATE');
      return v.length > 0 && Number(v[0]!.value[0]) * 1000 >= activeAtMs + 10_000 ? true : undefined;
    });
    await server.stop();
    const restartedAtMs = Date.now();
    server = await startServer(args);
    // Until the restore (after the second evaluation) the alert has the restart as its clock; then the old one, shifted by the outage.
    const restored = await pollUntil(
      'the restored clock',
      async () => {
        const alert = (await alertsOf(server)).find((a) => a.labels.alertname === 'Slow');
        return alert !== undefined && Date.parse(alert.activeAt) < restartedAtMs ? alert : undefined;
      },
      30_000,
    );
    assert.ok(Date.parse(restored.activeAt) >= activeAtMs, 'shifted by the outage, never earlier than before');
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
