/**
 * `promtool check config`: loads each prometheus.yml as the server would, then (unless
 * --syntax-only) checks that the files it names exist (rule files, TLS certificates and keys,
 * credentials files), reads existing file_sd files, checks static targets, lints scrape
 * intervals against the lookback delta, and checks the rule files like `check rules`.
 */
import { stat } from 'node:fs/promises';
import { loadConfigFile, type PrometheusConfig } from '../config/config.js';
import type { DiscoveryConfig, FileDiscoveryConfig, KubernetesDiscoveryConfig, StaticDiscoveryConfig } from '../config/discovery/index.js';
import { globFiles } from '../config/glob.js';
import { goFsErrorText } from '../config/goFsError.js';
import type { TlsConfig } from '../config/httpClientConfig.js';
import type { ScrapeConfig } from '../config/scrapeConfig.js';
import { formatDuration } from '../model/duration.js';
import { quoteGoString } from '../model/goString.js';
import type { TargetGroup } from '../model/targetGroup.js';
import { checkRuleFiles, exitCodeOf, type CheckOutcome } from './checkRules.js';
import { eprintln, println, type PromtoolIO } from './io.js';
import type { ConfigLintSettings } from './lintSettings.js';
import { checkAlertmanagerTargets, checkScrapeTargets, readSdFile } from './targetChecks.js';

/** How `check config` runs. */
export interface CheckConfigOptions {
  readonly agentMode: boolean;
  readonly syntaxOnly: boolean;
  readonly lint: ConfigLintSettings;
}

/** A check that failed, with promtool's message. */
class CheckFailure extends Error {}

/** os.Stat as promtool's checkFileExists uses it: '' is fine, a missing file is Go's stat error. */
async function checkFileExists(path: string): Promise<string | undefined> {
  if (path === '') return undefined;
  try {
    await stat(path);
    return undefined;
  } catch (e) {
    return goFsErrorText(e, 'stat', path);
  }
}

async function checkTlsConfig(tls: TlsConfig, syntaxOnly: boolean): Promise<void> {
  if (tls.certFile !== '' && tls.keyFile === '') throw new CheckFailure(`client cert file ${quoteGoString(tls.certFile)} specified without client key file`);
  if (tls.keyFile !== '' && tls.certFile === '') throw new CheckFailure(`client key file ${quoteGoString(tls.keyFile)} specified without client cert file`);
  if (syntaxOnly) return;
  const cert = await checkFileExists(tls.certFile);
  if (cert !== undefined) throw new CheckFailure(`error checking client cert file ${quoteGoString(tls.certFile)}: ${cert}`);
  const key = await checkFileExists(tls.keyFile);
  if (key !== undefined) throw new CheckFailure(`error checking client key file ${quoteGoString(tls.keyFile)}: ${key}`);
}

async function globOrFail(pattern: string): Promise<string[]> {
  try {
    return await globFiles(pattern);
  } catch (e) {
    throw new CheckFailure((e as Error).message);
  }
}

/** Reads the file_sd files that exist (warning about the others) and checks their groups. */
async function checkFileSd(config: FileDiscoveryConfig, io: PromtoolIO, warnAbout: string, check: (groups: TargetGroup[]) => string | undefined): Promise<void> {
  for (const pattern of config.files) {
    const files = await globOrFail(pattern);
    if (files.length === 0) {
      println(io, `  WARNING: file ${quoteGoString(pattern)} for file_sd in ${warnAbout} does not exist`);
      continue;
    }
    for (const file of files) {
      let groups: TargetGroup[];
      try {
        groups = await readSdFile(file);
      } catch (e) {
        throw new CheckFailure(`checking SD file ${quoteGoString(pattern)}: ${(e as Error).message}`);
      }
      const problem = check(groups);
      if (problem !== undefined) throw new CheckFailure(problem);
    }
  }
}

async function checkRuleFilePatterns(config: PrometheusConfig): Promise<string[]> {
  const ruleFiles: string[] = [];
  for (const pattern of config.ruleFiles) {
    const files = await globOrFail(pattern);
    // A file named without a wildcard must exist.
    if (!pattern.includes('*')) {
      if (files.length === 0) throw new CheckFailure(`${quoteGoString(pattern)} does not point to an existing file`);
      const problem = await checkFileExists(files[0]!);
      if (problem !== undefined) throw new CheckFailure(`error checking rule file ${quoteGoString(files[0]!)}: ${problem}`);
    }
    ruleFiles.push(...files);
  }
  return ruleFiles;
}

