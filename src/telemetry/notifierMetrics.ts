/**
 * The prometheus_notifications_* self-metrics of the notifier, with Prometheus's names, help
 * texts and labels, so that dashboards and alerts written for Prometheus work unchanged.
 */
import { Counter, Gauge, Summary, type Registry } from 'prom-client';

export interface NotifierMetrics {
  readonly latency: Summary<'alertmanager'>;
  readonly errors: Counter<'alertmanager'>;
  readonly sent: Counter<'alertmanager'>;
  readonly dropped: Counter;
  readonly queueLength: Gauge;
  readonly queueCapacity: Gauge;
  readonly alertmanagersDiscovered: Gauge;
}

/** What the gauges read when scraped. */
export interface NotifierGauges {
  readonly queueCapacity: number;
  readonly queueLength: () => number;
  readonly alertmanagersDiscovered: () => number;
}

/** Creates the metrics, registered on `registry` when given (once per registry: prom-client refuses a second set). */
export function createNotifierMetrics(registry: Registry | undefined, gauges: NotifierGauges): NotifierMetrics {
  const registers = registry === undefined ? [] : [registry];
  const metrics: NotifierMetrics = {
    latency: new Summary({
      name: 'prometheus_notifications_latency_seconds',
      help: 'Latency quantiles for sending alert notifications.',
      labelNames: ['alertmanager'],
      // Go's summary: these objectives over a 10 minute window in 5 buckets.
      percentiles: [0.5, 0.9, 0.99],
      maxAgeSeconds: 600,
      ageBuckets: 5,
      registers,
    }),
    errors: new Counter({
      name: 'prometheus_notifications_errors_total',
      help: 'Total number of sent alerts affected by errors.',
      labelNames: ['alertmanager'],
      registers,
    }),
    sent: new Counter({
      name: 'prometheus_notifications_sent_total',
      help: 'Total number of alerts sent.',
      labelNames: ['alertmanager'],
      registers,
    }),
    dropped: new Counter({
      name: 'prometheus_notifications_dropped_total',
      help: 'Total number of alerts dropped due to errors when sending to Alertmanager.',
      registers,
    }),
    queueLength: new Gauge({
      name: 'prometheus_notifications_queue_length',
      help: 'The number of alert notifications in the queue.',
      registers,
      collect() {
        this.set(gauges.queueLength());
      },
    }),
    queueCapacity: new Gauge({
      name: 'prometheus_notifications_queue_capacity',
      help: 'The capacity of the alert notifications queue.',
      registers,
    }),
    alertmanagersDiscovered: new Gauge({
      name: 'prometheus_notifications_alertmanagers_discovered',
      help: 'The number of alertmanagers discovered and active.',
      registers,
      collect() {
        this.set(gauges.alertmanagersDiscovered());
      },
    }),
  };
  metrics.queueCapacity.set(gauges.queueCapacity);
  return metrics;
}
