/**
 * One `scrape_configs` entry. Decoding reads what the job says; `finalizeScrapeConfig` then fills
 * what it leaves open from the global section and validates, as Prometheus's ScrapeConfig.Validate
 * does. The split matters because jobs from scrape_config_files are decoded in their own file but
 * validated against the main file's global section.
 */
import type { Node } from 'yaml';
import { quoteGoString } from '../model/goString.js';
import { Fields, isNull, type ConfigError, type SourceContext } from './decode.js';
import { decodeDiscoveryConfigs, type DiscoveryConfig } from './discovery/index.js';
import { decodeByteSize, type GlobalConfig } from './globalConfig.js';
import { decodeHttpClientConfig, resolveConfigPath, type HttpClientConfig } from './httpClientConfig.js';
import { isEscapingScheme, parseValidationScheme, type NameEscapingScheme, type NameValidationScheme } from './nameValidation.js';
import { decodeRelabelList, validateRelabelConfigs, type RelabelConfig, type RelabelDraft } from './relabelConfig.js';
import { DEFAULT_SCRAPE_PROTOCOLS, PROTO_FIRST_SCRAPE_PROTOCOLS, scrapeProtocolProblem, scrapeProtocolsProblem, type ScrapeProtocol } from './scrapeProtocols.js';

/** A validated scrape job with every default applied. */
export interface ScrapeConfig {
  readonly jobName: string;
  /** The file the job is written in: the main config file, or one matched by scrape_config_files. */
  readonly sourceFile: string;
  readonly honorLabels: boolean;
  readonly honorTimestamps: boolean;
  readonly trackTimestampsStaleness: boolean;
  readonly params: Readonly<Record<string, readonly string[]>>;
  readonly scrapeIntervalMs: number;
  readonly scrapeTimeoutMs: number;
  readonly scrapeProtocols: readonly ScrapeProtocol[];
  /** Used when a target's Content-Type is missing or unknown; undefined means "fail the scrape". */
  readonly fallbackScrapeProtocol: ScrapeProtocol | undefined;
  readonly scrapeNativeHistograms: boolean;
  readonly alwaysScrapeClassicHistograms: boolean;
  readonly convertClassicHistogramsToNhcb: boolean;
  readonly scrapeFailureLogFile: string;
  readonly metricsPath: string;
  readonly scheme: string;
  readonly enableCompression: boolean;
  readonly bodySizeLimitBytes: number;
  readonly sampleLimit: number;
  readonly targetLimit: number;
  readonly labelLimit: number;
  readonly labelNameLengthLimit: number;
  readonly labelValueLengthLimit: number;
  readonly nativeHistogramBucketLimit: number;
  readonly nativeHistogramMinBucketFactor: number;
  readonly keepDroppedTargets: number;
  readonly metricNameValidationScheme: NameValidationScheme;
  readonly metricNameEscapingScheme: NameEscapingScheme;
  readonly extraScrapeMetrics: boolean;
  readonly httpClient: HttpClientConfig;
  readonly discovery: readonly DiscoveryConfig[];
  readonly relabelConfigs: readonly RelabelConfig[];
  readonly metricRelabelConfigs: readonly RelabelConfig[];
}

/** A decoded job before the global section is applied: unset fields are undefined. */
export interface ScrapeConfigDraft {
  readonly jobName: string;
  readonly sourceFile: string;
  readonly honorLabels: boolean;
  readonly honorTimestamps: boolean;
  readonly trackTimestampsStaleness: boolean;
  readonly params: Readonly<Record<string, readonly string[]>>;
  readonly scrapeIntervalMs: number;
  readonly scrapeTimeoutMs: number;
  readonly scrapeProtocols: readonly string[] | undefined;
  readonly fallbackScrapeProtocol: string;
  readonly scrapeNativeHistograms: boolean | undefined;
  readonly alwaysScrapeClassicHistograms: boolean | undefined;
  readonly convertClassicHistogramsToNhcb: boolean | undefined;
  readonly scrapeFailureLogFile: string;
  readonly metricsPath: string;
  readonly scheme: string;
  readonly enableCompression: boolean;
  readonly bodySizeLimitBytes: number;
  readonly sampleLimit: number;
  readonly targetLimit: number;
  readonly labelLimit: number;
  readonly labelNameLengthLimit: number;
  readonly labelValueLengthLimit: number;
  readonly nativeHistogramBucketLimit: number;
  readonly nativeHistogramMinBucketFactor: number;
  readonly keepDroppedTargets: number;
  readonly metricNameValidationScheme: NameValidationScheme | '';
  readonly metricNameEscapingScheme: string;
  readonly extraScrapeMetrics: boolean | undefined;
  readonly httpClient: HttpClientConfig;
  readonly discovery: readonly DiscoveryConfig[];
  readonly relabelConfigs: readonly RelabelDraft[];
  readonly metricRelabelConfigs: readonly RelabelDraft[];
  readonly error: (message: string, field?: string) => ConfigError;
}

