/**
 * Load → marshal → load gives the same config, for every config fixture upstream loads
 * (conformance README §3.2: roundtrip.good.yml, remote_write_retry_on_rate_limit.good.yml,
 * scrape_config_disable_compression.good.yml, and here every other loadable fixture too).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, type LoadOptions, type PrometheusConfig } from '../../src/config/config.js';
import type { DiscoveryConfig } from '../../src/config/discovery/index.js';
import { marshalConfig, type MarshalOptions } from '../../src/config/marshal/marshalConfig.js';
import { conformanceDir, hasConformance } from '../support/paths.js';

const dir = join(conformanceDir, 'config');
const skip = hasConformance ? false : `conformance corpus not found at ${conformanceDir}`;

/** Fixtures that load without a `.good.yml` name (README §3.2), with their load options. */
const OTHER_LOADABLE: Readonly<Record<string, LoadOptions>> = {
  'agent_mode.good.yml': { agentMode: true },
  'agent_mode.without_remote_writes.yml': { agentMode: true },
  'agent_mode.with_alert_manager.yml': {},
  'agent_mode.with_alert_relabels.yml': {},
  'agent_mode.with_rule_files.yml': {},
  'agent_mode.with_remote_reads.yml': {},
  'scrape_config_default_validation_mode.yml': {},
  'scrape_config_global_validation_mode.yml': {},
  'scrape_config_local_validation_mode.yml': {},
  'scrape_config_local_global_validation_mode.yml': {},
  'scrape_config_local_infer_escaping.yml': {},
  'otlp_empty.yml': {},
};

/**
 * External label values are expanded from the environment on every load (`$$` → `$`), so a `$`
 * printed back is expanded again; Prometheus behaves the same. Those labels are left out of the
 * comparison for this file.
 */
const EXPANDED_ON_EVERY_LOAD = new Set(['external_labels.good.yml']);

const fixtures = hasConformance
  ? [
      ...readdirSync(dir).filter((f) => f.endsWith('.good.yml')),
      ...Object.keys(OTHER_LOADABLE),
      ...readdirSync(join(dir, 'scrape_configs')).filter((f) => f.endsWith('.good.yml')).map((f) => `scrape_configs/${f}`),
    ]
  : [];

const load = (name: string): PrometheusConfig => {
  const path = join(dir, name);
  return parseConfig(readFileSync(path, 'utf8'), path, { env: {}, ...OTHER_LOADABLE[name] });
};

const reload = (config: PrometheusConfig, name: string, options: MarshalOptions = {}): PrometheusConfig =>
  parseConfig(marshalConfig(config, options), config.file, { env: {}, ...OTHER_LOADABLE[name] });

const discoveryKey = (d: DiscoveryConfig): string => (d.kind === 'static' ? 'static_configs' : `${d.kind}_sd_configs`);
const byKey = (list: readonly DiscoveryConfig[]): DiscoveryConfig[] =>
  [...list].sort((a, b) => (discoveryKey(a) < discoveryKey(b) ? -1 : discoveryKey(a) > discoveryKey(b) ? 1 : 0));

/**
 * What a round trip may change without changing behaviour: discovery sections print sorted by key
 * (Go's order) while loading keeps document order, and an unset global escaping scheme prints as
 * the `allow-utf-8` it stands for when the global section holds only defaults.
 */
function comparable(c: PrometheusConfig, name: string): PrometheusConfig {
  const g = c.global;
  const escaping = g.metricNameEscapingScheme || (g.metricNameValidationScheme === 'legacy' ? 'underscores' : 'allow-utf-8');
  return {
    ...c,
    global: { ...g, metricNameEscapingScheme: escaping, externalLabels: EXPANDED_ON_EVERY_LOAD.has(name) ? {} : g.externalLabels },
    scrapeConfigs: c.scrapeConfigs.map((job) => ({ ...job, discovery: byKey(job.discovery) })),
    alerting: { ...c.alerting, alertmanagers: c.alerting.alertmanagers.map((am) => ({ ...am, discovery: byKey(am.discovery) })) },
  };
}

test('every loadable fixture survives load → marshal (secrets shown) → load', { skip }, async (t) => {
  for (const name of fixtures) {
    await t.test(name, () => {
      const config = load(name);
      assert.deepStrictEqual(comparable(reload(config, name, { showSecrets: true }), name), comparable(config, name));
    });
  }
});

test('every loadable fixture still loads after marshalling with secrets hidden', { skip }, async (t) => {
  for (const name of fixtures) {
    await t.test(name, () => {
      assert.doesNotThrow(() => reload(load(name), name));
    });
  }
});

test('roundtrip.good.yml: load → marshal → load is identical, as upstream asserts', { skip }, () => {
  const config = load('roundtrip.good.yml');
  assert.deepStrictEqual(comparable(reload(config, 'roundtrip.good.yml'), ''), comparable(config, ''));
});

test('remote_write_retry_on_rate_limit.good.yml: retry_on_http_429 survives the round trip', { skip }, () => {
  const config = reload(load('remote_write_retry_on_rate_limit.good.yml'), 'remote_write_retry_on_rate_limit.good.yml');
  assert.deepEqual(config.remoteWrite.map((rw) => rw.queueConfig.retryOnHttp429), [true, false]);
});

