/**
 * The state machine of one alerting rule's alerts, as Prometheus's AlertingRule keeps it:
 * inactive → pending → firing → resolved (inactive, kept 15 minutes so that Alertmanager hears
 * of the resolution), with `for` and `keep_firing_for`; the ALERTS and ALERTS_FOR_STATE series
 * it writes; which alerts are due to be (re)sent; and the restore of the `for` clock after a
 * restart. Pure functions over immutable values, and `alertStates`, the same as an operator.
 */
import { scan, type OperatorFunction } from 'rxjs';
import { Labels, METRIC_NAME } from '../model/labels.js';
import { isStaleNaN } from '../model/staleness.js';

export type AlertState = 'inactive' | 'pending' | 'firing';

/** One alert of a rule, identified by its labels. Times are in ms; 0 means "not yet". */
export interface Alert {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly state: AlertState;
  /** The value of the sample that made the alert, at the last evaluation. */
  readonly value: number;
  readonly activeAtMs: number;
  readonly firedAtMs: number;
  readonly resolvedAtMs: number;
  readonly lastSentAtMs: number;
  readonly validUntilMs: number;
  readonly keepFiringSinceMs: number;
}

/** An alert the rule's expression produced at this evaluation (labels already templated). */
export interface AlertCandidate {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly value: number;
}

/** The rule's timing: `for` and `keep_firing_for`, in ms. */
export interface AlertTiming {
  readonly forMs: number;
  readonly keepFiringForMs: number;
}

/** A rule's alerts by the key of their labels. */
export type ActiveAlerts = ReadonlyMap<string, Alert>;

/** How long a resolved alert is kept (and re-sent as resolved), like Prometheus's resolvedRetention. */
export const RESOLVED_RETENTION_MS = 15 * 60_000;

/** The outcome of one evaluation: the alerts, and how many are pending or firing (for the group's `limit`). */
export interface AlertsAdvance {
  readonly alerts: ActiveAlerts;
  readonly activeCount: number;
}

/**
 * Moves a rule's alerts on by one evaluation at `tsMs`, given what its expression produced:
 * new label sets become pending, pending ones fire once they have been active for `for`, ones
 * no longer produced resolve (or keep firing for `keep_firing_for`), and resolved ones are
 * forgotten after the retention.
 */
export function advanceAlerts(previous: ActiveAlerts, candidates: readonly AlertCandidate[], tsMs: number, timing: AlertTiming): AlertsAdvance {
  const next = new Map<string, Alert>();
  const produced = new Set<string>();
  for (const candidate of candidates) {
    const key = candidate.labels.key;
    produced.add(key);
    const existing = previous.get(key);
    if (existing !== undefined && existing.state !== 'inactive') {
      // A known alert keeps its clock; only its value and annotations follow the expression.
      next.set(key, { ...existing, value: candidate.value, annotations: candidate.annotations });
    } else {
      next.set(key, {
        labels: candidate.labels,
        annotations: candidate.annotations,
        state: 'pending',
        value: candidate.value,
        activeAtMs: tsMs,
        firedAtMs: 0,
        resolvedAtMs: 0,
        lastSentAtMs: 0,
        validUntilMs: 0,
        keepFiringSinceMs: 0,
      });
    }
  }
  for (const [key, alert] of previous) if (!produced.has(key)) next.set(key, alert);

  let activeCount = 0;
  for (const [key, alert] of next) {
    let current = alert;
    if (!produced.has(key)) {
      const keepFiringSinceMs = current.keepFiringSinceMs || tsMs;
      const keepFiring = current.state === 'firing' && timing.keepFiringForMs > 0 && tsMs - keepFiringSinceMs < timing.keepFiringForMs;
      if (!keepFiring) {
        const expired = current.state === 'pending' || (current.resolvedAtMs !== 0 && tsMs - current.resolvedAtMs > RESOLVED_RETENTION_MS);
        if (expired) next.delete(key);
        else if (current.state !== 'inactive') next.set(key, { ...current, state: 'inactive', resolvedAtMs: tsMs, keepFiringSinceMs: 0 });
        continue;
      }
      if (current.keepFiringSinceMs !== keepFiringSinceMs) current = { ...current, keepFiringSinceMs };
    } else if (current.keepFiringSinceMs !== 0) {
      current = { ...current, keepFiringSinceMs: 0 };
    }
    activeCount++;
    if (current.state === 'pending' && tsMs - current.activeAtMs >= timing.forMs) current = { ...current, state: 'firing', firedAtMs: tsMs };
    if (current !== alert) next.set(key, current);
  }
  return { alerts: next, activeCount };
}

