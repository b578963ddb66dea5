import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileDiscoveryConfig, StaticDiscoveryConfig } from '../../../src/config/discovery/index.js';
import { checkStaticTargets, decodeDiscoveryConfigs } from '../../../src/config/discovery/index.js';
import { decodeOne, decodeSd, errorOf, sectionFields } from './sectionDecoding.js';

test('static_configs become one static config whose groups are sourced by index', () => {
  const s = decodeOne<StaticDiscoveryConfig>(
    'static_configs:\n  - targets: [a:1, b:2]\n    labels: {env: prod}\n  - targets: [c:3]\n',
    'static',
  );
  assert.equal(s.implemented, true);
  assert.deepEqual(s.groups, [
    { source: '0', targets: [{ __address__: 'a:1' }, { __address__: 'b:2' }], labels: { env: 'prod' } },
    { source: '1', targets: [{ __address__: 'c:3' }], labels: {} },
  ]);
});

test('a null static_configs entry is rejected with Prometheus wording and its line', () => {
  assert.equal(errorOf(() => decodeSd('static_configs:\n  -\n')), '/etc/prometheus/prometheus.yml:2: empty or null section in static_configs');
});

test('null entries of other discovery lists are rejected the same way', () => {
  assert.match(errorOf(() => decodeSd('file_sd_configs:\n  -\n')), /empty or null section in file_sd_configs/);
});

test('static groups are decoded strictly', () => {
  assert.match(errorOf(() => decodeSd('static_configs:\n  - targets: [a:1]\n    label: {}\n')), /field label not found in type struct \{ Targets/);
});

test('a URL-like static target is rejected when the section has no relabel_configs', () => {
  assert.equal(
    errorOf(() => decodeSd('static_configs:\n  - targets:\n      - http://bad\n')),
    '/etc/prometheus/prometheus.yml:3: "http://bad" is not a valid hostname',
  );
  assert.match(errorOf(() => decodeSd('relabel_configs: []\nstatic_configs:\n  - targets: [http://bad]\n')), /is not a valid hostname/);
});

test('a URL-like static target loads when relabel_configs could rewrite __address__, and stays checkable', () => {
  const fields = sectionFields('relabel_configs:\n  - target_label: __address__\n    replacement: good\nstatic_configs:\n  - targets: [http://bad]\n');
  const configs = decodeDiscoveryConfigs(fields, '/etc', 'alertmanager');
  assert.equal(checkStaticTargets(configs), '"http://bad" is not a valid hostname');
  assert.throws(() => fields.done(), /field relabel_configs not found/, 'peeking at relabel_configs must not mark it read');
});

test('static labels: names must be valid UTF-8, reported in Go quoting; values are kept as written', () => {
  assert.match(errorOf(() => decodeSd('static_configs:\n  - labels:\n      !!binary "/w==": v\n')), /"\\xff" is not a valid label name/);
  assert.match(errorOf(() => decodeSd('static_configs:\n  - labels:\n      "": v\n')), /"" is not a valid label name/);
  const s = decodeOne<StaticDiscoveryConfig>('static_configs:\n  - labels:\n      "service.name": "x y"\n      empty:\n', 'static');
  assert.deepEqual(s.groups[0]!.labels, { 'service.name': 'x y', empty: '' });
});

test('file_sd_configs: files resolved to the config directory, refresh_interval defaults to 5m', () => {
  const f = decodeOne<FileDiscoveryConfig>('file_sd_configs:\n  - files: [targets/*.json, /abs/x.yml]\n', 'file');
  assert.equal(f.implemented, true);
  assert.deepEqual(f.files, ['/etc/prometheus/targets/*.json', '/abs/x.yml']);
  assert.equal(f.refreshIntervalMs, 300_000);
  assert.equal(decodeOne<FileDiscoveryConfig>('file_sd_configs:\n  - files: [a.yaml]\n    refresh_interval: 10m\n', 'file').refreshIntervalMs, 600_000);
});

test('file_sd_configs: path patterns must end in .json, .yml or .yaml and use one * in the last element', () => {
  assert.match(errorOf(() => decodeSd('file_sd_configs:\n  - files: [x.txt]\n')), /path name "x.txt" is not valid for file discovery/);
  assert.match(errorOf(() => decodeSd('file_sd_configs:\n  - files: ["*/x.json"]\n')), /path name "\*\/x.json" is not valid/);
  assert.match(errorOf(() => decodeSd('file_sd_configs:\n  - refresh_interval: 1m\n')), /file service discovery config must contain at least one path name/);
  assert.match(errorOf(() => decodeSd('file_sd_configs:\n  - files: [a.json]\n    refresh_interval: 1x\n')), /unknown unit "x" in duration "1x"/);
});
