/**
 * The file_sd_configs provider, with Prometheus's semantics: every path pattern is expanded, each
 * matching JSON/YAML file is read into groups sourced `<path>:<index>` and labelled
 * `__meta_filepath`; files are re-read when their directory changes and every refresh_interval.
 * A file that cannot be read or decoded keeps its last good groups (the error is logged and
 * counted); a file that disappears, or loses groups, gets empty groups for the sources it no
 * longer has, which removes their targets.
 */
import { dirname, extname } from 'node:path';
import {
  auditTime, catchError, concatMap, defer, EMPTY, finalize, from, map, merge, mergeMap, of, scan, switchMap, tap, timer, toArray,
  type Observable, type SchedulerLike,
} from 'rxjs';
import type { FileDiscoveryConfig } from '../../config/discovery/index.js';
import type { TargetGroup } from '../../model/targetGroup.js';
import type { Logger } from '../../telemetry/logger.js';
import { errorText, providerLogger, schedulerOf, type FileSdIo, type ProviderDeps } from './discoveryDeps.js';
import { discoveryMetrics, type DiscoveryMetrics } from './discoveryMetrics.js';
import { nodeFileSdIo } from './fileSystem.js';
import { decodeTargetGroupsJson, decodeTargetGroupsYaml } from './targetGroupDecoding.js';

/** The label naming the file a group came from. */
export const FILE_PATH_LABEL = '__meta_filepath';

/**
 * Watch events come in bursts (truncate, write, rename) while a file is being written; reading
 * once the burst is over avoids decoding half-written files. Short enough to feel immediate.
 */
export const WATCH_SETTLE_MS = 50;

/** How many files are read at once, so that a directory of thousands does not exhaust descriptors. */
const READ_CONCURRENCY = 16;

/** The outcome of reading one file. */
type FileRead = { readonly path: string; readonly groups: readonly TargetGroup[] } | { readonly path: string; readonly error: string };

/** What a refresh leaves for the next one: how many groups each file had at its last good read. */
interface FileState {
  readonly counts: ReadonlyMap<string, number>;
  readonly update: readonly TargetGroup[];
  /** Files seen before that are gone now. */
  readonly vanished: readonly string[];
}

/** The groups of the files matched by a file_sd config: all of them at first, then what changed. */
export function fileDiscovery(config: FileDiscoveryConfig, deps: ProviderDeps): Observable<readonly TargetGroup[]> {
  return defer(() => {
    const io = deps.files ?? nodeFileSdIo;
    const scheduler = schedulerOf(deps);
    const logger = providerLogger(deps, 'file');
    const metrics = discoveryMetrics(deps.registry);
    const periodic$ = config.refreshIntervalMs > 0 ? timer(0, config.refreshIntervalMs, scheduler) : of(0);
    const dirs = [...new Set(config.files.map((pattern) => dirname(pattern)))];
    const changes$ = merge(...dirs.map((dir) => watchDirectory(dir, io, config.refreshIntervalMs, scheduler, logger, metrics)));
    // The files whose mtime series this provider set, to remove them when it stops. (Two jobs
    // reading one file share its series; the survivor sets it again on its next read.)
    let readFiles: ReadonlyMap<string, number> = new Map();
    // concatMap: triggers are few (one per settle window or interval) and every refresh must run
    // to completion, since a refresh cut short would lose the change that triggered it.
    return merge(periodic$, changes$.pipe(auditTime(WATCH_SETTLE_MS, scheduler))).pipe(
      concatMap(() => scanFiles(config.files, io, scheduler, logger, metrics)),
      scan((state: FileState, reads: readonly FileRead[]) => nextFileState(state.counts, reads), {
        counts: new Map(),
        update: [],
        vanished: [],
      }),
      tap((state) => {
        for (const path of state.vanished) metrics.fileMtime.remove({ filename: path });
        readFiles = state.counts;
      }),
      map((state) => state.update),
      finalize(() => {
        for (const path of readFiles.keys()) metrics.fileMtime.remove({ filename: path });
      }),
    );
  });
}

/**
 * The next state after a scan. Like Prometheus, a file that failed keeps its previous count (so
 * its old groups are neither resent nor removed), and every source index a file had before and
 * lacks now is sent as an empty group.
 */
