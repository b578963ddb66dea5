/**
 * The small top-level sections as Prometheus marshals them: `global`, `runtime`, `storage`,
 * `tracing` and `otlp`.
 */
import { DEFAULT_GLOBAL_CONFIG, type GlobalConfig } from '../globalConfig.js';
import type { OtlpConfig } from '../otlpConfig.js';
import type { RuntimeConfig } from '../runtimeConfig.js';
import type { StorageConfig } from '../storageConfig.js';
import type { TracingConfig } from '../tracingConfig.js';
import { optTls } from './httpClientYaml.js';
import type { MarshalContext } from './marshalContext.js';
import {
  bool, int, optBool, optBytes, optDuration, optFloat, optInt, optStr, optStringMap, optStrings, str, struct,
  type YamlNode,
} from './yamlNodes.js';

const DEFAULT_MAX_EXEMPLARS = 100_000;

/** Whether the global section holds exactly the defaults, as when the file has none. */
function isDefaultGlobal(g: GlobalConfig): boolean {
  return (Object.keys(DEFAULT_GLOBAL_CONFIG) as Array<keyof GlobalConfig>).every(
    (key) => JSON.stringify(g[key]) === JSON.stringify(DEFAULT_GLOBAL_CONFIG[key]),
  );
}

/**
 * The global section. Without a `global` section Prometheus keeps its DefaultGlobalConfig, whose
 * escaping scheme is `allow-utf-8`; a written section leaves it empty unless set. The loaded
 * config does not say which case it was, so an all-default section prints as the former.
 */
export function globalNode(g: GlobalConfig): YamlNode {
  const escaping = g.metricNameEscapingScheme || (isDefaultGlobal(g) ? 'allow-utf-8' : '');
  return struct([
    ['scrape_interval', optDuration(g.scrapeIntervalMs)],
    ['scrape_timeout', optDuration(g.scrapeTimeoutMs)],
    ['scrape_protocols', g.scrapeProtocols === null ? undefined : optStrings(g.scrapeProtocols)],
    ['evaluation_interval', optDuration(g.evaluationIntervalMs)],
    ['rule_query_offset', optDuration(g.ruleQueryOffsetMs)],
    ['query_log_file', optStr(g.queryLogFile)],
    ['scrape_failure_log_file', optStr(g.scrapeFailureLogFile)],
    ['external_labels', optStringMap(g.externalLabels)],
    ['body_size_limit', optBytes(g.bodySizeLimitBytes)],
    ['sample_limit', optInt(g.sampleLimit)],
    ['target_limit', optInt(g.targetLimit)],
    ['label_limit', optInt(g.labelLimit)],
    ['label_name_length_limit', optInt(g.labelNameLengthLimit)],
    ['label_value_length_limit', optInt(g.labelValueLengthLimit)],
    ['keep_dropped_targets', optInt(g.keepDroppedTargets)],
    ['metric_name_validation_scheme', optStr(g.metricNameValidationScheme)],
    ['metric_name_escaping_scheme', optStr(escaping)],
    // A *bool that loading always sets (to false by default), so it always prints.
    ['scrape_native_histograms', bool(g.scrapeNativeHistograms)],
    ['convert_classic_histograms_to_nhcb', optBool(g.convertClassicHistogramsToNhcb)],
    ['always_scrape_classic_histograms', optBool(g.alwaysScrapeClassicHistograms)],
    ['extra_scrape_metrics', optBool(g.extraScrapeMetrics)],
  ]);
}

/** The runtime section, left out when gogc is 0 (`runtime,omitempty`). */
export function optRuntimeNode(r: RuntimeConfig): YamlNode | undefined {
  return r.gogc === 0 ? undefined : struct([['gogc', int(r.gogc)]]);
}

/**
 * The storage section. Prometheus's loader leaves it empty when the file has none and fills the
 * exemplar default only when the TSDB starts, while the loaded config here carries that default;
 * so exemplars print only when they differ from it. Go also prints the derived
 * `outofordertimewindow` (milliseconds, an untagged field); it is left out because no loader
 * should be asked to accept it.
 */
export function optStorageNode(s: StorageConfig): YamlNode | undefined {
  const tsdb = s.tsdb;
  const exemplars = s.exemplars.maxExemplars === DEFAULT_MAX_EXEMPLARS
    ? undefined
    : struct([['max_exemplars', optInt(s.exemplars.maxExemplars)]]);
  if (tsdb === undefined && exemplars === undefined) return undefined;
  const retention = tsdb?.retention && struct([
    ['time', optDuration(tsdb.retention.timeMs)],
    ['size', optBytes(tsdb.retention.sizeBytes)],
    ['percentage', optFloat(tsdb.retention.percentage)],
  ]);
  const tsdbNode = tsdb && struct([
    ['out_of_order_time_window', optDuration(tsdb.outOfOrderTimeWindowMs)],
    ['retention', retention],
    ['stale_series_compaction_threshold', optFloat(tsdb.staleSeriesCompactionThreshold)],
    ['chunk_encoding', tsdb.floatChunkEncoding === '' ? undefined : struct([['floats', str(tsdb.floatChunkEncoding)]])],
  ]);
  return struct([['tsdb', tsdbNode], ['exemplars', exemplars]]);
}

/** The tracing section, left out when tracing is not configured. */
export function optTracingNode(t: TracingConfig | undefined, ctx: MarshalContext): YamlNode | undefined {
  if (t === undefined) return undefined;
  return struct([
    ['client_type', optStr(t.clientType)],
    ['endpoint', optStr(t.endpoint)],
    ['sampling_fraction', optFloat(t.samplingFraction)],
    ['insecure', optBool(t.insecure)],
    ['tls_config', optTls(t.tlsConfig, ctx)],
    ['headers', optStringMap(t.headers)],
    ['compression', optStr(t.compression)],
    ['timeout', optDuration(t.timeoutMs)],
  ]);
}

/**
 * The otlp section. The two label-name flags default to true but are omitempty in Go, so an
 * explicit `false` would vanish and reload as true; they print whenever they are false too.
 */
export function otlpNode(o: OtlpConfig): YamlNode {
  return struct([
    ['promote_all_resource_attributes', optBool(o.promoteAllResourceAttributes)],
    ['promote_resource_attributes', optStrings(o.promoteResourceAttributes)],
    ['ignore_resource_attributes', optStrings(o.ignoreResourceAttributes)],
    ['translation_strategy', optStr(o.translationStrategy)],
    ['keep_identifying_resource_attributes', optBool(o.keepIdentifyingResourceAttributes)],
    ['convert_histograms_to_nhcb', optBool(o.convertHistogramsToNhcb)],
    ['promote_scope_metadata', optBool(o.promoteScopeMetadata)],
    ['label_name_underscore_sanitization', bool(o.labelNameUnderscoreSanitization)],
    ['label_name_preserve_multiple_underscores', bool(o.labelNamePreserveMultipleUnderscores)],
  ]);
}
