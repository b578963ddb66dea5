/**
 * Upstream's rulefmt fixtures (../shared/conformance/rulefmt): every `*.bad.yaml` is rejected
 * with the message upstream's test expects (here in full, positions included), the others load.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRuleFile, type RuleFileOptions } from '../../src/config/ruleFiles.js';
import { conformanceDir, hasConformance } from '../support/paths.js';

const dir = join(conformanceDir, 'rulefmt');
const skip = hasConformance ? false : `conformance corpus not found at ${conformanceDir}`;

/** The full error each bad file gives (after `FILE: `), as Prometheus 3 words it. */
const EXPECTED_ERRORS: Readonly<Record<string, string>> = {
  'bad_expr.bad.yaml': '5:15: group "yolo", rule 1, "yolo": could not parse expression: 1:6: parse error: expected type range vector in call to function "rate", got instant vector',
  'bad_field.bad.yaml': 'yaml: unmarshal errors:\n  line 8: field annotation not found in type rulefmt.Rule',
  'duplicate_grp.bad.yaml': '0:0: groupname: "yolo" is repeated in the same file',
  'invalid_label_name.bad.yaml': 'group "yolo", rule 1, "hola": invalid label name: __name__',
  // A valid UTF-8 metric name, but braces mean a selector was written in the wrong field.
  'invalid_record_name.bad.yaml': '4:17: group "yolo", rule 1, "strawberry{flavor=\\"sweet\\"}": braces present in the recording rule name; should it be in expr?: strawberry{flavor="sweet"}',
  'legacy_validation_annotation.bad.yaml': 'group "yolo", rule 1, "hola": invalid annotation name: ins-tance',
  'no_rec_alert.bad.yaml': '0:0: 0:0: group "yolo", rule 1, "": one of \'record\' or \'alert\' must be set',
  'noexpr.bad.yaml': '0:0: group "yolo", rule 1, "ylo": field \'expr\' must be set in rule',
  'record_and_alert.bad.yaml': '4:17: 5:16: group "yolo", rule 1, "Hello": only one of \'record\' and \'alert\' must be set',
  'record_and_for.bad.yaml': '4:17: group "yolo", rule 1, "Hello": invalid field \'for\' in recording rule',
  'record_and_keep_firing_for.bad.yaml': '4:17: group "yolo", rule 1, "Hello": invalid field \'keep_firing_for\' in recording rule',
};

/** Upstream checks the `legacy_validation_*` files under the legacy name validation scheme. */
function optionsFor(file: string): RuleFileOptions {
  return file.startsWith('legacy_validation') ? { nameValidationScheme: 'legacy' } : {};
}

test('rulefmt: every *.bad.yaml is rejected with upstream\'s message', { skip }, async () => {
  const bad = readdirSync(dir).filter((f) => f.endsWith('.bad.yaml'));
  assert.equal(bad.length, Object.keys(EXPECTED_ERRORS).length, 'every bad fixture has an expected message');
  for (const file of bad) {
    const path = join(dir, file);
    const parsed = await readRuleFile(path, optionsFor(file));
    assert.equal(parsed.ok, false, `${file} must be rejected`);
    if (!parsed.ok) assert.deepEqual(parsed.errors, [`${path}: ${EXPECTED_ERRORS[file]}`], file);
  }
});

test('rulefmt: the other files load', { skip }, async () => {
  const good = readdirSync(dir).filter((f) => !f.endsWith('.bad.yaml'));
  assert.equal(good.length, 5);
  for (const file of good) {
    const parsed = await readRuleFile(join(dir, file), optionsFor(file));
    assert.ok(parsed.ok, `${file}: ${parsed.ok ? '' : parsed.errors.join('\n')}`);
  }
});

test('rulefmt: the same annotation name fails under legacy validation and loads under UTF-8', { skip }, async () => {
  const path = join(dir, 'utf-8_annotation.good.yaml');
  assert.ok((await readRuleFile(path)).ok);
  const legacy = await readRuleFile(path, { nameValidationScheme: 'legacy' });
  assert.equal(legacy.ok, false);
});

test('rulefmt: test.yaml and test_aliases.yaml give typed groups (anchors, aliases and merge keys resolved)', { skip }, async () => {
  const plain = await readRuleFile(join(dir, 'test.yaml'));
  assert.ok(plain.ok);
  const groups = plain.ruleFile.groups;
  assert.deepEqual(groups.map((g) => [g.name, g.interval, g.rules.length]), [['my-group-name', 30_000, 3], ['my-another-name', 30_000, 3]]);
  const first = groups[0]!.rules[0]!;
  assert.equal(first.kind, 'alerting');
  if (first.kind === 'alerting') {
    assert.equal(first.name, 'HighErrors');
    assert.equal(first.for, 300_000);
    assert.deepEqual(first.labels, { severity: 'critical' });
    assert.deepEqual(first.annotations, { description: "stuff's happening with {{ $.labels.service }}" });
  }
  const recording = groups[0]!.rules[1]!;
  assert.equal(recording.kind, 'recording');
  assert.equal(recording.name, 'new_metric');
  assert.deepEqual(recording.labels, { abc: 'edf', uvw: 'xyz' });

  const aliased = await readRuleFile(join(dir, 'test_aliases.yaml'));
  assert.ok(aliased.ok);
  const rules = aliased.ruleFile.groups[0]!.rules;
  assert.deepEqual(rules.map((r) => `${r.kind}:${r.name}`), ['alerting:HighAlert', 'recording:new_metric', 'alerting:HighAlert', 'alerting:HighAlert2']);
  const merged = rules[3]!;
  assert.equal(merged.expr, rules[0]!.expr);
  if (merged.kind === 'alerting') {
    assert.equal(merged.for, 300_000);
    assert.deepEqual(merged.labels, { severity: 'critical' });
  }
});
