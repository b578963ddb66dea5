/**
 * Loads prometheus.yml the way Prometheus 3's config.LoadFile does: strict YAML, defaults applied
 * section by section, validation with Prometheus's messages, paths joined to the file's directory,
 * `${VAR}` expansion in external labels, and the agent-mode restrictions.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { quoteGoString } from '../model/goString.js';
import { decodeAlertingConfig, finalizeAlertingConfig, type AlertingConfig } from './alertingConfig.js';
import { ConfigError, Fields, parseYamlSource } from './decode.js';
import { expandEnv } from './envExpand.js';
import { isAllowedFilePattern } from './glob.js';
import { decodeGlobalConfig, type GlobalConfig } from './globalConfig.js';
import { resolveConfigPath } from './httpClientConfig.js';
import { decodeOtlpConfig, otlpTranslationProblem, type OtlpConfig } from './otlpConfig.js';
import { validateRelabelConfigs } from './relabelConfig.js';
import { decodeRemoteReadList, type RemoteReadConfig } from './remoteReadConfig.js';
import { decodeRemoteWriteList, type RemoteWriteConfig } from './remoteWriteConfig.js';
import { decodeRuntimeConfig, type RuntimeConfig } from './runtimeConfig.js';
import { decodeScrapeConfigList, finalizeScrapeConfig, type ScrapeConfig } from './scrapeConfig.js';
import { resolveScrapeConfigs } from './scrapeConfigFiles.js';
import { decodeStorageConfig, type StorageConfig } from './storageConfig.js';
import { decodeTracingConfig, type TracingConfig } from './tracingConfig.js';
import { readUtf8 } from './utf8File.js';

export { ConfigError } from './decode.js';

/** A loaded, validated prometheus.yml with every default applied. */
export interface PrometheusConfig {
  /** The path the config was loaded from (as given). */
  readonly file: string;
  /** The directory relative paths in the config were joined to. */
  readonly directory: string;
  readonly global: GlobalConfig;
  readonly runtime: RuntimeConfig;
  /** Rule file globs, joined to the config's directory. */
  readonly ruleFiles: readonly string[];
  /** scrape_config_files globs, joined to the config's directory. */
  readonly scrapeConfigFiles: readonly string[];
  /**
   * The jobs to scrape: the config's own, then (once resolved, which loadConfigFile does by
   * default) those of the scrape_config_files. `sourceFile` tells them apart.
   */
  readonly scrapeConfigs: readonly ScrapeConfig[];
  readonly alerting: AlertingConfig;
  readonly remoteWrite: readonly RemoteWriteConfig[];
  readonly remoteRead: readonly RemoteReadConfig[];
  readonly storage: StorageConfig;
  /** undefined when tracing is not configured. */
  readonly tracing: TracingConfig | undefined;
  readonly otlp: OtlpConfig;
}

export interface LoadOptions {
  /** Agent mode forbids alerting, rule_files and remote_read. */
  readonly agentMode?: boolean;
  /** Environment for `${VAR}` in external labels and GOGC; defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface LoadFileOptions extends LoadOptions {
  /** Read scrape_config_files and append their jobs (default true); false loads only the file itself, like Prometheus's LoadFile. */
  readonly resolveScrapeConfigFiles?: boolean;
}

