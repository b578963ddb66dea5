/**
 * Merges the updates of a job's discovery providers into the job's full list of target groups.
 * Providers send groups that replace earlier groups of the same source (an empty group removes
 * its source); the merge keeps each provider's latest groups by source and, after every update,
 * emits all of them.
 *
 * Nothing is emitted until every provider has reported once, so that a reload (which restarts
 * discovery) never hands the scrape side a half-discovered, shrunken list that would stop
 * targets only to start them again. Providers report after their first refresh whether it
 * succeeded or not; for one that hangs, the merge stops waiting after `firstUpdateTimeoutMs`
 * and proceeds with what it has, as Prometheus proceeds after its first update cycle.
 */
import { asyncScheduler, EMPTY, endWith, filter, map, merge, of, scan, takeWhile, timer, type Observable, type SchedulerLike } from 'rxjs';
import type { TargetGroup } from '../../model/targetGroup.js';

/**
 * How long a job waits for a silent provider. Long enough for a DNS lookup that times out on
 * its first server (5 s) or a slow HTTP endpoint; short enough that one unreachable provider
 * does not keep a job's other targets unscraped for long.
 */
export const FIRST_UPDATE_TIMEOUT_MS = 10_000;

/** Tuning of the merge; defaults suit production. */
export interface MergeOptions {
  /** Timer scheduler (virtual time in marble tests). */
  readonly scheduler?: SchedulerLike;
  /** How long to wait for every provider's first report; Infinity waits for all of them. */
  readonly firstUpdateTimeoutMs?: number;
}

type MergeEvent =
  | { readonly kind: 'update'; readonly index: number; readonly groups: readonly TargetGroup[] }
  | { readonly kind: 'complete'; readonly index: number }
  | { readonly kind: 'deadline' };

interface MergeState {
  /** Per provider, its live groups by source (empty groups are dropped: they carry no targets). */
  readonly bySource: ReadonlyArray<ReadonlyMap<string, TargetGroup>>;
  readonly reported: readonly boolean[];
  readonly completed: number;
  /** Whether the first emission has happened (every provider reported, or the wait ran out). */
  readonly open: boolean;
  /** Whether this step produces an emission. */
  readonly emit: boolean;
}

/** Combines providers' updates into the job's current groups (see the file comment for timing). */
export function mergeProviderGroups(
  providers: ReadonlyArray<Observable<readonly TargetGroup[]>>,
  options: MergeOptions = {},
): Observable<TargetGroup[]> {
  const count = providers.length;
  if (count === 0) return of([]);
  const waitMs = options.firstUpdateTimeoutMs ?? FIRST_UPDATE_TIMEOUT_MS;
  const events$: Observable<MergeEvent> = merge(
    ...providers.map((provider, index) =>
      provider.pipe(
        map((groups): MergeEvent => ({ kind: 'update', index, groups })),
        endWith<MergeEvent>({ kind: 'complete', index }),
      ),
    ),
    Number.isFinite(waitMs) ? timer(waitMs, options.scheduler ?? asyncScheduler).pipe(map((): MergeEvent => ({ kind: 'deadline' }))) : EMPTY,
  );
  const initial: MergeState = {
    bySource: providers.map(() => new Map()),
    reported: providers.map(() => false),
    completed: 0,
    open: false,
    emit: false,
  };
  return events$.pipe(
    scan(step, initial),
    // Complete with the providers, rather than when the (by then pointless) deadline fires.
    takeWhile((state) => state.completed < count, true),
    filter((state) => state.emit),
    map((state) => state.bySource.flatMap((groups) => [...groups.values()])),
  );
}

function step(state: MergeState, event: MergeEvent): MergeState {
  switch (event.kind) {
    case 'update': {
      const groups = new Map(state.bySource[event.index]);
      for (const group of event.groups) {
        if (group.targets.length === 0) groups.delete(group.source);
        else groups.set(group.source, group);
      }
      const bySource = state.bySource.map((g, i) => (i === event.index ? groups : g));
      const reported = markReported(state.reported, event.index);
      const open = state.open || reported.every(Boolean);
      return { ...state, bySource, reported, open, emit: open };
    }
    case 'complete': {
      // A provider that ended without a word has said all it will say.
      const reported = markReported(state.reported, event.index);
      const opening = !state.open && reported.every(Boolean);
      return { ...state, reported, completed: state.completed + 1, open: state.open || opening, emit: opening };
    }
    case 'deadline':
      return { ...state, open: true, emit: !state.open };
  }
}

function markReported(reported: readonly boolean[], index: number): readonly boolean[] {
  return reported[index] ? reported : reported.map((r, i) => r || i === index);
}
