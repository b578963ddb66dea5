import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfigFile, parseConfig } from '../../src/config/config.js';
import { resolveScrapeConfigs } from '../../src/config/scrapeConfigFiles.js';

const FILE = '/etc/prometheus/prometheus.yml';

function failure(text: string, options = {}): string {
  try {
    parseConfig(text, FILE, options);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.message;
  }
  assert.fail('accepted');
}

test('errors name the file and the line, and carry Prometheus\'s wording', () => {
  assert.equal(failure('scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    scrape_timeout: 6s\n'),
    `${FILE}:4: scrape timeout greater than scrape interval for scrape config with job name "a"`);
  assert.equal(failure('global:\n  nonexistent: 1\n'), `${FILE}:2: field nonexistent not found in type config.plain`);
  assert.equal(failure('scrape_configs:\n  - job_name: a\n  - job_name: a\n'), `${FILE}:3: found multiple scrape configs with job name "a"`);
  assert.equal(failure('global:\n  scrape_interval: often\n'), `${FILE}:2: not a valid duration string: "often"`);
  assert.match(failure('global: [\n'), /^parsing YAML file \/etc\/prometheus\/prometheus\.yml: yaml: line \d+:/);
});

test('global section checks', () => {
  assert.match(failure('global:\n  scrape_interval: 5s\n  scrape_timeout: 6s\n'), /global scrape timeout greater than scrape interval/);
  assert.match(failure('global:\n  scrape_protocols: [PrometheusText0.0.4, prometheustext0.0.4]\n'), /duplicated protocol in scrape_protocols, got \[PrometheusText0\.0\.4 prometheustext0\.0\.4\] for global config/);
  assert.match(failure('global:\n  scrape_protocols: []\n'), /scrape_protocols cannot be empty for global config/);
  assert.match(failure('global:\n  sample_limit: -1\n'), /cannot unmarshal !!int `-1` into uint/);
  assert.match(failure('global:\n  external_labels:\n    "": x\n'), /"" is not a valid label name/);
  assert.match(failure('global:\n  metric_name_validation_scheme: legacy\n  external_labels:\n    a.b: x\n'), /"a\.b" is not a valid label name/);
  const global = parseConfig('global:\n  scrape_interval: 5s\n', FILE).global;
  assert.equal(global.scrapeTimeoutMs, 5000);
});

test('escaping schemes are checked per job with Prometheus\'s messages', () => {
  assert.match(failure('global:\n  metric_name_escaping_scheme: bogus\nscrape_configs:\n  - job_name: a\n'),
    /unknown global name escaping method specified, must be one of 'allow-utf-8', 'underscores', 'dots', or 'values', got "bogus"/);
  assert.match(failure('scrape_configs:\n  - job_name: a\n    metric_name_escaping_scheme: bogus\n'), /unknown scrape config name escaping method specified/);
  assert.match(failure('scrape_configs:\n  - job_name: a\n    metric_name_validation_scheme: legacy\n    metric_name_escaping_scheme: allow-utf-8\n'),
    /utf8 metric names requested but validation scheme is not set to UTF8/);
});

test('scrape job defaults', () => {
  const job = parseConfig('scrape_configs:\n  - job_name: a\n    params:\n      module: [http_2xx]\n', FILE).scrapeConfigs[0]!;
  assert.deepEqual(
    [job.metricsPath, job.scheme, job.honorLabels, job.honorTimestamps, job.enableCompression, job.scrapeIntervalMs, job.scrapeTimeoutMs, job.fallbackScrapeProtocol],
    ['/metrics', 'http', false, true, true, 60_000, 10_000, undefined],
  );
  assert.deepEqual(job.params, { module: ['http_2xx'] });
  assert.equal(job.httpClient.followRedirects, true);
  assert.equal(job.httpClient.enableHttp2, true);
  assert.equal(job.discovery.length, 0);
  assert.equal(job.sourceFile, FILE);
});

