import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { BehaviorSubject, Subject } from 'rxjs';
import { parseConfig, type PrometheusConfig } from '../../src/config/config.js';
import { Labels } from '../../src/model/labels.js';
import type { NotificationAlert } from '../../src/model/notificationAlert.js';
import { createAlertmanagerClient } from '../../src/sinks/alertmanager.js';
import { Notifier } from '../../src/streams/notifier.js';
import { startFakeAlertmanager, type FakeAlertmanager } from '../support/fakeAlertmanager.js';
import { pollUntil } from '../support/poll.js';
import { captureLogger } from '../storage/captureLogger.js';

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function alertmanager(status?: Parameters<typeof startFakeAlertmanager>[0]): Promise<FakeAlertmanager> {
  const am = await startFakeAlertmanager(status);
  cleanups.push(() => am.close());
  return am;
}

function config(yaml: string): PrometheusConfig {
  return parseConfig(yaml, '/nonexistent/prometheus.yml');
}

/** An alerting section with one alertmanagers entry per list of targets; `extra` is YAML added to every entry. */
function alertingYaml(entries: Array<{ targets: string[]; extra?: string }>, global = ''): string {
  const items = entries.map(({ targets, extra = '' }) =>
    `    - static_configs:\n        - targets: [${targets.map((t) => `'${t}'`).join(', ')}]\n${extra.replace(/^(?=.)/gm, '      ')}`);
  return `${global}alerting:\n  alertmanagers:\n${items.join('\n')}\n`;
}

function alert(name: string, labels: Record<string, string> = {}): NotificationAlert {
  return { labels: Labels.from({ alertname: name, ...labels }), annotations: Labels.EMPTY, startsAtMs: 1_700_000_000_000, endsAtMs: 0, generatorURL: '' };
}

interface Running {
  readonly notifier: Notifier;
  readonly registry: Registry;
  readonly config$: BehaviorSubject<PrometheusConfig>;
  readonly shutdown$: Subject<void>;
  readonly logs: ReturnType<typeof captureLogger>;
  /** Resolves when run$ completes. */
  readonly completed: Promise<void>;
}

function newNotifier(options: { queueCapacity?: number; drainOnShutdown?: boolean } = {}) {
  const registry = new Registry();
  const logs = captureLogger();
  const notifier = new Notifier({ logger: logs.logger, registry, queueCapacity: options.queueCapacity ?? 10_000, drainOnShutdown: options.drainOnShutdown ?? true });
  return { notifier, registry, logs };
}

function run(made: ReturnType<typeof newNotifier>, initial: PrometheusConfig): Running {
  const config$ = new BehaviorSubject(initial);
  const shutdown$ = new Subject<void>();
  let subscription: { unsubscribe(): void } | undefined;
  const completed = new Promise<void>((resolve, reject) => {
    subscription = made.notifier.run$(config$, shutdown$).subscribe({ complete: resolve, error: reject });
  });
  cleanups.push(() => subscription?.unsubscribe());
  return { ...made, config$, shutdown$, completed };
}

async function metric(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
  const found = values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l) && Object.keys(v.labels).length === Object.keys(labels).length);
  return found?.value;
}

function names(batch: Array<Record<string, string>>): string[] {
  return batch.map((labels) => labels.alertname!);
}

test('when the queue overflows the oldest alerts are dropped and counted', async () => {
  const made = newNotifier({ queueCapacity: 5 });
  made.notifier.send(['a0', 'a1', 'a2'].map((n) => alert(n)));
  made.notifier.send(['a3', 'a4', 'a5', 'a6', 'a7'].map((n) => alert(n)));
  assert.equal(await metric(made.registry, 'prometheus_notifications_dropped_total'), 3);
  assert.equal(await metric(made.registry, 'prometheus_notifications_queue_length'), 5);
  assert.equal(await metric(made.registry, 'prometheus_notifications_queue_capacity'), 5);
  assert.equal(made.logs.withMsg('Alert notification queue full, dropping alerts')[0]?.num_dropped, 3);

  const am = await alertmanager();
  run(made, config(alertingYaml([{ targets: [am.address] }])));
  await pollUntil('the queued alerts to arrive', () => (am.requests.length > 0 ? true : undefined));
  assert.deepEqual(am.batches().map(names), [['a3', 'a4', 'a5', 'a6', 'a7']]);
  assert.equal(await metric(made.registry, 'prometheus_notifications_queue_length'), 0);
});

