/**
 * The discovery manager of one job (Prometheus's discovery.Manager, per scrape config): runs the
 * job's providers, merges their groups (see mergeProviderGroups), throttles what goes to the
 * scrape side like Prometheus's 5 s updatert — the first update at once, then at most one per
 * window, the latest state always delivered at the window's end — and keeps the prometheus_sd_*
 * manager metrics.
 */
import {
  catchError, concatWith, defer, finalize, NEVER, of, tap, throttleTime, type MonoTypeOperatorFunction, type Observable, type SchedulerLike,
} from 'rxjs';
import type { DiscoveryConfig } from '../../config/discovery/index.js';
import type { TargetGroup } from '../../model/targetGroup.js';
import { errorText, managerNameOf, schedulerOf, type DiscoveryDeps } from './discoveryDeps.js';
import { discoveryMetrics } from './discoveryMetrics.js';
import { FIRST_UPDATE_TIMEOUT_MS, mergeProviderGroups } from './mergeProviderGroups.js';
import { providerFor } from './providers.js';


/** Prometheus's discovery manager sends updates to the scrape manager at most this often. */
export const UPDATE_THROTTLE_MS = 5000;

/** Timing of the manager; defaults are Prometheus's. */
export interface JobDiscoveryOptions {
  /** Minimum time between two updates sent to the scrape side. */
  readonly throttleMs?: number;
  /** How long the first update waits for providers that have not reported (see mergeProviderGroups). */
  readonly firstUpdateTimeoutMs?: number;
}

/** The job's target groups from its discovery configs, merged, gated and throttled. */
export function jobDiscovery(
  setName: string,
  configs: readonly DiscoveryConfig[],
  deps: DiscoveryDeps,
  options: JobDiscoveryOptions = {},
): Observable<TargetGroup[]> {
  return defer(() => {
    const name = managerNameOf(deps);
    const metrics = discoveryMetrics(deps.registry);
    const logger = deps.logger.child({ component: 'discovery', config: setName });
    // Configured mechanisms without a provider are what Prometheus calls failed configs: their
    // targets are not discovered. Counted while the job runs.
    const inactive = configs.filter((c) => !c.implemented).length;
    metrics.failedConfigs.inc({ name }, inactive);
    const providers = configs.map((config) =>
      providerFor(config, { ...deps, setName }).pipe(
        // A provider handles its own I/O errors; anything else is a bug that must not stop
        // scraping. Its last groups stay, and it counts as reported.
        catchError((e: unknown) => {
          logger.error({ discovery: config.kind, err: errorText(e) }, 'Discovery provider stopped; keeping its last targets');
          return of([]);
        }),
      ),
    );
    return manageDiscovery(setName, providers, deps, options).pipe(finalize(() => metrics.failedConfigs.dec({ name }, inactive)));
  });
}

/**
 * The manager over ready-made provider streams (what jobDiscovery runs; marble tests use it
 * directly). It does not complete when its providers do (a static job): it describes the job, and
 * its per-job metrics with it, until it is unsubscribed because the job was removed or rebuilt.
 */
export function manageDiscovery(
  setName: string,
  providers: ReadonlyArray<Observable<readonly TargetGroup[]>>,
  deps: DiscoveryDeps,
  options: JobDiscoveryOptions = {},
): Observable<TargetGroup[]> {
  return defer(() => {
    const scheduler = schedulerOf(deps);
    const name = managerNameOf(deps);
    const metrics = discoveryMetrics(deps.registry);
    const perJob = { name, config: setName };
    // Present at 0 from the start, so that increase() sees the first update.
    metrics.receivedUpdates.inc({ name }, 0);
    metrics.sentUpdates.inc({ name }, 0);
    // Never incremented: the scrape side subscribes and never refuses an update, which is what
    // Prometheus counts here. Kept so that dashboards find it.
    metrics.delayedUpdates.inc({ name }, 0);
    const counted = providers.map((provider) => provider.pipe(tap(() => metrics.receivedUpdates.inc({ name }))));
    return mergeProviderGroups(counted, { scheduler, firstUpdateTimeoutMs: options.firstUpdateTimeoutMs ?? FIRST_UPDATE_TIMEOUT_MS }).pipe(
      throttleUpdates(options.throttleMs ?? UPDATE_THROTTLE_MS, scheduler),
      concatWith(NEVER),
      tap((groups) => {
        metrics.sentUpdates.inc({ name });
        metrics.discoveredTargets.set(perJob, groups.reduce((n, g) => n + g.targets.length, 0));
        metrics.lastUpdate.set(perJob, scheduler.now() / 1000);
      }),
      // A job that goes away (or is rebuilt by a reload) leaves no stale per-job series behind.
      finalize(() => {
        metrics.discoveredTargets.remove(perJob);
        metrics.lastUpdate.remove(perJob);
      }),
    );
  });
}

/** At most one value per window: the first at once, the latest of each busy window at its end. */
export function throttleUpdates<T>(windowMs: number, scheduler: SchedulerLike): MonoTypeOperatorFunction<T> {
  return throttleTime<T>(windowMs, scheduler, { leading: true, trailing: true });
}
