import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlagError, parseCommandLine } from '../../src/config/flags.js';

function flags(...argv: string[]) {
  const cl = parseCommandLine(argv);
  assert.equal(cl.action, 'run');
  return cl.action === 'run' ? cl.flags : undefined!;
}

test('defaults are Prometheus\'s', () => {
  const f = flags();
  assert.equal(f.configFile, 'prometheus.yml');
  assert.equal(f.configFileExplicit, false);
  assert.equal(f.listenAddress, '0.0.0.0:9090');
  assert.equal(f.tsdbPath, 'data/');
  assert.equal(f.retentionTimeMs, 15 * 24 * 3600_000);
  assert.equal(f.retentionSizeBytes, 0);
  assert.equal(f.lookbackDeltaMs, 300_000);
  assert.equal(f.queryTimeoutMs, 120_000);
  assert.equal(f.queryMaxSamples, 50_000_000);
  assert.equal(f.queryMaxConcurrency, 20);
  assert.equal(f.logLevel, 'info');
  assert.equal(f.logFormat, 'logfmt');
  assert.equal(f.enableLifecycle, false);
});

test('values as --name=value or --name value, booleans as --name / --no-name, features accumulate', () => {
  const f = flags('--config.file', '/etc/p.yml', '--web.enable-lifecycle', '--no-web.enable-admin-api', '--storage.tsdb.retention.size=512MB',
    '--enable-feature=a,b', '--enable-feature', 'c');
  assert.equal(f.configFile, '/etc/p.yml');
  assert.equal(f.configFileExplicit, true);
  assert.equal(f.enableLifecycle, true);
  assert.equal(f.enableAdminApi, false);
  assert.equal(f.retentionSizeBytes, 512 * 2 ** 20);
  assert.deepEqual(f.enabledFeatures, ['a', 'b', 'c']);
  assert.equal(f.all['storage.tsdb.retention.size'], '512MB');
});

test('help, version and errors', () => {
  assert.deepEqual(parseCommandLine(['--help']), { action: 'help' });
  assert.deepEqual(parseCommandLine(['--version']), { action: 'version' });
  assert.throws(() => parseCommandLine(['--bogus']), (e: unknown) => e instanceof FlagError && e.message === "unknown long flag '--bogus', try --help");
  assert.throws(() => parseCommandLine(['--storage.tsdb.retention.size=12']), /invalid value "12" for flag --storage\.tsdb\.retention\.size: units: unknown unit  in 12/);
  assert.throws(() => parseCommandLine(['--query.max-concurrency=0']), /must be at least 1/);
  assert.throws(() => parseCommandLine(['--config.file']), /expected argument for flag '--config.file'/);
  assert.throws(() => parseCommandLine(['stray']), /unexpected stray/);
});
