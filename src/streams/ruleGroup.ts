/**
 * One rule group as a stream: an evaluation at each of the group's slots, `exhaustMap` so that a
 * slow evaluation is never overlapped (the slots it overran are counted as missed), the `for`
 * state restored after the second evaluation when the server has just started (Prometheus waits
 * one more evaluation so that recording rules the alerts depend on have run), and, when the group
 * is removed by a reload, staleness markers for its series two intervals later (so that a rule
 * that moved to another group has written its new samples first).
 */
import { defer, exhaustMap, filter, from, ignoreElements, merge, mergeMap, of, share, take, takeUntil, tap, timer, type Observable, type ObservableInput, type SchedulerLike } from 'rxjs';
import type { Labels } from '../model/labels.js';
import { staleSeriesOf, type RuleGroupEvaluation, type RuleGroupState } from '../operators/ruleGroupEvaluation.js';
import { firstEvaluationSlotMs, ruleGroupPhaseMs, ruleGroupTicks } from '../sources/ruleGroupTicks.js';
import type { RunningRuleGroup } from './rulesView.js';

/** Why a group stops: replaced by a changed definition (its successor takes over its series), or removed. */
export type RuleGroupStop = 'replaced' | 'removed';

/** One finished evaluation, with the slot time and the slots missed before it. */
export interface RuleGroupIteration {
  readonly evaluation: RuleGroupEvaluation;
  readonly slotMs: number;
  readonly missed: number;
}

export interface RuleGroupDeps {
  readonly evaluate: (group: RunningRuleGroup, state: RuleGroupState, slotMs: number) => ObservableInput<RuleGroupEvaluation>;
  /** Present when the group must restore its `for` state (it started with the server). */
  readonly restore?: (group: RunningRuleGroup, state: RuleGroupState, nowMs: number) => ObservableInput<RuleGroupState>;
  readonly markStale: (series: readonly Labels[], atMs: number) => ObservableInput<void>;
  readonly onIteration: (group: RunningRuleGroup, iteration: RuleGroupIteration) => void;
  readonly now: () => number;
  readonly scheduler?: SchedulerLike;
}

/** Runs the group until `stop$`; emits its state after every evaluation (and after the restore). */
export function ruleGroupRun(group: RunningRuleGroup, deps: RuleGroupDeps, stop$: Observable<RuleGroupStop>): Observable<RuleGroupState> {
  return defer(() => {
    const { definition, intervalMs } = group;
    let state = group.state;
    let lastSlot = -1;
    let evaluations = 0;
    const nowMs = deps.now();
    const firstSlotMs = firstEvaluationSlotMs(ruleGroupPhaseMs(definition.file, definition.name, intervalMs), intervalMs, nowMs);
    const stopped$ = stop$.pipe(take(1), share());
    const iterations$ = ruleGroupTicks(firstSlotMs, intervalMs, nowMs, deps.scheduler).pipe(
      exhaustMap((slot) => {
        const missed = slot - lastSlot - 1;
        lastSlot = slot;
        const slotMs = firstSlotMs + slot * intervalMs;
        return from(deps.evaluate(group, state, slotMs)).pipe(
          mergeMap((evaluation) => {
            evaluations++;
            deps.onIteration(group, { evaluation, slotMs, missed });
            if (deps.restore !== undefined && evaluations === 2) return from(deps.restore(group, evaluation.state, deps.now()));
            return of(evaluation.state);
          }),
        );
      }),
      tap((next) => (state = next)),
      takeUntil(stopped$),
    );
    const markers$ = stopped$.pipe(
      filter((reason) => reason === 'removed'),
      mergeMap(() => {
        const atMs = deps.now();
        const series = staleSeriesOf(state);
        return timer(2 * intervalMs, deps.scheduler).pipe(mergeMap(() => deps.markStale(series, atMs)));
      }),
      ignoreElements(),
    );
    return merge(iterations$, markers$);
  });
}
