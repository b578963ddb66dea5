/** Rule files decoded as Prometheus does with yaml.v3: collected type errors, merges, positions, validation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRuleFile, type RuleFileOptions } from '../../src/config/ruleFiles.js';

function errors(text: string, options: RuleFileOptions = {}): readonly string[] {
  const parsed = parseRuleFile(text, 'r.yml', options);
  return parsed.ok ? [] : parsed.errors;
}

test('type errors are collected, once per decoding pass, as yaml.v3 reports them', () => {
  const text = 'groups:\n- name: a\n  limit: abc\n  labels: [1]\n  rules:\n  - record: x\n    expr: 1\n  - 5\n';
  const strict = 'r.yml: yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `abc` into int\n  line 4: cannot unmarshal !!seq into map[string]string\n  line 8: cannot unmarshal !!int `5` into rulefmt.Rule';
  // rulefmt decodes a second time into its position-keeping types, which reports them again.
  assert.deepEqual(errors(text), [strict, strict.replace('rulefmt.Rule', 'rulefmt.RuleNode')]);
});

test('a bad duration stops decoding with its own message', () => {
  assert.deepEqual(errors('groups:\n- name: a\n  interval: 5\n'), ['r.yml: not a valid duration string: "5"', 'r.yml: not a valid duration string: "5"']);
});

test('repeated keys make yaml.v3 skip the whole mapping', () => {
  assert.deepEqual(errors('groups:\n- name: a\n  name: b\n  rules: x\n')[0], 'r.yml: yaml: unmarshal errors:\n  line 3: mapping key "name" already defined at line 2');
  assert.match(errors('groups:\n- name: a\n  rules:\n  - record: x\n    expr: 1\n    labels: {a: 1, a: 2}\n')[0]!, /line 6: mapping key "a" already defined at line 6$/);
});

test('top-level shapes other than a mapping are type errors', () => {
  assert.match(errors('foo\n')[0]!, /line 1: cannot unmarshal !!str `foo` into rulefmt\.RuleGroups$/);
  assert.match(errors('groups: 5\n')[0]!, /line 1: cannot unmarshal !!int `5` into \[\]rulefmt\.RuleGroup$/);
  assert.match(errors('groups:\n- name: a\n  rules:\n  - record: x\n    expr: [1]\n')[0]!, /line 5: cannot unmarshal !!seq into string$/);
  assert.match(errors('groups:\n- name: abcdefghijklmn\n  limit: abcdefghijklmn\n')[0]!, /cannot unmarshal !!str `abcdefg\.\.\.` into int$/);
});

test('empty files and files without groups load with no groups', () => {
  for (const text of ['', '# only a comment\n', 'groups:\n', 'groups: []\n']) {
    const parsed = parseRuleFile(text, 'r.yml');
    assert.ok(parsed.ok && parsed.ruleFile.groups.length === 0, JSON.stringify(text));
  }
});

test('YAML syntax errors name the line', () => {
  assert.match(errors('groups:\n- name: a\n  rules: [{record: x, expr: 1\n')[0]!, /^r\.yml: yaml: line \d+: /);
});

test('merge keys fill in what a rule does not say; its own keys win', () => {
  const text = 'groups:\n- name: a\n  rules:\n  - &base\n    alert: A\n    expr: up == 0\n    for: 5m\n    labels: {severity: page}\n  - <<: *base\n    alert: B\n    for: 1m\n';
  const parsed = parseRuleFile(text, 'r.yml');
  assert.ok(parsed.ok);
  const [, b] = parsed.ruleFile.groups[0]!.rules;
  assert.ok(b?.kind === 'alerting');
  assert.deepEqual([b.name, b.expr, b.for, b.labels], ['B', 'up == 0', 60_000, { severity: 'page' }]);
});

test('positions point at the values, quoted and block scalars included', () => {
  const text = 'groups:\n- name: a\n  rules:\n  - record: "x{a}"\n    expr: |\n      up +\n';
  assert.deepEqual(errors(text), [
    'r.yml: 5:11: group "a", rule 1, "x{a}": could not parse expression: 2:1: parse error: unexpected end of input',
    'r.yml: 4:13: group "a", rule 1, "x{a}": braces present in the recording rule name; should it be in expr?: x{a}',
  ]);
});

test('all problems of a file are reported, in rulefmt\'s order', () => {
  const text = [
    'groups:',
    '- name: a',
    '  rules:',
    '  - alert: x',
    '    expr: 1',
    '    labels: {"a b": "{{ $labels.x }}", c: "{{ .x"}',
    '  - alert: y',
    '    expr: 1 +',
    '    annotations: {b: x, a: "{{ end }}"}',
    '- name: ""',
    '- name: b',
    '  labels: {__name__: x}',
    '  rules:',
    '  - record: 1bad',
    '    expr: up',
    '    annotations: {a: b}',
    '    for: 1m',
    '',
  ].join('\n');
  assert.deepEqual(errors(text), [
    'r.yml: group "a", rule 1, "x": label "c": template: __alert_x:1: unclosed action',
    'r.yml: 8:11: group "a", rule 2, "y": could not parse expression: 1:4: parse error: unexpected end of input',
    'r.yml: group "a", rule 2, "y": annotation "a": template: __alert_y:1: unexpected {{end}}',
    'r.yml: 0:0: Groupname must not be empty',
    'r.yml: invalid label name: __name__',
    'r.yml: 14:13: group "b", rule 1, "1bad": invalid field \'annotations\' in recording rule',
    'r.yml: 14:13: group "b", rule 1, "1bad": invalid field \'for\' in recording rule',
  ]);
});

test('legacy name validation refuses names UTF-8 validation accepts', () => {
  const text = 'groups:\n- name: a\n  rules:\n  - record: a-b\n    expr: up\n    labels: {x-y: "1"}\n';
  assert.deepEqual(errors(text), []);
  assert.deepEqual(errors(text, { nameValidationScheme: 'legacy' }), [
    'r.yml: 4:13: group "a", rule 1, "a-b": invalid recording rule name: a-b',
    'r.yml: group "a", rule 1, "a-b": invalid label name: x-y',
  ]);
});

test('group fields come out typed, and group labels merge under rule labels', () => {
  const text = 'groups:\n- name: g\n  interval: 30s\n  query_offset: 1m\n  limit: 10\n  labels: {team: a, env: prod}\n  rules:\n  - record: r\n    expr: vector(1)\n    labels: {team: b}\n';
  const parsed = parseRuleFile(text, 'dir/r.yml');
  assert.ok(parsed.ok);
  const g = parsed.ruleFile.groups[0]!;
  assert.deepEqual([g.file, g.name, g.interval, g.queryOffset, g.limit, g.labels], ['dir/r.yml', 'g', 30_000, 60_000, 10, { team: 'a', env: 'prod' }]);
  assert.deepEqual(g.rules[0]!.labels, { team: 'b', env: 'prod' });
});

test('PromQL feature flags reach the expression parser', () => {
  const text = 'groups:\n- name: g\n  rules:\n  - record: r\n    expr: sort_by_label(up, "instance")\n';
  assert.match(errors(text)[0]!, /function "sort_by_label" is not enabled$/);
  assert.deepEqual(errors(text, { parser: { experimentalFunctions: true } }), []);
});