/** Parses config text; `file` names it in errors and its directory anchors relative paths. No file is read. */
export function parseConfig(text: string, file: string, options: LoadOptions = {}): PrometheusConfig {
  const env = options.env ?? process.env;
  const directory = dirname(file);
  const { root, source } = parseYamlSource(text, file);
  const f = new Fields(root, 'config.plain', source);
  const global = decodeGlobalConfig(f.sub('global', 'config.plain'), directory);
  const runtime = decodeRuntimeConfig(f.sub('runtime', 'config.RuntimeConfig'), env);
  const alertingDraft = decodeAlertingConfig(f.sub('alerting', 'config.plain'), directory);
  const ruleFiles = f.stringList('rule_files') ?? [];
  const scrapeConfigFiles = f.stringList('scrape_config_files') ?? [];
  const scrapeDrafts = decodeScrapeConfigList(f, 'scrape_configs', directory);
  const storage = decodeStorageConfig(f.sub('storage', 'config.StorageConfig'));
  const tracing = decodeTracingConfig(f.sub('tracing', 'config.plain'), directory);
  const remoteWriteDrafts = decodeRemoteWriteList(f, directory);
  const remoteReadEntries = decodeRemoteReadList(f, directory);
  const otlp = decodeOtlpConfig(f.sub('otlp', 'config.plain'));
  f.done();

  // Cross-section validation, in Prometheus's order.
  for (const path of ruleFiles) {
    if (!isAllowedFilePattern(path)) throw f.error(f.node_('rule_files'), `invalid rule file path ${quoteGoString(path)}`);
  }
  for (const path of scrapeConfigFiles) {
    if (!isAllowedFilePattern(path)) throw f.error(f.node_('scrape_config_files'), `invalid scrape config file path ${quoteGoString(path)}`);
  }
  const scrapeConfigs: ScrapeConfig[] = [];
  const jobNames = new Set<string>();
  for (const draft of scrapeDrafts) {
    if ('nullEntry' in draft) throw draft.nullEntry;
    const job = finalizeScrapeConfig(draft, global);
    if (jobNames.has(job.jobName)) throw draft.error(`found multiple scrape configs with job name ${quoteGoString(job.jobName)}`, 'job_name');
    jobNames.add(job.jobName);
    scrapeConfigs.push(job);
  }
  const alerting = finalizeAlertingConfig(alertingDraft, global.metricNameValidationScheme);
  const remoteWrite = uniquelyNamed(remoteWriteDrafts, 'remote write', (d) => d).map(({ writeRelabelDrafts, error: _error, ...rw }) => ({
    ...rw,
    writeRelabelConfigs: validateRelabelConfigs(writeRelabelDrafts, global.metricNameValidationScheme),
  }));
  const remoteRead = uniquelyNamed(remoteReadEntries, 'remote read', (e) => e.config).map((e) => e.config);

  const problem = otlpTranslationProblem(otlp.translationStrategy, global.metricNameValidationScheme);
  if (problem !== undefined) throw f.error(f.node_('otlp'), problem);
  if (options.agentMode) {
    // Prometheus reports these without a position; they are about whole sections.
    const forbidden = (field: string): ConfigError => new ConfigError(`${file}: field ${field} is not allowed in agent mode`);
    if (alerting.alertmanagers.length > 0 || alerting.alertRelabelConfigs.length > 0) throw forbidden('alerting');
    if (ruleFiles.length > 0) throw forbidden('rule_files');
    if (remoteRead.length > 0) throw forbidden('remote_read');
  }

  return {
    file,
    directory,
    global: { ...global, externalLabels: expandExternalLabels(global.externalLabels, env) },
    runtime,
    ruleFiles: ruleFiles.map((p) => resolveConfigPath(directory, p)),
    scrapeConfigFiles: scrapeConfigFiles.map((p) => resolveConfigPath(directory, p)),
    scrapeConfigs,
    alerting,
    remoteWrite,
    remoteRead,
    storage,
    tracing,
    otlp,
  };
}

/** Null entries fail here; named entries must be unique (unnamed ones are named by hash later). */
function uniquelyNamed<T extends { readonly error: (message: string) => ConfigError }>(
  entries: ReadonlyArray<T | ConfigError>,
  kind: string,
  configOf: (entry: T) => { readonly name: string },
): T[] {
  const names = new Set<string>();
  return entries.map((entry) => {
    if (entry instanceof ConfigError) throw entry;
    const { name } = configOf(entry);
    if (name !== '' && names.has(name)) throw entry.error(`found multiple ${kind} configs with job name ${quoteGoString(name)}`);
    names.add(name);
    return entry;
  });
}

/** `${VAR}` and `$VAR` in external label values come from the environment; `$$` is a literal `$`. */
function expandExternalLabels(labels: Readonly<Record<string, string>>, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    // A label may end up empty; Prometheus keeps it (prometheus/prometheus#11024).
    out[name] = expandEnv(value, (v) => (v === '$' ? '$' : (env[v] ?? '')));
  }
  return out;
}

/** Reads and validates a config file, then (unless told not to) the scrape_config_files it names. */
export async function loadConfigFile(path: string, options: LoadFileOptions = {}): Promise<PrometheusConfig> {
  let text: string;
  try {
    text = readUtf8(await readFile(path), path);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`${path}: ${(e as Error).message}`);
  }
  const config = parseConfig(text, path, options);
  if (options.resolveScrapeConfigFiles === false || config.scrapeConfigFiles.length === 0) return config;
  return { ...config, scrapeConfigs: await resolveScrapeConfigs(config) };
}