const NAME_ESCAPING_CHOICES = "must be one of 'allow-utf-8', 'underscores', 'dots', or 'values'";

/** Decodes the entries of a scrape_configs list; null entries stay null (Prometheus rejects them when validating). */
export function decodeScrapeConfigList(parent: Fields, key: string, configDir: string): Array<ScrapeConfigDraft | { readonly nullEntry: ConfigError }> {
  return (parent.list(key) ?? []).map((item) =>
    isNull(item) ? { nullEntry: parent.error(item, 'empty or null scrape config section') } : decodeScrapeConfig(item, parent.source, configDir),
  );
}

/** Decodes one job; file paths are joined to `configDir` (the directory of the file it is written in). */
export function decodeScrapeConfig(node: Node, source: SourceContext, configDir: string): ScrapeConfigDraft {
  const f = new Fields(node, 'config.ScrapeConfig', source);
  // Discovery and HTTP settings validate themselves while decoding, before the job's own checks.
  const discovery = decodeDiscoveryConfigs(f, configDir, 'scrape');
  const httpClient = decodeHttpClientConfig(f, configDir);
  let validation: NameValidationScheme | '';
  try {
    validation = parseValidationScheme(f.string('metric_name_validation_scheme') ?? '');
  } catch (e) {
    throw f.error(f.node_('metric_name_validation_scheme'), (e as Error).message);
  }
  const relabelConfigs = decodeRelabelList(f, 'relabel_configs', 'empty or null target relabeling rule in scrape config');
  const draft: ScrapeConfigDraft = {
    jobName: f.string('job_name') ?? '',
    sourceFile: source.file,
    honorLabels: f.boolOr('honor_labels', false),
    honorTimestamps: f.boolOr('honor_timestamps', true),
    trackTimestampsStaleness: f.boolOr('track_timestamps_staleness', false),
    params: decodeParams(f),
    scrapeIntervalMs: f.duration('scrape_interval') ?? 0,
    scrapeTimeoutMs: f.duration('scrape_timeout') ?? 0,
    scrapeProtocols: f.stringList('scrape_protocols'),
    fallbackScrapeProtocol: f.string('fallback_scrape_protocol') ?? '',
    scrapeNativeHistograms: f.bool('scrape_native_histograms'),
    alwaysScrapeClassicHistograms: f.bool('always_scrape_classic_histograms'),
    convertClassicHistogramsToNhcb: f.bool('convert_classic_histograms_to_nhcb'),
    scrapeFailureLogFile: resolveConfigPath(configDir, f.string('scrape_failure_log_file') ?? ''),
    metricsPath: f.stringOr('metrics_path', '/metrics'),
    scheme: f.stringOr('scheme', 'http'),
    enableCompression: f.boolOr('enable_compression', true),
    bodySizeLimitBytes: decodeByteSize(f, 'body_size_limit'),
    sampleLimit: f.integer('sample_limit', true) ?? 0,
    targetLimit: f.integer('target_limit', true) ?? 0,
    labelLimit: f.integer('label_limit', true) ?? 0,
    labelNameLengthLimit: f.integer('label_name_length_limit', true) ?? 0,
    labelValueLengthLimit: f.integer('label_value_length_limit', true) ?? 0,
    nativeHistogramBucketLimit: f.integer('native_histogram_bucket_limit', true) ?? 0,
    nativeHistogramMinBucketFactor: f.number('native_histogram_min_bucket_factor') ?? 0,
    keepDroppedTargets: f.integer('keep_dropped_targets', true) ?? 0,
    metricNameValidationScheme: validation,
    metricNameEscapingScheme: f.string('metric_name_escaping_scheme') ?? '',
    extraScrapeMetrics: f.bool('extra_scrape_metrics'),
    httpClient,
    discovery,
    relabelConfigs,
    metricRelabelConfigs: decodeRelabelList(f, 'metric_relabel_configs', 'empty or null metric relabeling rule in scrape config'),
    error: (message, field) => f.error(field === undefined ? node : (f.node_(field) ?? node), message),
  };
  f.done();
  // URL-like static targets were already rejected by the discovery decoder (without relabel_configs).
  if (draft.jobName === '') throw f.error(f.node_('job_name') ?? node, 'job_name is empty');
  return draft;
}

function decodeParams(f: Fields): Record<string, string[]> {
  const params: Record<string, string[]> = {};
  const entries = f.entries('params') ?? [];
  const holder = new Fields(f.node_('params') ?? null, 'url.Values', f.source);
  for (const { key } of entries) params[key] = holder.stringList(key) ?? [];
  return params;
}

