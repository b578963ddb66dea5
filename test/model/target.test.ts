import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Labels } from '../../src/model/labels.js';
import { buildTarget, sampleLabelsOf, targetUrl, type TargetSettings } from '../../src/model/target.js';

const settings: TargetSettings = {
  jobName: 'node',
  scrapeIntervalMs: 15_000,
  scrapeTimeoutMs: 10_000,
  metricsPath: '/metrics',
  scheme: 'http',
  params: {},
  relabel: (l) => l,
};

test('a target gets the job defaults, instance from the address, and loses __meta_ labels', () => {
  const built = buildTarget({ __address__: 'host:9100', __meta_x: 'y' }, { env: 'prod' }, settings);
  assert.equal(built.kind, 'active');
  if (built.kind !== 'active') return;
  assert.equal(built.target.url, 'http://host:9100/metrics');
  assert.equal(built.target.intervalMs, 15_000);
  assert.equal(built.target.timeoutMs, 10_000);
  assert.deepEqual(sampleLabelsOf(built.target).toRecord(), { env: 'prod', instance: 'host:9100', job: 'node' });
  assert.equal(built.target.labels.get('__scrape_interval__'), '15s');
  assert.equal(built.target.discoveredLabels.get('__meta_x'), 'y');
});

test('target labels win over group labels; relabeling can drop or rewrite the target', () => {
  const built = buildTarget({ __address__: 'a:1', env: 'target' }, { env: 'group' }, settings);
  assert.equal(built.kind === 'active' && built.target.labels.get('env'), 'target');
  const dropped = buildTarget({ __address__: 'a:1' }, {}, { ...settings, relabel: () => null });
  assert.equal(dropped.kind, 'dropped');
  const rewritten = buildTarget({ __address__: 'a:1' }, {}, { ...settings, relabel: (l) => l.with('__scrape_interval__', '1m').with('__param_module', 'icmp') });
  assert.equal(rewritten.kind === 'active' && rewritten.target.intervalMs, 60_000);
  assert.equal(rewritten.kind === 'active' && rewritten.target.url, 'http://a:1/metrics?module=icmp');
});

test('bad targets fail with the reasons Prometheus gives', () => {
  const fail = (labels: Record<string, string>, s: TargetSettings = settings): string => {
    const built = buildTarget(labels, {}, s);
    return built.kind === 'failed' ? built.error : `not failed: ${built.kind}`;
  };
  assert.equal(fail({}), 'no address');
  assert.equal(fail({ __address__: 'http://a:1' }), '"http://a:1" is not a valid hostname');
  assert.equal(fail({ __address__: 'a:1', __scrape_interval__: '0s' }), 'scrape interval cannot be 0');
  assert.equal(fail({ __address__: 'a:1', __scrape_timeout__: 'x' }), 'error parsing scrape timeout: not a valid duration string: "x"');
  assert.equal(fail({ __address__: 'a:1', __scrape_timeout__: '1m' }), 'scrape timeout cannot be greater than scrape interval ("1m" > "15s")');
});

test('the scrape URL merges config params with __param_ labels, sorted like Go url.Values', () => {
  const labels = Labels.from({ __scheme__: 'https', __address__: 'h:443', __metrics_path__: '/probe', __param_target: 'x y' });
  assert.equal(targetUrl(labels, { module: ['http_2xx'], target: ['ignored', 'second'] }), 'https://h:443/probe?module=http_2xx&target=x+y&target=second');
});
