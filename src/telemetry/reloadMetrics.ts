/** The reload outcome metrics Prometheus exposes, which alerting on bad reloads relies on. */
import { Gauge, type Registry } from 'prom-client';

export interface ReloadMetrics {
  /** Records a reload (or the initial load) outcome. */
  record(success: boolean, atMs: number): void;
}

/** Registers prometheus_config_last_reload_successful and ..._success_timestamp_seconds. */
export function createReloadMetrics(registry: Registry): ReloadMetrics {
  const successful = new Gauge({
    name: 'prometheus_config_last_reload_successful',
    help: 'Whether the last configuration reload attempt was successful.',
    registers: [registry],
  });
  const timestamp = new Gauge({
    name: 'prometheus_config_last_reload_success_timestamp_seconds',
    help: 'Timestamp of the last successful configuration reload.',
    registers: [registry],
  });
  return {
    record(success, atMs) {
      successful.set(success ? 1 : 0);
      if (success) timestamp.set(Math.floor(atMs / 1000));
    },
  };
}