test('alerts go out in batches of at most 64, oldest first', async () => {
  const made = newNotifier();
  const alerts = Array.from({ length: 150 }, (_, i) => alert(`a${i}`));
  made.notifier.send(alerts);
  const am = await alertmanager();
  run(made, config(alertingYaml([{ targets: [am.address] }])));
  await pollUntil('three batches', () => (am.requests.length === 3 ? true : undefined));
  assert.deepEqual(am.batches().map((b) => b.length), [64, 64, 22]);
  assert.deepEqual(am.batches().flatMap(names), alerts.map((a) => a.labels.get('alertname')));
  assert.equal(await metric(made.registry, 'prometheus_notifications_sent_total', { alertmanager: `http://${am.address}/api/v2/alerts` }), 150);
  assert.equal(await metric(made.registry, 'prometheus_notifications_dropped_total'), 0);
});

test('external labels are added to every alert, and an alert\'s own label wins', async () => {
  const am = await alertmanager();
  const running = run(newNotifier(), config(alertingYaml([{ targets: [am.address] }], 'global:\n  external_labels:\n    cluster: eu-1\n    severity: none\n')));
  running.notifier.send([alert('Down', { severity: 'page' }), alert('Up')]);
  await pollUntil('the batch', () => (am.requests.length > 0 ? true : undefined));
  assert.deepEqual(am.batches()[0], [
    { alertname: 'Down', cluster: 'eu-1', severity: 'page' },
    { alertname: 'Up', cluster: 'eu-1', severity: 'none' },
  ]);
});

test('alert relabeling: global rules rewrite and drop (also alerts left without labels), per-Alertmanager rules only for their set', async () => {
  const pager = await alertmanager();
  const everything = await alertmanager();
  // Rules run in order: `sev` becomes `severity`, then `sev` and `tmp` go (an alert with only `tmp` is left without labels).
  const global = 'alerting:\n  alert_relabel_configs:\n'
    + '    - source_labels: [alertname]\n      regex: Noise\n      action: drop\n'
    + '    - source_labels: [sev]\n      regex: (.+)\n      target_label: severity\n      replacement: $1\n'
    + '    - regex: sev|tmp\n      action: labeldrop\n';
  const yaml = alertingYaml([
    { targets: [pager.address], extra: 'alert_relabel_configs:\n  - source_labels: [severity]\n    regex: info\n    action: drop\n' },
    { targets: [everything.address] },
  ]).replace('alerting:\n', global);
  const running = run(newNotifier(), config(yaml));
  await pollUntil('both sets discovered', () => (running.notifier.alertmanagers().activeAlertmanagers.length === 2 ? true : undefined));
  running.notifier.send([alert('Noise'), alert('Info', { sev: 'info' }), alert('Page', { severity: 'page' }), { ...alert('x'), labels: Labels.from({ tmp: 'x' }) }]);
  await pollUntil('both Alertmanagers to receive', () => (pager.requests.length > 0 && everything.requests.length > 0 ? true : undefined));
  assert.deepEqual(pager.batches(), [[{ alertname: 'Page', severity: 'page' }]]);
  assert.deepEqual(everything.batches(), [[{ alertname: 'Info', severity: 'info' }, { alertname: 'Page', severity: 'page' }]]);
});

test('every Alertmanager of a set receives the batch; one failing is logged and counted and keeps nothing from the other', async () => {
  const good = await alertmanager();
  const broken = await alertmanager(() => 500);
  const running = run(newNotifier(), config(alertingYaml([{ targets: [good.address, broken.address] }])));
  running.notifier.send([alert('A'), alert('B')]);
  const brokenUrl = `http://${broken.address}/api/v2/alerts`;
  await pollUntil('the error to be counted', async () => ((await metric(running.registry, 'prometheus_notifications_errors_total', { alertmanager: brokenUrl })) === 2 ? true : undefined));
  assert.deepEqual(good.batches().map(names), [['A', 'B']]);
  assert.deepEqual(broken.batches().map(names), [['A', 'B']]);
  assert.equal(await metric(running.registry, 'prometheus_notifications_errors_total', { alertmanager: `http://${good.address}/api/v2/alerts` }), 0);
  assert.equal(await metric(running.registry, 'prometheus_notifications_sent_total', { alertmanager: brokenUrl }), 2);
  // One Alertmanager of the set took it: not dropped.
  assert.equal(await metric(running.registry, 'prometheus_notifications_dropped_total'), 0);
  const logged = running.logs.withMsg('Error sending alerts')[0]!;
  assert.equal(logged.component, 'notifier');
  assert.equal(logged.alertmanager, brokenUrl);
  assert.equal(logged.err, 'bad response status 500 Internal Server Error');
  const latency = await running.registry.getSingleMetric('prometheus_notifications_latency_seconds')!.get();
  assert.ok(latency.values.some((v) => v.labels.alertmanager === brokenUrl && (v as { metricName?: string }).metricName === 'prometheus_notifications_latency_seconds_count' && v.value === 1));
});

