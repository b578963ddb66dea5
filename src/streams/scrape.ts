/**
 * The scrape pipeline: scrape jobs (re-emitted on every config reload) → discovery → targets →
 * one scrape loop per target, reconciled by key so that unchanged targets keep their loop.
 */
import { combineLatest, map, of, switchMap, tap, type Observable } from 'rxjs';
import { mergeProviderGroups } from '../sources/discovery/jobDiscovery.js';
import { discoveryProvider } from '../sources/discovery/providers.js';
import { reconcileByKey } from '../operators/reconcileByKey.js';
import { jobTargetsOf, type JobTargets } from './jobTargets.js';
import type { ScrapeJob } from './scrapeJob.js';
import type { TargetsView } from './targetsView.js';
import { scrapeLoop, type ScrapeLoopDeps, type ScrapeOutcome, type ScrapeTarget } from './scrapeLoop.js';

/** Every job's targets, re-emitted whenever any job's discovery changes. */
export function discoverTargets(jobs: readonly ScrapeJob[]): Observable<JobTargets[]> {
  if (jobs.length === 0) return of([]);
  const perJob = jobs.map((job) => mergeProviderGroups(job.discovery.map(discoveryProvider)).pipe(map((groups) => jobTargetsOf(job, groups))));
  return combineLatest(perJob);
}

/**
 * Runs every target's scrape loop; a reload re-discovers, but unchanged targets keep scraping.
 * The optional view is kept up to date for the targets and metadata APIs.
 */
export function scrapeStream(jobs$: Observable<readonly ScrapeJob[]>, deps: ScrapeLoopDeps, view?: TargetsView): Observable<ScrapeOutcome> {
  return jobs$.pipe(
    switchMap((jobs) => discoverTargets(jobs)),
    tap((jobTargets) => view?.update(jobTargets)),
    map((jobTargets) => jobTargets.flatMap((j) => j.active)),
    reconcileByKey((t: ScrapeTarget) => t.key, (t, removed$) => scrapeLoop(t, deps, removed$)),
    tap((outcome) => view?.record(outcome)),
  );
}