/** Applies the global section to a job and validates it, with Prometheus's messages. */
export function finalizeScrapeConfig(d: ScrapeConfigDraft, global: GlobalConfig): ScrapeConfig {
  const job = quoteGoString(d.jobName);
  const scrapeIntervalMs = d.scrapeIntervalMs || global.scrapeIntervalMs;
  if (d.scrapeTimeoutMs > scrapeIntervalMs) throw d.error(`scrape timeout greater than scrape interval for scrape config with job name ${job}`, 'scrape_timeout');
  const scrapeTimeoutMs = d.scrapeTimeoutMs || Math.min(global.scrapeTimeoutMs, scrapeIntervalMs);
  const scrapeNativeHistograms = d.scrapeNativeHistograms ?? global.scrapeNativeHistograms;
  // Unset protocols follow the global list if there is one, else whether native histograms are scraped.
  const protocols = d.scrapeProtocols ?? global.scrapeProtocols ?? (scrapeNativeHistograms ? PROTO_FIRST_SCRAPE_PROTOCOLS : DEFAULT_SCRAPE_PROTOCOLS);
  const protocolProblem = scrapeProtocolsProblem(protocols);
  if (protocolProblem !== undefined) throw d.error(`${protocolProblem} for scrape config with job name ${job}`, 'scrape_protocols');
  if (d.fallbackScrapeProtocol !== '') {
    const problem = scrapeProtocolProblem(d.fallbackScrapeProtocol);
    if (problem !== undefined) throw d.error(`invalid fallback_scrape_protocol for scrape config with job name ${job}: ${problem}`, 'fallback_scrape_protocol');
  }
  const validation = d.metricNameValidationScheme || global.metricNameValidationScheme;
  const escaping = resolveEscaping(d, global, validation);
  return {
    jobName: d.jobName,
    sourceFile: d.sourceFile,
    honorLabels: d.honorLabels,
    honorTimestamps: d.honorTimestamps,
    trackTimestampsStaleness: d.trackTimestampsStaleness,
    params: d.params,
    scrapeIntervalMs,
    scrapeTimeoutMs,
    scrapeProtocols: protocols as readonly ScrapeProtocol[],
    fallbackScrapeProtocol: (d.fallbackScrapeProtocol || undefined) as ScrapeProtocol | undefined,
    scrapeNativeHistograms,
    alwaysScrapeClassicHistograms: d.alwaysScrapeClassicHistograms ?? global.alwaysScrapeClassicHistograms,
    convertClassicHistogramsToNhcb: d.convertClassicHistogramsToNhcb ?? global.convertClassicHistogramsToNhcb,
    scrapeFailureLogFile: d.scrapeFailureLogFile || global.scrapeFailureLogFile,
    metricsPath: d.metricsPath,
    scheme: d.scheme,
    enableCompression: d.enableCompression,
    bodySizeLimitBytes: d.bodySizeLimitBytes || global.bodySizeLimitBytes,
    sampleLimit: d.sampleLimit || global.sampleLimit,
    targetLimit: d.targetLimit || global.targetLimit,
    labelLimit: d.labelLimit || global.labelLimit,
    labelNameLengthLimit: d.labelNameLengthLimit || global.labelNameLengthLimit,
    labelValueLengthLimit: d.labelValueLengthLimit || global.labelValueLengthLimit,
    nativeHistogramBucketLimit: d.nativeHistogramBucketLimit,
    nativeHistogramMinBucketFactor: d.nativeHistogramMinBucketFactor,
    keepDroppedTargets: d.keepDroppedTargets || global.keepDroppedTargets,
    metricNameValidationScheme: validation,
    metricNameEscapingScheme: escaping,
    extraScrapeMetrics: d.extraScrapeMetrics ?? global.extraScrapeMetrics,
    httpClient: d.httpClient,
    discovery: d.discovery,
    relabelConfigs: validateRelabelConfigs(d.relabelConfigs, validation),
    metricRelabelConfigs: validateRelabelConfigs(d.metricRelabelConfigs, validation),
  };
}

/**
 * The escaping scheme to request: the job's own, else derived. A job that only sets legacy
 * validation gets `underscores` rather than the global `allow-utf-8`, which would contradict it.
 */
function resolveEscaping(d: ScrapeConfigDraft, global: GlobalConfig, validation: NameValidationScheme): NameEscapingScheme {
  let globalEscaping = global.metricNameEscapingScheme;
  if (globalEscaping === '') globalEscaping = global.metricNameValidationScheme === 'legacy' ? 'underscores' : 'allow-utf-8';
  if (!isEscapingScheme(globalEscaping)) {
    throw d.error(`unknown global name escaping method specified, ${NAME_ESCAPING_CHOICES}, got ${quoteGoString(globalEscaping)}`);
  }
  let escaping = d.metricNameEscapingScheme;
  if (escaping === '') {
    if (d.metricNameValidationScheme === '') escaping = globalEscaping;
    else escaping = validation === 'legacy' ? 'underscores' : 'allow-utf-8';
  }
  if (!isEscapingScheme(escaping)) {
    throw d.error(`unknown scrape config name escaping method specified, ${NAME_ESCAPING_CHOICES}, got ${quoteGoString(escaping)}`, 'metric_name_escaping_scheme');
  }
  if (escaping === 'allow-utf-8' && validation !== 'utf8') throw d.error('utf8 metric names requested but validation scheme is not set to UTF8');
  return escaping;
}
