import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BAD_PATTERN, compileGlobElement, hasGlobMeta } from '../../../src/sources/discovery/globPattern.js';

const matches = (pattern: string, name: string): boolean => compileGlobElement(pattern).test(name);

test('* and ? match like Go filepath.Match, including dot files', () => {
  assert.ok(matches('*.json', 'targets.json'));
  assert.ok(matches('*.json', '.json'));
  assert.ok(!matches('*.json', 'targets.yml'));
  assert.ok(!matches('*.json', 'targets.json.bak'));
  assert.ok(matches('node-?.yml', 'node-1.yml'));
  assert.ok(!matches('node-?.yml', 'node-10.yml'));
  assert.ok(matches('prod-*-*.yaml', 'prod-eu-1.yaml'));
  assert.ok(matches('é*.json', 'école.json'));
  assert.ok(matches('?.json', 'é.json'), '? is one character, not one UTF-16 unit');
});

test('character classes: ranges, negation, escapes; a reversed range matches nothing', () => {
  assert.ok(matches('[ab].json', 'b.json'));
  assert.ok(!matches('[ab].json', 'c.json'));
  assert.ok(matches('[a-c]x.json', 'bx.json'));
  assert.ok(matches('[^a-c]x.json', 'dx.json'));
  assert.ok(!matches('[^a-c]x.json', 'ax.json'));
  assert.ok(matches('[\\]\\-].json', '-.json'));
  assert.ok(matches('[\\]\\-].json', '].json'));
  assert.ok(!matches('[z-a].json', 'm.json'));
  assert.ok(matches('[^z-a].json', 'm.json'));
});

test('escapes and regex characters are taken literally', () => {
  assert.ok(matches('\\*.json', '*.json'));
  assert.ok(!matches('\\*.json', 'a.json'));
  assert.ok(matches('a+b(1).json', 'a+b(1).json'));
  assert.ok(!matches('a.json', 'abjson'));
});

test('malformed patterns are rejected with Go\'s message', () => {
  for (const pattern of ['[', '[]', '[a', '[a-', '[a-]', '[-a]', '[^]', 'a\\']) {
    assert.throws(() => compileGlobElement(pattern), new RegExp(BAD_PATTERN), pattern);
  }
});

test('hasGlobMeta spots the characters Go treats as pattern syntax', () => {
  assert.ok(hasGlobMeta('/sd/*.json'));
  assert.ok(hasGlobMeta('/sd/a?.json'));
  assert.ok(hasGlobMeta('/sd/[ab].json'));
  assert.ok(!hasGlobMeta('/sd/targets.json'));
});
