/**
 * Upstream's rule-manager fixtures (../shared/conformance/rules, README §5) load with the groups
 * and rules the manager tests rely on. What the manager does with them (dependencies,
 * concurrency, staleness) is tested with the rule manager.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadRuleFile, loadRuleFiles, readRuleFile, RuleFileError, type RuleFile } from '../../src/config/ruleFiles.js';
import { conformanceDir, hasConformance } from '../support/paths.js';

const dir = join(conformanceDir, 'rules');
const skip = hasConformance ? false : `conformance corpus not found at ${conformanceDir}`;

const load = (file: string): Promise<RuleFile> => loadRuleFile(join(dir, file));
const shape = (f: RuleFile): Array<[string, string[]]> => f.groups.map((g) => [g.name, g.rules.map((r) => `${r.kind === 'alerting' ? 'alert' : 'record'}:${r.name}`)]);

test('rules.yaml: one group with one recording rule; a rules.y*ml glob finds it', { skip }, async () => {
  const file = await load('rules.yaml');
  assert.deepEqual(shape(file), [['test', ['record:job:http_requests:rate5m']]]);
  const rule = file.groups[0]!.rules[0]!;
  assert.equal(rule.expr, 'sum by (job)(rate(http_requests_total[5m]))');
  assert.ok(rule.ast, 'the expression comes parsed');
  assert.equal(file.groups[0]!.interval, undefined, 'no interval: the global one applies');
  const globbed = await loadRuleFiles([join(dir, 'rules.y*ml')]);
  assert.deepEqual(globbed.map((f) => f.file), [join(dir, 'rules.yaml')]);
});

test('invalid_rules.yaml fails strictly on the unknown field', { skip }, async () => {
  const path = join(dir, 'invalid_rules.yaml');
  await assert.rejects(load('invalid_rules.yaml'), (e: unknown) => {
    assert.ok(e instanceof RuleFileError);
    assert.deepEqual(e.errors, [`${path}: yaml: unmarshal errors:\n  line 6: field unexpected_field not found in type rulefmt.Rule`]);
    return true;
  });
  assert.ok((await readRuleFile(path, { ignoreUnknownFields: true })).ok, 'loads when unknown fields are ignored');
});

test('rules1/rules2/rules2_copy: the same rule in differently named groups', { skip }, async () => {
  assert.deepEqual(shape(await load('rules1.yaml')), [['test_1', ['record:test_2']]]);
  assert.deepEqual(shape(await load('rules2.yaml')), [['test_2', ['record:test_2']]]);
  assert.deepEqual(shape(await load('rules2_copy.yaml')), [['test_2 copy', ['record:test_2']]]);
  const [a, b] = await loadRuleFiles([join(dir, 'rules1.yaml'), join(dir, 'rules2.yaml')]);
  assert.equal(a!.groups[0]!.rules[0]!.expr, b!.groups[0]!.rules[0]!.expr);
});

test('alert_rule.yaml and alert_rule1.yaml: one alert each, 1s interval', { skip }, async () => {
  for (const [file, group, alert] of [['alert_rule.yaml', 'test', 'rule1'], ['alert_rule1.yaml', 'test2', 'rule2']] as const) {
    const f = await load(file);
    assert.deepEqual(shape(f), [[group, [`alert:${alert}`]]]);
    assert.equal(f.groups[0]!.interval, 1000);
    const rule = f.groups[0]!.rules[0]!;
    assert.ok(rule.kind === 'alerting' && rule.for === 0 && rule.keepFiringFor === 0);
  }
});

test('dependency fixtures load with their rules in order', { skip }, async () => {
  assert.deepEqual(shape(await load('rules_dependencies.yaml')), [['test', ['record:job:http_requests:rate5m', 'record:HighRequestRate']]]);
  assert.deepEqual(shape(await load('rules_multiple.yaml')), [
    ['test', ['record:job:http_requests:rate1m', 'record:job:http_requests:rate5m', 'record:job:http_requests:rate15m', 'record:TooManyRequests', 'alert:TooManyFailures', 'alert:TooManyFailuresAlerts']],
  ]);
  const counts: Array<[string, number[]]> = [
    ['rules_multiple_independent.yaml', [8]],
    ['rules_indeterminates.yaml', [7]],
    ['rules_multiple_dependents_on_base.yaml', [8]],
    ['rules_chain.yaml', [7]],
    ['rules_multiple_groups.yaml', [5, 5]],
  ];
  for (const [file, sizes] of counts) assert.deepEqual((await load(file)).groups.map((g) => g.rules.length), sizes, file);
  assert.deepEqual((await load('rules_multiple_groups.yaml')).groups.map((g) => g.name), ['http', 'grpc']);
  const indeterminate = (await load('rules_indeterminates.yaml')).groups[0]!.rules[6]!;
  assert.equal(indeterminate.expr, '{job="job1"}');
});

test('rules_multi_doc.yaml: only the first document is used, with a warning', { skip }, async () => {
  const f = await load('rules_multi_doc.yaml');
  assert.deepEqual(shape(f), [['multi_doc', ['record:job:http_requests:rate1m']]]);
  assert.equal(f.warnings.length, 1);
  assert.match(f.warnings[0]!, /rules_multi_doc\.yaml: the file holds 2 YAML documents; only the first one is used$/);
});

test('a missing rule file fails with Go\'s wording', { skip }, async () => {
  const path = join(dir, 'nope.yaml');
  const parsed = await readRuleFile(path);
  assert.deepEqual(parsed, { ok: false, errors: [`${path}: open ${path}: no such file or directory`] });
});
