/**
 * When a rule group evaluates: every interval, at a phase inside it derived from the group's file
 * and name exactly as Prometheus derives it (xxhash of the labels {file, name}, modulo the interval
 * in nanoseconds), so that groups spread over their interval and keep their phase across restarts.
 */
import { timer, type Observable, type SchedulerLike } from 'rxjs';
import { labelsHash } from '../lang/promql/xxhash64.js';
import { Labels } from '../model/labels.js';

/** The group's phase inside its interval, in ms. */
export function ruleGroupPhaseMs(file: string, name: string, intervalMs: number): number {
  const hash = labelsHash(Labels.from({ name, file }));
  return Number((hash % BigInt(Math.round(intervalMs * 1e6))) / 1_000_000n);
}

/** The group's first evaluation slot after `nowMs` (Prometheus waits for the next slot, then evaluates). */
export function firstEvaluationSlotMs(phaseMs: number, intervalMs: number, nowMs: number): number {
  const adjusted = nowMs - phaseMs;
  const base = adjusted - (((adjusted % intervalMs) + intervalMs) % intervalMs);
  return base + phaseMs + intervalMs;
}

/** Emits 0, 1, 2, … at `firstSlotMs`, `firstSlotMs + interval`, …; slot k is at firstSlotMs + k·interval. */
export function ruleGroupTicks(firstSlotMs: number, intervalMs: number, nowMs: number, scheduler?: SchedulerLike): Observable<number> {
  return timer(Math.max(0, firstSlotMs - nowMs), intervalMs, scheduler);
}
