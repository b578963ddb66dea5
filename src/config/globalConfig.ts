/**
 * The `global` section: defaults every scrape job and rule group inherits, and the external
 * labels. Defaults and messages follow Prometheus's GlobalConfig.
 */
import { quoteGoString } from '../model/goString.js';
import type { Fields } from './decode.js';
import { resolveConfigPath } from './httpClientConfig.js';
import { isValidLabelNameFor, isValidLabelValue, parseValidationScheme, type NameValidationScheme } from './nameValidation.js';
import { scrapeProtocolsProblem, type ScrapeProtocol } from './scrapeProtocols.js';
import { parseBase2Bytes } from './units.js';

export interface GlobalConfig {
  readonly scrapeIntervalMs: number;
  readonly scrapeTimeoutMs: number;
  /** null when not configured: each job then picks its default from its native-histogram setting. */
  readonly scrapeProtocols: readonly ScrapeProtocol[] | null;
  readonly evaluationIntervalMs: number;
  readonly ruleQueryOffsetMs: number;
  readonly queryLogFile: string;
  readonly scrapeFailureLogFile: string;
  /** Sorted by name; values may be empty after environment expansion, as in Prometheus. */
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly bodySizeLimitBytes: number;
  readonly sampleLimit: number;
  readonly targetLimit: number;
  readonly labelLimit: number;
  readonly labelNameLengthLimit: number;
  readonly labelValueLengthLimit: number;
  readonly keepDroppedTargets: number;
  readonly metricNameValidationScheme: NameValidationScheme;
  /** '' means "derive from the validation scheme" (done per job). */
  readonly metricNameEscapingScheme: string;
  readonly scrapeNativeHistograms: boolean;
  readonly convertClassicHistogramsToNhcb: boolean;
  readonly alwaysScrapeClassicHistograms: boolean;
  readonly extraScrapeMetrics: boolean;
}

export const DEFAULT_GLOBAL_CONFIG: GlobalConfig = {
  scrapeIntervalMs: 60_000,
  scrapeTimeoutMs: 10_000,
  scrapeProtocols: null,
  evaluationIntervalMs: 60_000,
  ruleQueryOffsetMs: 0,
  queryLogFile: '',
  scrapeFailureLogFile: '',
  externalLabels: {},
  bodySizeLimitBytes: 0,
  sampleLimit: 0,
  targetLimit: 0,
  labelLimit: 0,
  labelNameLengthLimit: 0,
  labelValueLengthLimit: 0,
  keepDroppedTargets: 0,
  metricNameValidationScheme: 'utf8',
  metricNameEscapingScheme: '',
  scrapeNativeHistograms: false,
  convertClassicHistogramsToNhcb: false,
  alwaysScrapeClassicHistograms: false,
  extraScrapeMetrics: false,
};

/** Reads a Base2Bytes size field (`15MB`), 0 when absent. */
export function decodeByteSize(f: Fields, key: string): number {
  const text = f.string(key);
  if (text === undefined) return 0;
  try {
    return parseBase2Bytes(text);
  } catch (e) {
    throw f.error(f.node_(key), (e as Error).message);
  }
}

/** Decodes the global section (absent or null gives the defaults); file paths are joined to `configDir`. */
export function decodeGlobalConfig(f: Fields | undefined, configDir: string): GlobalConfig {
  if (f === undefined) return DEFAULT_GLOBAL_CONFIG;
  let scheme: NameValidationScheme;
  try {
    scheme = parseValidationScheme(f.string('metric_name_validation_scheme') ?? '') || DEFAULT_GLOBAL_CONFIG.metricNameValidationScheme;
  } catch (e) {
    throw f.error(f.node_('metric_name_validation_scheme'), (e as Error).message);
  }
  const externalLabels = decodeExternalLabels(f, scheme);
  const scrapeIntervalMs = f.duration('scrape_interval') || DEFAULT_GLOBAL_CONFIG.scrapeIntervalMs;
  let scrapeTimeoutMs = f.duration('scrape_timeout') ?? 0;
  if (scrapeTimeoutMs > scrapeIntervalMs) throw f.error(f.node_('scrape_timeout'), 'global scrape timeout greater than scrape interval');
  if (scrapeTimeoutMs === 0) scrapeTimeoutMs = Math.min(DEFAULT_GLOBAL_CONFIG.scrapeTimeoutMs, scrapeIntervalMs);
  const protocols = f.stringList('scrape_protocols') ?? null;
  if (protocols !== null) {
    const problem = scrapeProtocolsProblem(protocols);
    if (problem !== undefined) throw f.error(f.node_('scrape_protocols'), `${problem} for global config`);
  }
  const config: GlobalConfig = {
    scrapeIntervalMs,
    scrapeTimeoutMs,
    scrapeProtocols: protocols as ScrapeProtocol[] | null,
    evaluationIntervalMs: f.duration('evaluation_interval') || DEFAULT_GLOBAL_CONFIG.evaluationIntervalMs,
    ruleQueryOffsetMs: f.duration('rule_query_offset') ?? 0,
    queryLogFile: resolveConfigPath(configDir, f.string('query_log_file') ?? ''),
    scrapeFailureLogFile: resolveConfigPath(configDir, f.string('scrape_failure_log_file') ?? ''),
    externalLabels,
    bodySizeLimitBytes: decodeByteSize(f, 'body_size_limit'),
    sampleLimit: f.integer('sample_limit', true) ?? 0,
    targetLimit: f.integer('target_limit', true) ?? 0,
    labelLimit: f.integer('label_limit', true) ?? 0,
    labelNameLengthLimit: f.integer('label_name_length_limit', true) ?? 0,
    labelValueLengthLimit: f.integer('label_value_length_limit', true) ?? 0,
    keepDroppedTargets: f.integer('keep_dropped_targets', true) ?? 0,
    metricNameValidationScheme: scheme,
    metricNameEscapingScheme: f.string('metric_name_escaping_scheme') ?? '',
    scrapeNativeHistograms: f.bool('scrape_native_histograms') ?? DEFAULT_GLOBAL_CONFIG.scrapeNativeHistograms,
    convertClassicHistogramsToNhcb: f.bool('convert_classic_histograms_to_nhcb') ?? false,
    alwaysScrapeClassicHistograms: f.bool('always_scrape_classic_histograms') ?? false,
    extraScrapeMetrics: f.bool('extra_scrape_metrics') ?? false,
  };
  f.done();
  return config;
}

function decodeExternalLabels(f: Fields, scheme: NameValidationScheme): Record<string, string> {
  const raw = f.stringMap('external_labels') ?? {};
  const labels: Record<string, string> = {};
  for (const name of Object.keys(raw).sort()) {
    const value = raw[name]!;
    if (!isValidLabelNameFor(scheme, name)) throw f.error(f.node_('external_labels'), `${quoteGoString(name)} is not a valid label name`);
    if (!isValidLabelValue(value)) throw f.error(f.node_('external_labels'), `${quoteGoString(value)} is not a valid label value`);
    labels[name] = value;
  }
  return labels;
}
