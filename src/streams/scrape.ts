/**
 * The scrape pipeline: scrape jobs (re-emitted on every config reload) → discovery → targets →
 * one scrape loop per target, reconciled by key so that unchanged targets keep their loop.
 */
import { defer, filter, map, merge, shareReplay, takeUntil, tap, type Observable } from 'rxjs';
import { configFingerprint } from '../config/configFingerprint.js';
import type { TargetGroup } from '../model/targetGroup.js';
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

/** What makes two jobs' discovery the same: a reload keeps such a job's providers running. */
function discoveryKeyOf(job: ScrapeJob): string {
  return `${job.name}\u0000${configFingerprint(job.discovery)}`;
}

/**
 * Every job's targets, re-emitted whenever the jobs change (a reload) or any job's discovery
 * reports. Like Prometheus's discovery manager, a reload keeps the providers of a job whose
 * discovery config is unchanged running, with their last groups (no re-read of files, no new DNS
 * or HTTP refresh), and only starts or stops the providers that changed. Nothing is emitted until
 * every job's discovery has reported once.
 */
export function discoverTargets(jobs$: Observable<readonly ScrapeJob[]>, discover: (job: ScrapeJob) => Observable<TargetGroup[]>): Observable<JobTargets[]> {
  return defer(() => {
    let jobs: readonly ScrapeJob[] = [];
    const latest = new Map<string, TargetGroup[]>();
    // Replayed: the second subscriber (the providers) must also see a jobs list emitted on subscription.
    const shared$ = jobs$.pipe(shareReplay({ bufferSize: 1, refCount: true }));
    const groups$ = shared$.pipe(
      reconcileByKey(discoveryKeyOf, (job, removed$) => {
        const key = discoveryKeyOf(job);
        return discover(job).pipe(
          takeUntil(removed$.pipe(tap(() => latest.delete(key)))),
          map((groups) => ({ key, groups })),
        );
      }),
    );
    return merge(shared$.pipe(map((next) => ({ jobs: next }))), groups$).pipe(
      map((event) => {
        if ('jobs' in event) jobs = event.jobs;
        else latest.set(event.key, event.groups);
        if (!jobs.every((job) => latest.has(discoveryKeyOf(job)))) return undefined;
        return jobs.map((job) => jobTargetsOf(job, latest.get(discoveryKeyOf(job))!));
      }),
      filter((targets): targets is JobTargets[] => targets !== undefined),
    );
  });
}

/**
 * Runs every target's scrape loop; a reload re-discovers, but unchanged targets keep scraping.
 * The optional view is kept up to date for the targets and metadata APIs.
 */
export function scrapeStream(jobs$: Observable<readonly ScrapeJob[]>, deps: ScrapeStreamDeps, view?: TargetsView): Observable<ScrapeOutcome> {
  return discoverTargets(jobs$, (job) => jobDiscovery(job.name, job.discovery, deps.discovery)).pipe(
    tap((jobTargets) => view?.update(jobTargets)),
    map((jobTargets) => jobTargets.flatMap((j) => j.active)),
    reconcileByKey((t: ScrapeTarget) => t.key, (t, removed$) => scrapeLoop(t, deps, removed$)),
    tap((outcome) => view?.record(outcome)),
  );
}
