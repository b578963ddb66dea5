/**
 * What one (re)load brings: prometheus.yml and the rule files it names. They load together, so a
 * bad rule file fails the reload (and the old config and rules keep running), as in Prometheus.
 */
import type { ParseOptions } from '../lang/promql/parser.js';
import type { PrometheusConfig } from './config.js';
import { loadRuleFiles, type RuleFile } from './ruleFiles.js';

export interface LoadedConfig {
  readonly config: PrometheusConfig;
  readonly ruleFiles: readonly RuleFile[];
}

/** Loads the rule files of a config, with its name validation and the enabled PromQL features. */
export async function withRuleFiles(config: PrometheusConfig, parser: ParseOptions): Promise<LoadedConfig> {
  const ruleFiles = await loadRuleFiles(config.ruleFiles, { nameValidationScheme: config.global.metricNameValidationScheme, parser });
  return { config, ruleFiles };
}
