/** `/api/v1/rules` and `/api/v1/alerts`, shaped like Prometheus's, from the running rule groups. */
import type { Request, Router } from 'express';
import { formatExpr } from '../../lang/promql/printer.js';
import { formatGoFloat } from '../../lang/template/goFloat.js';
import { Labels } from '../../model/labels.js';
import type { Alert, AlertState } from '../../operators/alertState.js';
import type { RuleState } from '../../operators/ruleGroupEvaluation.js';
import type { RulesView, RunningRuleGroup } from '../../streams/rulesView.js';
import type { AlertingRuleDefinition, RuleDefinition } from '../../config/ruleFiles.js';
import { ApiError, dataHandler } from './apiResponse.js';
import { encodeLabels } from './jsonEncoding.js';
import { param, params } from './params.js';

/** Registers the endpoints on a router. */
export function registerRulesEndpoints(router: Router, view: RulesView): void {
  router.get('/api/v1/rules', dataHandler((req: Request) => rulesJson(req, view)));
  router.get('/api/v1/alerts', dataHandler(() => alertsJson(view)));
}

/** The filters of /api/v1/rules. */
interface RuleFilter {
  readonly type: 'alert' | 'record' | undefined;
  readonly names: ReadonlySet<string>;
  readonly groups: ReadonlySet<string>;
  readonly files: ReadonlySet<string>;
  readonly excludeAlerts: boolean;
}

function ruleFilterOf(req: Request): RuleFilter {
  const type = (param(req, 'type') ?? '').toLowerCase();
  if (type !== '' && type !== 'alert' && type !== 'record') throw new ApiError('bad_data', `invalid query parameter type='${type}'`);
  const excludeText = param(req, 'exclude_alerts') ?? '';
  if (excludeText !== '' && !['true', 'false', '1', '0', 't', 'f', 'TRUE', 'FALSE', 'True', 'False'].includes(excludeText)) {
    throw new ApiError('bad_data', `parsing exclude_alerts: strconv.ParseBool: parsing "${excludeText}": invalid syntax`);
  }
  return {
    type: type === '' ? undefined : type,
    names: new Set(params(req, 'rule_name[]')),
    groups: new Set(params(req, 'rule_group[]')),
    files: new Set(params(req, 'file[]')),
    excludeAlerts: ['true', '1', 't', 'TRUE', 'True'].includes(excludeText),
  };
}

function rulesJson(req: Request, view: RulesView): string {
  const filter = ruleFilterOf(req);
  const groups: string[] = [];
  for (const group of view.list()) {
    const { definition, state } = group;
    if (filter.groups.size > 0 && !filter.groups.has(definition.name)) continue;
    if (filter.files.size > 0 && !filter.files.has(definition.file)) continue;
    const rules: string[] = [];
    definition.rules.forEach((rule, i) => {
      if (filter.names.size > 0 && !filter.names.has(rule.name)) return;
      if (filter.type === 'alert' && rule.kind !== 'alerting') return;
      if (filter.type === 'record' && rule.kind !== 'recording') return;
      rules.push(ruleJson(rule, state.rules[i]!, filter.excludeAlerts));
    });
    // Prometheus leaves out groups that filtering emptied, but keeps empty groups when nothing filters rules.
    const filtersRules = filter.names.size > 0 || filter.type !== undefined;
    if (filtersRules && rules.length === 0) continue;
    groups.push(groupJson(group, rules));
  }
  return `{"groups":[${groups.join(',')}]}`;
}

function groupJson(group: RunningRuleGroup, rules: readonly string[]): string {
  const { definition, state } = group;
  return (
    `{"name":${JSON.stringify(definition.name)},"file":${JSON.stringify(definition.file)},"rules":[${rules.join(',')}],` +
    `"interval":${group.intervalMs / 1000},"limit":${definition.limit},"evaluationTime":${state.evaluationDurationMs / 1000},` +
    `"lastEvaluation":${JSON.stringify(goTimeText(state.lastEvaluationMs))}}`
  );
}

function ruleJson(rule: RuleDefinition, state: RuleState, excludeAlerts: boolean): string {
  const query = JSON.stringify(formatExpr(rule.ast));
  const health = `"health":${JSON.stringify(state.health)}${state.lastError === '' ? '' : `,"lastError":${JSON.stringify(state.lastError)}`}`;
  const timing = `"evaluationTime":${state.evaluationDurationMs / 1000},"lastEvaluation":${JSON.stringify(goTimeText(state.lastEvaluationMs))}`;
  const labels = Labels.from(rule.labels);
  if (rule.kind === 'recording') {
    return `{"name":${JSON.stringify(rule.name)},"query":${query}${labels.size === 0 ? '' : `,"labels":${encodeLabels(labels)}`},${health},${timing},"type":"recording"}`;
  }
  const alerts = activeAlertsOf(state);
  return (
    `{"state":"${ruleAlertState(alerts)}","name":${JSON.stringify(rule.name)},"query":${query},"duration":${rule.for / 1000},` +
    `"keepFiringFor":${rule.keepFiringFor / 1000},"labels":${encodeLabels(labels)},"annotations":${encodeLabels(Labels.from((rule as AlertingRuleDefinition).annotations))},` +
    `"alerts":${excludeAlerts ? '[]' : `[${alerts.map(alertJson).join(',')}]`},${health},${timing},"type":"alerting"}`
  );
}

/** Pending and firing alerts (resolved ones are kept only to tell Alertmanager). */
function activeAlertsOf(state: RuleState): Alert[] {
  return [...state.alerts.values()].filter((a) => a.state !== 'inactive');
}

/** A rule's state is its most severe alert's. */
function ruleAlertState(alerts: readonly Alert[]): AlertState {
  if (alerts.some((a) => a.state === 'firing')) return 'firing';
  return alerts.length > 0 ? 'pending' : 'inactive';
}

function alertJson(alert: Alert): string {
  return (
    `{"labels":${encodeLabels(alert.labels)},"annotations":${encodeLabels(alert.annotations)},"state":"${alert.state}",` +
    `"activeAt":${JSON.stringify(goTimeText(alert.activeAtMs))}` +
    `${alert.keepFiringSinceMs === 0 ? '' : `,"keepFiringSince":${JSON.stringify(goTimeText(alert.keepFiringSinceMs))}`}` +
    `,"value":${JSON.stringify(formatGoFloat(alert.value, 'e', -1))}}`
  );
}

function alertsJson(view: RulesView): string {
  const alerts = view.list().flatMap((group) => group.state.rules.flatMap((rule) => activeAlertsOf(rule).map(alertJson)));
  return `{"alerts":[${alerts.join(',')}]}`;
}

/** A time as Go's JSON encoding writes it (RFC 3339, trailing fraction zeros dropped); 0 is Go's zero time. */
function goTimeText(ms: number): string {
  if (ms === 0) return '0001-01-01T00:00:00Z';
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}
