/**
 * The prometheus_sd_* self-metrics, with Prometheus's names, help texts and labels, so that
 * dashboards and alerts written for Prometheus (e.g. PrometheusSdFailedConfigs) work unchanged.
 */
import { Counter, Gauge, Summary, type Registry } from 'prom-client';

/** Every discovery self-metric. */
export interface DiscoveryMetrics {
  readonly failedConfigs: Gauge<'name'>;
  readonly discoveredTargets: Gauge<'name' | 'config'>;
  readonly receivedUpdates: Counter<'name'>;
  readonly delayedUpdates: Counter<'name'>;
  readonly sentUpdates: Counter<'name'>;
  readonly lastUpdate: Gauge<'name' | 'config'>;
  readonly refreshFailures: Counter<'mechanism' | 'config'>;
  readonly refreshDuration: Summary<'mechanism' | 'config'>;
  readonly fileReadErrors: Counter;
  readonly fileScanDuration: Summary;
  readonly fileWatcherErrors: Counter;
  readonly fileMtime: Gauge<'filename'>;
  readonly httpFailures: Counter;
  readonly dnsLookups: Counter;
  readonly dnsLookupFailures: Counter;
}

// prom-client refuses a second registration of a name, while every job's discovery asks for the
// metrics: one set per registry, created on first use.
const byRegistry = new WeakMap<Registry, DiscoveryMetrics>();
let unregistered: DiscoveryMetrics | undefined;

/** The discovery metrics registered on `registry` (created once); unregistered ones without a registry. */
export function discoveryMetrics(registry?: Registry): DiscoveryMetrics {
  if (registry === undefined) return (unregistered ??= createMetrics([]));
  let metrics = byRegistry.get(registry);
  if (metrics === undefined) {
    metrics = createMetrics([registry]);
    byRegistry.set(registry, metrics);
  }
  return metrics;
}

// Go's client defaults for summaries: these objectives over a 10 minute window in 5 buckets.
const SUMMARY = { percentiles: [0.5, 0.9, 0.99], maxAgeSeconds: 600, ageBuckets: 5 };

function createMetrics(registers: Registry[]): DiscoveryMetrics {
  return {
    failedConfigs: new Gauge({
      name: 'prometheus_sd_failed_configs',
      help: 'Current number of service discovery configurations that failed to load.',
      labelNames: ['name'],
      registers,
    }),
    discoveredTargets: new Gauge({
      name: 'prometheus_sd_discovered_targets',
      help: 'Current number of discovered targets.',
      labelNames: ['name', 'config'],
      registers,
    }),
    receivedUpdates: new Counter({
      name: 'prometheus_sd_received_updates_total',
      help: 'Total number of update events received from the SD providers.',
      labelNames: ['name'],
      registers,
    }),
    delayedUpdates: new Counter({
      name: 'prometheus_sd_updates_delayed_total',
      help: "Total number of update events that couldn't be sent immediately.",
      labelNames: ['name'],
      registers,
    }),
    sentUpdates: new Counter({
      name: 'prometheus_sd_updates_total',
      help: 'Total number of update events sent to the SD consumers.',
      labelNames: ['name'],
      registers,
    }),
    lastUpdate: new Gauge({
      name: 'prometheus_sd_last_update_timestamp_seconds',
      help: 'Timestamp of the last update sent to the SD consumers.',
      labelNames: ['name', 'config'],
      registers,
    }),
    refreshFailures: new Counter({
      name: 'prometheus_sd_refresh_failures_total',
      help: 'Number of refresh failures for the given SD mechanism.',
      labelNames: ['mechanism', 'config'],
      registers,
    }),
    refreshDuration: new Summary({
      name: 'prometheus_sd_refresh_duration_seconds',
      help: 'The duration of a refresh in seconds for the given SD mechanism.',
      labelNames: ['mechanism', 'config'],
      registers,
      ...SUMMARY,
    }),
    fileReadErrors: new Counter({
      name: 'prometheus_sd_file_read_errors_total',
      help: 'The number of File-SD read errors.',
      registers,
    }),
    fileScanDuration: new Summary({
      name: 'prometheus_sd_file_scan_duration_seconds',
      help: 'The duration of the File-SD scan in seconds.',
      registers,
      ...SUMMARY,
    }),
    fileWatcherErrors: new Counter({
      name: 'prometheus_sd_file_watcher_errors_total',
      help: 'The number of File-SD errors caused by filesystem watch failures.',
      registers,
    }),
    fileMtime: new Gauge({
      name: 'prometheus_sd_file_mtime_seconds',
      help: 'Timestamp (mtime) of files read by FileSD. Timestamp is set at read time.',
      labelNames: ['filename'],
      registers,
    }),
    httpFailures: new Counter({
      name: 'prometheus_sd_http_failures_total',
      help: 'Number of HTTP service discovery refresh failures.',
      registers,
    }),
    dnsLookups: new Counter({
      name: 'prometheus_sd_dns_lookups_total',
      help: 'The number of DNS-SD lookups.',
      registers,
    }),
    dnsLookupFailures: new Counter({
      name: 'prometheus_sd_dns_lookup_failures_total',
      help: 'The number of DNS-SD lookup failures.',
      registers,
    }),
  };
}
