/**
 * The scrape pipeline: scrape jobs (re-emitted on every config reload) → discovery → targets →
 * one scrape loop per target, reconciled by key so that unchanged targets keep their loop.
 */
import { combineLatest, map, of, switchMap, tap, type Observable } from 'rxjs';
import type { DiscoveryDeps } from '../sources/discovery/discoveryDeps.js';
import { jobDiscovery } from '../sources/discovery/jobDiscovery.js';
import { reconcileByKey } from '../operators/reconcileByKey.js';
import { jobTargetsOf, type JobTargets } from './jobTargets.js';
import type { ScrapeJob } from './scrapeJob.js';
import type { TargetsView } from './targetsView.js';
import { scrapeLoop, type ScrapeLoopDeps, type ScrapeOutcome, type ScrapeTarget } from './scrapeLoop.js';

export interface ScrapeStreamDeps extends ScrapeLoopDeps {
  /** Logger, registry and I/O of the discovery providers. */
  readonly discovery: DiscoveryDeps;
}

/** Every job's targets, re-emitted whenever any job's discovery changes. */
export function discoverTargets(jobs: readonly ScrapeJob[], discovery: DiscoveryDeps): Observable<JobTargets[]> {
  if (jobs.length === 0) return of([]);
  const perJob = jobs.map((job) => jobDiscovery(job.name, job.discovery, discovery).pipe(map((groups) => jobTargetsOf(job, groups))));
  return combineLatest(perJob);
}

/**
 * Runs every target's scrape loop; a reload re-discovers, but unchanged targets keep scraping.
 * The optional view is kept up to date for the targets and metadata APIs.
 */
export function scrapeStream(jobs$: Observable<readonly ScrapeJob[]>, deps: ScrapeStreamDeps, view?: TargetsView): Observable<ScrapeOutcome> {
  return jobs$.pipe(
    switchMap((jobs) => discoverTargets(jobs, deps.discovery)),
    tap((jobTargets) => view?.update(jobTargets)),
    map((jobTargets) => jobTargets.flatMap((j) => j.active)),
    reconcileByKey((t: ScrapeTarget) => t.key, (t, removed$) => scrapeLoop(t, deps, removed$)),
    tap((outcome) => view?.record(outcome)),
  );
}