function nextFileState(previous: ReadonlyMap<string, number>, reads: readonly FileRead[]): FileState {
  const counts = new Map<string, number>();
  const update: TargetGroup[] = [];
  for (const read of reads) {
    if ('groups' in read) {
      update.push(...read.groups);
      counts.set(read.path, read.groups.length);
    } else if (previous.has(read.path)) {
      counts.set(read.path, previous.get(read.path)!);
    }
  }
  const listed = new Set(reads.map((r) => r.path));
  const vanished: string[] = [];
  for (const [path, before] of previous) {
    if (!listed.has(path)) vanished.push(path);
    for (let i = counts.get(path) ?? 0; i < before; i++) update.push({ source: fileSource(path, i), targets: [], labels: {} });
  }
  return { counts, update, vanished };
}

/** Prometheus's group source for file_sd. */
export function fileSource(path: string, index: number): string {
  return `${path}:${index}`;
}

/** Lists every pattern and reads every matching file once. */
function scanFiles(
  patterns: readonly string[], io: FileSdIo, scheduler: SchedulerLike, logger: Logger, metrics: DiscoveryMetrics,
): Observable<FileRead[]> {
  return defer(() => {
    const started = scheduler.now();
    return from(patterns).pipe(
      concatMap((pattern) =>
        from(io.list(pattern)).pipe(
          catchError((e: unknown) => {
            logger.error({ glob: pattern, err: errorText(e) }, 'Error expanding glob');
            return of([] as readonly string[]);
          }),
        ),
      ),
      toArray(),
      map((lists) => [...new Set(lists.flat())]),
      concatMap((paths) =>
        from(paths.map((path, index) => ({ path, index }))).pipe(
          mergeMap(({ path, index }) => readFile(path, io, logger, metrics).pipe(map((read) => ({ read, index }))), READ_CONCURRENCY),
          toArray(),
          // Reads finish in any order; groups go out in listing order, like Prometheus's sequential reads.
          map((reads) => reads.sort((a, b) => a.index - b.index).map((r) => r.read)),
        ),
      ),
      tap(() => metrics.fileScanDuration.observe((scheduler.now() - started) / 1000)),
    );
  });
}

/** Reads and decodes one file; failures become a logged, counted FileRead error. */
function readFile(path: string, io: FileSdIo, logger: Logger, metrics: DiscoveryMetrics): Observable<FileRead> {
  return defer(() => from(io.read(path))).pipe(
    map((content): FileRead => {
      const groups = decodeFile(path, content.text).map((group, index) => ({
        source: fileSource(path, index),
        targets: group.targets,
        labels: { ...group.labels, [FILE_PATH_LABEL]: path },
      }));
      metrics.fileMtime.set({ filename: path }, content.mtimeMs / 1000);
      return { path, groups };
    }),
    catchError((e: unknown) => {
      metrics.fileReadErrors.inc();
      logger.error({ path, err: errorText(e) }, 'Error reading file');
      return of({ path, error: errorText(e) });
    }),
  );
}

/** Decodes by extension, as Prometheus does (the config only admits these extensions). */
function decodeFile(path: string, text: string) {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return decodeTargetGroupsJson(text);
  if (ext === '.yml' || ext === '.yaml') return decodeTargetGroupsYaml(text, path);
  throw new Error(`unhandled file extension ${JSON.stringify(ext)}`);
}

/**
 * Watches a directory for as long as the provider runs, re-establishing the watch every refresh
 * interval as Prometheus re-adds its watches on every refresh: a directory that could not be
 * watched (it did not exist yet) is tried again, and one that was deleted and re-created, which
 * leaves an inotify watch silently dead, is watched afresh. Meanwhile the periodic refresh still
 * finds every change.
 */
function watchDirectory(
  dir: string, io: FileSdIo, refreshIntervalMs: number, scheduler: SchedulerLike, logger: Logger, metrics: DiscoveryMetrics,
): Observable<unknown> {
  return timer(0, Math.max(refreshIntervalMs, 1000), scheduler).pipe(
    switchMap(() =>
      defer(() => io.watch(dir)).pipe(
        catchError((e: unknown) => {
          metrics.fileWatcherErrors.inc();
          logger.error({ path: dir, err: errorText(e) }, 'Error adding file watch');
          return EMPTY;
        }),
      ),
    ),
  );
}
