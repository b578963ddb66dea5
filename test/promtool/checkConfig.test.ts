/** `promtool check config` on upstream's fixtures (README §6.2): exit codes and promtool's texts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasConformance, conformanceDir } from '../support/paths.js';
import { fixture, promtool } from './support.js';

const skip = hasConformance ? false : `conformance corpus not found at ${conformanceDir}`;

test('an empty config is valid; an unknown top-level key is not', { skip }, async () => {
  const good = await promtool(['check', 'config', fixture('prometheus-config.good.yml')]);
  assert.deepEqual(good, { code: 0, stdout: `Checking ${fixture('prometheus-config.good.yml')}\n SUCCESS: ${fixture('prometheus-config.good.yml')} is valid prometheus config file syntax\n\n`, stderr: '' });
  const bad = await promtool(['check', 'config', fixture('prometheus-config.bad.yml')]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^ {2}FAILED: .*field not-prometheus not found in type config\.plain\n$/);
});

test('a missing config file is a usage error', { skip }, async () => {
  const run = await promtool(['check', 'config', fixture('nope.yml')]);
  assert.deepEqual(run, { code: 1, stdout: '', stderr: `promtool: error: path '${fixture('nope.yml')}' does not exist, try --help\n` });
});

test('AWS service discovery without a region needs no network', { skip }, async () => {
  assert.equal((await promtool(['check', 'config', fixture('prometheus-aws-sd-empty-region.good.yml')])).code, 0);
});

test('duplicate rules in a referenced rule file: exit 0, or 3 with --lint-fatal', { skip }, async () => {
  const file = fixture('prometheus-config.lint.yml');
  const run = await promtool(['check', 'config', file]);
  assert.equal(run.code, 0);
  assert.equal(
    run.stdout,
    `Checking ${file}\n  SUCCESS: 1 rule files found\n SUCCESS: ${file} is valid prometheus config file syntax\n\nChecking ${fixture('prometheus-rules.lint.yml')}\n\n`,
  );
  assert.equal(run.stderr, '  FAILED:\nlint error 1 duplicate rule(s) found.\nMetric: HighRequestLatency\nLabel(s):\n\tseverity: page\nMight cause inconsistency while recording expressions\n');
  assert.equal((await promtool(['check', 'config', '--lint-fatal', file])).code, 3);
  assert.equal((await promtool(['check', 'config', '--lint-fatal', '--lint=none', file])).code, 0);
});

test('too long scrape interval: fatal with a 5m or 10m lookback, fine with 11m, off with --syntax-only or none', { skip }, async () => {
  const file = fixture('prometheus-config.lint.too_long_scrape_interval.yml');
  const lint = ['check', 'config', '--lint=too-long-scrape-interval'];
  for (const [delta, fatalCode] of [['5m', 3], ['10m', 3], ['11m', 0]] as const) {
    const args = [...lint, `--query.lookback-delta=${delta}`];
    assert.equal((await promtool([...args, file])).code, 0, `non-fatal ${delta}`);
    assert.equal((await promtool([...args, '--lint-fatal', file])).code, fatalCode, `fatal ${delta}`);
    assert.equal((await promtool([...args, '--lint-fatal', '--syntax-only', file])).code, 0, `syntax-only ${delta}`);
    assert.equal((await promtool(['check', 'config', '--lint=none,too-long-scrape-interval', `--query.lookback-delta=${delta}`, '--lint-fatal', file])).code, 0, `none ${delta}`);
  }
  const run = await promtool([...lint, '--lint-fatal', file]);
  assert.match(run.stderr, /^ {2}FAILED: too long scrape interval found, data point will be marked as stale - job: too_long_scrape_interval_test, interval: 10m\n$/);
});

test('rule files must exist unless only the syntax is checked', { skip }, async () => {
  const file = fixture('config_with_rule_files.yml');
  assert.equal((await promtool(['check', 'config', '--syntax-only', file])).code, 0);
  const run = await promtool(['check', 'config', file]);
  assert.equal(run.code, 1);
  assert.equal(run.stderr, `  FAILED: "${fixture('non-existent-file.yml')}" does not point to an existing file\n`);
});

test('missing file_sd files only warn', { skip }, async () => {
  const file = fixture('config_with_service_discovery_files.yml');
  const run = await promtool(['check', 'config', file]);
  assert.equal(run.code, 0);
  assert.ok(run.stdout.includes(`  WARNING: file "${fixture('nonexistent_file.yml')}" for file_sd in scrape job "prometheus" does not exist\n`));
  assert.ok(run.stdout.includes(`  WARNING: file "${fixture('nonexistent_file.yml')}" for file_sd in alertmanager config does not exist\n`));
  assert.equal((await promtool(['check', 'config', '--syntax-only', file])).code, 0);
});

test('TLS and credentials files must exist unless only the syntax is checked', { skip }, async () => {
  const tls = fixture('config_with_tls_files.yml');
  assert.equal((await promtool(['check', 'config', '--syntax-only', tls])).code, 0);
  const cert = fixture('nonexistent_cert_file.yml');
  assert.equal((await promtool(['check', 'config', tls])).stderr, `  FAILED: error checking client cert file "${cert}": stat ${cert}: no such file or directory\n`);

  const bad = fixture('authorization_credentials_file.bad.yml');
  assert.equal((await promtool(['check', 'config', '--syntax-only', bad])).code, 0);
  const creds = '/random/file/which/does/not/exist.yml';
  const run = await promtool(['check', 'config', bad]);
  assert.equal(run.code, 1);
  assert.equal(run.stderr, `  FAILED: error checking authorization credentials or bearer token file "${creds}": stat ${creds}: no such file or directory\n`);
  assert.equal((await promtool(['check', 'config', fixture('authorization_credentials_file.good.yml')])).code, 0);
});

test('URLs as targets fail unless relabeling rewrites the address', { skip }, async () => {
  const scrapeBad = await promtool(['check', 'config', fixture('url_in_scrape_targetgroup_with_relabel_config.bad.yml')]);
  assert.equal(scrapeBad.stderr, '  FAILED: instance 0 in group 0: "http://bad" is not a valid hostname\n');
  assert.equal((await promtool(['check', 'config', fixture('url_in_scrape_targetgroup_with_relabel_config.good.yml')])).code, 0);
  const alertBad = await promtool(['check', 'config', fixture('url_in_alert_targetgroup_with_relabel_config.bad.yml')]);
  assert.equal(alertBad.stderr, '  FAILED: "http://bad" is not a valid hostname\n');
  assert.equal((await promtool(['check', 'config', fixture('url_in_alert_targetgroup_with_relabel_config.good.yml')])).code, 0);
});

test('several files: each is reported, and any error makes the exit code 1', { skip }, async () => {
  const run = await promtool(['check', 'config', fixture('prometheus-config.good.yml'), fixture('config_with_rule_files.yml')]);
  assert.equal(run.code, 1);
  assert.equal(run.stdout.match(/^Checking /gm)?.length, 2);
});
