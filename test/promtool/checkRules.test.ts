/** `promtool check rules` on upstream's fixtures (README §6.2) and on standard input. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRuleFile } from '../../src/config/ruleFiles.js';
import { findDuplicateRules } from '../../src/promtool/checkRules.js';
import { conformanceDir, hasConformance } from '../support/paths.js';
import { fixture, promtool } from './support.js';

const skip = hasConformance ? false : `conformance corpus not found at ${conformanceDir}`;

test('rules.yml passes: 5 rules, no duplicates', { skip }, async () => {
  const file = fixture('rules.yml');
  assert.deepEqual(await promtool(['check', 'rules', file]), { code: 0, stdout: `Checking ${file}\n  SUCCESS: 5 rules found\n\n`, stderr: '' });
  assert.deepEqual(findDuplicateRules(await loadRuleFile(file)), []);
});

test('rules-bad.yml fails on the annotation template using $label', { skip }, async () => {
  const file = fixture('rules-bad.yml');
  const run = await promtool(['check', 'rules', file]);
  assert.equal(run.code, 1);
  assert.equal(run.stdout, `Checking ${file}\n`);
  assert.equal(run.stderr, `  FAILED:\n${file}: group "alerts", rule 1, "InstanceDown": annotation "summary": template: __alert_InstanceDown:1: undefined variable "$label"\n`);
});

test('rules_duplicates.yml has exactly one duplicate, without extra labels', { skip }, async () => {
  const duplicates = findDuplicateRules(await loadRuleFile(fixture('rules_duplicates.yml')));
  assert.deepEqual(duplicates, [{ metric: 'job:test:count_over_time1m', labels: [] }]);
  const run = await promtool(['check', 'rules', fixture('rules_duplicates.yml')]);
  assert.equal(run.code, 0);
  assert.equal(run.stderr, '  FAILED:\nlint error 1 duplicate rule(s) found.\nMetric: job:test:count_over_time1m\nLabel(s):\nMight cause inconsistency while recording expressions\n');
});

test('fatal duplicate lint exits 3; lint none passes', { skip }, async () => {
  assert.equal((await promtool(['check', 'rules', '--lint-fatal', fixture('prometheus-rules.lint.yml')])).code, 3);
  assert.equal((await promtool(['check', 'rules', '--lint-fatal', '--lint=none', fixture('prometheus-rules.lint.yml')])).code, 0);
  const unknown = await promtool(['check', 'rules', '--lint=bogus', fixture('rules.yml')]);
  assert.ok(unknown.stdout.startsWith('WARNING: unknown lint option: "bogus"\n'));
});

test('features.yml needs the experimental PromQL features', { skip }, async () => {
  const file = fixture('features.yml');
  assert.equal((await promtool(['check', 'rules', file])).code, 1);
  const features = ['promql-experimental-functions', 'promql-extended-range-selectors', 'promql-binop-fill-modifiers'];
  assert.equal((await promtool(['check', 'rules', `--enable-feature=${features.join(',')}`, file])).code, 0);
  assert.equal((await promtool(['check', 'rules', ...features.map((f) => `--enable-feature=${f}`), file])).code, 0);
});

test('unknown fields fail unless --ignore-unknown-fields', { skip }, async () => {
  const file = fixture('rules_extrafields.yml');
  const strict = await promtool(['check', 'rules', file]);
  assert.equal(strict.code, 1);
  assert.ok(strict.stderr.includes('line 7: field namespace not found in type rulefmt.RuleGroup\n  line 21: field ownership not found in type rulefmt.RuleGroup'));
  assert.equal((await promtool(['check', 'rules', '--ignore-unknown-fields', file])).code, 0);
});

test('rules_large.yml: 10 002 rules, duplicates found quickly', { skip }, async () => {
  const started = Date.now();
  const run = await promtool(['check', 'rules', fixture('rules_large.yml')]);
  assert.equal(run.code, 0);
  assert.match(run.stderr, /^ {2}FAILED:\nlint error 2 duplicate rule\(s\) found\.\nMetric: job:http_inprogress_requests:sum:1\nLabel\(s\):\n\tjob: job1\n/);
  assert.ok(Date.now() - started < 30_000);
});

test('rules on standard input', async () => {
  const ok = await promtool(['check', 'rules'], 'groups:\n- name: a\n  rules:\n  - record: x\n    expr: up\n');
  assert.deepEqual(ok, { code: 0, stdout: 'Checking standard input\n  SUCCESS: 1 rules found\n\n', stderr: '' });
  const bad = await promtool(['check', 'rules'], 'groups:\n- name: a\n  rules:\n  - record: x\n');
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr, '  FAILED:\n0:0: group "a", rule 1, "x": field \'expr\' must be set in rule\n');
});

test('a file that cannot be parsed and a good one: both reported, exit 1', { skip }, async () => {
  const run = await promtool(['check', 'rules', fixture('rules-bad.yml'), fixture('rules.yml')]);
  assert.equal(run.code, 1);
  assert.equal(run.stdout, `Checking ${fixture('rules-bad.yml')}\nChecking ${fixture('rules.yml')}\n  SUCCESS: 5 rules found\n\n`);
});