test('remote write and read: defaults, names, headers and queue limits', () => {
  const config = parseConfig('remote_write:\n  - url: http://a/push\nremote_read:\n  - url: http://a/read\n', FILE);
  const rw = config.remoteWrite[0]!;
  assert.deepEqual([rw.remoteTimeoutMs, rw.queueConfig.capacity, rw.queueConfig.maxShards, rw.queueConfig.minShards, rw.queueConfig.maxSamplesPerSend, rw.queueConfig.minBackoffMs, rw.queueConfig.maxBackoffMs], [30_000, 10_000, 50, 1, 2000, 30, 5000]);
  assert.deepEqual(rw.metadataConfig, { send: true, sendIntervalMs: 60_000, maxSamplesPerSend: 2000 });
  assert.equal(rw.httpClient.enableHttp2, false);
  const rr = config.remoteRead[0]!;
  assert.deepEqual([rr.remoteTimeoutMs, rr.chunkedReadLimit, rr.filterExternalLabels, rr.httpClient.enableHttp2], [60_000, 5e7, true, true]);
  assert.match(failure('remote_write:\n  - url: http://a\n    headers:\n      User-Agent: x\n'), /User-Agent is a reserved header\. It must not be changed/);
  assert.match(failure('remote_write:\n  - url: http://a\n    sigv4: {region: x}\n    basic_auth: {username: a}\n'),
    /at most one of basic_auth, authorization, oauth2, sigv4, azuread or google_iam must be configured\. Currently configured: \[basic_auth sigv4\]/);
  assert.match(failure('remote_write:\n  - url: http://a\n    sigv4: {access_key: x}\n'), /must provide a AWS SigV4 Access key and Secret Key/);
  // Unnamed endpoints may repeat; Prometheus names them by a hash of their config.
  assert.equal(parseConfig('remote_write:\n  - url: http://a\n  - url: http://a\n', FILE).remoteWrite.length, 2);
});

test('alerting: Alertmanager defaults and the sigv4/auth conflict', () => {
  const am = parseConfig('alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [a:9093]\n', FILE).alerting.alertmanagers[0]!;
  assert.deepEqual([am.scheme, am.pathPrefix, am.timeoutMs, am.apiVersion], ['http', '', 10_000, 'v2']);
  assert.equal(am.discovery[0]?.kind, 'static');
  assert.match(failure('alerting:\n  alertmanagers:\n    - sigv4: {region: x}\n      basic_auth: {username: a}\n'), /at most one of basic_auth, authorization, oauth2, & sigv4 must be configured/);
});

test('tracing: grpc by default, client type checked', () => {
  assert.equal(parseConfig('tracing:\n  endpoint: x:4317\n', FILE).tracing?.clientType, 'grpc');
  assert.match(failure('tracing:\n  endpoint: x:4317\n  client_type: udp\n'), /expected tracing client type to be to be http or grpc, but got udp/);
});

test('agent mode also applies to parsing from a string', () => {
  assert.equal(failure('rule_files: [a.yml]\n', { agentMode: true }), `${FILE}: field rule_files is not allowed in agent mode`);
  assert.equal(parseConfig('rule_files: [a.yml]\n', FILE).ruleFiles[0], '/etc/prometheus/a.yml');
});

test('YAML 1.1 booleans and Go\'s view of plain scalars', () => {
  const config = parseConfig('scrape_configs:\n  - job_name: 1.0\n    honor_labels: yes\n', FILE);
  assert.equal(config.scrapeConfigs[0]!.jobName, '1.0');
  assert.equal(config.scrapeConfigs[0]!.honorLabels, true);
});

test('a file with invalid UTF-8 is rejected with its line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  const path = join(dir, 'prometheus.yml');
  writeFileSync(path, Buffer.concat([Buffer.from('global:\n  external_labels:\n    a: '), Buffer.from([0xff]), Buffer.from('\n')]));
  await assert.rejects(loadConfigFile(path), { message: `${path}:3: yaml: invalid UTF-8 byte in input` });
  await assert.rejects(loadConfigFile(join(dir, 'missing.yml')), (e: Error) => e instanceof ConfigError && e.message.includes('missing.yml'));
});

test('scrape_config_files: duplicates across files name the first file; a reload re-reads them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  mkdirSync(join(dir, 'jobs'));
  writeFileSync(join(dir, 'jobs', 'a.yml'), 'scrape_configs:\n  - job_name: a\n');
  writeFileSync(join(dir, 'prometheus.yml'), 'scrape_config_files: [jobs/*.yml]\nscrape_configs:\n  - job_name: main\n');
  const config = await loadConfigFile(join(dir, 'prometheus.yml'));
  assert.deepEqual(config.scrapeConfigs.map((j) => j.jobName), ['main', 'a']);
  writeFileSync(join(dir, 'jobs', 'b.yml'), 'scrape_configs:\n  - job_name: a\n');
  await assert.rejects(resolveScrapeConfigs(config), {
    message: `${join(dir, 'jobs', 'b.yml')}: found multiple scrape configs with job name "a", first found in "${join(dir, 'jobs', 'a.yml')}"`,
  });
  writeFileSync(join(dir, 'jobs', 'b.yml'), 'scrape_configs:\n  - job_name: b\n    bogus: 1\n');
  await assert.rejects(resolveScrapeConfigs(config), { message: `${join(dir, 'jobs', 'b.yml')}:3: field bogus not found in type config.ScrapeConfig` });
});
