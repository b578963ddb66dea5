/**
 * One evaluation of a rule group, as Prometheus's Group.Eval does it: the rules run in order at
 * the group's timestamp (minus its query offset), each appending and committing its output
 * before the next runs, so that a rule sees the results of the ones before it. Recording rules
 * write their vector under the recorded name; alerting rules advance their alerts, write ALERTS
 * and ALERTS_FOR_STATE, and hand due alerts to the notifier. A series a rule stopped producing
 * gets a staleness marker. The state between evaluations is an immutable value.
 */
import type { AlertingRuleDefinition, RecordingRuleDefinition, RuleDefinition, RuleGroupDefinition } from '../config/ruleFiles.js';
import { formatExpr } from '../lang/promql/printer.js';
import type { Engine } from '../lang/promql/engine.js';
import type { VectorSample } from '../lang/promql/queryResult.js';
import { expandAlertTemplate, type PrometheusFunctionContext } from '../lang/template/index.js';
import { Labels, METRIC_NAME } from '../model/labels.js';
import { Matcher } from '../model/matcher.js';
import type { NotificationAlert } from '../model/notificationAlert.js';
import { STALE_NAN } from '../model/staleness.js';
import type { Appendable, Queryable } from '../model/storage.js';
import {
  advanceAlerts,
  alertsDueForSending,
  alertSeriesSamples,
  restoreForState,
  type ActiveAlerts,
  type Alert,
  type AlertCandidate,
  type ForStateSample,
  type RuleSample,
} from './alertState.js';

export type RuleHealth = 'unknown' | 'ok' | 'err';

/** What one rule carries from one evaluation to the next. */
export interface RuleState {
  readonly health: RuleHealth;
  readonly lastError: string;
  /** When it was last evaluated (the group's timestamp, ms; 0: never). */
  readonly lastEvaluationMs: number;
  readonly evaluationDurationMs: number;
  /** The series it wrote at its last evaluation, by label key (for staleness markers). */
  readonly writtenSeries: ReadonlyMap<string, Labels>;
  /** Alerting rules: the alerts. */
  readonly alerts: ActiveAlerts;
  /** Alerting rules: whether the `for` state was restored (ALERTS are written only once it is). */
  readonly restored: boolean;
}

/** A group's state: one entry per rule, in the group's order. */
export interface RuleGroupState {
  readonly rules: readonly RuleState[];
  readonly lastEvaluationMs: number;
  readonly evaluationDurationMs: number;
  /** Samples the last evaluation wrote. */
  readonly lastSamples: number;
}

/** What an evaluation needs from the server. */
export interface RuleEvaluationContext {
  readonly engine: Engine;
  readonly queryable: Queryable;
  readonly appendable: Appendable;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
  /** The group's query offset (ms): rules query, and write, at the evaluation time minus it. */
  readonly queryOffsetMs: number;
  /** Receives the alerts due for sending after each alerting rule. */
  readonly notify?: (alerts: readonly NotificationAlert[]) => void;
  /** `--rules.alert.resend-delay` and the group's interval, which decide when alerts are re-sent. */
  readonly resendDelayMs: number;
  readonly intervalMs: number;
  /** Measures durations (ms); Date.now by default. */
  readonly clock?: () => number;
}

/** The result of one group evaluation. */
export interface RuleGroupEvaluation {
  readonly state: RuleGroupState;
  /** Rules that failed this time (each is also in its state's `lastError`). */
  readonly failures: number;
}

/** A group's state before its first evaluation; `restored: false` defers ALERTS until the `for` state is restored. */
export function newRuleGroupState(group: RuleGroupDefinition, options: { readonly restored?: boolean } = {}): RuleGroupState {
  const restored = options.restored ?? true;
  return {
    rules: group.rules.map(() => ({
      health: 'unknown' as const,
      lastError: '',
      lastEvaluationMs: 0,
      evaluationDurationMs: 0,
      writtenSeries: new Map(),
      alerts: new Map(),
      restored,
    })),
    lastEvaluationMs: 0,
    evaluationDurationMs: 0,
    lastSamples: 0,
  };
}

/** A rule's identity for carrying state across a reload: its name and labels (Prometheus's nameAndLabels). */
function ruleIdentity(rule: RuleDefinition): string {
  return `${rule.name}${Labels.from(rule.labels).key}`;
}

/**
 * The state a changed group starts from after a reload (Prometheus's CopyState): every rule that
 * kept its name and labels keeps its alerts and written series, matched in order.
 */
export function carryOverRuleGroupState(previous: RuleGroupDefinition, previousState: RuleGroupState, next: RuleGroupDefinition, nextState: RuleGroupState): RuleGroupState {
  const byIdentity = new Map<string, number[]>();
  previous.rules.forEach((rule, i) => {
    const id = ruleIdentity(rule);
    byIdentity.set(id, [...(byIdentity.get(id) ?? []), i]);
  });
  const rules = next.rules.map((rule, i) => {
    const candidates = byIdentity.get(ruleIdentity(rule));
    const from = candidates?.shift();
    const fresh = nextState.rules[i]!;
    if (from === undefined) return fresh;
    const old = previousState.rules[from]!;
    return { ...fresh, ...old, restored: fresh.restored || old.restored };
  });
  return { ...nextState, rules, lastEvaluationMs: previousState.lastEvaluationMs, evaluationDurationMs: previousState.evaluationDurationMs };
}

