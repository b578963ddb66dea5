/**
 * marshalConfig prints a loaded config the way Prometheus's `/api/v1/status/config` does. The
 * goldens are written from Prometheus 3's output for the same input; the fixture checks are the
 * marshalling assertions of conformance README §3.2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigFile, parseConfig } from '../../src/config/config.js';
import { marshalConfig } from '../../src/config/marshal/marshalConfig.js';
import { conformanceDir, hasConformance } from '../support/paths.js';

const dir = join(conformanceDir, 'config');
const skip = hasConformance ? false : `conformance corpus not found at ${conformanceDir}`;
const FILE = '/etc/prometheus/prometheus.yml';

test('an empty config prints as Prometheus 3 prints its defaults', () => {
  const expected = [
    'global:',
    '  scrape_interval: 1m',
    '  scrape_timeout: 10s',
    '  evaluation_interval: 1m',
    '  metric_name_validation_scheme: utf8',
    '  metric_name_escaping_scheme: allow-utf-8',
    '  scrape_native_histograms: false',
    'runtime:',
    '  gogc: 75',
    'otlp:',
    '  translation_strategy: UnderscoreEscapingWithSuffixes',
    '  label_name_underscore_sanitization: true',
    '  label_name_preserve_multiple_underscores: true',
    '',
  ].join('\n');
  assert.equal(marshalConfig(parseConfig('', FILE, { env: {} })), expected);
});

test('the prometheus.yml Prometheus ships prints with every scrape default filled in', () => {
  const text = [
    'global:',
    '  scrape_interval: 15s',
    '  evaluation_interval: 15s',
    'alerting:',
    '  alertmanagers:',
    '    - static_configs:',
    '        - targets:',
    '          # - alertmanager:9093',
    'rule_files:',
    '  # - "first_rules.yml"',
    'scrape_configs:',
    '  - job_name: "prometheus"',
    '    static_configs:',
    '      - targets: ["localhost:9090"]',
    '        labels:',
    '          app: "prometheus"',
    '',
  ].join('\n');
  const expected = [
    'global:',
    '  scrape_interval: 15s',
    '  scrape_timeout: 10s',
    '  evaluation_interval: 15s',
    '  metric_name_validation_scheme: utf8',
    '  scrape_native_histograms: false',
    'runtime:',
    '  gogc: 75',
    'alerting:',
    '  alertmanagers:',
    '  - follow_redirects: true',
    '    enable_http2: true',
    '    scheme: http',
    '    timeout: 10s',
    '    api_version: v2',
    '    static_configs:',
    '    - targets: []',
    'scrape_configs:',
    '- job_name: prometheus',
    '  honor_timestamps: true',
    '  track_timestamps_staleness: false',
    '  scrape_interval: 15s',
    '  scrape_timeout: 10s',
    '  scrape_protocols:',
    '  - OpenMetricsText1.0.0',
    '  - OpenMetricsText0.0.1',
    '  - PrometheusText1.0.0',
    '  - PrometheusText0.0.4',
    '  scrape_native_histograms: false',
    '  always_scrape_classic_histograms: false',
    '  convert_classic_histograms_to_nhcb: false',
    '  metrics_path: /metrics',
    '  scheme: http',
    '  enable_compression: true',
    '  metric_name_validation_scheme: utf8',
    '  metric_name_escaping_scheme: allow-utf-8',
    '  extra_scrape_metrics: false',
    '  follow_redirects: true',
    '  enable_http2: true',
    '  static_configs:',
    '  - targets:',
    '    - localhost:9090',
    '    labels:',
    '      app: prometheus',
    'otlp:',
    '  translation_strategy: UnderscoreEscapingWithSuffixes',
    '  label_name_underscore_sanitization: true',
    '  label_name_preserve_multiple_underscores: true',
    '',
  ].join('\n');
  assert.equal(marshalConfig(parseConfig(text, FILE, { env: {} })), expected);
});

test('relabel rules print with their defaults, and paths as loading resolved them', () => {
  const text = [
    'scrape_configs:',
    '  - job_name: a',
    '    authorization:',
    '      credentials_file: token',
    '    relabel_configs:',
    '      - source_labels: [job, instance]',
    '        regex: "1"',
    '        action: keep',
    '      - source_labels: [__meta_tags]',
    '        separator: ","',
    '        target_label: tags',
    '',
  ].join('\n');
  const out = marshalConfig(parseConfig(text, FILE, { env: {} }));
  assert.ok(out.includes([
    '  relabel_configs:',
    '  - source_labels: [job, instance]',
    '    separator: ;',
    '    regex: "1"',
    '    replacement: $1',
    '    action: keep',
    '  - source_labels: [__meta_tags]',
    "    separator: ','",
    '    regex: (.*)',
    '    target_label: tags',
    '    replacement: $1',
    '    action: replace',
  ].join('\n')), out);
  assert.ok(out.includes('    type: Bearer\n    credentials_file: /etc/prometheus/token\n'), out);
});

test('conf.good.yml prints exactly 29 <secret> placeholders and never the secrets themselves', { skip }, () => {
  const path = join(dir, 'conf.good.yml');
  const out = marshalConfig(parseConfig(readFileSync(path, 'utf8'), path, { env: {} }));
  assert.equal(out.match(/<secret>/g)?.length, 29);
  assert.ok(!out.includes('mysecret'), 'a secret leaked');
  // With secrets shown (Prometheus's MarshalSecretValue), the same document carries them.
  assert.ok(marshalConfig(parseConfig(readFileSync(path, 'utf8'), path, { env: {} }), { showSecrets: true }).includes('mysecret'));
});

test('URL passwords are redacted as Prometheus redacts them', () => {
  const text = 'remote_write:\n  - url: https://user:pass@example.com/push\n';
  const out = marshalConfig(parseConfig(text, FILE, { env: {} }));
  assert.ok(out.includes('- url: https://user:xxxxx@example.com/push\n'), out);
});

test('only the file\'s own jobs print: those of scrape_config_files are not part of the config', { skip }, async () => {
  const config = await loadConfigFile(join(dir, 'scrape_config_files_combined.good.yml'), { env: {} });
  assert.deepEqual(config.scrapeConfigs.map((j) => j.jobName), ['node', 'prometheus', 'alertmanager']);
  const out = marshalConfig(config);
  assert.deepEqual([...out.matchAll(/^- job_name: (.*)$/gm)].map((m) => m[1]), ['node']);
  assert.ok(out.includes(`scrape_config_files:\n- ${join(dir, 'scrape_config_files.good.yml')}\n`), out);
});
