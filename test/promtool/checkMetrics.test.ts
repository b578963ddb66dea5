/** `promtool check metrics`: promlint's problems and the --extended cardinality table (README §6.3). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { conformanceDir, hasConformance } from '../support/paths.js';
import { fixture, promtool } from './support.js';

const skip = hasConformance ? false : `conformance corpus not found at ${conformanceDir}`;

test('metrics-test.prom: 27 series, largest family first, in promtool\'s table', { skip }, async () => {
  const run = await promtool(['check', 'metrics', '--extended'], readFileSync(fixture('metrics-test.prom'), 'utf8'));
  assert.equal(run.code, 0);
  assert.equal(run.stderr, '');
  assert.equal(
    run.stdout,
    [
      'Metric                                         Cardinality    Percentage    ',
      'prometheus_tsdb_compaction_chunk_size_bytes    15             55.56%        ',
      'go_gc_duration_seconds                         7              25.93%        ',
      'net_conntrack_dialer_conn_attempted_total      4              14.81%        ',
      'go_info                                        1              3.70%         ',
      'Total                                          27             100%          ',
      '',
    ].join('\n'),
  );
});

test('lint problems go to standard error, sorted, and exit 3', async () => {
  const body = '# HELP foo_seconds x\n# TYPE foo_seconds counter\nfoo_seconds 1\nbarMs{aB="1"} 2\n# TYPE x_milliseconds gauge\nx_milliseconds 3\n';
  const run = await promtool(['check', 'metrics'], body);
  assert.equal(run.code, 3);
  assert.equal(
    run.stderr,
    [
      "barMs label names should be written in 'snake_case' not 'camelCase'",
      "barMs metric names should be written in 'snake_case' not 'camelCase'",
      'barMs no help text',
      'foo_seconds counter metrics should have "_total" suffix',
      'x_milliseconds no help text',
      'x_milliseconds use base unit "seconds" instead of "milliseconds"',
      '',
    ].join('\n'),
  );
});

test('naming rules of promlint', async () => {
  const body = [
    '# TYPE a_total gauge', 'a_total{le="1"} 1', 'a_total{le="1"} 1',
    '# HELP b_counter h', '# TYPE b_counter counter', 'b_counter 1',
    '# HELP foo:bar_ms h', 'foo:bar_ms 1',
    '# HELP y_bucket h', '# TYPE y_bucket gauge', 'y_bucket 1',
    '# HELP z_count h', '# TYPE z_count gauge', 'z_count{quantile="0.5"} 1',
    '',
  ].join('\n');
  const run = await promtool(['check', 'metrics'], body);
  assert.equal(run.code, 3);
  assert.deepEqual(run.stderr.trim().split('\n'), [
    'a_total metric not unique',
    'a_total no help text',
    'a_total non-counter metrics should not have "_total" suffix',
    'a_total non-histogram metrics should not have "le" label',
    'a_total non-histogram metrics should not have "le" label',
    'b_counter counter metrics should have "_total" suffix',
    "b_counter metric name should not include type 'counter'",
    "foo:bar_ms metric names should not contain ':'",
    'foo:bar_ms metric names should not contain abbreviated units',
    'y_bucket non-histogram metrics should not have "_bucket" suffix',
    'z_count non-histogram and non-summary metrics should not have "_count" suffix',
    'z_count non-summary metrics should not have "quantile" label',
  ]);
});

test('clean metrics pass; --lint=none needs --extended', async () => {
  assert.deepEqual(await promtool(['check', 'metrics'], '# HELP up_total x\n# TYPE up_total counter\nup_total 1\n'), { code: 0, stdout: '', stderr: '' });
  const none = await promtool(['check', 'metrics', '--lint=none']);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^error: at least one of --extended or linting must be enabled\n/);
  const extended = await promtool(['check', 'metrics', '--lint=none', '--extended'], 'x 1\n');
  assert.equal(extended.code, 0);
  assert.match(extended.stdout, /^x {9}1 {14}100\.00% {7}\n/m);
});

test('a body that does not parse fails with exit 1', async () => {
  const run = await promtool(['check', 'metrics'], 'x{ 1\n');
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^error while linting: /);
});
