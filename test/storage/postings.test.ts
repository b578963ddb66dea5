import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Labels } from '../../src/model/labels.js';
import { Matcher, type MatchType } from '../../src/model/matcher.js';
import { MemPostings } from '../../src/storage/index/memPostings.js';
import { regexShape } from '../../src/storage/index/regexShape.js';
import { RandomSource } from './randomSource.js';

test('regex shapes with fast paths are recognised; anything else is general', () => {
  assert.deepEqual(regexShape('.*'), { kind: 'any' });
  assert.deepEqual(regexShape('.+'), { kind: 'nonEmpty' });
  assert.deepEqual(regexShape('a|b|c'), { kind: 'literals', values: ['a', 'b', 'c'] });
  assert.deepEqual(regexShape('api\\.example|web'), { kind: 'literals', values: ['api.example', 'web'] });
  assert.deepEqual(regexShape('foo.*'), { kind: 'prefix', prefix: 'foo' });
  assert.deepEqual(regexShape('foo\\.*'), { kind: 'general', prefix: 'foo' });
  assert.deepEqual(regexShape('(?i)foo'), { kind: 'general', prefix: '' });
  assert.deepEqual(regexShape('a\\d'), { kind: 'general', prefix: 'a' });
  assert.deepEqual(regexShape('fo+'), { kind: 'general', prefix: 'fo' });
});

test('a general regex narrows the values to test to its literal prefix, and only to what every match starts with', () => {
  assert.deepEqual(regexShape('host4.:9100'), { kind: 'general', prefix: 'host4' });
  assert.deepEqual(regexShape('ab?c'), { kind: 'general', prefix: 'a' });
  assert.deepEqual(regexShape('ab*'), { kind: 'general', prefix: 'a' });
  assert.deepEqual(regexShape('ab{0,2}c'), { kind: 'general', prefix: 'a' });
  assert.deepEqual(regexShape('a\\.?x'), { kind: 'general', prefix: 'a' });
  assert.deepEqual(regexShape('a\\-b.'), { kind: 'general', prefix: 'a-b' });
  assert.deepEqual(regexShape('x😀?.'), { kind: 'general', prefix: 'x' });
  assert.deepEqual(regexShape('😀x.'), { kind: 'general', prefix: '😀x' });
  // Alternatives need not share a prefix.
  assert.deepEqual(regexShape('ab.|cd'), { kind: 'general', prefix: '' });
  assert.deepEqual(regexShape('a(b|c)d'), { kind: 'general', prefix: '' });
  assert.deepEqual(regexShape('[ab]c'), { kind: 'general', prefix: '' });
});

const VALUES = ['', 'a', 'b', 'ab', 'abc', 'ac', 'b.c', 'bxc', 'foo', 'foobar', 'fooo', 'x\ny', 'x😀', 'x😀y'];
const PATTERNS = ['.*', '.+', 'a|b', 'a|', 'ab.*', 'foo.*', 'b\\.c', 'b.c', 'a.*c', '', 'x.y', '(?i)A', 'foo|bar|abc', '.*b.*', 'ab?c', 'fo+', 'fo{2,}.*', 'x😀?.?', 'a(b|)c?'];

test('postings selection agrees with matching every series by brute force', () => {
  const rnd = new RandomSource(42);
  const postings = new MemPostings();
  const series: Labels[] = [];
  for (let ref = 1; ref <= 400; ref++) {
    const record: Record<string, string> = { __name__: rnd.pick(['up', 'http_requests_total', 'go_gc']) };
    for (const name of ['job', 'path', 'env']) if (rnd.next() < 0.8) record[name] = rnd.pick(VALUES);
    const labels = Labels.from(record);
    series.push(labels);
    postings.add(ref, labels);
  }
  for (let round = 0; round < 600; round++) {
    const matchers: Matcher[] = [];
    for (let k = rnd.int(0, 3); k > 0; k--) {
      const type = rnd.pick<MatchType>(['=', '!=', '=~', '!~']);
      const value = type === '=' || type === '!=' ? rnd.pick(VALUES) : rnd.pick(PATTERNS);
      matchers.push(new Matcher(type, rnd.pick(['job', 'path', 'env', 'missing', '__name__']), value));
    }
    const expected = series.flatMap((l, i) => (matchers.every((m) => m.matches(l.get(m.name))) ? [i + 1] : []));
    assert.deepEqual([...postings.select(matchers)], expected, matchers.map(String).join(', '));
  }
});

test('removing series drops them and the values left without series', () => {
  const postings = new MemPostings();
  postings.add(1, Labels.from({ __name__: 'a', x: '1' }));
  postings.add(2, Labels.from({ __name__: 'a', x: '2' }));
  postings.remove(new Set([2]));
  assert.deepEqual([...postings.select([new Matcher('=', '__name__', 'a')])], [1]);
  assert.deepEqual(postings.valueCounts('x'), [['1', 1]]);
});
