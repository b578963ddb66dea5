import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import type { FileDiscoveryConfig } from '../../../src/config/discovery/index.js';
import { fileDiscovery } from '../../../src/sources/discovery/fileDiscovery.js';
import { conformanceDir, hasConformance } from '../../support/paths.js';
import { pollUntil } from '../../support/poll.js';
import { addressesOf, captureLogger, follow } from './discoveryTestSupport.js';

function fileConfig(files: string[], refreshIntervalMs: number): FileDiscoveryConfig {
  return { kind: 'file', implemented: true, files, refreshIntervalMs };
}

const hasAddresses = (expected: string[], latest: () => ReturnType<ReturnType<typeof follow>['latest']>) => () => {
  const got = addressesOf(latest());
  return JSON.stringify(got) === JSON.stringify(expected) ? got : undefined;
};

test('file_sd follows the files on disk through their watch: new, changed, renamed into place, broken, deleted', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'promstream-file-sd-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const registry = new Registry();
  const { logger, lines } = captureLogger();
  // A refresh interval far beyond the test: every change below is seen through the watch.
  const config = fileConfig([join(dir, '*.json'), join(dir, '*.yml')], 3_600_000);
  const { latest, subscription } = follow(fileDiscovery(config, { logger, setName: 'job', registry }));
  t.after(() => subscription.unsubscribe());

  await pollUntil('the first (empty) update', () => (latest()?.length === 0 ? true : undefined));

  const a = join(dir, 'a.json');
  await writeFile(a, JSON.stringify([{ targets: ['a:1'], labels: { env: 'prod' } }]));
  await pollUntil('a.json read', hasAddresses(['a:1'], latest));
  assert.deepEqual(latest(), [{ source: `${a}:0`, targets: [{ __address__: 'a:1' }], labels: { env: 'prod', __meta_filepath: a } }]);

  const b = join(dir, 'b.yml');
  await writeFile(b, '- targets: [b:1]\n- targets: [b:2]\n');
  await pollUntil('b.yml read', hasAddresses(['a:1', 'b:1', 'b:2'], latest));

  await writeFile(a, JSON.stringify([{ targets: ['a:2'] }]));
  await pollUntil('a.json change', hasAddresses(['a:2', 'b:1', 'b:2'], latest));

  // Written elsewhere and renamed into place, as careful tools do.
  await writeFile(join(dir, 'c.json.tmp'), JSON.stringify([{ targets: ['c:1'] }]));
  await rename(join(dir, 'c.json.tmp'), join(dir, 'c.json'));
  await pollUntil('c.json renamed into place', hasAddresses(['a:2', 'b:1', 'b:2', 'c:1'], latest));

  await writeFile(a, '[{"targets": ["a:3"]');
  await pollUntil('the bad file logged', () => lines.find((l) => l['msg'] === 'Error reading file' && l['path'] === a));
  assert.deepEqual(addressesOf(latest()), ['a:2', 'b:1', 'b:2', 'c:1'], 'a bad file keeps its last good groups');
  const logged = lines.find((l) => l['msg'] === 'Error reading file')!;
  assert.equal(logged['component'], 'discovery');
  assert.equal(logged['config'], 'job');
  assert.equal(logged['level'], 50);

  await writeFile(b, '- targets: [b:1]\n');
  await pollUntil('b.yml shortened', hasAddresses(['a:2', 'b:1', 'c:1'], latest));

  const metrics = await registry.metrics();
  assert.match(metrics, /prometheus_sd_file_read_errors_total [1-9]/);
  assert.match(metrics, new RegExp(`prometheus_sd_file_mtime_seconds\\{filename="${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\} \\d+`));

  await rm(a);
  await pollUntil('a.json deleted', hasAddresses(['b:1', 'c:1'], latest));
});

test('a directory that does not exist yet is picked up once it appears', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'promstream-file-sd-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const dir = join(root, 'later');
  const { logger, lines } = captureLogger();
  const { latest, subscription } = follow(fileDiscovery(fileConfig([join(dir, '*.yaml')], 200), { logger, setName: 'job' }));
  t.after(() => subscription.unsubscribe());
  await pollUntil('the first (empty) update', () => (latest()?.length === 0 ? true : undefined));
  assert.ok(lines.some((l) => l['msg'] === 'Error adding file watch' && l['path'] === dir), 'the failed watch is logged');
  await mkdir(dir);
  await writeFile(join(dir, 'x.yaml'), '- targets: [x:1]\n');
  await pollUntil('x.yaml read', hasAddresses(['x:1'], latest));
});

test('conformance files through the provider: sources, __meta_filepath, and the nil group rejected', { skip: hasConformance ? false : 'conformance corpus not found' }, async (t) => {
  const dir = join(conformanceDir, 'discovery-file');
  const { logger, lines } = captureLogger();
  const { latest, subscription } = follow(fileDiscovery(fileConfig([join(dir, '*.json')], 3_600_000), { logger, setName: 'job' }));
  t.after(() => subscription.unsubscribe());
  const groups = await pollUntil('the conformance files read', () => latest());
  const valid = join(dir, 'valid.json');
  assert.deepEqual(groups, [
    { source: `${valid}:0`, targets: [{ __address__: 'localhost:9090' }, { __address__: 'example.org:443' }], labels: { foo: 'bar', __meta_filepath: valid } },
    { source: `${valid}:1`, targets: [{ __address__: 'my.domain' }], labels: { __meta_filepath: valid } },
  ]);
  const error = lines.find((l) => l['msg'] === 'Error reading file');
  assert.equal(error?.['path'], join(dir, 'invalid_nil.json'));
  assert.match(String(error?.['err']), /nil target group item found/);
});
