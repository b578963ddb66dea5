/**
 * A scrape job as Prometheus's ScrapeConfig marshals it after validation: the values inherited
 * from the global section are filled in, so interval, timeout, protocols, histogram settings and
 * name validation always print; then the HTTP settings, the relabel rules and the discovery
 * sections.
 */
import type { ScrapeConfig } from '../scrapeConfig.js';
import { discoveryFields } from './discoveryYaml.js';
import { httpClientFields } from './httpClientYaml.js';
import type { MarshalContext } from './marshalContext.js';
import { optRelabelList } from './relabelYaml.js';
import {
  bool, goMap, optBool, optBytes, optDuration, optFloat, optInt, optStr, str, strings, struct, type YamlNode,
} from './yamlNodes.js';

/** One `scrape_configs` entry. */
export function scrapeConfigNode(j: ScrapeConfig, ctx: MarshalContext): YamlNode {
  const params = Object.keys(j.params).length === 0 ? undefined : goMap(j.params, (values) => strings(values));
  return struct([
    ['job_name', str(j.jobName)],
    ['honor_labels', optBool(j.honorLabels)],
    ['honor_timestamps', bool(j.honorTimestamps)],
    ['track_timestamps_staleness', bool(j.trackTimestampsStaleness)],
    ['params', params],
    ['scrape_interval', optDuration(j.scrapeIntervalMs)],
    ['scrape_timeout', optDuration(j.scrapeTimeoutMs)],
    ['scrape_protocols', j.scrapeProtocols.length === 0 ? undefined : strings(j.scrapeProtocols)],
    ['fallback_scrape_protocol', optStr(j.fallbackScrapeProtocol)],
    // The *bool fields are set from the global section during validation, so they always print.
    ['scrape_native_histograms', bool(j.scrapeNativeHistograms)],
    ['always_scrape_classic_histograms', bool(j.alwaysScrapeClassicHistograms)],
    ['convert_classic_histograms_to_nhcb', bool(j.convertClassicHistogramsToNhcb)],
    ['scrape_failure_log_file', optStr(j.scrapeFailureLogFile)],
    ['metrics_path', optStr(j.metricsPath)],
    ['scheme', optStr(j.scheme)],
    ['enable_compression', bool(j.enableCompression)],
    ['body_size_limit', optBytes(j.bodySizeLimitBytes)],
    ['sample_limit', optInt(j.sampleLimit)],
    ['target_limit', optInt(j.targetLimit)],
    ['label_limit', optInt(j.labelLimit)],
    ['label_name_length_limit', optInt(j.labelNameLengthLimit)],
    ['label_value_length_limit', optInt(j.labelValueLengthLimit)],
    ['native_histogram_bucket_limit', optInt(j.nativeHistogramBucketLimit)],
    ['native_histogram_min_bucket_factor', optFloat(j.nativeHistogramMinBucketFactor)],
    ['keep_dropped_targets', optInt(j.keepDroppedTargets)],
    ['metric_name_validation_scheme', optStr(j.metricNameValidationScheme)],
    ['metric_name_escaping_scheme', optStr(j.metricNameEscapingScheme)],
    ['extra_scrape_metrics', bool(j.extraScrapeMetrics)],
    ...httpClientFields(j.httpClient, ctx),
    ['relabel_configs', optRelabelList(j.relabelConfigs)],
    ['metric_relabel_configs', optRelabelList(j.metricRelabelConfigs)],
    ...discoveryFields(j.discovery, ctx),
  ]);
}
