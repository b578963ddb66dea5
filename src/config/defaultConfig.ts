/**
 * The config used when no file exists at the default --config.file path: like the
 * prometheus.yml Prometheus ships, it scrapes the server's own /metrics every 15 s.
 */
import { parseConfig, type PrometheusConfig } from './config.js';

/** The built-in config for a server listening on `listenAddress`. */
export function defaultConfig(listenAddress: string): PrometheusConfig {
  const port = listenAddress.slice(listenAddress.lastIndexOf(':') + 1);
  const text = [
    'global:',
    '  scrape_interval: 15s',
    '  evaluation_interval: 15s',
    'scrape_configs:',
    '  - job_name: prometheus',
    '    static_configs:',
    `      - targets: ["localhost:${port}"]`,
    '        labels:',
    '          app: promstream',
    '',
  ].join('\n');
  return parseConfig(text, '<built-in default config>');
}
