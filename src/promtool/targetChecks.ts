/**
 * What `promtool check config` verifies about targets it can see without running discovery:
 * file_sd files that exist must decode, and static or file targets must survive relabeling with
 * a usable address (`instance 0 in group 0: "http://bad" is not a valid hostname`).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { AlertmanagerConfig } from '../config/alertingConfig.js';
import { checkTargetAddress } from '../config/discovery/index.js';
import { goFsErrorText } from '../config/goFsError.js';
import type { ScrapeConfig } from '../config/scrapeConfig.js';
import { quoteGoString } from '../model/goString.js';
import { Labels } from '../model/labels.js';
import { relabel } from '../model/relabel.js';
import { buildTarget } from '../model/target.js';
import type { TargetGroup } from '../model/targetGroup.js';
import { decodeTargetGroupsJson, decodeTargetGroupsYaml } from '../sources/discovery/targetGroupDecoding.js';

/** Reads a file_sd file as promtool's checkSDFile does (by extension); throws with the reason. */
export async function readSdFile(path: string): Promise<TargetGroup[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new Error(goFsErrorText(e, 'open', path));
  }
  const ext = extname(path);
  let groups;
  switch (ext.toLowerCase()) {
    case '.json':
      groups = decodeTargetGroupsJson(text);
      break;
    case '.yml':
    case '.yaml':
      groups = decodeTargetGroupsYaml(text, path);
      break;
    default:
      throw new Error(`invalid file extension: ${quoteGoString(ext)}`);
  }
  // promtool decodes the groups itself, so they carry no source.
  return groups.map((g) => ({ source: '', targets: g.targets, labels: g.labels }));
}

/** The first target of the groups a scrape job cannot scrape, as promtool words it; undefined when all are fine. */
export function checkScrapeTargets(groups: readonly TargetGroup[], job: ScrapeConfig): string | undefined {
  const settings = {
    jobName: job.jobName,
    scrapeIntervalMs: job.scrapeIntervalMs,
    scrapeTimeoutMs: job.scrapeTimeoutMs,
    metricsPath: job.metricsPath,
    scheme: job.scheme,
    params: job.params,
    relabel: (labels: Labels) => relabel(labels, job.relabelConfigs),
  };
  for (const group of groups) {
    for (let i = 0; i < group.targets.length; i++) {
      const built = buildTarget(group.targets[i]!, group.labels, settings);
      if (built.kind === 'failed') return `instance ${i} in group ${group.source}: ${built.error}`;
    }
  }
  return undefined;
}

/** The first Alertmanager target whose address is unusable after relabeling; undefined when all are fine. */
export function checkAlertmanagerTargets(groups: readonly TargetGroup[], am: AlertmanagerConfig): string | undefined {
  for (const group of groups) {
    for (const target of group.targets) {
      const record: Record<string, string> = {
        __scheme__: am.scheme,
        __alerts_path__: `${am.pathPrefix.replace(/\/+$/, '')}/api/v2/alerts`,
        ...group.labels,
        ...target,
      };
      const relabeled = relabel(Labels.from(record), am.relabelConfigs);
      if (relabeled === null) continue;
      const problem = checkTargetAddress(relabeled.get('__address__'));
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}
