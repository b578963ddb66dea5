/** A job's discovered groups turned into its active and dropped targets, with its target limit. */
import type { Labels } from '../model/labels.js';
import { buildTargets } from '../model/target.js';
import type { TargetGroup } from '../model/targetGroup.js';
import type { ScrapeJob } from './scrapeJob.js';
import type { ScrapeTarget } from './scrapeLoop.js';

export interface JobTargets {
  readonly job: ScrapeJob;
  /** Targets to scrape (none when the target limit is exceeded). */
  readonly active: readonly ScrapeTarget[];
  /** Targets the limit keeps from scraping, with the reason; shown as down in the targets API. */
  readonly blocked: readonly ScrapeTarget[];
  readonly blockedReason: string | undefined;
  /** Discovered labels of dropped targets, at most keep_dropped_targets of them (0 = all). */
  readonly dropped: readonly Labels[];
  /** How many targets relabeling dropped (or failed to build), kept or not. */
  readonly droppedCount: number;
}

/** Builds a job's targets from its current groups. */
export function jobTargetsOf(job: ScrapeJob, groups: readonly TargetGroup[]): JobTargets {
  const active: ScrapeTarget[] = [];
  const dropped: Labels[] = [];
  let droppedCount = 0;
  const seen = new Set<string>();
  for (const built of buildTargets(groups, job.targetSettings)) {
    if (built.kind !== 'active') {
      droppedCount++;
      if (job.keepDroppedTargets === 0 || dropped.length < job.keepDroppedTargets) dropped.push(built.discoveredLabels);
      continue;
    }
    const key = `${job.fingerprint}\x00${built.target.labels.key}`;
    // Two groups yielding the same target scrape it once, as Prometheus's scrape pool does.
    if (seen.has(key)) continue;
    seen.add(key);
    active.push({ key, job, target: built.target });
  }
  if (job.targetLimit > 0 && active.length > job.targetLimit) {
    const reason = `target_limit exceeded (number of targets: ${active.length}, limit: ${job.targetLimit})`;
    return { job, active: [], blocked: active, blockedReason: reason, dropped, droppedCount };
  }
  return { job, active, blocked: [], blockedReason: undefined, dropped, droppedCount };
}
