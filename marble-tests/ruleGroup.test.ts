import { test } from 'node:test';
import assert from 'node:assert/strict';
import { map, of, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { RuleGroupDefinition } from '../src/config/ruleFiles.js';
import { parseExpr } from '../src/lang/promql/parser.js';
import { Labels } from '../src/model/labels.js';
import { newRuleGroupState, type RuleGroupEvaluation, type RuleGroupState } from '../src/operators/ruleGroupEvaluation.js';
import { firstEvaluationSlotMs, ruleGroupPhaseMs } from '../src/sources/ruleGroupTicks.js';
import { ruleGroupRun, type RuleGroupDeps, type RuleGroupIteration, type RuleGroupStop } from '../src/streams/ruleGroup.js';
import type { RunningRuleGroup } from '../src/streams/rulesView.js';

const INTERVAL = 10;
const definition: RuleGroupDefinition = {
  file: 'rules.yml',
  name: 'g',
  interval: INTERVAL,
  queryOffset: undefined,
  limit: 0,
  labels: {},
  rules: [{ kind: 'recording', name: 'r', expr: 'up', ast: parseExpr('up'), labels: {} }],
};
const series = Labels.from({ __name__: 'r', job: 'x' });

/** A state that remembers how many evaluations ran (in lastSamples) and wrote one series. */
function stateAfter(previous: RuleGroupState, slotMs: number): RuleGroupState {
  return {
    ...previous,
    lastEvaluationMs: slotMs,
    lastSamples: previous.lastSamples + 1,
    rules: previous.rules.map((r) => ({ ...r, writtenSeries: new Map([[series.key, series]]) })),
  };
}

interface Recorded {
  iterations: Array<{ at: number; slotMs: number; missed: number }>;
  stale: Array<{ at: number; atMs: number; count: number }>;
  restoredAt: number[];
}

function setup(scheduler: TestScheduler, evaluate: (state: RuleGroupState, slotMs: number) => Observable<RuleGroupEvaluation>, withRestore = false): { deps: RuleGroupDeps; recorded: Recorded; group: RunningRuleGroup } {
  const recorded: Recorded = { iterations: [], stale: [], restoredAt: [] };
  const group: RunningRuleGroup = { definition, intervalMs: INTERVAL, queryOffsetMs: 0, state: newRuleGroupState(definition) };
  const deps: RuleGroupDeps = {
    evaluate: (_g, state, slotMs) => evaluate(state, slotMs),
    restore: withRestore
      ? (_g, state) => {
          recorded.restoredAt.push(scheduler.now());
          return of({ ...state, rules: state.rules.map((r) => ({ ...r, restored: true })) });
        }
      : undefined,
    markStale: (s, atMs) => {
      recorded.stale.push({ at: scheduler.now(), atMs, count: s.length });
      return of(undefined);
    },
    onIteration: (_g, it: RuleGroupIteration) => recorded.iterations.push({ at: scheduler.now(), slotMs: it.slotMs, missed: it.missed }),
    now: () => scheduler.now(),
    scheduler,
  };
  return { deps, recorded, group };
}

const firstSlot = firstEvaluationSlotMs(ruleGroupPhaseMs('rules.yml', 'g', INTERVAL), INTERVAL, 0);

test("the group's first slot is after now, at its phase inside the interval", () => {
  const phase = ruleGroupPhaseMs('rules.yml', 'g', INTERVAL);
  assert.ok(phase >= 0 && phase < INTERVAL);
  assert.ok(firstSlot > 0 && firstSlot <= INTERVAL && firstSlot % INTERVAL === phase, `first slot ${firstSlot}, phase ${phase}`);
  assert.equal(firstEvaluationSlotMs(3, 60_000, 120_003), 180_003, 'exactly on a slot: the next one');
  assert.equal(firstEvaluationSlotMs(3, 60_000, 120_004), 180_003);
});

test('evaluates at every slot with the state of the previous evaluation', () => {
  const scheduler = new TestScheduler((a, e) => assert.deepEqual(a, e));
  scheduler.run(({ expectObservable, hot }) => {
    const { deps, recorded, group } = setup(scheduler, (state, slotMs) => of({ state: stateAfter(state, slotMs), failures: 0 }));
    const stop$ = hot<RuleGroupStop>(`${firstSlot + 2 * INTERVAL + 1}ms r`, { r: 'replaced' });
    const counts = ruleGroupRun(group, deps, stop$).pipe(map((s) => s.lastSamples));
    expectObservable(counts).toBe(`${firstSlot}ms a ${INTERVAL - 1}ms b ${INTERVAL - 1}ms c|`, { a: 1, b: 2, c: 3 });
    scheduler.flush();
    assert.deepEqual(recorded.iterations.map((i) => i.slotMs), [firstSlot, firstSlot + INTERVAL, firstSlot + 2 * INTERVAL]);
    assert.deepEqual(recorded.stale, [], 'a replaced group leaves its series to its successor');
  });
});

test('a slow evaluation is not overlapped: the slots it overran are skipped and counted as missed', () => {
  const scheduler = new TestScheduler((a, e) => assert.deepEqual(a, e));
  scheduler.run(({ cold, hot }) => {
    let calls = 0;
    // The first evaluation takes 2.5 intervals; later ones are instant.
    const { deps, recorded, group } = setup(scheduler, (state, slotMs) => {
      calls++;
      const result = { state: stateAfter(state, slotMs), failures: 0 };
      return calls === 1 ? cold(`${(INTERVAL * 5) / 2}ms (r|)`, { r: result }) : of(result);
    });
    const stop$ = hot<RuleGroupStop>(`${firstSlot + 4 * INTERVAL + 1}ms r`, { r: 'replaced' });
    ruleGroupRun(group, deps, stop$).subscribe();
    scheduler.flush();
    assert.deepEqual(
      recorded.iterations.map((i) => [i.slotMs - firstSlot, i.missed]),
      [
        [0, 0],
        [3 * INTERVAL, 2],
        [4 * INTERVAL, 0],
      ],
    );
  });
});

test('at start, the `for` state is restored right after the second evaluation, once', () => {
  const scheduler = new TestScheduler((a, e) => assert.deepEqual(a, e));
  scheduler.run(({ hot }) => {
    const { deps, recorded, group } = setup(scheduler, (state, slotMs) => of({ state: stateAfter(state, slotMs), failures: 0 }), true);
    const states: RuleGroupState[] = [];
    const stop$ = hot<RuleGroupStop>(`${firstSlot + 3 * INTERVAL + 1}ms r`, { r: 'replaced' });
    ruleGroupRun({ ...group, state: newRuleGroupState(definition, { restored: false }) }, deps, stop$).subscribe((s) => states.push(s));
    scheduler.flush();
    assert.deepEqual(recorded.restoredAt, [firstSlot + INTERVAL]);
    assert.deepEqual(states.map((s) => s.rules[0]!.restored), [false, true, true, true]);
  });
});

test('a removed group writes staleness markers for its series two intervals later, stamped when it stopped', () => {
  const scheduler = new TestScheduler((a, e) => assert.deepEqual(a, e));
  scheduler.run(({ hot, expectObservable }) => {
    const { deps, recorded, group } = setup(scheduler, (state, slotMs) => of({ state: stateAfter(state, slotMs), failures: 0 }));
    const stopAt = firstSlot + INTERVAL + 3;
    const stop$ = hot<RuleGroupStop>(`${stopAt}ms r`, { r: 'removed' });
    expectObservable(ruleGroupRun(group, deps, stop$).pipe(map(() => 's'))).toBe(`${firstSlot}ms s ${INTERVAL - 1}ms s ${stopAt + 2 * INTERVAL - firstSlot - INTERVAL - 1}ms |`);
    scheduler.flush();
    assert.deepEqual(recorded.stale, [{ at: stopAt + 2 * INTERVAL, atMs: stopAt, count: 1 }]);
    assert.equal(recorded.iterations.length, 2, 'no evaluation after the stop');
  });
});
