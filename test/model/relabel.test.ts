import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Labels } from '../../src/model/labels.js';
import { compileAnchoredRe2WithGroups } from '../../src/model/re2.js';
import { hashMod, relabel, type RelabelRule } from '../../src/model/relabel.js';

/** A rule with Prometheus's defaults for whatever is not given. */
function rule(spec: Partial<Omit<RelabelRule, 'regex' | 'groupNames'>> & { regex?: string }): RelabelRule {
  const { regexp, groupNames } = compileAnchoredRe2WithGroups(spec.regex ?? '(.*)');
  return {
    action: 'replace', sourceLabels: [], separator: ';', modulus: 0n, targetLabel: '', replacement: '$1',
    ...spec, regex: regexp, groupNames,
  };
}

const run = (labels: Record<string, string>, ...rules: RelabelRule[]): Record<string, string> | null =>
  relabel(Labels.from(labels), rules)?.toRecord() ?? null;

/** hashmod as Prometheus computes it: the last 8 bytes of the MD5, big-endian, mod m. */
function expectedHashMod(value: string, modulus: bigint): string {
  return (createHash('md5').update(value, 'utf8').digest().readBigUInt64BE(8) % modulus).toString();
}

test('replace writes the expanded replacement to the expanded target', () => {
  assert.deepEqual(run({ a: 'foo', b: 'bar' }, rule({ sourceLabels: ['a'], regex: 'f(.*)', targetLabel: 'd', replacement: 'ch${1}-ch${1}' })), { a: 'foo', b: 'bar', d: 'choo-choo' });
  assert.deepEqual(
    run({ a: 'foo', b: 'bar' }, rule({ sourceLabels: ['a', 'b'], regex: 'f(.*);(.*)r', targetLabel: 'a', replacement: 'b${1}${2}m' })),
    { a: 'boobam', b: 'bar' },
  );
  assert.deepEqual(
    run({ __meta_x: 'label:team=db,label:tier=1' }, rule({ sourceLabels: ['__meta_x'], regex: 'label:([^=]+)=([^,]+),.*', targetLabel: '${1}', replacement: '${2}' })),
    { __meta_x: 'label:team=db,label:tier=1', team: 'db' },
  );
});

test('replace leaves labels alone without a match and deletes the target when the result is empty', () => {
  assert.deepEqual(run({ a: 'foo' }, rule({ sourceLabels: ['a'], regex: 'x(.*)', targetLabel: 'a', replacement: 'y' })), { a: 'foo' });
  assert.deepEqual(run({ a: 'foo', b: 'bar' }, rule({ sourceLabels: ['c'], targetLabel: 'b' })), { a: 'foo' });
  // The default regex matches the empty string: a static replacement sets a constant label.
  assert.deepEqual(run({ a: 'foo' }, rule({ targetLabel: 'env', replacement: 'prod' })), { a: 'foo', env: 'prod' });
});

test('replace skips targets that expand to an invalid name', () => {
  assert.deepEqual(run({ a: 'foo' }, rule({ sourceLabels: ['a'], regex: '(x)?foo', targetLabel: '${1}', replacement: 'v' })), { a: 'foo' });
  assert.deepEqual(run({ a: 'some.name' }, rule({ sourceLabels: ['a'], regex: '(.*)', targetLabel: '${1}', replacement: 'v', nameValidation: 'legacy' })), { a: 'some.name' });
  assert.deepEqual(run({ a: 'some.name' }, rule({ sourceLabels: ['a'], regex: '(.*)', targetLabel: '${1}', replacement: 'v' })), { a: 'some.name', 'some.name': 'v' });
});

test('templates follow Go: $1x names group "1x", $$ is a dollar, named groups work, a lone $ stays', () => {
  const r = (replacement: string) => run({ a: 'foo' }, rule({ sourceLabels: ['a'], regex: '(?P<first>f)(o+)', targetLabel: 'b', replacement }))!['b'];
  assert.equal(r('$1x'), undefined);
  assert.equal(r('${1}x'), 'fx');
  assert.equal(r('$$1'), '$1');
  assert.equal(r('${first}-$2'), 'f-oo');
  assert.equal(r('cost: $'), 'cost: $');
  assert.equal(r('$9'), undefined);
});

test('keep and drop decide on the joined source values', () => {
  const labels = { a: 'foo', b: 'bar' };
  assert.equal(run(labels, rule({ action: 'drop', sourceLabels: ['a'], regex: 'f.*' })), null);
  assert.deepEqual(run(labels, rule({ action: 'drop', sourceLabels: ['a'], regex: 'x.*' })), labels);
  assert.equal(run(labels, rule({ action: 'keep', sourceLabels: ['a', 'b'], regex: 'foo;baz' })), null);
  assert.deepEqual(run(labels, rule({ action: 'keep', sourceLabels: ['a', 'b'], separator: '/', regex: 'foo/bar' })), labels);
  // The regex is anchored: a partial match does not count.
  assert.equal(run(labels, rule({ action: 'keep', sourceLabels: ['a'], regex: 'fo' })), null);
});

