/** The rule manager's self-metrics, with Prometheus's names and the `rule_group` label ("file;name"). */
import { Counter, Gauge, Summary, type Registry } from 'prom-client';

/** What one group evaluation reports. */
export interface GroupIterationReport {
  readonly rules: number;
  readonly failures: number;
  /** Slots skipped because the previous evaluation was still running. */
  readonly missed: number;
  readonly durationMs: number;
  readonly ruleDurationsMs: readonly number[];
  readonly evaluationTimestampMs: number;
  readonly samples: number;
}

export interface RuleMetrics {
  /** A group started (or its settings changed). */
  groupStarted(group: string, intervalMs: number, rules: number): void;
  /** A group finished an evaluation. */
  iteration(group: string, report: GroupIterationReport): void;
  /** A group went away: its series go too. */
  groupRemoved(group: string): void;
}

/** Registers the prometheus_rule_* metrics. */
export function createRuleMetrics(registry: Registry): RuleMetrics {
  const registers = [registry];
  const labelNames = ['rule_group'] as const;
  const evaluations = new Counter({ name: 'prometheus_rule_evaluations_total', help: 'The total number of rule evaluations.', labelNames, registers });
  const failures = new Counter({ name: 'prometheus_rule_evaluation_failures_total', help: 'The total number of rule evaluation failures.', labelNames, registers });
  const scheduled = new Counter({ name: 'prometheus_rule_group_iterations_total', help: 'The total number of scheduled rule group evaluations, whether executed or missed.', labelNames, registers });
  const missed = new Counter({ name: 'prometheus_rule_group_iterations_missed_total', help: 'The total number of rule group evaluations missed due to slow rule group evaluation.', labelNames, registers });
  const interval = new Gauge({ name: 'prometheus_rule_group_interval_seconds', help: 'The interval of a rule group.', labelNames, registers });
  const lastDuration = new Gauge({ name: 'prometheus_rule_group_last_duration_seconds', help: 'The duration of the last rule group evaluation.', labelNames, registers });
  const lastTimestamp = new Gauge({ name: 'prometheus_rule_group_last_evaluation_timestamp_seconds', help: 'The timestamp of the last rule group evaluation in seconds.', labelNames, registers });
  const lastSamples = new Gauge({ name: 'prometheus_rule_group_last_evaluation_samples', help: 'The number of samples returned during the last rule group evaluation.', labelNames, registers });
  const rules = new Gauge({ name: 'prometheus_rule_group_rules', help: 'The number of rules.', labelNames, registers });
  const ruleDuration = new Summary({
    name: 'prometheus_rule_evaluation_duration_seconds',
    help: 'The duration for a rule to execute.',
    percentiles: [0.5, 0.9, 0.99],
    registers,
  });
  const groupDuration = new Summary({
    name: 'prometheus_rule_group_duration_seconds',
    help: 'The duration of rule group evaluations.',
    percentiles: [0.01, 0.05, 0.5, 0.9, 0.99],
    registers,
  });
  const perGroup = [evaluations, failures, scheduled, missed, interval, lastDuration, lastTimestamp, lastSamples, rules];
  return {
    groupStarted(group, intervalMs, ruleCount) {
      interval.set({ rule_group: group }, intervalMs / 1000);
      rules.set({ rule_group: group }, ruleCount);
      // Counters exist from the start, at 0, like Prometheus's.
      for (const counter of [evaluations, failures, scheduled, missed]) counter.inc({ rule_group: group }, 0);
    },
    iteration(group, report) {
      const labels = { rule_group: group };
      scheduled.inc(labels, report.missed + 1);
      if (report.missed > 0) missed.inc(labels, report.missed);
      evaluations.inc(labels, report.rules);
      if (report.failures > 0) failures.inc(labels, report.failures);
      lastDuration.set(labels, report.durationMs / 1000);
      lastTimestamp.set(labels, report.evaluationTimestampMs / 1000);
      lastSamples.set(labels, report.samples);
      groupDuration.observe(report.durationMs / 1000);
      for (const ms of report.ruleDurationsMs) ruleDuration.observe(ms / 1000);
    },
    groupRemoved(group) {
      for (const metric of perGroup) metric.remove({ rule_group: group });
    },
  };
}