test('a hanging Alertmanager does not hold back the others, and a set where no Alertmanager took the batch counts it as dropped', async () => {
  const good = await alertmanager();
  const hanging = await alertmanager();
  hanging.hold();
  const running = run(newNotifier(), config(alertingYaml([{ targets: [good.address] }, { targets: [hanging.address], extra: 'timeout: 1s\n' }])));
  await pollUntil('both sets discovered', () => (running.notifier.alertmanagers().activeAlertmanagers.length === 2 ? true : undefined));
  running.notifier.send([alert('A')]);
  await pollUntil('the good one to receive', () => (good.requests.length > 0 ? true : undefined));
  // The other request is still waiting for its answer.
  assert.equal(hanging.requests.length, 1);
  assert.equal(await metric(running.registry, 'prometheus_notifications_dropped_total'), 0);
  await pollUntil('the timeout', async () => ((await metric(running.registry, 'prometheus_notifications_dropped_total')) === 1 ? true : undefined));
  assert.match(String(running.logs.withMsg('Error sending alerts')[0]?.err), /context deadline exceeded/);
  hanging.release();
});

test('a reload keeps the queue and sends it to the new Alertmanagers; the old ones leave the API', async () => {
  const before = await alertmanager();
  const after = await alertmanager();
  before.hold();
  const running = run(newNotifier(), config(alertingYaml([{ targets: [before.address] }])));
  running.notifier.send([alert('InFlight')]);
  await pollUntil('the first batch to be in flight', () => (before.requests.length > 0 ? true : undefined));
  running.notifier.send([alert('Queued1'), alert('Queued2')]);
  assert.equal(await metric(running.registry, 'prometheus_notifications_queue_length'), 2);
  running.config$.next(config(alertingYaml([{ targets: [after.address] }])));
  await pollUntil('the new Alertmanager in the API', () => (running.notifier.alertmanagers().activeAlertmanagers[0]?.url === `http://${after.address}/api/v2/alerts` ? true : undefined));
  before.release();
  await pollUntil('the queued alerts at the new Alertmanager', () => (after.requests.length > 0 ? true : undefined));
  assert.deepEqual(after.batches().map(names), [['Queued1', 'Queued2']]);
  assert.deepEqual(before.batches().map(names), [['InFlight']]);
  assert.deepEqual(running.notifier.alertmanagers(), { activeAlertmanagers: [{ url: `http://${after.address}/api/v2/alerts` }], droppedAlertmanagers: [] });
  assert.equal(await metric(running.registry, 'prometheus_notifications_alertmanagers_discovered'), 1);
});

test('a reload keeps unchanged Alertmanager sets running: same client, no gap in the API', async () => {
  const kept = await alertmanager();
  const added = await alertmanager();
  const built: string[] = [];
  const registry = new Registry();
  const logs = captureLogger();
  const notifier = new Notifier({
    logger: logs.logger, registry, queueCapacity: 100, drainOnShutdown: true,
    connect: (amConfig) => {
      built.push(amConfig.discovery.map((d) => JSON.stringify(d)).join());
      return createAlertmanagerClient(amConfig, 'test');
    },
  });
  const running = run({ notifier, registry, logs }, config(alertingYaml([{ targets: [kept.address] }])));
  await pollUntil('discovery', () => (notifier.alertmanagers().activeAlertmanagers.length === 1 ? true : undefined));
  running.config$.next(config(alertingYaml([{ targets: [kept.address] }, { targets: [added.address] }], 'global:\n  external_labels:\n    reloaded: yes\n')));
  // The kept set is still there at once, while the added one is being discovered.
  assert.deepEqual(notifier.alertmanagers().activeAlertmanagers[0], { url: `http://${kept.address}/api/v2/alerts` });
  await pollUntil('the added set', () => (notifier.alertmanagers().activeAlertmanagers.length === 2 ? true : undefined));
  assert.equal(built.length, 2);
  notifier.send([alert('After')]);
  await pollUntil('both to receive', () => (kept.requests.length > 0 && added.requests.length > 0 ? true : undefined));
  assert.deepEqual(kept.batches(), [[{ alertname: 'After', reloaded: 'yes' }]]);
});

