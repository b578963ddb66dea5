/**
 * What the targets and metadata APIs show: every job's active targets with the outcome of their
 * latest scrape, and the dropped ones. The scrape pipeline feeds it; the HTTP server reads it.
 */
import type { FamilyMetadata } from '../sinks/scrapeCache.js';
import type { JobTargets } from './jobTargets.js';
import type { ScrapeOutcome, ScrapeTarget } from './scrapeLoop.js';

/** One active target as the targets API describes it. */
export interface ActiveTargetState {
  readonly scrapeTarget: ScrapeTarget;
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
  /** Epoch ms of the last scrape's start, undefined before the first. */
  readonly lastScrapeMs: number | undefined;
  readonly lastScrapeDurationMs: number;
  readonly metadata: ReadonlyMap<string, FamilyMetadata>;
}

const NO_METADATA: ReadonlyMap<string, FamilyMetadata> = new Map();

export class TargetsView {
  private jobs: readonly JobTargets[] = [];
  private readonly outcomes = new Map<string, ScrapeOutcome>();

  /** Takes the current targets of every job (after discovery or a reload). */
  update(jobs: readonly JobTargets[]): void {
    this.jobs = jobs;
    const live = new Set(jobs.flatMap((j) => j.active.map((t) => t.key)));
    for (const key of this.outcomes.keys()) if (!live.has(key)) this.outcomes.delete(key);
  }

  /** Records the outcome of a scrape. */
  record(outcome: ScrapeOutcome): void {
    this.outcomes.set(outcome.scrapeTarget.key, outcome);
  }

  /** Active targets in job order, then discovery order. */
  active(): ActiveTargetState[] {
    const out: ActiveTargetState[] = [];
    for (const job of this.jobs) {
      for (const scrapeTarget of job.active) {
        const outcome = this.outcomes.get(scrapeTarget.key);
        out.push({
          scrapeTarget,
          health: outcome === undefined ? 'unknown' : outcome.error === undefined ? 'up' : 'down',
          lastError: outcome?.error ?? '',
          lastScrapeMs: outcome?.startedAtMs,
          lastScrapeDurationMs: outcome?.durationMs ?? 0,
          metadata: outcome?.metadata ?? NO_METADATA,
        });
      }
      for (const scrapeTarget of job.blocked) {
        out.push({ scrapeTarget, health: 'down', lastError: job.blockedReason ?? '', lastScrapeMs: undefined, lastScrapeDurationMs: 0, metadata: NO_METADATA });
      }
    }
    return out;
  }

  /** Every job with its dropped targets and their count. */
  jobTargets(): readonly JobTargets[] {
    return this.jobs;
  }
}
