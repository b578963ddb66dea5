/**
 * One batch's delivery, as Prometheus's sendAll: posted concurrently to every Alertmanager of
 * every set (after the set's own alert relabeling), each failure logged and counted, and the
 * batch judged delivered when every set it was posted to accepted it at least once.
 */
import type { NotificationAlert } from '../model/notificationAlert.js';
import { encodeAlerts } from '../sinks/alertmanager.js';
import type { Logger } from '../telemetry/logger.js';
import type { NotifierMetrics } from '../telemetry/notifierMetrics.js';
import type { AlertmanagerSet } from './alertmanagerSets.js';
import { relabelAlerts } from './alertRelabeling.js';

export interface DeliveryDeps {
  readonly metrics: NotifierMetrics;
  /** The notifier's logger. */
  readonly logger: Logger;
  /** Wall clock (ms), for the latency summary. */
  readonly now: () => number;
}

/**
 * Sends a batch; resolves whether it reached every set it was meant for (Prometheus 3: a set
 * with no Alertmanagers, or whose relabeling drops every alert, is not meant for). Never rejects.
 */
export async function deliverBatch(batch: readonly NotificationAlert[], sets: readonly AlertmanagerSet[], deps: DeliveryDeps, signal?: AbortSignal): Promise<boolean> {
  if (batch.length === 0) return true;
  const begin = deps.now();
  let unrelabeledPayload: string | undefined;
  const perSet: Array<Promise<boolean>> = [];
  for (const set of sets) {
    if (set.alertmanagers.active.length === 0) continue;
    const alerts = set.config.alertRelabelConfigs.length > 0 ? relabelAlerts(batch, set.config.alertRelabelConfigs) : batch;
    if (alerts.length === 0) continue;
    // Sets without their own relabeling post the same body: encode it once.
    const payload = alerts === batch ? (unrelabeledPayload ??= encodeAlerts(batch)) : encodeAlerts(alerts);
    const posts = set.alertmanagers.active.map((url) => postOne(set, url, payload, alerts.length, begin, deps, signal));
    perSet.push(Promise.all(posts).then((accepted) => accepted.includes(true)));
  }
  return (await Promise.all(perSet)).every(Boolean);
}

async function postOne(set: AlertmanagerSet, url: string, payload: string, count: number, begin: number, deps: DeliveryDeps, signal?: AbortSignal): Promise<boolean> {
  let accepted = true;
  try {
    await set.client.post(url, payload, signal);
  } catch (e) {
    accepted = false;
    deps.logger.error({ alertmanager: url, count, err: (e as Error).message }, 'Error sending alerts');
    deps.metrics.errors.inc({ alertmanager: url }, count);
  }
  deps.metrics.latency.observe({ alertmanager: url }, (deps.now() - begin) / 1000);
  // Prometheus counts every alert it attempted to send, delivered or not.
  deps.metrics.sent.inc({ alertmanager: url }, count);
  return accepted;
}
