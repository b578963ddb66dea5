/**
 * The notifier (Prometheus's notifier.Manager): alerts from the rule manager get the external
 * labels and alert relabeling, wait in a bounded queue, and go out in batches of at most 64 to
 * every Alertmanager of every `alerting.alertmanagers` entry. A reload replaces the Alertmanager
 * sets (unchanged ones keep running) while the queue stays; on shutdown the queue is drained,
 * within one Alertmanager timeout, when the flag asks for it.
 */
import {
  asyncScheduler, concat, defer, EMPTY, endWith, exhaustMap, ignoreElements, map, merge, NEVER, Observable, of, repeat,
  ReplaySubject, share, Subject, switchMap, take, takeUntil, takeWhile, tap, timer, type SchedulerLike,
} from 'rxjs';
import type { Registry } from 'prom-client';
import type { AlertmanagerConfig } from '../config/alertingConfig.js';
import type { PrometheusConfig } from '../config/config.js';
import type { NotificationAlert } from '../model/notificationAlert.js';
import type { RelabelRule } from '../model/relabel.js';
import { createAlertmanagerClient, type AlertmanagerClient } from '../sinks/alertmanager.js';
import type { DiscoveryDeps } from '../sources/discovery/discoveryDeps.js';
import { BUILD_INFO } from '../telemetry/buildInfo.js';
import type { Logger } from '../telemetry/logger.js';
import { createNotifierMetrics, type NotifierMetrics } from '../telemetry/notifierMetrics.js';
import { deliverBatch, type DeliveryDeps } from './alertDelivery.js';
import { alertmanagerSets, type AlertmanagerSets } from './alertmanagerSets.js';
import { relabelAlerts } from './alertRelabeling.js';
import { NotificationQueue } from './notificationQueue.js';

/** Prometheus's maxBatchSize (of 2.42 to 3.x; later versions raised it): alerts per POST. */
const MAX_BATCH_SIZE = 64;

/** Alertmanager's default timeout, bounding the shutdown drain when no Alertmanager is configured. */
const DEFAULT_TIMEOUT_MS = 10_000;

export interface NotifierOptions {
  /** The process logger; notifier lines carry `component: 'notifier'`. */
  readonly logger: Logger;
  /** Where the prometheus_notifications_* metrics are registered. */
  readonly registry?: Registry;
  /** --alertmanager.notification-queue-capacity */
  readonly queueCapacity: number;
  /** --alertmanager.drain-notification-queue-on-shutdown */
  readonly drainOnShutdown: boolean;
  /** Discovery deps of the Alertmanager sets (as the scrape side's; the manager is named 'notify'). Default: the logger and registry above. */
  readonly discovery?: DiscoveryDeps;
  /** Builds an Alertmanager config's client; the undici one by default. */
  readonly connect?: (config: AlertmanagerConfig) => Promise<AlertmanagerClient>;
  /** User-Agent of the POSTs; `promstream/<version>` by default. */
  readonly userAgent?: string;
  /** Timer of the shutdown drain's deadline; asyncScheduler by default. */
  readonly scheduler?: SchedulerLike;
  /** Wall clock (ms); Date.now by default. */
  readonly now?: () => number;
}

/** The data of `/api/v1/alertmanagers`. */
export interface AlertmanagersView {
  readonly activeAlertmanagers: ReadonlyArray<{ readonly url: string }>;
  readonly droppedAlertmanagers: ReadonlyArray<{ readonly url: string }>;
}

const NO_SETS: AlertmanagerSets = { complete: false, sets: [] };

/** Queues alerts and delivers them to the Alertmanagers of the running config (see the file comment). */
export class Notifier {
  private readonly queue: NotificationQueue;
  private readonly metrics: NotifierMetrics;
  private readonly logger: Logger;
  private readonly delivery: DeliveryDeps;
  /** Signals that there may be something to send: new alerts or new Alertmanagers. */
  private readonly wake$ = new Subject<void>();
  private externalLabels: Readonly<Record<string, string>> = {};
  private alertRelabelRules: readonly RelabelRule[] = [];
  private alertmanagerTimeoutsMs: readonly number[] = [];
  private current: AlertmanagerSets = NO_SETS;

  constructor(private readonly options: NotifierOptions) {
    this.queue = new NotificationQueue(options.queueCapacity);
    this.logger = options.logger.child({ component: 'notifier' });
    this.metrics = createNotifierMetrics(options.registry, {
      queueCapacity: options.queueCapacity,
      queueLength: () => this.queue.length,
      alertmanagersDiscovered: () => this.current.sets.reduce((n, s) => n + s.alertmanagers.active.length, 0),
    });
    this.delivery = { metrics: this.metrics, logger: this.logger, now: options.now ?? Date.now };
  }

  /** Queues alerts (external labels and alert relabeling applied); when full, the oldest queued alerts are dropped. */
  send(alerts: readonly NotificationAlert[]): void {
    const relabeled = relabelAlerts(alerts, this.alertRelabelRules, this.externalLabels);
    if (relabeled.length === 0) return;
    const dropped = this.queue.push(relabeled);
    if (dropped > 0) {
      this.logger.warn({ num_dropped: dropped }, 'Alert notification queue full, dropping alerts');
      this.metrics.dropped.inc(dropped);
    }
    this.wake$.next();
  }

  /** The Alertmanagers of the current config, as `/api/v1/alertmanagers` shows them. */
  alertmanagers(): AlertmanagersView {
    const sets = this.current.sets;
    return {
      activeAlertmanagers: sets.flatMap((s) => s.alertmanagers.active.map((url) => ({ url }))),
      droppedAlertmanagers: sets.flatMap((s) => s.alertmanagers.dropped.map((url) => ({ url }))),
    };
  }

