import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from '../support/poll.js';
import { queryVector } from '../support/queryApi.js';
import { serverScript, startServer } from '../support/serverProcess.js';

function runServerSync(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [serverScript, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'promstream-lifecycle-'));
}

test('an unknown flag is a clear error with exit code 1, not a stack trace', () => {
  const r = runServerSync(['--no-such.flag=1']);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, "promstream: error: unknown long flag '--no-such.flag', try --help\n");
});

test('a bad flag value names the flag and exits 1', () => {
  const r = runServerSync(['--query.timeout=soon']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^promstream: error: invalid value "soon" for flag --query\.timeout: not a valid duration string: "soon"\n$/);
  const level = runServerSync(['--log.level=loud']);
  assert.equal(level.status, 1);
  assert.match(level.stderr, /--log\.level/);
});

test('--help lists the Prometheus flags with their defaults and --version prints the version', () => {
  const help = runServerSync(['--help']);
  assert.equal(help.status, 0);
  for (const flag of ['--config.file', '--web.listen-address', '--storage.tsdb.retention.time', '--query.max-samples', '--log.format']) {
    assert.ok(help.stdout.includes(flag), `help lacks ${flag}`);
  }
  assert.match(help.stdout, /default: 0\.0\.0\.0:9090/);
  const version = runServerSync(['--version']);
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^promstream, version \d+\.\d+\.\d+/);
});

test('a config file that does not load stops the start with exit code 1 and names the file', () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, 'bad.yml'), 'scrape_configs:\n  - job_name: a\n    scrape_interval: often\n');
    const r = runServerSync([`--config.file=${join(dir, 'bad.yml')}`, '--web.listen-address=127.0.0.1:0']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /bad\.yml/);
    assert.match(r.stderr, /not a valid duration string: \\?"often\\?"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('health, readiness, self-metrics, reloads with a bad config, and SIGTERM', async () => {
  const dir = tempDir();
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, 'global:\n  scrape_interval: 1s\n');
  const server = await startServer([`--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, 'data')}`, '--web.enable-lifecycle', '--log.format=json']);
  try {
    const healthy = await fetch(`${server.url}/-/healthy`);
    assert.equal(healthy.status, 200);
    assert.equal(await healthy.text(), 'Prometheus Server is Healthy.\n');
    assert.equal((await fetch(`${server.url}/-/ready`)).status, 200);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'process_open_fds', 'process_start_time_seconds', 'nodejs_eventloop_lag_seconds', 'prometheus_build_info{']) {
      assert.ok(metrics.includes(name), `/metrics lacks ${name}`);
    }
    assert.match(metrics, /^prometheus_config_last_reload_successful 1$/m);
    const status = (await (await fetch(`${server.url}/api/v1/status/config`)).json()) as { data: { yaml: string } };
    assert.match(status.data.yaml, /^global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n/);

    // A broken config is rejected, named in the response and the log; the old one keeps running.
    writeFileSync(configFile, 'global:\n  scrape_interval: [\n');
    const rejected = await fetch(`${server.url}/-/reload`, { method: 'POST' });
    assert.equal(rejected.status, 500);
    assert.match(await rejected.text(), /^failed to reload config: .*prometheus\.yml/);
    assert.match(await (await fetch(`${server.url}/metrics`)).text(), /^prometheus_config_last_reload_successful 0$/m);
    const errorLine = server.logs().split('\n').find((l) => l.includes('Error reloading config'));
    assert.ok(errorLine, server.logs());
    const record = JSON.parse(errorLine) as Record<string, string>;
    assert.equal(record.component, 'config');
    assert.equal(record.level, 'error');

    // A good config again: reload succeeds and the metric recovers.
    writeFileSync(configFile, `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: self\n    static_configs:\n      - targets: ['${new URL(server.url).host}']\n`);
    assert.equal((await fetch(`${server.url}/-/reload`, { method: 'POST' })).status, 200);
    assert.match(await (await fetch(`${server.url}/metrics`)).text(), /^prometheus_config_last_reload_successful 1$/m);
    await pollUntil('self-scrape', async () => ((await queryVector(server.url, 'up{job="self"}')).length === 1 ? true : undefined));

    assert.equal((await fetch(`${server.url}/-/reload`)).status, 405);
    const started = Date.now();
    assert.equal(await server.stop('SIGTERM'), 0);
    assert.ok(Date.now() - started < 5000, 'graceful stop took too long');
    assert.match(server.logs(), /See you next time!/);
  } finally {
    await server.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('lifecycle endpoints are forbidden without --web.enable-lifecycle; POST /-/quit stops like SIGTERM with it', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'prometheus.yml'), '');
  const locked = await startServer([`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`]);
  const open = await startServer([`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data2')}`, '--web.enable-lifecycle']);
  try {
    const forbidden = await fetch(`${locked.url}/-/quit`, { method: 'POST' });
    assert.equal(forbidden.status, 403);
    assert.equal(await forbidden.text(), 'Lifecycle API is not enabled.\n');
    assert.equal((await fetch(`${locked.url}/-/reload`, { method: 'POST' })).status, 403);

    const quit = await fetch(`${open.url}/-/quit`, { method: 'POST' });
    assert.equal(quit.status, 200);
    assert.equal(await open.exited, 0);
    assert.equal(await locked.stop('SIGINT'), 0);
  } finally {
    await locked.stop('SIGKILL');
    await open.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('with no config file at the default path, the built-in config scrapes promstream itself', async () => {
  const dir = tempDir();
  const server = await startServer([`--storage.tsdb.path=${join(dir, 'data')}`], { cwd: dir });
  try {
    const up = await pollUntil(
      'self-scrape by the default config',
      async () => {
        const result = await queryVector(server.url, 'up{job="prometheus"}');
        return result.length === 1 ? result : undefined;
      },
      40_000,
    );
    assert.equal(up[0]!.value[1], '1');
    assert.ok((await queryVector(server.url, 'process_resident_memory_bytes{job="prometheus"}')).length === 1);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
