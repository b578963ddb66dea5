import { test } from 'node:test';
import assert from 'node:assert/strict';
import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { Labels } from '../src/model/labels.js';
import { STALE_NAN } from '../src/model/staleness.js';
import {
  advanceAlerts,
  alertsDueForSending,
  alertSeriesSamples,
  alertStates,
  restoreForState,
  RESOLVED_RETENTION_MS,
  type ActiveAlerts,
  type AlertCandidate,
  type AlertEvaluation,
} from '../src/operators/alertState.js';

const MIN = 60_000;
const a = Labels.from({ alertname: 'HighLatency', instance: 'a' });
const b = Labels.from({ alertname: 'HighLatency', instance: 'b' });
const candidate = (labels: Labels, value = 1): AlertCandidate => ({ labels, annotations: Labels.from({ summary: `v=${value}` }), value });

/** Each frame of the marble is one evaluation, one minute apart: `x` = the expression returns alert a, `n` = nothing. */
function evaluations(marbleValues: Record<string, readonly AlertCandidate[]>): Record<string, AlertEvaluation> {
  const out: Record<string, AlertEvaluation> = {};
  for (const [k, candidates] of Object.entries(marbleValues)) out[k] = { tsMs: 0, candidates };
  return out;
}

/** "state@activeAt" of alert a, or "gone". */
function describe(alerts: ActiveAlerts, labels = a): string {
  const alert = alerts.get(labels.key);
  return alert === undefined ? 'gone' : `${alert.state}@${alert.activeAtMs / MIN}`;
}

/** Runs the operator over evaluations at frame·1min, returning the described states per frame. */
function runMarble(source: string, values: Record<string, readonly AlertCandidate[]>, timing: { forMs: number; keepFiringForMs: number }, expected: string, expectedValues: Record<string, string>): void {
  const scheduler = new TestScheduler((actual, want) => assert.deepEqual(actual, want));
  scheduler.run(({ cold, expectObservable }) => {
    const evals = cold(source, evaluations(values)).pipe(map((e) => ({ ...e, tsMs: scheduler.now() * MIN })));
    expectObservable(evals.pipe(alertStates(timing), map((alerts) => describe(alerts)))).toBe(expected, expectedValues);
  });
}

test('inactive → pending → firing once active for `for`, then resolved when the expression stops returning it', () => {
  runMarble(
    'xxxxn',
    { x: [candidate(a)], n: [] },
    { forMs: 2 * MIN, keepFiringForMs: 0 },
    'ppfri',
    { p: 'pending@0', f: 'firing@0', r: 'firing@0', i: 'inactive@0' },
  );
});

test('`for: 0` fires at the first evaluation', () => {
  runMarble('x', { x: [candidate(a)] }, { forMs: 0, keepFiringForMs: 0 }, 'f', { f: 'firing@0' });
});

test('a pending alert that disappears is forgotten, and starts its clock anew when it comes back', () => {
  runMarble('xxnxx', { x: [candidate(a)], n: [] }, { forMs: 5 * MIN, keepFiringForMs: 0 }, 'ppgqq', { p: 'pending@0', g: 'gone', q: 'pending@3' });
});

test('keep_firing_for keeps a firing alert firing after the expression stops, then resolves it', () => {
  runMarble(
    'xxnnnx',
    { x: [candidate(a)], n: [] },
    { forMs: 0, keepFiringForMs: 2 * MIN },
    'ffffir',
    // Resolved at frame 4 (4 min - 2 min since keepFiringSince ≥ 2 min); at frame 5 the expression returns it again: a new pending→firing alert.
    { f: 'firing@0', i: 'inactive@0', r: 'firing@5' },
  );
});

test('a firing alert that returns after a gap of keep_firing_for keeps firing without a new clock', () => {
  runMarble('xxnx', { x: [candidate(a)], n: [] }, { forMs: 0, keepFiringForMs: 5 * MIN }, 'ffff', { f: 'firing@0' });
});

test('a resolved alert is kept for the retention (to tell Alertmanager), then forgotten', () => {
  const timing = { forMs: 0, keepFiringForMs: 0 };
  let alerts = advanceAlerts(new Map(), [candidate(a)], 0, timing).alerts;
  alerts = advanceAlerts(alerts, [], MIN, timing).alerts;
  assert.equal(describe(alerts), 'inactive@0');
  alerts = advanceAlerts(alerts, [], MIN + RESOLVED_RETENTION_MS, timing).alerts;
  assert.equal(describe(alerts), 'inactive@0', 'kept while within the retention');
  alerts = advanceAlerts(alerts, [], MIN + RESOLVED_RETENTION_MS + 1, timing).alerts;
  assert.equal(describe(alerts), 'gone');
});

test('a resolved alert that fires again gets a new clock; value and annotations follow each evaluation', () => {
  const timing = { forMs: MIN, keepFiringForMs: 0 };
  let alerts = advanceAlerts(new Map(), [candidate(a, 1)], 0, timing).alerts;
  alerts = advanceAlerts(alerts, [candidate(a, 2)], MIN, timing).alerts;
  assert.equal(alerts.get(a.key)!.value, 2);
  assert.equal(alerts.get(a.key)!.annotations.get('summary'), 'v=2');
  assert.equal(alerts.get(a.key)!.firedAtMs, MIN);
  alerts = advanceAlerts(alerts, [], 2 * MIN, timing).alerts;
  alerts = advanceAlerts(alerts, [candidate(a, 3)], 3 * MIN, timing).alerts;
  assert.equal(describe(alerts), 'pending@3');
});