test('keepequal and dropequal compare the source value with the target label', () => {
  const labels = { a: 'foo', b: 'foo', c: 'bar' };
  assert.deepEqual(run(labels, rule({ action: 'keepequal', sourceLabels: ['a'], targetLabel: 'b' })), labels);
  assert.equal(run(labels, rule({ action: 'keepequal', sourceLabels: ['a'], targetLabel: 'c' })), null);
  assert.equal(run(labels, rule({ action: 'dropequal', sourceLabels: ['a'], targetLabel: 'b' })), null);
  assert.deepEqual(run(labels, rule({ action: 'dropequal', sourceLabels: ['a'], targetLabel: 'c' })), labels);
});

test('hashmod matches Prometheus (last 8 bytes of MD5, big-endian, mod modulus)', () => {
  for (const [value, modulus] of [['foo', 1000n], ['localhost:9090', 8n], ['', 3n], ['10.0.0.1:9100;job', 2n ** 63n], ['日本語', 17n]] as const) {
    const out = run({ a: value, b: 'job' }, rule({ action: 'hashmod', sourceLabels: ['a'], modulus, targetLabel: '__tmp_hash' }));
    assert.equal(out?.['__tmp_hash'] ?? '', expectedHashMod(value, modulus), value);
  }
  assert.equal(hashMod('x', 1n), 0n);
});

test('labelmap copies matching label names; labeldrop and labelkeep filter names', () => {
  const labels = { __meta_kubernetes_pod_label_app: 'web', __meta_kubernetes_pod_label_tier: 'fe', job: 'k8s' };
  assert.deepEqual(run(labels, rule({ action: 'labelmap', regex: '__meta_kubernetes_pod_label_(.+)', replacement: '$1' })), { ...labels, app: 'web', tier: 'fe' });
  assert.deepEqual(run(labels, rule({ action: 'labeldrop', regex: '__meta_.*' })), { job: 'k8s' });
  assert.deepEqual(run(labels, rule({ action: 'labelkeep', regex: '__meta_kubernetes_pod_label_app|job' })), { __meta_kubernetes_pod_label_app: 'web', job: 'k8s' });
});

test('labelmap onto an existing name: later labels in iteration order win, added labels come last', () => {
  // Base labels are visited in name order, so b's value overwrites a's on "x".
  assert.equal(run({ a_x: '1', b_x: '2' }, rule({ action: 'labelmap', regex: '.*_(x)', replacement: '$1' }))!['x'], '2');
  // A label added by an earlier rule is visited after every base label.
  const added = rule({ targetLabel: 'a_y', replacement: 'added' });
  assert.equal(run({ b_y: 'base' }, added, rule({ action: 'labelmap', regex: '.*_(y)', replacement: '$1' }))!['y'], 'added');
});

test('lowercase and uppercase map rune by rune like Go (no expansion of ß)', () => {
  assert.deepEqual(run({ a: 'bAr123Foo' }, rule({ action: 'lowercase', sourceLabels: ['a'], targetLabel: 'b' })), { a: 'bAr123Foo', b: 'bar123foo' });
  assert.equal(run({ a: 'straße' }, rule({ action: 'uppercase', sourceLabels: ['a'], targetLabel: 'a' }))!['a'], 'STRAßE');
  assert.equal(run({ a: 'İSTANBUL' }, rule({ action: 'lowercase', sourceLabels: ['a'], targetLabel: 'a' }))!['a'], 'istanbul');
});

test('rules run in order over the result of the previous ones', () => {
  const rules = [
    rule({ sourceLabels: ['__address__'], regex: '([^:]+):.*', targetLabel: 'host' }),
    rule({ action: 'keep', sourceLabels: ['host'], regex: 'db-.*' }),
    rule({ action: 'labeldrop', regex: '__address__' }),
  ];
  assert.deepEqual(run({ __address__: 'db-1:5432' }, ...rules), { host: 'db-1' });
  assert.equal(run({ __address__: 'web-1:80' }, ...rules), null);
});

test('regexes match whole runes and newlines, like Go with (?s)', () => {
  assert.deepEqual(run({ a: '😀' }, rule({ action: 'keep', sourceLabels: ['a'], regex: '.' })), { a: '😀' });
  assert.deepEqual(run({ a: 'x\ny' }, rule({ action: 'keep', sourceLabels: ['a'], regex: 'x.y' })), { a: 'x\ny' });
});