/** A sample a rule writes. */
export interface RuleSample {
  readonly labels: Labels;
  readonly t: number;
  readonly v: number;
}

/**
 * The ALERTS (1 per pending or firing alert, with `alertstate`) and ALERTS_FOR_STATE (the
 * alert's active-since time in seconds) samples at `tsMs`, as Prometheus writes them.
 */
export function alertSeriesSamples(alerts: ActiveAlerts, tsMs: number): RuleSample[] {
  const out: RuleSample[] = [];
  for (const alert of alerts.values()) {
    if (alert.state === 'inactive') continue;
    out.push({ labels: alert.labels.with(METRIC_NAME, 'ALERTS').with('alertstate', alert.state), t: tsMs, v: 1 });
    out.push({ labels: alert.labels.with(METRIC_NAME, 'ALERTS_FOR_STATE'), t: tsMs, v: Math.floor(alert.activeAtMs / 1000) });
  }
  return out;
}

/** The alerts to send now, and the rule's alerts with their send times updated. */
export interface AlertsToSend {
  readonly alerts: ActiveAlerts;
  readonly send: readonly Alert[];
}

/**
 * Which alerts go to the notifier at `tsMs`: firing and resolved ones not sent within the
 * resend delay, and any resolved since it was last sent. Each sent alert is valid for four
 * resend delays (or intervals, when longer), so two lost evaluations or sends do not resolve it.
 */
export function alertsDueForSending(alerts: ActiveAlerts, tsMs: number, resendDelayMs: number, intervalMs: number): AlertsToSend {
  const next = new Map(alerts);
  const send: Alert[] = [];
  const validForMs = 4 * Math.max(resendDelayMs, intervalMs);
  for (const [key, alert] of alerts) {
    if (alert.state === 'pending') continue;
    const resolvedSinceSent = alert.resolvedAtMs > alert.lastSentAtMs;
    const resendDue = alert.lastSentAtMs === 0 || alert.lastSentAtMs + resendDelayMs < tsMs;
    if (!resolvedSinceSent && !resendDue) continue;
    const sent = { ...alert, lastSentAtMs: tsMs, validUntilMs: tsMs + validForMs };
    next.set(key, sent);
    send.push(sent);
  }
  return { alerts: next, send };
}

/** The last ALERTS_FOR_STATE sample of one alert before the restart. */
export interface ForStateSample {
  readonly t: number;
  readonly v: number;
}

/** The restore settings: `--rules.alert.for-outage-tolerance` is applied by the caller's selection. */
export interface RestoreSettings {
  readonly forMs: number;
  /** `--rules.alert.for-grace-period`. */
  readonly gracePeriodMs: number;
}

/**
 * Gives alerts back the `for` clock they had before a restart, from their last ALERTS_FOR_STATE
 * sample (keyed by the alert's labels): an alert that was already firing keeps its old active
 * time; one that still had to wait waits the rest of its `for` counted from now (but at least
 * the grace period), so that a restart neither fires alerts early nor makes them wait anew.
 */
export function restoreForState(alerts: ActiveAlerts, lastForState: ReadonlyMap<string, ForStateSample>, tsMs: number, settings: RestoreSettings): ActiveAlerts {
  const next = new Map(alerts);
  for (const [key, alert] of alerts) {
    const sample = lastForState.get(key);
    if (sample === undefined || isStaleNaN(sample.v)) continue;
    // Prometheus works here in whole seconds.
    const downAtMs = Math.floor(sample.t / 1000) * 1000;
    let activeAtMs = Math.trunc(sample.v) * 1000;
    const remainingMs = settings.forMs - (downAtMs - activeAtMs);
    if (remainingMs <= 0) {
      // It was firing when the server went down: the next evaluation decides.
    } else if (remainingMs < settings.gracePeriodMs) {
      activeAtMs = tsMs + settings.gracePeriodMs - settings.forMs;
    } else {
      activeAtMs += tsMs - downAtMs;
    }
    next.set(key, { ...alert, activeAtMs });
  }
  return next;
}

/** One evaluation of an alerting rule: its time and the alerts its expression produced. */
export interface AlertEvaluation {
  readonly tsMs: number;
  readonly candidates: readonly AlertCandidate[];
}

/** The rule's alerts after each evaluation, as a stream. */
export function alertStates(timing: AlertTiming): OperatorFunction<AlertEvaluation, ActiveAlerts> {
  return scan<AlertEvaluation, ActiveAlerts>((alerts, evaluation) => advanceAlerts(alerts, evaluation.candidates, evaluation.tsMs, timing).alerts, new Map());
}
