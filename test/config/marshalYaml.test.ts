/**
 * The YAML printer behind marshalConfig prints values the way Go's yaml.Marshal (go-yaml v2)
 * does, since users compare its output with Prometheus's `/api/v1/status/config` line by line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { compareGoMapKeys, goStringStyle } from '../../src/config/marshal/goScalars.js';
import { emitYaml } from '../../src/config/marshal/yamlEmitter.js';
import { NULL, bool, float, formatGoFloat, int, seq, str, stringMap, strings, struct } from '../../src/config/marshal/yamlNodes.js';

const BLOCK = { flow: false, simpleKey: false };

test('strings that would read back as another type are double-quoted', () => {
  for (const s of ['', '123', '1.5', '0x1F', 'true', 'yes', 'off', 'y', 'null', '~', '.inf', '2001-12-14', '1:20']) {
    assert.equal(goStringStyle(s, BLOCK), 'double', JSON.stringify(s));
  }
  for (const s of ['localhost:9090', '/metrics', '(.*)', '$1', '<secret>', '1.2.3.4:9093', 'job', '測試']) {
    assert.equal(goStringStyle(s, BLOCK), 'plain', JSON.stringify(s));
  }
});

test('indicator characters fall back to single quotes, unprintable ones to double quotes', () => {
  assert.equal(goStringStyle(',', BLOCK), 'single');
  assert.equal(goStringStyle('- x', BLOCK), 'single');
  assert.equal(goStringStyle('a #b', BLOCK), 'single');
  assert.equal(goStringStyle('x: y', BLOCK), 'single');
  assert.equal(goStringStyle(' lead', BLOCK), 'single');
  // Inside a flow list a comma anywhere rules out plain style.
  assert.equal(goStringStyle('a,b', { flow: true, simpleKey: false }), 'single');
  assert.equal(goStringStyle('a,b', BLOCK), 'plain');
  assert.equal(goStringStyle('tab\there', BLOCK), 'double');
  assert.equal(goStringStyle('line\nbreak', BLOCK), 'literal');
  assert.equal(goStringStyle('line\nbreak', { flow: false, simpleKey: true }), 'double');
});

test('a document prints in go-yaml layout, and reads back to the same values', () => {
  const doc = struct([
    ['name', str('job')],
    ['count', int(3)],
    ['on', bool(true)],
    ['none', NULL],
    ['empty_list', seq([])],
    ['empty_map', struct([])],
    ['labels', strings(['a', 'b'], true)],
    ['items', seq([struct([['targets', strings(['x:1', 'y:2'])], ['labels', stringMap({ b: '2', a: '1' })]])])],
    ['quoted', str("it's: here")],
    ['text', str('multi\nline')],
  ]);
  const expected = [
    'name: job',
    'count: 3',
    '"on": true',
    'none: null',
    'empty_list: []',
    'empty_map: {}',
    'labels: [a, b]',
    'items:',
    '- targets:',
    '  - x:1',
    '  - y:2',
    '  labels:',
    '    a: "1"',
    '    b: "2"',
    "quoted: 'it''s: here'",
    'text: |-',
    '  multi',
    '  line',
    '',
  ].join('\n');
  const out = emitYaml(doc);
  assert.equal(out, expected);
  assert.deepEqual(parse(out), {
    name: 'job', count: 3, on: true, none: null, empty_list: [], empty_map: {}, labels: ['a', 'b'],
    items: [{ targets: ['x:1', 'y:2'], labels: { a: '1', b: '2' } }], quoted: "it's: here", text: 'multi\nline',
  });
});

test('multi-line strings print as literal blocks that read back unchanged', () => {
  const values = ['a\nb', 'a\n', 'a\n\n', '\nlead', '  indented\nx', 'gap\n\nhere'];
  const out = emitYaml(struct(values.map((v, i) => [`k${i}`, str(v)] as const)));
  assert.equal(out.split('\n')[0], 'k0: |-');
  assert.ok(out.includes('k1: |\n  a\nk2: |+\n  a\n\nk3: |2-\n\n  lead\n'), out);
  assert.deepEqual(Object.values(parse(out) as Record<string, string>), values);
});

test('long plain strings fold at a space past column 80, long flow lists wrap', () => {
  const query = 'resources { type = "Package" and title = "httpd" and other = "a rather long value" and x = "y" }';
  const names = Array.from({ length: 6 }, (_, i) => `__meta_kubernetes_pod_label_${i}`);
  const out = emitYaml(struct([['query', str(query)], ['source_labels', strings(names, true)]]));
  const lines = out.split('\n');
  assert.ok(lines[1]!.startsWith('  '), out);
  assert.ok(lines[0]!.length > 80 && lines[0]!.length < 95, out);
  assert.deepEqual(parse(out), { query, source_labels: names });
});

test('map keys sort the way go-yaml sorts them', () => {
  const keys = ['b10', 'b9', 'B', '_x', 'a', 'a1', 'a01'];
  assert.deepEqual([...keys].sort(compareGoMapKeys), ['_x', 'B', 'a', 'a1', 'a01', 'b9', 'b10']);
});

test('floats print like Go strconv.FormatFloat(v, \'g\', -1, 64)', () => {
  assert.equal(formatGoFloat(0.5), '0.5');
  assert.equal(formatGoFloat(28), '28');
  assert.equal(formatGoFloat(100000), '100000');
  assert.equal(formatGoFloat(1e6), '1e+06');
  assert.equal(formatGoFloat(1234567), '1.234567e+06');
  assert.equal(formatGoFloat(0.0001), '0.0001');
  assert.equal(formatGoFloat(0.00001), '1e-05');
  assert.equal(emitYaml(struct([['f', float(1.1)]])), 'f: 1.1\n');
});
