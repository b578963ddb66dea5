/** promtool's reading of file_sd files (README §6.2): by extension, strictly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSdFile } from '../../src/promtool/targetChecks.js';
import { conformanceDir, hasConformance } from '../support/paths.js';
import { fixture } from './support.js';

const skip = hasConformance ? false : `conformance corpus not found at ${conformanceDir}`;

test('good SD files decode in YAML and JSON', { skip }, async () => {
  const shape = async (name: string): Promise<unknown> => (await readSdFile(fixture(name))).map((g) => [g.targets.map((t) => t['__address__']), g.labels]);
  // The YAML files hold a group of labels without targets, then one target.
  for (const name of ['good-sd-file.yml', 'good-sd-file.yaml']) assert.deepEqual(await shape(name), [[[], { job: 'node' }], [['localhost:9100'], {}]], name);
  assert.deepEqual(await shape('good-sd-file.json'), [[['localhost:9100'], { job: 'node' }]]);
});

test('an unknown extension is refused', { skip }, async () => {
  await assert.rejects(readSdFile(fixture('bad-sd-file-extension.nonexistent')), { message: 'invalid file extension: ".nonexistent"' });
});

test('a misspelt key is a strict decoding error', { skip }, async () => {
  await assert.rejects(readSdFile(fixture('bad-sd-file-format.yml')), /field targats not found/);
});
