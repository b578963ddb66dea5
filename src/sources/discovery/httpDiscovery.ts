/**
 * The http_sd_configs provider: GET the URL every refresh_interval and take the JSON list of
 * target groups it returns, with Prometheus's request headers, response checks, sources
 * (`<url>:<index>`) and `__meta_url` label. A failed refresh keeps the last groups; groups that
 * disappear from the list are sent empty so their targets go away.
 */
import { defer, finalize, map, scan, tap, throwError, timeout, type Observable } from 'rxjs';
import type { HttpDiscoveryConfig } from '../../config/discovery/index.js';
import { quoteGoString } from '../../model/goString.js';
import type { TargetGroup } from '../../model/targetGroup.js';
import { schedulerOf, type HttpGetResponse, type ProviderDeps } from './discoveryDeps.js';
import { discoveryMetrics } from './discoveryMetrics.js';
import { createHttpGetClient, DEFAULT_USER_AGENT } from './httpClient.js';
import { refreshDiscovery } from './refreshDiscovery.js';
import { decodeTargetGroupsJson } from './targetGroupDecoding.js';

/** The label holding the URL the groups came from. */
export const URL_LABEL = '__meta_url';

/** The content types Prometheus accepts (case-insensitive): JSON, optionally declared UTF-8. */
const JSON_CONTENT_TYPE = /^application\/json(;\s*charset=("utf-8"|utf-8))?$/i;

/** The groups served by an http_sd endpoint: the full list at each good refresh, plus removals. */
export function httpDiscovery(config: HttpDiscoveryConfig, deps: ProviderDeps): Observable<readonly TargetGroup[]> {
  return defer(() => {
    const client = (deps.httpClient ?? ((http) => createHttpGetClient(http, deps.userAgent ?? DEFAULT_USER_AGENT)))(config.http);
    const metrics = discoveryMetrics(deps.registry);
    const scheduler = schedulerOf(deps);
    const headers = {
      accept: 'application/json',
      'x-prometheus-refresh-interval-seconds': String(config.refreshIntervalMs / 1000),
    };
    // Prometheus waits for a hanging server until the refresh is cancelled; bounding the request
    // by the interval keeps one stuck endpoint from stalling its provider forever.
    const limitMs = Math.max(config.refreshIntervalMs, 1000);
    const tooSlow = () => throwError(() => new Error(`Get ${JSON.stringify(config.url)}: no response within ${limitMs / 1000}s`));
    const refresh = (): Observable<readonly TargetGroup[]> =>
      client.get(config.url, headers).pipe(
        timeout({ first: limitMs, scheduler, with: tooSlow }),
        map((response) => groupsOf(config.url, response)),
        tap({ error: () => metrics.httpFailures.inc() }),
      );
    return refreshDiscovery({ mechanism: 'http', intervalMs: config.refreshIntervalMs, refresh }, deps).pipe(
      scan(
        (previous: { count: number; update: readonly TargetGroup[] }, groups: readonly TargetGroup[]) => ({
          count: groups.length,
          update: [...groups, ...removedSources(config.url, groups.length, previous.count)],
        }),
        { count: 0, update: [] },
      ),
      map((state) => state.update),
      finalize(() => client.close()),
    );
  });
}

/** Prometheus's source of the group at `index` of a URL's list. */
export function urlSource(url: string, index: number): string {
  return `${url}:${index}`;
}

/** Checks a response the way Prometheus does and decodes its groups. */
function groupsOf(url: string, response: HttpGetResponse): TargetGroup[] {
  if (response.status !== 200) throw new Error(`server returned HTTP status ${response.statusLine}`);
  if (!JSON_CONTENT_TYPE.test(response.contentType.trim())) throw new Error(`unsupported content type ${quoteGoString(response.contentType)}`);
  return decodeTargetGroupsJson(response.body).map((group, index) => ({
    source: urlSource(url, index),
    targets: group.targets,
    labels: { ...group.labels, [URL_LABEL]: url },
  }));
}

/** Empty groups for the indexes a shorter list no longer has. */
function removedSources(url: string, now: number, before: number): TargetGroup[] {
  const removed: TargetGroup[] = [];
  for (let i = now; i < before; i++) removed.push({ source: urlSource(url, i), targets: [], labels: {} });
  return removed;
}
