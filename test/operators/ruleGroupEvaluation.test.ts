import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRuleFile, type RuleGroupDefinition } from '../../src/config/ruleFiles.js';
import { Engine } from '../../src/lang/promql/engine.js';
import { Labels } from '../../src/model/labels.js';
import { Matcher } from '../../src/model/matcher.js';
import type { NotificationAlert } from '../../src/model/notificationAlert.js';
import { isStaleNaN } from '../../src/model/staleness.js';
import {
  carryOverRuleGroupState,
  evaluateRuleGroup,
  expressionLink,
  newRuleGroupState,
  restoreRuleGroupState,
  type RuleEvaluationContext,
  type RuleGroupState,
} from '../../src/operators/ruleGroupEvaluation.js';
import { MemoryHead } from '../../src/storage/memoryHead.js';

const MIN = 60_000;

function groupOf(yaml: string): RuleGroupDefinition {
  const parsed = parseRuleFile(yaml, 'rules.yml');
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.ruleFile.groups[0]!;
}

async function add(head: MemoryHead, labels: Record<string, string>, points: ReadonlyArray<[number, number]>): Promise<void> {
  const appender = head.appender();
  for (const [t, v] of points) appender.append(0, Labels.from(labels), t, v);
  await appender.commit();
}

async function samplesOf(head: MemoryHead, name: string): Promise<string[]> {
  const series = await head.select([new Matcher('=', '__name__', name)], 0, 1000 * MIN);
  const out: string[] = [];
  for (const s of series) {
    const { timestamps, values, length } = s.samples();
    for (let i = 0; i < length; i++) out.push(`${s.labels.without('__name__').toString()} ${isStaleNaN(values[i]!) ? 'stale' : values[i]} @${timestamps[i]! / MIN}m`);
  }
  return out;
}

function contextFor(head: MemoryHead, notified: NotificationAlert[] = [], extra: Partial<RuleEvaluationContext> = {}): RuleEvaluationContext {
  return {
    engine: new Engine(),
    queryable: head,
    appendable: head,
    externalLabels: { cluster: 'eu1' },
    externalURL: 'http://prom.example:9090',
    queryOffsetMs: 0,
    notify: (alerts) => notified.push(...alerts),
    resendDelayMs: MIN,
    intervalMs: MIN,
    ...extra,
  };
}

const RECORDING = `
groups:
  - name: rec
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
        labels: { source: rules }
      - record: job:up:double
        expr: job:up:sum * 2
`;

test('recording rules write their vector under the recorded name with their labels; later rules see earlier results', async () => {
  const head = new MemoryHead();
  await add(head, { __name__: 'up', job: 'api', instance: 'a' }, [[0, 1]]);
  await add(head, { __name__: 'up', job: 'api', instance: 'b' }, [[0, 1]]);
  const group = groupOf(RECORDING);
  const { state, failures } = await evaluateRuleGroup(group, newRuleGroupState(group), MIN, contextFor(head));
  assert.equal(failures, 0);
  assert.deepEqual(await samplesOf(head, 'job:up:sum'), ['{job="api", source="rules"} 2 @1m']);
  assert.deepEqual(await samplesOf(head, 'job:up:double'), ['{job="api", source="rules"} 4 @1m']);
  assert.deepEqual(state.rules.map((r) => r.health), ['ok', 'ok']);
  assert.equal(state.lastSamples, 2);
  assert.equal(state.lastEvaluationMs, MIN);
});

test('a series a rule no longer produces gets a staleness marker at the next evaluation', async () => {
  const head = new MemoryHead();
  await add(head, { __name__: 'up', job: 'api' }, [[0, 1]]);
  await add(head, { __name__: 'up', job: 'db' }, [[0, 1]]);
  await add(head, { __name__: 'up', job: 'api' }, [[2 * MIN, 1]]);
  const group = groupOf('groups: [{name: g, rules: [{record: "job:up", expr: "up"}]}]');
  let { state } = await evaluateRuleGroup(group, newRuleGroupState(group), MIN, contextFor(head));
  // At 6m the db series is beyond the 5m lookback: the rule stops producing it.
  ({ state } = await evaluateRuleGroup(group, state, 6 * MIN, contextFor(head)));
  assert.deepEqual(await samplesOf(head, 'job:up'), ['{job="api"} 1 @1m', '{job="api"} 1 @6m', '{job="db"} 1 @1m', '{job="db"} stale @6m']);
  assert.deepEqual([...state.rules[0]!.writtenSeries.keys()].length, 1);
});