test('the API shows active Alertmanagers with scheme and path prefix, and those relabeling dropped', async () => {
  const yaml = alertingYaml([{
    targets: ['am-1:9093', 'am-2:9093'],
    extra: 'scheme: https\npath_prefix: /alertmanager/\nrelabel_configs:\n  - source_labels: [__address__]\n    regex: am-2.*\n    action: drop\n',
  }, { targets: ['am-3:9093'], extra: 'relabel_configs:\n  - target_label: __alerts_path__\n    replacement: /custom/api/v2/alerts\n' }]);
  const running = run(newNotifier(), config(yaml));
  await pollUntil('discovery', () => (running.notifier.alertmanagers().activeAlertmanagers.length === 2 ? true : undefined));
  assert.deepEqual(running.notifier.alertmanagers(), {
    activeAlertmanagers: [{ url: 'https://am-1:9093/alertmanager/api/v2/alerts' }, { url: 'http://am-3:9093/custom/api/v2/alerts' }],
    droppedAlertmanagers: [{ url: 'https://am-2:9093/alertmanager/api/v2/alerts' }],
  });
  assert.equal(await metric(running.registry, 'prometheus_notifications_alertmanagers_discovered'), 2);
  assert.equal(await metric(running.registry, 'prometheus_sd_discovered_targets', { name: 'notify', config: 'config-0' }), 2);
});

test('on shutdown the queue is drained before run$ completes', async () => {
  const am = await alertmanager();
  am.hold();
  const running = run(newNotifier(), config(alertingYaml([{ targets: [am.address] }])));
  running.notifier.send(Array.from({ length: 70 }, (_, i) => alert(`a${i}`)));
  await pollUntil('the first batch in flight', () => (am.requests.length > 0 ? true : undefined));
  running.shutdown$.next();
  am.release();
  await running.completed;
  assert.deepEqual(am.batches().map((b) => b.length), [64, 6]);
  assert.equal(await metric(running.registry, 'prometheus_notifications_dropped_total'), 0);
  assert.equal(running.logs.withMsg('Remaining notifications drained').length, 1);
});

test('with draining disabled, shutdown drops what is still queued', async () => {
  const am = await alertmanager();
  am.hold();
  const running = run(newNotifier({ drainOnShutdown: false }), config(alertingYaml([{ targets: [am.address] }])));
  running.notifier.send(Array.from({ length: 70 }, (_, i) => alert(`a${i}`)));
  await pollUntil('the first batch in flight', () => (am.requests.length > 0 ? true : undefined));
  running.shutdown$.next();
  am.release();
  await running.completed;
  assert.deepEqual(am.batches().map((b) => b.length), [64]);
  assert.equal(await metric(running.registry, 'prometheus_notifications_dropped_total'), 6);
  assert.equal(running.logs.withMsg('Draining remaining notifications on shutdown is disabled, and some notifications have been dropped')[0]?.count, 6);
});

test('the drain on shutdown is bounded by the Alertmanager timeout', async () => {
  const am = await alertmanager();
  am.hold();
  const running = run(newNotifier(), config(alertingYaml([{ targets: [am.address], extra: 'timeout: 300ms\n' }])));
  running.notifier.send(Array.from({ length: 200 }, (_, i) => alert(`a${i}`)));
  await pollUntil('the first batch in flight', () => (am.requests.length > 0 ? true : undefined));
  const stoppedAt = Date.now();
  running.shutdown$.next();
  await running.completed;
  // One timeout for the batch in flight, at most one more for the drain.
  assert.ok(Date.now() - stoppedAt < 2000, `took ${Date.now() - stoppedAt} ms`);
  assert.equal(await metric(running.registry, 'prometheus_notifications_dropped_total'), 200);
  am.release();
});
