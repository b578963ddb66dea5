import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeTargetGroupsJson, decodeTargetGroupsYaml, type DecodedGroup } from '../../../src/sources/discovery/targetGroupDecoding.js';
import { conformanceDir, hasConformance } from '../../support/paths.js';

const fixtures = join(conformanceDir, 'discovery-file');
const skip = hasConformance ? false : `conformance corpus not found at ${fixtures}`;

function decodeFixture(name: string): DecodedGroup[] {
  const text = readFileSync(join(fixtures, name), 'utf8');
  return name.endsWith('.json') ? decodeTargetGroupsJson(text) : decodeTargetGroupsYaml(text, name);
}

const addresses = (...a: string[]) => a.map((address) => ({ __address__: address }));

test('conformance: valid.json, valid.yml and valid3.yml hold the same two groups', { skip }, () => {
  const expected = [
    { targets: addresses('localhost:9090', 'example.org:443'), labels: { foo: 'bar' } },
    { targets: addresses('my.domain'), labels: {} },
  ];
  for (const name of ['valid.json', 'valid.yml', 'valid3.yml']) assert.deepEqual(decodeFixture(name), expected, name);
});

test('conformance: valid2.yml holds three groups with their labels', { skip }, () => {
  assert.deepEqual(decodeFixture('valid2.yml'), [
    { targets: addresses('my.domain'), labels: {} },
    { targets: addresses('localhost:9090'), labels: { foo: 'bar', fred: 'baz' } },
    { targets: addresses('example.org:443'), labels: { scheme: 'https' } },
  ]);
});

test('conformance: a null list item is rejected in JSON and YAML', { skip }, () => {
  assert.throws(() => decodeFixture('invalid_nil.json'), /target group 1: nil target group item found/);
  assert.throws(() => decodeFixture('invalid_nil.yml'), /^Error: invalid_nil.yml:5: nil target group item found$/);
});

test('JSON is decoded strictly with Go-style messages that say which group is wrong', () => {
  assert.throws(() => decodeTargetGroupsJson('[{"targets": ["a:1"], "lables": {}}]'), /target group 0: json: unknown field "lables"/);
  assert.throws(() => decodeTargetGroupsJson('[{}, {"targets": [9090]}]'), /target group 1: json: cannot unmarshal number into Go struct field .targets of type string/);
  assert.throws(() => decodeTargetGroupsJson('[{"targets": "a:1"}]'), /cannot unmarshal string into Go struct field .targets of type \[\]string/);
  assert.throws(() => decodeTargetGroupsJson('[{"labels": {"": "x"}}]'), /"" is not a valid label name/);
  assert.throws(() => decodeTargetGroupsJson('[{"labels": {"a": 1}}]'), /cannot unmarshal number into Go value of type model.LabelValue/);
  assert.throws(() => decodeTargetGroupsJson('[{"labels": ["a"]}]'), /cannot unmarshal array into Go struct field .labels of type model.LabelSet/);
  assert.throws(() => decodeTargetGroupsJson('{"targets": []}'), /json: cannot unmarshal object into Go value of type \[\]\*targetgroup.Group/);
  assert.throws(() => decodeTargetGroupsJson('["a:1"]'), /cannot unmarshal string into Go value of type targetgroup.Group/);
  assert.throws(() => decodeTargetGroupsJson('[\n  {"targets": ["a:1"],}\n]'), /^Error: line 2 column \d+: /);
  assert.throws(() => decodeTargetGroupsJson(''), /JSON/);
});

test('JSON decoding accepts what Go accepts: null fields, case-insensitive keys, any label name that is valid UTF-8', () => {
  assert.deepEqual(decodeTargetGroupsJson('null'), []);
  assert.deepEqual(decodeTargetGroupsJson('[{"targets": null, "labels": null}]'), [{ targets: [], labels: {} }]);
  assert.deepEqual(decodeTargetGroupsJson('[{"Targets": ["a:1"], "LABELS": {"env": null}}]'), [{ targets: addresses('a:1'), labels: { env: '' } }]);
  const [group] = decodeTargetGroupsJson('[{"labels": {"__proto__": "x", "service.name": "y"}}]');
  assert.deepEqual(Object.entries(group!.labels), [['__proto__', 'x'], ['service.name', 'y']]);
});

test('YAML is decoded strictly; errors name the file and line', () => {
  assert.throws(() => decodeTargetGroupsYaml('- targets: [a:1]\n  lables: {}\n', '/sd/t.yml'), /^Error: \/sd\/t.yml:2: field lables not found in type struct \{ Targets/);
  assert.throws(() => decodeTargetGroupsYaml('- targets: [[a:1]]\n', '/sd/t.yml'), /cannot unmarshal !!seq into string/);
  assert.throws(() => decodeTargetGroupsYaml('targets: [a:1]\n', '/sd/t.yml'), /cannot unmarshal !!map into \[\]\*targetgroup.Group/);
  assert.throws(() => decodeTargetGroupsYaml('- labels: {"": x}\n', '/sd/t.yml'), /"" is not a valid label name/);
  assert.throws(() => decodeTargetGroupsYaml('- targets: [a:1\n', '/sd/t.yml'), /parsing YAML file \/sd\/t.yml/);
});

test('YAML takes scalars as strings like Go, and an empty file has no groups', () => {
  assert.deepEqual(decodeTargetGroupsYaml('', 't.yml'), []);
  assert.deepEqual(decodeTargetGroupsYaml('# nothing yet\n', 't.yml'), []);
  assert.deepEqual(decodeTargetGroupsYaml('- targets: [9100, host:1]\n  labels: {port: 80}\n', 't.yml'), [
    { targets: addresses('9100', 'host:1'), labels: { port: '80' } },
  ]);
});
