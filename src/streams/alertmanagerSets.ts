/**
 * The notifier's Alertmanager sets: one per `alerting.alertmanagers` entry, each with its HTTP
 * client and its own service discovery (the shared providers, as the 'notify' discovery manager),
 * its groups turned into Alertmanager URLs. A reload keeps the sets whose config is unchanged
 * running (client, discovery and discovered Alertmanagers), starts new ones and stops removed ones.
 */
import { connect, defer, map, merge, Observable, scan, takeUntil, tap, type Subscription } from 'rxjs';
import type { AlertmanagerConfig } from '../config/alertingConfig.js';
import { configFingerprint } from '../config/configFingerprint.js';
import { reconcileByKey } from '../operators/reconcileByKey.js';
import type { AlertmanagerClient } from '../sinks/alertmanager.js';
import type { DiscoveryDeps } from '../sources/discovery/discoveryDeps.js';
import { jobDiscovery } from '../sources/discovery/jobDiscovery.js';
import type { Logger } from '../telemetry/logger.js';
import { alertmanagersFromGroups, type DiscoveredAlertmanagers } from './alertmanagerTargets.js';

/** One `alertmanagers` entry at work. */
export interface AlertmanagerSet {
  /** `config-<index>`: the discovery set name, as Prometheus names it. */
  readonly name: string;
  readonly config: AlertmanagerConfig;
  readonly client: AlertmanagerClient;
  readonly alertmanagers: DiscoveredAlertmanagers;
}

/** The sets of the current config. */
export interface AlertmanagerSets {
  /** Whether every configured set has reported its discovery; until then alerts wait in the queue. */
  readonly complete: boolean;
  /** The sets that have reported, in config order. */
  readonly sets: readonly AlertmanagerSet[];
}

export interface AlertmanagerSetsDeps {
  /** Logger, registry and I/O of the discovery providers (the manager is named 'notify'). */
  readonly discovery: DiscoveryDeps;
  /** Builds the client of an Alertmanager config. */
  readonly connect: (config: AlertmanagerConfig) => Promise<AlertmanagerClient>;
  /** The notifier's logger. */
  readonly logger: Logger;
}

interface SetEntry {
  readonly key: string;
  readonly name: string;
  readonly config: AlertmanagerConfig;
}

type SetsEvent =
  | { readonly kind: 'configs'; readonly keys: readonly string[] }
  | { readonly kind: 'set'; readonly key: string; readonly set: AlertmanagerSet };

interface SetsState {
  readonly keys: readonly string[];
  readonly byKey: ReadonlyMap<string, AlertmanagerSet>;
}

/** The current Alertmanager sets, re-emitted on every config and every discovery change. */
export function alertmanagerSets(configs$: Observable<readonly AlertmanagerConfig[]>, deps: AlertmanagerSetsDeps): Observable<AlertmanagerSets> {
  const discovery: DiscoveryDeps = { ...deps.discovery, managerName: 'notify' };
  return configs$.pipe(
    map(entriesOf),
    // Both consumers subscribe before the first config arrives, even when configs$ replays it synchronously.
    connect((entries$) =>
      merge(
        entries$.pipe(map((entries): SetsEvent => ({ kind: 'configs', keys: entries.map((e) => e.key) }))),
        entries$.pipe(
          reconcileByKey(
            (entry: SetEntry) => entry.key,
            (entry, removed$) => runningSet(entry, deps, discovery).pipe(
              takeUntil(removed$),
              map((set): SetsEvent => ({ kind: 'set', key: entry.key, set })),
            ),
          ),
        ),
      ),
    ),
    scan(step, { keys: [], byKey: new Map() }),
    map((state) => {
      const sets = state.keys.flatMap((key) => state.byKey.get(key) ?? []);
      return { complete: sets.length === state.keys.length, sets };
    }),
  );
}

/** One entry per distinct config (an identical repeat would only send every alert twice to the same place). */
function entriesOf(configs: readonly AlertmanagerConfig[]): SetEntry[] {
  const entries = new Map<string, SetEntry>();
  configs.forEach((config, index) => {
    const key = configFingerprint(config);
    if (!entries.has(key)) entries.set(key, { key, name: `config-${index}`, config });
  });
  return [...entries.values()];
}

function step(state: SetsState, event: SetsEvent): SetsState {
  if (event.kind === 'configs') {
    const byKey = new Map([...state.byKey].filter(([key]) => event.keys.includes(key)));
    return { keys: event.keys, byKey };
  }
  if (!state.keys.includes(event.key)) return state;
  return { keys: state.keys, byKey: new Map(state.byKey).set(event.key, event.set) };
}

/** A set's client (closed when the set stops) and its discovered Alertmanagers. */
function runningSet(entry: SetEntry, deps: AlertmanagerSetsDeps, discovery: DiscoveryDeps): Observable<AlertmanagerSet> {
  return withClient(
    () => deps.connect(entry.config),
    (client) =>
      defer(() => jobDiscovery(entry.name, entry.config.discovery, discovery)).pipe(
        map((groups) => ({ name: entry.name, config: entry.config, client, alertmanagers: alertmanagersFromGroups(groups, entry.config) })),
        tap((set) => {
          for (const err of set.alertmanagers.errors) deps.logger.error({ config: entry.name, err }, 'Creating discovered Alertmanagers failed');
        }),
      ),
  );
}

/** Runs `use` with a client built by `create`, closing the client however the stream ends (even before it was built). */
function withClient<T>(create: () => Promise<AlertmanagerClient>, use: (client: AlertmanagerClient) => Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    let stopped = false;
    let client: AlertmanagerClient | undefined;
    let inner: Subscription | undefined;
    create().then(
      (created) => {
        if (stopped) {
          void created.close();
          return;
        }
        client = created;
        inner = use(created).subscribe(subscriber);
      },
      (err: unknown) => subscriber.error(err),
    );
    return () => {
      stopped = true;
      inner?.unsubscribe();
      // Graceful: a batch already being posted finishes first.
      void client?.close();
    };
  });
}
