/**
 * `marshalConfig`: the YAML Prometheus serves at `/api/v1/status/config` (its `Config.String()`,
 * a yaml.Marshal of the loaded config with every default applied), so that a config compared
 * between Prometheus and promstream reads the same. Fields follow the Go structs' order, zero
 * `omitempty` fields are left out, secrets print as `<secret>`, and paths print as loading
 * resolved them (joined to the config file's directory), as Prometheus prints them. Where
 * Prometheus's output would not load again, the output here deviates so that it does (see the
 * comments in the section printers).
 */
import type { PrometheusConfig } from '../config.js';
import { optAlertingNode } from './alertingYaml.js';
import { marshalContext, type MarshalOptions } from './marshalContext.js';
import { remoteReadNode, remoteWriteNode } from './remoteYaml.js';
import { scrapeConfigNode } from './scrapeYaml.js';
import { globalNode, optRuntimeNode, optStorageNode, optTracingNode, otlpNode } from './sectionsYaml.js';
import { emitYaml } from './yamlEmitter.js';
import { optSeq, optStrings, struct, type YamlNode } from './yamlNodes.js';

export type { MarshalOptions } from './marshalContext.js';

/** The config as a YAML document tree, before printing. */
export function configNode(config: PrometheusConfig, options: MarshalOptions = {}): YamlNode {
  const ctx = marshalContext(options);
  // Prometheus's Config holds only the file's own jobs; those of scrape_config_files are read
  // when scrape configs are resolved and never print.
  const ownJobs = config.scrapeConfigs.filter((job) => job.sourceFile === config.file);
  return struct([
    ['global', globalNode(config.global)],
    ['runtime', optRuntimeNode(config.runtime)],
    ['alerting', optAlertingNode(config.alerting, ctx)],
    ['rule_files', optStrings(config.ruleFiles)],
    ['scrape_config_files', optStrings(config.scrapeConfigFiles)],
    ['scrape_configs', optSeq(ownJobs, (job) => scrapeConfigNode(job, ctx))],
    ['storage', optStorageNode(config.storage)],
    ['tracing', optTracingNode(config.tracing, ctx)],
    ['remote_write', optSeq(config.remoteWrite, (rw) => remoteWriteNode(rw, ctx))],
    ['remote_read', optSeq(config.remoteRead, (rr) => remoteReadNode(rr, ctx))],
    ['otlp', otlpNode(config.otlp)],
  ]);
}

/** Prints a loaded config as Prometheus's `/api/v1/status/config` does. */
export function marshalConfig(config: PrometheusConfig, options: MarshalOptions = {}): string {
  return emitYaml(configNode(config, options));
}
