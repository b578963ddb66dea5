import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config/config.js';
import type { RelabelConfig } from '../../src/config/relabelConfig.js';

const FILE = '/etc/prometheus/prometheus.yml';

/** The relabel rules of one job written as YAML list items (indented for relabel_configs). */
function rules(items: string, global = ''): readonly RelabelConfig[] {
  return parseConfig(`${global}scrape_configs:\n  - job_name: j\n    relabel_configs:\n${items}`, FILE).scrapeConfigs[0]!.relabelConfigs;
}

function failure(items: string, global = ''): string {
  try {
    rules(items, global);
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail('accepted');
}

test('defaults: action replace, separator ;, regex (.*), replacement $1', () => {
  const [r] = rules('      - target_label: x\n');
  assert.deepEqual([r!.action, r!.separator, r!.regexSource, r!.replacement, r!.sourceLabels], ['replace', ';', '(.*)', '$1', []]);
  assert.equal(r!.modulus, 0n);
});

test('an explicit null resets a field to its zero value, as Go decodes it', () => {
  const [r] = rules('      - regex:\n        separator:\n        target_label: x\n');
  assert.equal(r!.regexSource, '');
  assert.ok(r!.regex.test(''));
  assert.ok(!r!.regex.test('a'));
  assert.equal(r!.separator, '');
  assert.match(failure('      - action: null\n'), /relabel action cannot be empty/);
});

test('actions are case-insensitive; unknown ones are named', () => {
  assert.equal(rules('      - action: LabelDrop\n        regex: x\n')[0]!.action, 'labeldrop');
  assert.match(failure('      - action: explode\n'), /unknown relabel action "explode"/);
});

test('per-action validation messages, located at the rule', () => {
  const cases: Array<[string, string]> = [
    ['      - action: hashmod\n        target_label: x\n', 'relabel configuration for hashmod requires non-zero modulus'],
    ['      - action: hashmod\n        modulus: 2\n', "relabel configuration for hashmod action requires 'target_label' value"],
    ['      - action: uppercase\n        source_labels: [a]\n', "relabel configuration for uppercase action requires 'target_label' value"],
    ['      - action: lowercase\n        target_label: a\n        replacement: b\n', "'replacement' can not be set for lowercase action"],
    ['      - action: keepequal\n        target_label: a\n        separator: ","\n', "keepequal action requires only 'source_labels' and `target_label`, and no other fields"],
    ['      - action: dropequal\n        target_label: a\n        regex: (.*)\n', "dropequal action requires only 'source_labels' and `target_label`, and no other fields"],
    ['      - action: labelkeep\n        source_labels: []\n', "labelkeep action requires only 'regex', and no other fields"],
    ['      - action: labeldrop\n        replacement: x\n', "labeldrop action requires only 'regex', and no other fields"],
  ];
  for (const [yaml, message] of cases) assert.equal(failure(yaml), `${FILE}:4: ${message}`, yaml);
});

test('target labels are checked under the job\'s validation scheme', () => {
  assert.equal(rules('      - target_label: some.name\n')[0]!.targetLabel, 'some.name');
  const legacy = 'global:\n  metric_name_validation_scheme: legacy\n';
  assert.match(failure('      - target_label: some.name\n', legacy), /"some\.name" is invalid 'target_label' for replace action/);
  assert.equal(rules('      - target_label: ${1}_x\n', legacy)[0]!.targetLabel, '${1}_x');
  assert.match(failure('      - target_label: ${1}.x\n', legacy), /"\$\{1\}\.x" is invalid 'target_label' for replace action/);
  assert.match(failure('      - action: labelmap\n        replacement: a.$1\n', legacy), /"a\.\$1" is invalid 'replacement' for labelmap action/);
});

test('regex syntax errors use Go\'s wording and point at the regex', () => {
  assert.equal(failure('      - regex: abc(def\n'), `${FILE}:4: error parsing regexp: missing closing ): \`abc(def\``);
});

test('source label names must be valid; a !!binary value with invalid UTF-8 is reported Go-style', () => {
  assert.match(failure('      - source_labels: [!!binary "/w=="]\n        target_label: x\n'), /"\\xff" is not a valid label name/);
  assert.match(failure('      - action: labelmap\n        replacement: !!binary "/w==$1"\n'), /!!binary value contains invalid base64 data/);
});

test('modulus is a uint64', () => {
  assert.equal(rules('      - action: hashmod\n        modulus: 18446744073709551615\n        target_label: x\n')[0]!.modulus, 18446744073709551615n);
  assert.match(failure('      - action: hashmod\n        modulus: -1\n        target_label: x\n'), /cannot unmarshal !!str `-1` into uint64/);
});
