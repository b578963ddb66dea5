/**
 * The loop of every polling discovery mechanism (Prometheus's discovery/refresh): refresh at once,
 * then every interval, never two refreshes at a time. A failed refresh is logged and counted and
 * sends nothing, so the manager keeps the groups of the last good one.
 */
import { catchError, defer, EMPTY, exhaustMap, of, tap, timer, type Observable } from 'rxjs';
import type { TargetGroup } from '../../model/targetGroup.js';
import { errorText, providerLogger, schedulerOf, type ProviderDeps } from './discoveryDeps.js';
import { discoveryMetrics } from './discoveryMetrics.js';

/** What a polling provider supplies. */
export interface RefreshSettings {
  /** The mechanism, e.g. 'http' or 'dns': the `mechanism` label and the `discovery` log field. */
  readonly mechanism: string;
  /** Time between refreshes; 0 or less refreshes once. */
  readonly intervalMs: number;
  /** One refresh: its groups, emitted once; an error leaves the last groups in place. */
  readonly refresh: () => Observable<readonly TargetGroup[]>;
}

/**
 * Runs a refresh-driven provider. When the very first refresh fails it emits an empty list, so
 * that the job's manager knows this provider has had its go and need not wait for it (a reload
 * must not hold every other provider's targets back for one unreachable endpoint).
 */
export function refreshDiscovery(settings: RefreshSettings, deps: ProviderDeps): Observable<readonly TargetGroup[]> {
  return defer(() => {
    const scheduler = schedulerOf(deps);
    const logger = providerLogger(deps, settings.mechanism);
    const metrics = discoveryMetrics(deps.registry);
    const labels = { mechanism: settings.mechanism, config: deps.setName };
    // Present at 0 from the start, so that rate() and increase() see the first failure.
    metrics.refreshFailures.inc(labels, 0);
    const ticks$ = settings.intervalMs > 0 ? timer(0, settings.intervalMs, scheduler) : of(0);
    // exhaustMap drops ticks that come while a refresh is still running, like Go's ticker does.
    return ticks$.pipe(
      exhaustMap((tick) =>
        defer(() => {
          const started = scheduler.now();
          const observe = (): void => metrics.refreshDuration.observe(labels, (scheduler.now() - started) / 1000);
          return settings.refresh().pipe(
            tap({ next: observe, error: observe }),
            catchError((e: unknown) => {
              metrics.refreshFailures.inc(labels);
              logger.error({ err: errorText(e) }, 'Unable to refresh target groups');
              return tick === 0 ? of([]) : EMPTY;
            }),
          );
        }),
      ),
    );
  });
}
