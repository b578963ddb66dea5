/**
 * What the rules and alerts APIs show, and what a reload carries over: every rule group of the
 * loaded rule files, in file order, with the state of its last evaluation. The rules pipeline
 * feeds it; the HTTP server reads it.
 */
import { ruleGroupKey, type RuleGroupDefinition } from '../config/ruleFiles.js';
import type { RuleGroupState } from '../operators/ruleGroupEvaluation.js';

/** A rule group as it runs: its definition, effective settings and latest state. */
export interface RunningRuleGroup {
  readonly definition: RuleGroupDefinition;
  readonly intervalMs: number;
  readonly queryOffsetMs: number;
  readonly state: RuleGroupState;
}

export class RulesView {
  private order: readonly string[] = [];
  private readonly groups = new Map<string, RunningRuleGroup>();

  /** Takes the groups of a (re)loaded config, in order; groups no longer there are forgotten. */
  setGroups(definitions: readonly RuleGroupDefinition[]): void {
    this.order = definitions.map(ruleGroupKey);
    const live = new Set(this.order);
    for (const key of this.groups.keys()) if (!live.has(key)) this.groups.delete(key);
  }

  /** Records a group's latest state. */
  record(group: RunningRuleGroup): void {
    this.groups.set(ruleGroupKey(group.definition), group);
  }

  /** The running group with this file and name, if any. */
  get(key: string): RunningRuleGroup | undefined {
    return this.groups.get(key);
  }

  /** Every group in the order of the rule files. */
  list(): RunningRuleGroup[] {
    return this.order.map((key) => this.groups.get(key)).filter((g): g is RunningRuleGroup => g !== undefined);
  }
}
