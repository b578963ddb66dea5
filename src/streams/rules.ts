/**
 * The rule manager as a stream: each config's rule groups are reconciled by their definition, so a
 * reload leaves unchanged groups running untouched (pending alerts keep their clock); a changed
 * group restarts from its predecessor's state (Prometheus's CopyState: alerts and written series
 * of rules that kept their name and labels); a removed group marks its series stale. Groups of
 * the config the server started with restore their alerts' `for` state from ALERTS_FOR_STATE.
 */
import { defer, from, ignoreElements, map, tap, type Observable, type SchedulerLike } from 'rxjs';
import { ruleGroupKey, type RuleGroupDefinition } from '../config/ruleFiles.js';
import type { Engine } from '../lang/promql/engine.js';
import type { Labels } from '../model/labels.js';
import type { NotificationAlert } from '../model/notificationAlert.js';
import type { Appendable, Queryable } from '../model/storage.js';
import { reconcileByKey } from '../operators/reconcileByKey.js';
import {
  carryOverRuleGroupState,
  evaluateRuleGroup,
  newRuleGroupState,
  restoreRuleGroupState,
  writeStalenessMarkers,
  type RuleGroupState,
} from '../operators/ruleGroupEvaluation.js';
import type { Logger } from '../telemetry/logger.js';
import type { RuleMetrics } from '../telemetry/ruleMetrics.js';
import { ruleGroupRun, type RuleGroupStop } from './ruleGroup.js';
import type { RulesView, RunningRuleGroup } from './rulesView.js';

/** What the rule manager takes from a (re)loaded config. */
export interface RulesConfig {
  readonly groups: readonly RuleGroupDefinition[];
  readonly evaluationIntervalMs: number;
  readonly ruleQueryOffsetMs: number;
  readonly externalLabels: Readonly<Record<string, string>>;
}

export interface RulesDeps {
  readonly engine: Engine;
  readonly storage: Appendable & Queryable;
  /** Prometheus's --web.external-url, for templates and alert links. */
  readonly externalURL: string;
  readonly resendDelayMs: number;
  readonly outageToleranceMs: number;
  readonly gracePeriodMs: number;
  readonly notify: (alerts: readonly NotificationAlert[]) => void;
  readonly metrics: RuleMetrics;
  readonly view: RulesView;
  readonly logger: Logger;
  readonly now: () => number;
  readonly scheduler?: SchedulerLike;
}

/** A group of one config, with its effective settings. */
interface GroupToRun {
  readonly definition: RuleGroupDefinition;
  readonly intervalMs: number;
  readonly queryOffsetMs: number;
  readonly externalLabels: Readonly<Record<string, string>>;
  /** Whether it belongs to the config the server started with. */
  readonly atStart: boolean;
  /** Everything that makes two groups the same: a different fingerprint restarts the group. */
  readonly fingerprint: string;
}

/** Runs the rule groups of every config until unsubscribed. */
export function rulesStream(config$: Observable<RulesConfig>, deps: RulesDeps): Observable<never> {
  return defer(() => {
    let atStart = true;
    let currentKeys = new Set<string>();
    return config$.pipe(
      map((config) => {
        const groups = config.groups.map((definition) => groupToRun(definition, config, atStart));
        atStart = false;
        currentKeys = new Set(config.groups.map(ruleGroupKey));
        deps.view.setGroups(config.groups);
        return groups;
      }),
      reconcileByKey(
        (group) => group.fingerprint,
        (group, removed$) => runGroup(group, deps, removed$.pipe(map((): RuleGroupStop => (currentKeys.has(ruleGroupKey(group.definition)) ? 'replaced' : 'removed')))),
      ),
      ignoreElements(),
    );
  });
}

function groupToRun(definition: RuleGroupDefinition, config: RulesConfig, atStart: boolean): GroupToRun {
  const intervalMs = definition.interval ?? config.evaluationIntervalMs;
  const queryOffsetMs = definition.queryOffset ?? config.ruleQueryOffsetMs;
  const rules = definition.rules.map(({ ast: _ast, ...written }) => written);
  const fingerprint = JSON.stringify([definition.file, definition.name, intervalMs, queryOffsetMs, definition.limit, definition.labels, rules, config.externalLabels]);
  return { definition, intervalMs, queryOffsetMs, externalLabels: config.externalLabels, atStart, fingerprint };
}

/** Starts one group, from its predecessor's state when a reload changed it. */
function runGroup(group: GroupToRun, deps: RulesDeps, stop$: Observable<RuleGroupStop>): Observable<RuleGroupState> {
  return defer(() => {
    const key = ruleGroupKey(group.definition);
    const fresh = newRuleGroupState(group.definition, { restored: !group.atStart });
    const predecessor = deps.view.get(key);
    const running: RunningRuleGroup = {
      definition: group.definition,
      intervalMs: group.intervalMs,
      queryOffsetMs: group.queryOffsetMs,
      state: predecessor === undefined ? fresh : carryOverRuleGroupState(predecessor.definition, predecessor.state, group.definition, fresh),
    };
    deps.view.record(running);
    deps.metrics.groupStarted(key, group.intervalMs, group.definition.rules.length);
    const logger = deps.logger.child({ file: group.definition.file, group: group.definition.name });
    const context = {
      engine: deps.engine,
      queryable: deps.storage,
      appendable: deps.storage,
      externalLabels: group.externalLabels,
      externalURL: deps.externalURL,
      queryOffsetMs: group.queryOffsetMs,
      notify: deps.notify,
      resendDelayMs: deps.resendDelayMs,
      intervalMs: group.intervalMs,
    };
    return ruleGroupRun(
      running,
      {
        evaluate: (g, state, slotMs) => evaluateRuleGroup(g.definition, state, slotMs, context),
        restore: group.atStart
          ? (g, state, nowMs) => restoreRuleGroupState(g.definition, state, nowMs, { queryable: deps.storage, outageToleranceMs: deps.outageToleranceMs, gracePeriodMs: deps.gracePeriodMs })
          : undefined,
        markStale: (series: readonly Labels[], atMs: number) =>
          from(writeStalenessMarkers(series, atMs, deps.storage).catch((e: Error) => logger.warn({ err: e.message }, 'Writing staleness markers of a removed rule group failed'))),
        onIteration: (g, { evaluation, slotMs, missed }) => {
          const { state } = evaluation;
          g.definition.rules.forEach((rule, i) => {
            const ruleState = state.rules[i]!;
            if (ruleState.health === 'err') logger.warn({ name: rule.name, index: i, rule: rule.expr, err: ruleState.lastError }, 'Evaluating rule failed');
          });
          if (missed > 0) logger.warn({ count: missed }, 'Rule evaluation missed its slots: the previous evaluation was still running');
          deps.metrics.iteration(key, {
            rules: g.definition.rules.length,
            failures: evaluation.failures,
            missed,
            durationMs: state.evaluationDurationMs,
            ruleDurationsMs: state.rules.map((r) => r.evaluationDurationMs),
            evaluationTimestampMs: slotMs,
            samples: state.lastSamples,
          });
        },
        now: deps.now,
        scheduler: deps.scheduler,
      },
      stop$.pipe(
        tap((reason) => {
          if (reason === 'removed') deps.metrics.groupRemoved(key);
        }),
      ),
    ).pipe(tap((state) => deps.view.record({ ...running, state })));
  });
}
