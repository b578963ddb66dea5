import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSegmentPattern, globFiles, GlobPatternError, isAllowedFilePattern } from '../../src/config/glob.js';

test('segment patterns follow Go filepath.Match', () => {
  assert.ok(compileSegmentPattern('*.yml').test('a.yml'));
  assert.ok(!compileSegmentPattern('*.yml').test('a.yaml'));
  assert.ok(compileSegmentPattern('a?c').test('abc'));
  assert.ok(compileSegmentPattern('[a-c]x').test('bx'));
  assert.ok(!compileSegmentPattern('[^a-c]x').test('bx'));
  assert.ok(compileSegmentPattern('\\*').test('*'));
  assert.ok(compileSegmentPattern('.*').test('.hidden'));
  for (const bad of ['[', '[]', 'a\\', '[a-]']) assert.throws(() => compileSegmentPattern(bad), GlobPatternError, bad);
});

test('Prometheus allows a * only in the last path segment', () => {
  assert.ok(isAllowedFilePattern('rules/*.yml'));
  assert.ok(isAllowedFilePattern('/etc/prometheus/rules.yml'));
  assert.ok(!isAllowedFilePattern('rules/*/x.yml'));
  assert.ok(!isAllowedFilePattern('scrape_configs/*/*'));
});

test('globFiles matches within directories, sorted, and ignores missing ones', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'glob-'));
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
  for (const f of ['a/2.yml', 'a/1.yml', 'a/x.txt', 'b/3.yml']) writeFileSync(join(dir, f), '');
  assert.deepEqual(await globFiles(join(dir, 'a/*.yml')), [join(dir, 'a/1.yml'), join(dir, 'a/2.yml')]);
  assert.deepEqual(await globFiles(join(dir, '?/*.yml')), [join(dir, 'a/1.yml'), join(dir, 'a/2.yml'), join(dir, 'b/3.yml')]);
  assert.deepEqual(await globFiles(join(dir, 'a/x.txt')), [join(dir, 'a/x.txt')]);
  assert.deepEqual(await globFiles(join(dir, 'missing/*.yml')), []);
  await assert.rejects(globFiles(join(dir, 'a/[')), GlobPatternError);
});
