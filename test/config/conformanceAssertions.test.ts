/**
 * What upstream asserts about the config fixtures that load (conformance README §3.2), except
 * the assertions that need marshalling back to YAML.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigFile, parseConfig, type PrometheusConfig } from '../../src/config/config.js';
import { DEFAULT_SCRAPE_PROTOCOLS, PROTO_FIRST_SCRAPE_PROTOCOLS } from '../../src/config/scrapeProtocols.js';
import { conformanceDir, hasConformance } from '../support/paths.js';

const dir = join(conformanceDir, 'config');
const skip = hasConformance ? false : `conformance corpus not found at ${conformanceDir}`;
const load = (name: string, env: Record<string, string | undefined> = {}): Promise<PrometheusConfig> => loadConfigFile(join(dir, name), { env });
const onlyJob = async (name: string) => {
  const config = await load(name);
  assert.equal(config.scrapeConfigs.length, 1);
  return config.scrapeConfigs[0]!;
};

test('an empty file is a valid config with every default', () => {
  const config = parseConfig('', '/etc/prometheus/prometheus.yml');
  assert.equal(config.global.scrapeIntervalMs, 60_000);
  assert.equal(config.global.scrapeTimeoutMs, 10_000);
  assert.equal(config.global.evaluationIntervalMs, 60_000);
  assert.equal(config.global.metricNameValidationScheme, 'utf8');
  assert.deepEqual(config.scrapeConfigs, []);
  assert.equal(config.otlp.translationStrategy, 'UnderscoreEscapingWithSuffixes');
  assert.equal(config.storage.exemplars.maxExemplars, 100_000);
  assert.equal(config.tracing, undefined);
});

test('global_timeout.good.yml loads and does not change the defaults of later loads', { skip }, async () => {
  const config = await load('global_timeout.good.yml');
  assert.equal(config.global.scrapeTimeoutMs, 3600_000);
  const later = parseConfig('scrape_configs:\n  - job_name: a\n', '/p.yml');
  assert.equal(later.global.scrapeTimeoutMs, 10_000);
  assert.equal(later.scrapeConfigs[0]!.scrapeTimeoutMs, 10_000);
});

test('scrape_interval_larger.good.yml: a job without a timeout gets min(global timeout, job interval)', { skip }, async () => {
  const config = await load('scrape_interval_larger.good.yml');
  for (const job of config.scrapeConfigs) assert.ok(job.scrapeIntervalMs >= job.scrapeTimeoutMs);
  assert.equal(config.scrapeConfigs[0]!.scrapeIntervalMs, 5000);
  assert.equal(config.scrapeConfigs[0]!.scrapeTimeoutMs, 5000);
});

test('external_labels.good.yml expands ${VAR} from the environment and keeps $$ as $', { skip }, async () => {
  const unset = await load('external_labels.good.yml', { TEST: '' });
  assert.deepEqual(unset.global.externalLabels, { bar: 'foo', baz: 'foobar', foo: '', qux: 'foo${TEST}', xyz: 'foo$bar' });
  const set = await load('external_labels.good.yml', { TEST: 'TestValue' });
  assert.deepEqual(set.global.externalLabels, { bar: 'foo', baz: 'fooTestValuebar', foo: 'TestValue', qux: 'foo${TEST}', xyz: 'foo$bar' });
});

test('rules_abs_path.good.yml: relative rule files are joined to the config directory, absolute ones kept', { skip }, async () => {
  const config = await load('rules_abs_path.good.yml');
  assert.deepEqual(config.ruleFiles, [join(dir, 'first.rules'), join(dir, 'rules/second.rules'), '/absolute/third.rules']);
});

test('agent-mode fixtures load in agent mode with their remote writes', { skip }, async () => {
  const good = await loadConfigFile(join(dir, 'agent_mode.good.yml'), { agentMode: true });
  assert.deepEqual(good.remoteWrite.map((rw) => rw.url), ['http://remote1/push']);
  const none = await loadConfigFile(join(dir, 'agent_mode.without_remote_writes.yml'), { agentMode: true });
  assert.deepEqual(none.remoteWrite, []);
});

test('tsdb retention percentage and float chunk encoding', { skip }, async () => {
  assert.equal((await load('tsdb_retention_percentage_float.good.yml')).storage.tsdb?.retention?.percentage, 0.5);
  assert.equal((await load('tsdb_chunk_encoding_floats_xor.good.yml')).storage.tsdb?.floatChunkEncoding, 'xor');
  assert.equal((await load('tsdb_chunk_encoding_floats_xor2.good.yml')).storage.tsdb?.floatChunkEncoding, 'xor2');
  assert.equal((await load('tsdb_retention_percentage_float.good.yml')).storage.tsdb?.floatChunkEncoding, '');
});

test('remote write retry_on_http_429 and scrape enable_compression read back as written', { skip }, async () => {
  const rw = await load('remote_write_retry_on_rate_limit.good.yml');
  assert.deepEqual(rw.remoteWrite.map((r) => r.queueConfig.retryOnHttp429), [true, false]);
  assert.equal((await onlyJob('scrape_config_disable_compression.good.yml')).enableCompression, false);
});

test('metric name validation and escaping schemes per job', { skip }, async () => {
  const cases: Array<[string, string, string]> = [
    ['scrape_config_default_validation_mode.yml', 'utf8', 'allow-utf-8'],
    ['scrape_config_global_validation_mode.yml', 'legacy', 'dots'],
    ['scrape_config_local_validation_mode.yml', 'legacy', 'values'],
    ['scrape_config_local_global_validation_mode.yml', 'utf8', 'dots'],
    ['scrape_config_local_infer_escaping.yml', 'legacy', 'underscores'],
  ];
  for (const [file, validation, escaping] of cases) {
    const job = await onlyJob(file);
    assert.deepEqual([job.metricNameValidationScheme, job.metricNameEscapingScheme], [validation, escaping], file);
  }
});

test('scrape_config_files: included jobs follow the inline ones, in glob order', { skip }, async () => {
  const names = async (file: string) => (await load(file)).scrapeConfigs.map((j) => j.jobName);
  assert.deepEqual(await names('scrape_config_files.good.yml'), ['prometheus']);
  assert.deepEqual(await names('scrape_config_files_only.good.yml'), ['prometheus']);
  assert.deepEqual(await names('scrape_config_files_combined.good.yml'), ['node', 'prometheus', 'alertmanager']);
  assert.deepEqual(await names('scrape_config_files_glob.good.yml'), ['prometheus', 'node']);
});

test('scrape_config_files: paths in an included file are relative to that file; globals apply', { skip }, async () => {
  const [prometheus, node] = (await load('scrape_config_files_glob.good.yml')).scrapeConfigs;
  assert.equal(prometheus!.httpClient.tlsConfig.certFile, join(dir, 'scrape_configs', 'valid_cert_file'));
  assert.equal(node!.httpClient.tlsConfig.certFile, join(dir, 'valid_cert_file'));
  assert.equal(node!.httpClient.tlsConfig.keyFile, join(dir, 'valid_key_file'));
  assert.deepEqual([prometheus!.scrapeIntervalMs, prometheus!.scrapeTimeoutMs], [60_000, 10_000]);
  assert.deepEqual([node!.scrapeIntervalMs, node!.scrapeTimeoutMs], [15_000, 10_000]);
  assert.equal(prometheus!.sourceFile, join(dir, 'scrape_configs', 'scrape_config_files1.good.yml'));
});

test('global and job histogram/extra-metrics settings: the job wins over the global one', { skip }, async () => {
  type Row = [file: string, field: 'convertClassicHistogramsToNhcb' | 'alwaysScrapeClassicHistograms' | 'extraScrapeMetrics' | 'scrapeNativeHistograms', value: boolean];
  const rows: Row[] = [
    ['global_convert_classic_hist_to_nhcb.good.yml', 'convertClassicHistogramsToNhcb', true],
    ['local_convert_classic_hist_to_nhcb.good.yml', 'convertClassicHistogramsToNhcb', true],
    ['local_disable_convert_classic_hist_to_nhcb.good.yml', 'convertClassicHistogramsToNhcb', false],
    ['global_enable_always_scrape_classic_hist.good.yml', 'alwaysScrapeClassicHistograms', true],
    ['global_disable_always_scrape_classic_hist.good.yml', 'alwaysScrapeClassicHistograms', false],
    ['local_enable_always_scrape_classic_hist.good.yml', 'alwaysScrapeClassicHistograms', true],
    ['local_disable_always_scrape_classic_hist.good.yml', 'alwaysScrapeClassicHistograms', false],
    ['global_enable_extra_scrape_metrics.good.yml', 'extraScrapeMetrics', true],
    ['global_disable_extra_scrape_metrics.good.yml', 'extraScrapeMetrics', false],
    ['local_enable_extra_scrape_metrics.good.yml', 'extraScrapeMetrics', true],
    ['local_disable_extra_scrape_metrics.good.yml', 'extraScrapeMetrics', false],
    ['global_enable_scrape_native_hist.good.yml', 'scrapeNativeHistograms', true],
    ['local_enable_scrape_native_hist.good.yml', 'scrapeNativeHistograms', true],
    ['local_disable_scrape_native_hist.good.yml', 'scrapeNativeHistograms', false],
  ];
  for (const [file, field, value] of rows) assert.equal((await onlyJob(file))[field], value, file);
});

test('scraping native histograms switches the default protocols to protobuf first; explicit lists stay', { skip }, async () => {
  const protocols = async (file: string) => (await onlyJob(file)).scrapeProtocols;
  assert.deepEqual(await protocols('global_enable_scrape_native_hist.good.yml'), PROTO_FIRST_SCRAPE_PROTOCOLS);
  assert.deepEqual(await protocols('local_enable_scrape_native_hist.good.yml'), PROTO_FIRST_SCRAPE_PROTOCOLS);
  assert.deepEqual(await protocols('local_disable_scrape_native_hist.good.yml'), DEFAULT_SCRAPE_PROTOCOLS);
  assert.deepEqual(await protocols('global_enable_scrape_native_hist_and_scrape_protocols.good.yml'), ['PrometheusText0.0.4']);
  assert.deepEqual(await protocols('global_scrape_protocols_and_local_disable_scrape_native_hist.good.yml'), ['PrometheusText0.0.4']);
  assert.deepEqual(await protocols('local_enable_scrape_native_hist_and_scrape_protocols.good.yml'), ['PrometheusText0.0.4']);
});

test('otlp defaults, trimming of resource attributes and flags', { skip }, async () => {
  const otlp = async (file: string) => (await load(file)).otlp;
  const defaults = await otlp('otlp_empty.yml');
  assert.equal(defaults.translationStrategy, 'UnderscoreEscapingWithSuffixes');
  assert.equal(defaults.labelNameUnderscoreSanitization, true);
  assert.equal(defaults.labelNamePreserveMultipleUnderscores, true);
  assert.deepEqual((await otlp('otlp_sanitize_promote_resource_attributes.good.yml')).promoteResourceAttributes, ['k8s.cluster.name', 'k8s.job.name', 'k8s.namespace.name']);
  const ignore = await otlp('otlp_sanitize_ignore_resource_attributes.good.yml');
  assert.deepEqual([ignore.promoteAllResourceAttributes, ignore.ignoreResourceAttributes], [true, ['k8s.cluster.name', 'k8s.job.name', 'k8s.namespace.name']]);
  assert.equal((await otlp('otlp_allow_utf8.good.yml')).translationStrategy, 'NoUTF8EscapingWithSuffixes');
  assert.equal((await otlp('otlp_no_translation.good.yml')).translationStrategy, 'NoTranslation');
  assert.equal((await otlp('otlp_label_underscore_sanitization_defaults.good.yml')).labelNameUnderscoreSanitization, true);
  const disabled = await otlp('otlp_label_underscore_sanitization_disabled.good.yml');
  assert.deepEqual([disabled.labelNameUnderscoreSanitization, disabled.labelNamePreserveMultipleUnderscores], [false, false]);
  assert.equal((await otlp('otlp_allow_keep_identifying_resource_attributes.good.yml')).keepIdentifyingResourceAttributes, true);
  assert.equal((await otlp('otlp_convert_histograms_to_nhcb.good.yml')).convertHistogramsToNhcb, true);
  assert.equal((await otlp('otlp_promote_scope_metadata.good.yml')).promoteScopeMetadata, true);
});

test('OTLP translation errors are the same when loading the text from a string', { skip }, () => {
  const cases: Array<[string, RegExp]> = [
    ['otlp_allow_utf8.bad.yml', /unsupported OTLP translation strategy "Invalid"/],
    ['otlp_allow_utf8.incompatible.yml', /OTLP translation strategy "NoUTF8EscapingWithSuffixes" is not allowed when UTF8 is disabled/],
    ['otlp_no_translation.incompatible.yml', /OTLP translation strategy "NoTranslation" is not allowed when UTF8 is disabled/],
  ];
  for (const [file, message] of cases) assert.throws(() => parseConfig(readFileSync(join(dir, file), 'utf8'), 'inline.yml'), message);
});

test('conf.good.yml: globals reach the jobs that do not override them', { skip }, async () => {
  const config = await load('conf.good.yml');
  const [prometheus, serviceX] = config.scrapeConfigs;
  assert.deepEqual([prometheus!.scrapeIntervalMs, prometheus!.scrapeTimeoutMs, prometheus!.bodySizeLimitBytes, prometheus!.sampleLimit], [15_000, 10_000, 15 * 1024 * 1024, 1500]);
  assert.deepEqual([serviceX!.scrapeIntervalMs, serviceX!.scrapeTimeoutMs, serviceX!.bodySizeLimitBytes, serviceX!.sampleLimit], [50_000, 5000, 10 * 1024 * 1024, 1000]);
  assert.equal(serviceX!.scheme, 'https');
  assert.equal(serviceX!.metricsPath, '/my_path');
  assert.equal(prometheus!.scrapeFailureLogFile, join(dir, 'fail_prom.log'));
  assert.equal(serviceX!.scrapeFailureLogFile, join(dir, 'fail.log'));
  assert.deepEqual(config.global.externalLabels, { foo: 'bar', monitor: 'codelab' });
  assert.deepEqual(config.remoteWrite.map((rw) => [rw.name, rw.httpClient.enableHttp2, rw.protobufMessage]), [
    ['drop_expensive', false, 'prometheus.WriteRequest'],
    ['rw_tls', false, 'io.prometheus.write.v2.Request'],
  ]);
  assert.deepEqual(config.remoteRead.map((rr) => [rr.name, rr.remoteTimeoutMs, rr.filterExternalLabels]), [['default', 60_000, true], ['read_special', 60_000, true]]);
  assert.deepEqual(config.storage.tsdb?.retention, { timeMs: 86_400_000, sizeBytes: 1024 ** 3, percentage: 28 });
  assert.equal(config.runtime.gogc, 42);
  assert.equal(config.tracing?.clientType, 'grpc');
  assert.equal(config.alerting.alertmanagers[0]?.timeoutMs, 10_000);
});