/** Evaluates every rule of the group at `evalTimeMs`, in order. */
export async function evaluateRuleGroup(group: RuleGroupDefinition, state: RuleGroupState, evalTimeMs: number, ctx: RuleEvaluationContext): Promise<RuleGroupEvaluation> {
  const clock = ctx.clock ?? Date.now;
  const started = clock();
  const rules: RuleState[] = [];
  let failures = 0;
  let samples = 0;
  for (let i = 0; i < group.rules.length; i++) {
    const rule = group.rules[i]!;
    const before = state.rules[i]!;
    const ruleStarted = clock();
    const timing = { lastEvaluationMs: evalTimeMs };
    let after: RuleState;
    try {
      const outcome = rule.kind === 'recording' ? await recordingRuleOutput(rule, evalTimeMs, group.limit, ctx) : await alertingRuleOutput(rule, before, evalTimeMs, group.limit, ctx);
      const written = await writeRuleOutput(outcome.samples, before.writtenSeries, evalTimeMs - ctx.queryOffsetMs, ctx.appendable);
      samples += outcome.samples.length;
      after = { ...before, ...timing, health: 'ok', lastError: '', alerts: outcome.alerts, writtenSeries: written, evaluationDurationMs: clock() - ruleStarted };
    } catch (e) {
      failures++;
      // A failed rule writes nothing and keeps its series: no staleness markers for a failure.
      after = { ...before, ...timing, health: 'err', lastError: errorText(e), evaluationDurationMs: clock() - ruleStarted };
      if (e instanceof AlertLimitError) after = { ...after, alerts: new Map() };
    }
    rules.push(after);
  }
  return { state: { rules, lastEvaluationMs: evalTimeMs, evaluationDurationMs: clock() - started, lastSamples: samples }, failures };
}

/** The samples of the group's last evaluation still to be marked stale when the group goes away. */
export function staleSeriesOf(state: RuleGroupState): Labels[] {
  return state.rules.flatMap((rule) => [...rule.writtenSeries.values()]);
}

/** Writes staleness markers for every series at `tMs` (a group that was removed). */
export async function writeStalenessMarkers(series: readonly Labels[], tMs: number, appendable: Appendable): Promise<void> {
  if (series.length === 0) return;
  const appender = appendable.appender();
  for (const labels of series) appender.append(0, labels, tMs, STALE_NAN);
  await appender.commit();
}

/** What one rule produced this time. */
interface RuleOutput {
  readonly samples: readonly RuleSample[];
  readonly alerts: ActiveAlerts;
}

class AlertLimitError extends Error {}

async function recordingRuleOutput(rule: RecordingRuleDefinition, evalTimeMs: number, limit: number, ctx: RuleEvaluationContext): Promise<RuleOutput> {
  const vector = await queryVector(ctx, rule.ast, evalTimeMs - ctx.queryOffsetMs);
  const samples: RuleSample[] = [];
  const seen = new Set<string>();
  for (const sample of vector) {
    let labels = sample.labels.with(METRIC_NAME, rule.name);
    for (const [name, value] of Object.entries(rule.labels)) labels = value === '' ? labels.without(name) : labels.with(name, value);
    if (seen.has(labels.key)) throw new Error('vector contains metrics with the same labelset after applying rule labels');
    seen.add(labels.key);
    samples.push({ labels, t: sample.t, v: sample.v });
  }
  if (limit > 0 && samples.length > limit) throw new Error(`exceeded limit of ${limit} with ${samples.length} series`);
  return { samples, alerts: new Map() };
}

async function alertingRuleOutput(rule: AlertingRuleDefinition, before: RuleState, evalTimeMs: number, limit: number, ctx: RuleEvaluationContext): Promise<RuleOutput> {
  const queryTimeMs = evalTimeMs - ctx.queryOffsetMs;
  const vector = await queryVector(ctx, rule.ast, queryTimeMs);
  const templateContext: PrometheusFunctionContext = {
    timestampMs: evalTimeMs,
    externalURL: ctx.externalURL,
    query: async (text, t) => (await queryVector(ctx, text, t)).map((s) => ({ labels: s.labels.toRecord(), value: s.v })),
  };
  const candidates: AlertCandidate[] = [];
  const seen = new Set<string>();
  for (const sample of vector) {
    const input = { labels: sample.labels.toRecord(), externalLabels: ctx.externalLabels, externalURL: ctx.externalURL, value: sample.v };
    const expand = async (text: string): Promise<string> => (await expandAlertTemplate(text, rule.name, input, templateContext)).text;
    let labels = sample.labels.without(METRIC_NAME);
    for (const [name, text] of Object.entries(rule.labels)) {
      const value = await expand(text);
      labels = value === '' ? labels.without(name) : labels.with(name, value);
    }
    labels = labels.with('alertname', rule.name);
    const annotations: Record<string, string> = {};
    for (const [name, text] of Object.entries(rule.annotations)) annotations[name] = await expand(text);
    if (seen.has(labels.key)) throw new Error('vector contains metrics with the same labelset after applying alert labels');
    seen.add(labels.key);
    candidates.push({ labels, annotations: Labels.from(annotations), value: sample.v });
  }
  const advanced = advanceAlerts(before.alerts, candidates, evalTimeMs, { forMs: rule.for, keepFiringForMs: rule.keepFiringFor });
  if (limit > 0 && advanced.activeCount > limit) throw new AlertLimitError(`exceeded limit of ${limit} with ${advanced.activeCount} alerts`);
  const due = alertsDueForSending(advanced.alerts, evalTimeMs, ctx.resendDelayMs, ctx.intervalMs);
  if (ctx.notify !== undefined && due.send.length > 0) ctx.notify(due.send.map((alert) => notificationOf(alert, rule, ctx.externalURL)));
  return { samples: before.restored ? alertSeriesSamples(due.alerts, queryTimeMs) : [], alerts: due.alerts };
}

