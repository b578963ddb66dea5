/**
 * One target's scrape loop: ticks at the target's phase, never overlapping (exhaustMap: a slow
 * scrape and its append finish before the next tick is taken), each tick a fetch, a parse and an
 * atomic append of the samples and the report series.
 */
import { concat, defer, exhaustMap, finalize, ignoreElements, NEVER, switchMap, takeUntil, type Observable, type SchedulerLike } from 'rxjs';
import { STALE_NAN } from '../model/staleness.js';
import type { Appendable, Appender, SeriesRef } from '../model/storage.js';
import { AppendError } from '../storage/appendErrors.js';
import { sampleLabelsOf, type Target } from '../model/target.js';
import { createExpositionParser } from '../lang/exposition/createExpositionParser.js';
import {
  appendExposition,
  appendReportSeries,
  appendStalenessMarkers,
  emptyCounts,
  type ScrapeCounts,
} from '../sinks/scrapeAppend.js';
import { ScrapeCache } from '../sinks/scrapeCache.js';
import type { Scraper } from '../sources/scrapeFetch.js';
import { fnv1a32, scrapeOffset, scrapeTicks } from '../sources/scrapeTicks.js';
import type { Logger } from '../telemetry/logger.js';
import type { ScrapeJob } from './scrapeJob.js';

/** A target together with the job it belongs to; `key` changes when either changes. */
export interface ScrapeTarget {
  readonly key: string;
  readonly job: ScrapeJob;
  readonly target: Target;
}

/** What one scrape did, for logs, self-metrics and the targets API. */
export interface ScrapeOutcome {
  readonly scrapeTarget: ScrapeTarget;
  readonly startedAtMs: number;
  readonly durationMs: number;
  readonly error: string | undefined;
  readonly counts: ScrapeCounts;
  /** The target's metadata from its TYPE/HELP/UNIT lines (updated in place by later scrapes). */
  readonly metadata: ScrapeCache['metadata'];
}

export interface ScrapeLoopDeps {
  /** The HTTP means to scrape a job's targets; a loop owns its scraper and closes it when it ends. */
  readonly connect: (job: ScrapeJob) => Promise<Scraper>;
  readonly storage: Appendable;
  readonly now: () => number;
  readonly scheduler?: SchedulerLike;
  /** Where failed commits are logged. */
  readonly logger: Logger;
}

/**
 * The scrape loop of one target, until `stopped$` says the target is gone: then the scrape in
 * flight finishes and every series of the last scrape, report series included, gets a staleness
 * marker. Unsubscribing instead (a shutdown) writes no markers, as in Prometheus.
 */
export function scrapeLoop(scrapeTarget: ScrapeTarget, deps: ScrapeLoopDeps, stopped$: Observable<void> = NEVER): Observable<ScrapeOutcome> {
  const { target } = scrapeTarget;
  const cache = new ScrapeCache();
  const reportRefs = new Map<string, SeriesRef>();
  const targetLabels = sampleLabelsOf(target);
  return defer(() => deps.connect(scrapeTarget.job)).pipe(
    switchMap((scraper) => {
      const offset = scrapeOffset(fnv1a32(scrapeTarget.key), target.intervalMs, deps.now());
      return concat(
        scrapeTicks(offset, target.intervalMs, deps.scheduler).pipe(
          takeUntil(stopped$),
          exhaustMap(() => defer(() => scrapeOnce(scrapeTarget, scraper, cache, reportRefs, targetLabels, deps))),
        ),
        defer(() => markEverythingStale(scrapeTarget, cache, reportRefs, deps)).pipe(ignoreElements()),
      ).pipe(finalize(() => void scraper.close()));
    }),
  );
}

/**
 * Commits a scrape's appender. A storage failure (a WAL write error) loses this commit's samples
 * only: as in Prometheus, it is logged and the loop goes on.
 */
async function commitOrLog(appender: Appender, scrapeTarget: ScrapeTarget, deps: ScrapeLoopDeps, msg: string): Promise<void> {
  try {
    await appender.commit();
  } catch (e) {
    deps.logger.error({ job: scrapeTarget.job.name, target: scrapeTarget.target.url, err: (e as Error).message }, msg);
  }
}

async function markEverythingStale(scrapeTarget: ScrapeTarget, cache: ScrapeCache, reportRefs: Map<string, SeriesRef>, deps: ScrapeLoopDeps): Promise<void> {
  const appender = deps.storage.appender();
  const t = Math.floor(deps.now());
  // Nothing was seen "now", so every series of the last scrape has vanished.
  appendStalenessMarkers(appender, cache, t);
  cache.endScrape();
  for (const ref of reportRefs.values()) {
    try {
      appender.append(ref, null, t, STALE_NAN);
    } catch (e) {
      if (!(e instanceof AppendError)) throw e;
    }
  }
  await commitOrLog(appender, scrapeTarget, deps, 'Stale commit failed');
}

async function scrapeOnce(
  scrapeTarget: ScrapeTarget,
  scraper: Scraper,
  cache: ScrapeCache,
  reportRefs: Map<string, SeriesRef>,
  targetLabels: ScrapeTarget['target']['labels'],
  deps: ScrapeLoopDeps,
): Promise<ScrapeOutcome> {
  const { job, target } = scrapeTarget;
  // Prometheus stamps samples with the scrape's start time, in whole milliseconds.
  const startedAtMs = Math.floor(deps.now());
  let error: string | undefined;
  let counts = emptyCounts();
  let appender = deps.storage.appender();
  try {
    const response = await scraper.fetch({
      url: target.url,
      timeoutMs: target.timeoutMs,
      acceptHeader: job.acceptHeader,
      compression: job.enableCompression,
      bodySizeLimit: job.bodySizeLimit,
    });
    const parser = createExpositionParser(response.body, response.contentType, job.fallbackMediaType);
    counts = appendExposition(parser, appender, cache, { ...job, targetLabels }, startedAtMs);
  } catch (e) {
    error = (e as Error).message;
    appender.rollback();
    cache.abortScrape();
    counts = emptyCounts();
    appender = deps.storage.appender();
  }
  // A failed scrape is an empty scrape: every series of the previous one becomes stale.
  appendStalenessMarkers(appender, cache, startedAtMs);
  cache.endScrape();
  const durationMs = deps.now() - startedAtMs;
  appendReportSeries(appender, reportRefs, targetLabels, startedAtMs, {
    up: error === undefined,
    durationSeconds: durationMs / 1000,
    counts,
  });
  await commitOrLog(appender, scrapeTarget, deps, 'Scrape commit failed');
  return { scrapeTarget, startedAtMs, durationMs, error, counts, metadata: cache.metadata };
}