async function checkScrapeJob(job: ScrapeConfig, syntaxOnly: boolean, io: PromtoolIO): Promise<void> {
  const credentials = job.httpClient.authorization?.credentialsFile;
  if (!syntaxOnly && credentials !== undefined) {
    const problem = await checkFileExists(credentials);
    if (problem !== undefined) {
      throw new CheckFailure(`error checking authorization credentials or bearer token file ${quoteGoString(credentials)}: ${problem}`);
    }
  }
  await checkTlsConfig(job.httpClient.tlsConfig, syntaxOnly);
  for (const sd of job.discovery as readonly DiscoveryConfig[]) {
    if (sd.kind === 'kubernetes') await checkTlsConfig((sd as KubernetesDiscoveryConfig).http.tlsConfig, syntaxOnly);
    if (sd.kind === 'file' && !syntaxOnly) {
      await checkFileSd(sd as FileDiscoveryConfig, io, `scrape job ${quoteGoString(job.jobName)}`, (g) => checkScrapeTargets(g, job));
    }
    if (sd.kind === 'static') {
      const problem = checkScrapeTargets((sd as StaticDiscoveryConfig).groups, job);
      if (problem !== undefined) throw new CheckFailure(problem);
    }
  }
}

/** promtool's checkConfig: the rule files found and the jobs to lint, or a CheckFailure/ConfigError. */
async function checkOneConfig(file: string, options: CheckConfigOptions, io: PromtoolIO): Promise<{ ruleFiles: string[]; jobs: readonly ScrapeConfig[] }> {
  println(io, 'Checking', file);
  const config = await loadConfigFile(file, { agentMode: options.agentMode, resolveScrapeConfigFiles: !options.syntaxOnly });
  const ruleFiles = options.syntaxOnly ? [] : await checkRuleFilePatterns(config);
  for (const job of config.scrapeConfigs) await checkScrapeJob(job, options.syntaxOnly, io);
  for (const am of config.alerting.alertmanagers) {
    for (const sd of am.discovery as readonly DiscoveryConfig[]) {
      if (sd.kind === 'file' && !options.syntaxOnly) {
        await checkFileSd(sd as FileDiscoveryConfig, io, 'alertmanager config', (g) => checkAlertmanagerTargets(g, am));
      }
      if (sd.kind === 'static') {
        const problem = checkAlertmanagerTargets((sd as StaticDiscoveryConfig).groups, am);
        if (problem !== undefined) throw new CheckFailure(problem);
      }
    }
  }
  return { ruleFiles, jobs: config.scrapeConfigs };
}

/** Reports the first job whose scrape interval reaches the lookback delta (its points would go stale). */
function lintScrapeIntervals(jobs: readonly ScrapeConfig[], lookbackDeltaMs: number, io: PromtoolIO): boolean {
  if (lookbackDeltaMs <= 0) return false;
  for (const job of jobs) {
    if (job.scrapeIntervalMs >= lookbackDeltaMs) {
      eprintln(io, `  FAILED: too long scrape interval found, data point will be marked as stale - job: ${job.jobName}, interval: ${formatDuration(job.scrapeIntervalMs)}`);
      return true;
    }
  }
  return false;
}

/** `promtool check config FILE…`; returns the exit code. */
export async function checkConfigCommand(files: readonly string[], options: CheckConfigOptions, io: PromtoolIO): Promise<number> {
  let outcome: CheckOutcome = { failed: false, hasErrors: false };
  for (const file of files) {
    let result: { ruleFiles: string[]; jobs: readonly ScrapeConfig[] } | undefined;
    try {
      result = await checkOneConfig(file, options, io);
    } catch (e) {
      eprintln(io, '  FAILED:', (e as Error).message);
      outcome = { failed: true, hasErrors: true };
    }
    if (result !== undefined) {
      if (result.ruleFiles.length > 0) println(io, `  SUCCESS: ${result.ruleFiles.length} rule files found`);
      println(io, ` SUCCESS: ${file} is valid prometheus config file syntax`);
    }
    println(io);
    if (!options.syntaxOnly) {
      const intervalsFailed = lintScrapeIntervals(result?.jobs ?? [], options.lint.lookbackDeltaMs, io);
      const rules = await checkRuleFiles(result?.ruleFiles ?? [], options.lint.rules, io);
      outcome = { failed: outcome.failed || intervalsFailed || rules.failed, hasErrors: outcome.hasErrors || rules.hasErrors };
    }
  }
  return exitCodeOf(outcome, options.lint.rules.fatal);
}