test('scrape_config_disable_compression.good.yml: enable_compression: false survives the round trip', { skip }, () => {
  const config = reload(load('scrape_config_disable_compression.good.yml'), 'scrape_config_disable_compression.good.yml');
  assert.equal(config.scrapeConfigs[0]!.enableCompression, false);
  assert.match(marshalConfig(config), /\n {2}enable_compression: false\n/);
});

/** Settings no fixture exercises: proxies, oauth2 without a secret, cloud auth, zero and false values that differ from defaults. */
const SYNTHETIC = [
  'global:',
  '  scrape_interval: 30s',
  '  scrape_protocols: [PrometheusProto, OpenMetricsText1.0.0]',
  '  rule_query_offset: 1m',
  '  keep_dropped_targets: 3',
  '  metric_name_escaping_scheme: dots',
  '  convert_classic_histograms_to_nhcb: true',
  '  external_labels:',
  '    region: "eu:1"',
  'runtime:',
  '  gogc: 100',
  'alerting:',
  '  alert_relabel_configs:',
  '    - action: labeldrop',
  '      regex: replica',
  '  alertmanagers:',
  '    - path_prefix: /am',
  '      sigv4:',
  '        region: us-east-1',
  '      dns_sd_configs:',
  '        - names: [am.example.com]',
  '          type: a',
  '          port: 9093',
  'scrape_configs:',
  '  - job_name: big',
  '    params:',
  '      module: [http_2xx]',
  '      target: ["a", "b"]',
  '    native_histogram_min_bucket_factor: 1.1',
  '    native_histogram_bucket_limit: 160',
  '    proxy_url: http://proxy:3128',
  '    no_proxy: localhost',
  '    proxy_connect_header:',
  '      X-Token: [abc]',
  '    http_headers: {}',
  '    tls_config:',
  '      ca: |',
  '        -----BEGIN CERTIFICATE-----',
  '        MIIB',
  '        -----END CERTIFICATE-----',
  '      server_name: example.com',
  '      max_version: TLS13',
  '    oauth2:',
  '      client_id: id',
  '      client_secret_file: secret.txt',
  '      scopes: [a, b]',
  '      token_url: https://auth/token',
  '      endpoint_params:',
  '        aud: x',
  '      proxy_from_environment: true',
  '    kubernetes_sd_configs:',
  '      - role: pod',
  '        api_server: https://k8s:6443',
  '        selectors:',
  '          - role: pod',
  '            label: app=web',
  '            field: spec.nodeName=n1',
  '        attach_metadata:',
  '          node: true',
  '    aws_sd_configs:',
  '      - role: ecs',
  '        region: eu-west-1',
  '        clusters: [c1]',
  '    ecs_sd_configs:',
  '      - region: eu-west-1',
  '    msk_sd_configs:',
  '      - region: eu-west-1',
  '    gce_sd_configs:',
  '      - project: p',
  '        zone: z',
  '    serverset_sd_configs:',
  '      - servers: [zk:2181]',
  '        paths: [/a]',
  '    eureka_sd_configs:',
  '      - server: http://eureka:8761/eureka',
  '    metric_relabel_configs:',
  '      - source_labels: [le]',
  '        regex: "(.+)"',
  '        target_label: le',
  '        action: lowercase',
  'remote_write:',
  '  - url: https://rw/push',
  '    send_exemplars: true',
  '    round_robin_dns: true',
  '    queue_config:',
  '      sample_age_limit: 10m',
  '    metadata_config:',
  '      send: false',
  '    sigv4:',
  '      region: us-east-1',
  '      access_key: AK',
  '      secret_key: SK',
  '  - url: https://rw2/push',
  '    azuread:',
  '      cloud: AzurePublic',
  '      oauth:',
  '        client_id: 00000000-0000-0000-0000-000000000000',
  '        client_secret: s3',
  '        tenant_id: t',
  '  - url: https://rw3/push',
  '    google_iam:',
  '      credentials_file: creds.json',
  'remote_read:',
  '  - url: https://rr/read',
  '    filter_external_labels: false',
  '    headers:',
  '      X-Scope-OrgID: t1',
  'storage:',
  '  tsdb:',
  '    retention:',
  '      size: 512MB',
  '    chunk_encoding:',
  '      floats: xor2',
  '  exemplars:',
  '    max_exemplars: 0',
  'tracing:',
  '  endpoint: otel:4317',
  '  sampling_fraction: 0.25',
  '  insecure: true',
  'otlp:',
  '  promote_all_resource_attributes: true',
  '  ignore_resource_attributes: [x]',
  '  label_name_underscore_sanitization: false',
  '',
].join('\n');

test('a config using the settings the fixtures leave out survives the round trip', () => {
  const file = '/etc/prometheus/prometheus.yml';
  const config = parseConfig(SYNTHETIC, file, { env: {} });
  const back = parseConfig(marshalConfig(config, { showSecrets: true }), file, { env: {} });
  assert.deepStrictEqual(comparable(back, ''), comparable(config, ''));
  assert.equal(back.storage.exemplars.maxExemplars, 0);
  assert.equal(back.remoteRead[0]!.filterExternalLabels, false);
  assert.equal(back.otlp.labelNameUnderscoreSanitization, false);
});