test('a failing rule reports its error, writes nothing and keeps its series (no markers); the others still run', async () => {
  const head = new MemoryHead();
  await add(head, { __name__: 'x', a: '1', b: '1' }, [[0, 1]]);
  await add(head, { __name__: 'x', a: '1', b: '2' }, [[0, 1]]);
  const group = groupOf(`
groups:
  - name: g
    rules:
      - record: collide
        expr: x
        labels: { b: same }
      - record: ok
        expr: count(x)
      - record: matrix
        expr: x[5m]
`);
  const { state, failures } = await evaluateRuleGroup(group, newRuleGroupState(group), MIN, contextFor(head));
  assert.equal(failures, 2);
  assert.deepEqual(
    state.rules.map((r) => [r.health, r.lastError]),
    [
      ['err', 'vector contains metrics with the same labelset after applying rule labels'],
      ['ok', ''],
      ['err', 'rule result is not a vector or scalar'],
    ],
  );
  assert.deepEqual(await samplesOf(head, 'ok'), ['{} 2 @1m']);
});

test('the group limit fails a rule that produces more series (or alerts) than allowed', async () => {
  const head = new MemoryHead();
  for (const i of ['1', '2', '3']) await add(head, { __name__: 'x', i }, [[0, 1]]);
  const group = groupOf('groups: [{name: g, limit: 2, rules: [{record: r, expr: x}, {alert: A, expr: x}]}]');
  const { state } = await evaluateRuleGroup(group, newRuleGroupState(group), MIN, contextFor(head));
  assert.deepEqual(state.rules.map((r) => r.lastError), ['exceeded limit of 2 with 3 series', 'exceeded limit of 2 with 3 alerts']);
  assert.equal(state.rules[1]!.alerts.size, 0);
});

const ALERTING = `
groups:
  - name: alerts
    labels: { team: sre }
    rules:
      - alert: InstanceDown
        expr: up == 0
        for: 2m
        labels: { severity: "{{ if eq $labels.job \\"api\\" }}page{{ else }}ticket{{ end }}" }
        annotations:
          summary: "{{ $labels.instance }} of {{ $labels.job }} down ({{ $value }}) in {{ $externalLabels.cluster }}"
          broken: "{{ .Nope.Field }}"
`;

test('alerting rules: templated labels and annotations, pending then firing, ALERTS series, notifications with endsAt', async () => {
  const head = new MemoryHead();
  const points: Array<[number, number]> = [];
  for (let m = 0; m <= 3; m++) points.push([m * MIN, 0]);
  await add(head, { __name__: 'up', job: 'api', instance: 'a:1' }, points);
  const group = groupOf(ALERTING);
  const notified: NotificationAlert[] = [];
  const ctx = contextFor(head, notified);
  let state: RuleGroupState = newRuleGroupState(group);
  for (let m = 0; m <= 3; m++) ({ state } = await evaluateRuleGroup(group, state, m * MIN, ctx));
  const alert = [...state.rules[0]!.alerts.values()][0]!;
  assert.equal(alert.state, 'firing');
  assert.equal(alert.labels.toString(), '{alertname="InstanceDown", instance="a:1", job="api", severity="page", team="sre"}');
  assert.equal(alert.annotations.get('summary'), 'a:1 of api down (0) in eu1');
  assert.match(alert.annotations.get('broken'), /^<error expanding template: error executing template __alert_InstanceDown: /);
  assert.deepEqual(await samplesOf(head, 'ALERTS'), [
    '{alertname="InstanceDown", alertstate="pending", instance="a:1", job="api", severity="page", team="sre"} 1 @0m',
    '{alertname="InstanceDown", alertstate="pending", instance="a:1", job="api", severity="page", team="sre"} 1 @1m',
    '{alertname="InstanceDown", alertstate="pending", instance="a:1", job="api", severity="page", team="sre"} stale @2m',
    '{alertname="InstanceDown", alertstate="firing", instance="a:1", job="api", severity="page", team="sre"} 1 @2m',
    '{alertname="InstanceDown", alertstate="firing", instance="a:1", job="api", severity="page", team="sre"} 1 @3m',
  ].sort());
  assert.deepEqual((await samplesOf(head, 'ALERTS_FOR_STATE')).slice(-1), ['{alertname="InstanceDown", instance="a:1", job="api", severity="page", team="sre"} 0 @3m']);
  // Sent when it fired (2m); at 3m the resend delay (1m) has not passed yet.
  assert.equal(notified.length, 1);
  assert.equal(notified[0]!.startsAtMs, 2 * MIN);
  assert.equal(notified[0]!.endsAtMs, 2 * MIN + 4 * MIN);
  assert.equal(notified[0]!.generatorURL, 'http://prom.example:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1');

  // The instance recovers: the alert resolves and is sent with endsAt = the resolve time.
  await add(head, { __name__: 'up', job: 'api', instance: 'a:1' }, [[4 * MIN, 1]]);
  ({ state } = await evaluateRuleGroup(group, state, 4 * MIN, ctx));
  assert.equal([...state.rules[0]!.alerts.values()][0]!.state, 'inactive');
  assert.equal(notified.length, 2);
  assert.equal(notified[1]!.endsAtMs, 4 * MIN);
  assert.deepEqual((await samplesOf(head, 'ALERTS')).filter((s) => s.endsWith('@4m')), [
    '{alertname="InstanceDown", alertstate="firing", instance="a:1", job="api", severity="page", team="sre"} stale @4m',
  ]);
});