test('the active count covers pending and firing alerts (the group limit counts them)', () => {
  const timing = { forMs: MIN, keepFiringForMs: 0 };
  let advance = advanceAlerts(new Map(), [candidate(a)], 0, timing);
  advance = advanceAlerts(advance.alerts, [candidate(a), candidate(b)], MIN, timing);
  assert.equal(advance.activeCount, 2);
  advance = advanceAlerts(advance.alerts, [candidate(b)], 2 * MIN, timing);
  assert.equal(advance.activeCount, 1, 'a resolved alert is not active');
});

test('ALERTS and ALERTS_FOR_STATE: one of each per pending or firing alert, none for resolved ones', () => {
  const timing = { forMs: MIN, keepFiringForMs: 0 };
  let alerts = advanceAlerts(new Map(), [candidate(a)], 30_000, timing).alerts;
  alerts = advanceAlerts(alerts, [candidate(a), candidate(b)], 90_000, timing).alerts;
  const samples = alertSeriesSamples(alerts, 90_000).map((s) => `${s.labels.toString()} ${s.v}@${s.t}`);
  assert.deepEqual(samples.sort(), [
    '{__name__="ALERTS", alertname="HighLatency", alertstate="firing", instance="a"} 1@90000',
    '{__name__="ALERTS", alertname="HighLatency", alertstate="pending", instance="b"} 1@90000',
    '{__name__="ALERTS_FOR_STATE", alertname="HighLatency", instance="a"} 30@90000',
    '{__name__="ALERTS_FOR_STATE", alertname="HighLatency", instance="b"} 90@90000',
  ]);
  alerts = advanceAlerts(alerts, [], 150_000, timing).alerts;
  assert.deepEqual(alertSeriesSamples(alerts, 150_000), []);
});

test('alerts are sent when firing, re-sent after the resend delay, sent once more when resolved; pending never', () => {
  const timing = { forMs: MIN, keepFiringForMs: 0 };
  const resend = 2 * MIN;
  let alerts = advanceAlerts(new Map(), [candidate(a)], 0, timing).alerts;
  let due = alertsDueForSending(alerts, 0, resend, MIN);
  assert.equal(due.send.length, 0, 'pending');
  alerts = advanceAlerts(due.alerts, [candidate(a)], MIN, timing).alerts;
  due = alertsDueForSending(alerts, MIN, resend, MIN);
  assert.equal(due.send.length, 1);
  assert.equal(due.send[0]!.validUntilMs, MIN + 4 * resend);
  alerts = advanceAlerts(due.alerts, [candidate(a)], 2 * MIN, timing).alerts;
  due = alertsDueForSending(alerts, 2 * MIN, resend, MIN);
  assert.equal(due.send.length, 0, 'within the resend delay');
  alerts = advanceAlerts(due.alerts, [candidate(a)], 4 * MIN, timing).alerts;
  due = alertsDueForSending(alerts, 4 * MIN, resend, MIN);
  assert.equal(due.send.length, 1, 'resend delay passed');
  alerts = advanceAlerts(due.alerts, [], 5 * MIN, timing).alerts;
  due = alertsDueForSending(alerts, 5 * MIN, resend, MIN);
  assert.equal(due.send.length, 1, 'resolved since last sent');
  assert.equal(due.send[0]!.resolvedAtMs, 5 * MIN);
});

test('restoring `for`: a firing alert keeps its clock; a pending one waits the rest; a short rest waits the grace period', () => {
  const timing = { forMs: 0, keepFiringForMs: 0 };
  const forMs = 60 * MIN;
  const grace = 10 * MIN;
  const restartedAt = 1000 * MIN;
  const downAt = 990 * MIN;
  const alerts = advanceAlerts(new Map(), [candidate(a), candidate(b)], restartedAt, { ...timing, forMs }).alerts;

  // a was pending for 70 minutes before the crash: it had fired already, nothing changes.
  let restored = restoreForState(alerts, new Map([[a.key, { t: downAt, v: (downAt - 70 * MIN) / 1000 }]]), restartedAt, { forMs, gracePeriodMs: grace });
  assert.equal(restored.get(a.key)!.activeAtMs, downAt - 70 * MIN);
  // a was pending for 20 minutes: 40 remain, counted from now (active time shifted by the 10-minute outage).
  restored = restoreForState(alerts, new Map([[a.key, { t: downAt, v: (downAt - 20 * MIN) / 1000 }]]), restartedAt, { forMs, gracePeriodMs: grace });
  assert.equal(restored.get(a.key)!.activeAtMs, downAt - 20 * MIN + 10 * MIN);
  // a was pending for 55 minutes: only 5 remain, less than the grace period, so it fires 10 minutes from now.
  restored = restoreForState(alerts, new Map([[a.key, { t: downAt, v: (downAt - 55 * MIN) / 1000 }]]), restartedAt, { forMs, gracePeriodMs: grace });
  assert.equal(restored.get(a.key)!.activeAtMs, restartedAt + grace - forMs);
  // A stale last sample means the alert was not active: no restore. b has no series at all.
  restored = restoreForState(alerts, new Map([[a.key, { t: downAt, v: STALE_NAN }]]), restartedAt, { forMs, gracePeriodMs: grace });
  assert.equal(restored.get(a.key)!.activeAtMs, restartedAt);
  assert.equal(restored.get(b.key)!.activeAtMs, restartedAt);
});