  /**
   * Runs discovery and delivery for each config from config$ until shutdown$ emits; then drains
   * the queue (or drops it, per the flag) and completes. Never emits.
   */
  run$(config$: Observable<PrometheusConfig>, shutdown$: Observable<unknown> = NEVER): Observable<never> {
    return defer(() => {
      let stopping = false;
      const stop$ = shutdown$.pipe(
        take(1),
        tap(() => {
          stopping = true;
          if (this.options.drainOnShutdown) this.logger.info('Draining any remaining notifications...');
        }),
        share({ connector: () => new ReplaySubject(1), resetOnComplete: false, resetOnRefCountZero: false }),
      );
      const canSend = (): boolean => this.queue.length > 0 && this.current.complete && (!stopping || this.options.drainOnShutdown);
      const done = (): boolean => stopping && (this.queue.length === 0 || !this.options.drainOnShutdown);
      // Batch after batch while there is something to send and somewhere to send it.
      const sendQueued$ = defer(() => (canSend() ? this.deliverNextBatch$() : EMPTY)).pipe(repeat({ delay: () => (canSend() ? of(0) : EMPTY) }));
      const LOOP_ENDED = 0;
      const loopEnds$ = merge(this.wake$, stop$).pipe(exhaustMap(() => sendQueued$.pipe(endWith(LOOP_ENDED))));
      const sets$ = config$.pipe(
        takeUntil(stop$),
        tap((config) => this.applyConfig(config)),
        map((config) => config.alerting.alertmanagers),
        (configs$) => alertmanagerSets(configs$, {
          discovery: this.options.discovery ?? { logger: this.options.logger, registry: this.options.registry },
          connect: this.options.connect ?? ((config) => createAlertmanagerClient(config, this.options.userAgent ?? `promstream/${BUILD_INFO.version}`)),
          logger: this.logger,
        }),
        tap((next) => this.updateSets(next)),
      );
      const deadline$ = stop$.pipe(switchMap(() => timer(this.drainTimeoutMs(), this.options.scheduler ?? asyncScheduler)));
      // The loop subscribes first, so that it hears the wake-up of sets known at once.
      const running$ = merge(loopEnds$, sets$.pipe(ignoreElements())).pipe(takeWhile(() => !done()), takeUntil(deadline$));
      // running$ only ends once stopping: what is left then was not drained.
      return concat(running$, defer(() => this.dropRemaining())).pipe(ignoreElements());
    });
  }

  /** The drain is bounded by the longest configured Alertmanager timeout: one batch's worth of waiting. */
  private drainTimeoutMs(): number {
    return this.alertmanagerTimeoutsMs.length > 0 ? Math.max(...this.alertmanagerTimeoutsMs) : DEFAULT_TIMEOUT_MS;
  }

  private applyConfig(config: PrometheusConfig): void {
    this.externalLabels = config.global.externalLabels;
    this.alertRelabelRules = config.alerting.alertRelabelConfigs;
    this.alertmanagerTimeoutsMs = config.alerting.alertmanagers.map((am) => am.timeoutMs);
  }

  /** Takes the new sets; per-Alertmanager series start at 0 for new Alertmanagers and go away with removed ones. */
  private updateSets(next: AlertmanagerSets): void {
    const before = this.activeUrls(this.current);
    const after = this.activeUrls(next);
    for (const url of after) {
      if (before.has(url)) continue;
      this.metrics.sent.inc({ alertmanager: url }, 0);
      this.metrics.errors.inc({ alertmanager: url }, 0);
    }
    for (const url of before) {
      if (after.has(url)) continue;
      this.metrics.sent.remove({ alertmanager: url });
      this.metrics.errors.remove({ alertmanager: url });
      this.metrics.latency.remove({ alertmanager: url });
    }
    this.current = next;
    this.wake$.next();
  }

  private activeUrls(sets: AlertmanagerSets): Set<string> {
    return new Set(sets.sets.flatMap((s) => s.alertmanagers.active));
  }

  /** Sends the next batch to the current sets; a batch nobody took, or that is cut off by unsubscribing, counts as dropped. */
  private deliverNextBatch$(): Observable<never> {
    return new Observable<never>((subscriber) => {
      const batch = this.queue.take(MAX_BATCH_SIZE);
      const abort = new AbortController();
      let settled = false;
      void deliverBatch(batch, this.current.sets, this.delivery, abort.signal).then((delivered) => {
        if (settled) return;
        settled = true;
        if (!delivered) this.metrics.dropped.inc(batch.length);
        subscriber.complete();
      });
      return () => {
        if (settled) return;
        settled = true;
        abort.abort();
        this.metrics.dropped.inc(batch.length);
      };
    });
  }

  /** After the run: what is still queued is dropped (drain disabled, or not drained in time). */
  private dropRemaining(): Observable<never> {
    const remaining = this.queue.clear();
    if (remaining === 0) {
      if (this.options.drainOnShutdown) this.logger.info('Remaining notifications drained');
      return EMPTY;
    }
    this.metrics.dropped.inc(remaining);
    if (this.options.drainOnShutdown) this.logger.warn({ count: remaining }, 'Notification queue not drained before the shutdown deadline; dropping the rest');
    else this.logger.warn({ count: remaining }, 'Draining remaining notifications on shutdown is disabled, and some notifications have been dropped');
    return EMPTY;
  }
}