test('query offset: rules query and write at the evaluation time minus the offset', async () => {
  const head = new MemoryHead();
  await add(head, { __name__: 'x' }, [[0, 1], [MIN, 2]]);
  const group = groupOf('groups: [{name: g, query_offset: 1m, rules: [{record: r, expr: x}]}]');
  await evaluateRuleGroup(group, newRuleGroupState(group), 2 * MIN, contextFor(head, [], { queryOffsetMs: MIN }));
  assert.deepEqual(await samplesOf(head, 'r'), ['{} 2 @1m']);
});

test('ALERTS are not written before the `for` state is restored; restore reads ALERTS_FOR_STATE of before the restart', async () => {
  const head = new MemoryHead();
  const group = groupOf('groups: [{name: g, rules: [{alert: A, expr: "x > 0", for: 30m}]}]');
  const restartAt = 100 * MIN;
  // Before the restart the alert had been pending since 80m; the old server wrote its state until 95m.
  await add(head, { __name__: 'ALERTS_FOR_STATE', alertname: 'A' }, [[90 * MIN, 80 * 60], [95 * MIN, 80 * 60]]);
  await add(head, { __name__: 'x' }, [[restartAt, 1]]);
  let { state } = await evaluateRuleGroup(group, newRuleGroupState(group, { restored: false }), restartAt, contextFor(head));
  assert.deepEqual(await samplesOf(head, 'ALERTS'), []);
  state = await restoreRuleGroupState(group, state, restartAt, { queryable: head, outageToleranceMs: 60 * MIN, gracePeriodMs: 10 * MIN });
  const alert = [...state.rules[0]!.alerts.values()][0]!;
  // 15 of the 30 minutes were spent before the outage: the alert waits the other 15 from now.
  assert.equal(alert.activeAtMs, 80 * MIN + (restartAt - 95 * MIN));
  assert.equal(state.rules[0]!.restored, true);
  ({ state } = await evaluateRuleGroup(group, state, restartAt + MIN, contextFor(head)));
  assert.deepEqual(await samplesOf(head, 'ALERTS'), ['{alertname="A", alertstate="pending"} 1 @101m']);
});

test('a reload carries alerts and written series over to rules that kept their name and labels', async () => {
  const head = new MemoryHead();
  await add(head, { __name__: 'x' }, [[0, 1]]);
  const before = groupOf('groups: [{name: g, rules: [{alert: A, expr: "x > 0", for: 5m}, {record: r, expr: x}]}]');
  const { state } = await evaluateRuleGroup(before, newRuleGroupState(before), 0, contextFor(head));
  const after = groupOf('groups: [{name: g, rules: [{record: r2, expr: x}, {alert: A, expr: "x >= 1", for: 5m}]}]');
  const carried = carryOverRuleGroupState(before, state, after, newRuleGroupState(after));
  assert.equal(carried.rules[0]!.writtenSeries.size, 0, 'a new rule starts empty');
  assert.equal([...carried.rules[1]!.alerts.values()][0]!.activeAtMs, 0, 'the pending alert keeps its clock');
});

test('expression links escape like Go (space as +)', () => {
  assert.equal(expressionLink('sum(rate(x{a="b c"}[5m])) > 0'), '/graph?g0.expr=sum%28rate%28x%7Ba%3D%22b+c%22%7D%5B5m%5D%29%29+%3E+0&g0.tab=1');
});
