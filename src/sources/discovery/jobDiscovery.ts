/**
 * Merges the target groups of a job's discovery providers: each provider's latest groups are
 * kept by source, and every update emits the job's full list of groups. Nothing is emitted until
 * every provider has reported once, so that a reload never sees a half-discovered (and, to the
 * reconciler, shrunken) target list.
 */
import { filter, map, merge, of, scan, type Observable } from 'rxjs';
import type { TargetGroup } from '../../model/targetGroup.js';

/** Combines providers' group lists into the job's current groups. */
export function mergeProviderGroups(providers: ReadonlyArray<Observable<readonly TargetGroup[]>>): Observable<TargetGroup[]> {
  if (providers.length === 0) return of([]);
  return merge(...providers.map((provider, index) => provider.pipe(map((groups) => ({ index, groups }))))).pipe(
    scan((byProvider, { index, groups }) => {
      const next = new Map(byProvider);
      const bySource = new Map(byProvider.get(index) ?? []);
      for (const group of groups) bySource.set(group.source, group);
      next.set(index, bySource);
      return next;
    }, new Map<number, Map<string, TargetGroup>>()),
    filter((byProvider) => byProvider.size === providers.length),
    map((byProvider) => [...byProvider.values()].flatMap((bySource) => [...bySource.values()])),
  );
}