/** Appends a rule's output and markers for what it no longer produces; returns the series written. */
async function writeRuleOutput(samples: readonly RuleSample[], previous: ReadonlyMap<string, Labels>, tMs: number, appendable: Appendable): Promise<Map<string, Labels>> {
  const written = new Map<string, Labels>();
  const appender = appendable.appender();
  for (const sample of samples) {
    appender.append(0, sample.labels, sample.t, sample.v);
    written.set(sample.labels.key, sample.labels);
  }
  for (const [key, labels] of previous) if (!written.has(key)) appender.append(0, labels, tMs, STALE_NAN);
  await appender.commit();
  return written;
}

/** Runs an instant query for a rule: a scalar becomes a one-sample vector, anything else but a vector is an error. */
async function queryVector(ctx: RuleEvaluationContext, expr: RuleDefinition['ast'] | string, timeMs: number): Promise<VectorSample[]> {
  const result = await ctx.engine.instantQuery(ctx.queryable, expr, timeMs);
  if (result.type === 'vector') return result.samples;
  if (result.type === 'scalar') return [{ labels: Labels.EMPTY, t: result.t, v: result.v }];
  throw new Error('rule result is not a vector or scalar');
}

/** Prometheus's notifier.Alert for a rule's alert: resolved alerts end when they resolved, firing ones when they stop being valid. */
function notificationOf(alert: Alert, rule: AlertingRuleDefinition, externalURL: string): NotificationAlert {
  return {
    labels: alert.labels,
    annotations: alert.annotations,
    startsAtMs: alert.firedAtMs,
    endsAtMs: alert.resolvedAtMs !== 0 ? alert.resolvedAtMs : alert.validUntilMs,
    generatorURL: externalURL + expressionLink(formatExpr(rule.ast)),
  };
}

/** The graph-page link to an expression, with Go's query escaping (space as `+`). */
export function expressionLink(expr: string): string {
  return `/graph?g0.expr=${encodeURIComponent(expr).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}&g0.tab=1`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Settings for restoring alerts' `for` state after a restart. */
export interface ForStateRestore {
  readonly queryable: Queryable;
  /** `--rules.alert.for-outage-tolerance`. */
  readonly outageToleranceMs: number;
  /** `--rules.alert.for-grace-period`. */
  readonly gracePeriodMs: number;
}

/**
 * Restores every alerting rule's `for` clocks from ALERTS_FOR_STATE written before a restart
 * (Prometheus's RestoreForState): rules whose `for` is shorter than the grace period are not
 * restored; the others read the series of the last outage-tolerance window.
 */
export async function restoreRuleGroupState(group: RuleGroupDefinition, state: RuleGroupState, tsMs: number, settings: ForStateRestore): Promise<RuleGroupState> {
  const rules: RuleState[] = [];
  for (let i = 0; i < group.rules.length; i++) {
    const rule = group.rules[i]!;
    const ruleState = state.rules[i]!;
    if (rule.kind !== 'alerting' || rule.for < settings.gracePeriodMs) {
      rules.push({ ...ruleState, restored: true });
      continue;
    }
    // Like Prometheus, the rule's label templates are matched as written.
    const matchers = [
      new Matcher('=', METRIC_NAME, 'ALERTS_FOR_STATE'),
      new Matcher('=', 'alertname', rule.name),
      ...Object.entries(rule.labels).map(([name, value]) => new Matcher('=', name, value)),
    ];
    const series = await settings.queryable.select(matchers, tsMs - settings.outageToleranceMs, tsMs);
    const lastForState = new Map<string, ForStateSample>();
    for (const s of series) {
      const samples = s.samples();
      if (samples.length === 0) continue;
      lastForState.set(s.labels.without(METRIC_NAME).key, { t: samples.timestamps[samples.length - 1]!, v: samples.values[samples.length - 1]! });
    }
    const alerts = restoreForState(ruleState.alerts, lastForState, tsMs, { forMs: rule.for, gracePeriodMs: settings.gracePeriodMs });
    rules.push({ ...ruleState, alerts, restored: true });
  }
  return { ...state, rules };
}
