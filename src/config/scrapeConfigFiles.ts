/**
 * `scrape_config_files`: globs naming further files of `scrape_configs`. Their jobs come after the
 * main file's, in glob order; each is validated against the main file's global section, paths in
 * an included file are relative to that file, and job names must stay unique across all files.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { quoteGoString } from '../model/goString.js';
import type { PrometheusConfig } from './config.js';
import { ConfigError, Fields, parseYamlSource } from './decode.js';
import { globFiles, GlobPatternError } from './glob.js';
import { decodeScrapeConfigList, finalizeScrapeConfig, type ScrapeConfig } from './scrapeConfig.js';
import { readUtf8 } from './utf8File.js';

/** The config's own jobs followed by those of its scrape_config_files (read now, so a reload sees edits). */
export async function resolveScrapeConfigs(config: PrometheusConfig): Promise<ScrapeConfig[]> {
  const own = config.scrapeConfigs.filter((job) => job.sourceFile === config.file);
  const jobs: ScrapeConfig[] = [...own];
  const firstSeen = new Map<string, string>(own.map((job) => [job.jobName, 'main config file']));
  for (const pattern of config.scrapeConfigFiles) {
    let files: string[];
    try {
      files = await globFiles(pattern);
    } catch (e) {
      if (e instanceof GlobPatternError) throw new ConfigError(`${config.file}: error retrieving scrape config files for ${quoteGoString(pattern)}: ${e.message}`);
      throw e;
    }
    for (const file of files) {
      for (const job of await readScrapeConfigFile(file, config)) {
        const first = firstSeen.get(job.jobName);
        if (first !== undefined) {
          throw new ConfigError(`${file}: found multiple scrape configs with job name ${quoteGoString(job.jobName)}, first found in ${first}`);
        }
        firstSeen.set(job.jobName, quoteGoString(resolve(file)));
        jobs.push(job);
      }
    }
  }
  return jobs;
}

async function readScrapeConfigFile(file: string, config: PrometheusConfig): Promise<ScrapeConfig[]> {
  let text: string;
  try {
    text = readUtf8(await readFile(file), file);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`${file}: ${(e as Error).message}`);
  }
  const { root, source } = parseYamlSource(text, file);
  const f = new Fields(root, 'config.ScrapeConfigs', source);
  const drafts = decodeScrapeConfigList(f, 'scrape_configs', dirname(file));
  f.done();
  return drafts.map((draft) => {
    if ('nullEntry' in draft) throw draft.nullEntry;
    return finalizeScrapeConfig(draft, config.global);
  });
}
