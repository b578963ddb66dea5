/**
 * The scrape pipeline: scrape jobs (re-emitted on every config reload) → discovery → targets →
 * one scrape loop per target, reconciled by key so that unchanged targets keep their loop.
 */
import { combineLatest, map, of, switchMap, type Observable } from 'rxjs';
import { buildTargets } from '../model/target.js';
import { mergeProviderGroups } from '../sources/discovery/jobDiscovery.js';
import { discoveryProvider } from '../sources/discovery/providers.js';
import { reconcileByKey } from '../operators/reconcileByKey.js';
import type { ScrapeJob } from './scrapeJob.js';
import { scrapeLoop, type ScrapeLoopDeps, type ScrapeOutcome, type ScrapeTarget } from './scrapeLoop.js';

/** The active targets of all jobs, re-emitted whenever any job's discovery changes. */
export function discoverTargets(jobs: readonly ScrapeJob[]): Observable<ScrapeTarget[]> {
  if (jobs.length === 0) return of([]);
  const perJob = jobs.map((job) =>
    mergeProviderGroups(job.discovery.map(discoveryProvider)).pipe(
      map((groups) =>
        buildTargets(groups, job.targetSettings).flatMap((built) =>
          built.kind === 'active' ? [{ key: `${job.fingerprint}\x00${built.target.labels.key}`, job, target: built.target }] : [],
        ),
      ),
    ),
  );
  return combineLatest(perJob).pipe(map((lists) => lists.flat()));
}

/** Runs every target's scrape loop; a reload re-discovers, but unchanged targets keep scraping. */
export function scrapeStream(jobs$: Observable<readonly ScrapeJob[]>, deps: ScrapeLoopDeps): Observable<ScrapeOutcome> {
  return jobs$.pipe(
    switchMap((jobs) => discoverTargets(jobs)),
    reconcileByKey((t: ScrapeTarget) => t.key, (t, removed$) => scrapeLoop(t, deps, removed$)),
  );
}
