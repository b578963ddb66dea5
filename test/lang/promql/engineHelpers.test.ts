import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatGoFloat } from '../../../src/lang/promql/annotations.js';
import { formatFloatFixed } from '../../../src/lang/promql/countValues.js';
import { naturalLess } from '../../../src/lang/promql/functions/sortFunctions.js';
import { bucketFraction, bucketQuantile } from '../../../src/lang/promql/histogramQuantile.js';
import { kahanSum } from '../../../src/lang/promql/kahan.js';
import { quantileOf } from '../../../src/lang/promql/quantile.js';
import { labelsHash, xxhash64 } from '../../../src/lang/promql/xxhash64.js';
import { Labels } from '../../../src/model/labels.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('engine helpers', () => {
  it('hashes like XXH64, so limit_ratio picks the same series as Prometheus', () => {
    assert.equal(xxhash64(bytes('')), 0xef46db3751d8e999n);
    assert.equal(xxhash64(bytes('abc')), 0x44bc2cf5ad770999n);
    assert.equal(xxhash64(bytes('Nobody inspects the spammish repetition')), 0xfbcea83c8a378bf1n);
    // Labels hash over `name 0xff value 0xff` pairs.
    const manual = xxhash64(Uint8Array.from([...bytes('a'), 0xff, ...bytes('1'), 0xff]));
    assert.equal(labelsHash(Labels.from({ a: '1' })), manual);
  });

  it('formats floats like Go: %g for messages, shortest fixed-point for count_values', () => {
    assert.deepEqual([1.1, -1, NaN, Infinity, 1e6, 123456, 0.0001, 0.00001].map(formatGoFloat), ['1.1', '-1', 'NaN', '+Inf', '1e+06', '123456', '0.0001', '1e-05']);
    assert.deepEqual([1e21, 0.1, -2.5e-7, 100, NaN, -Infinity].map(formatFloatFixed), ['1000000000000000000000', '0.1', '-0.00000025', '100', 'NaN', '-Inf']);
  });

  it('sorts label values naturally, numbers by value', () => {
    assert.equal(naturalLess('a2', 'a10'), true);
    assert.equal(naturalLess('a10', 'a2'), false);
    assert.equal(naturalLess('b', 'a10'), false);
  });

  it('sums with compensation so that cancelling values give exactly zero', () => {
    assert.equal(kahanSum(Float64Array.of(1e16, 1, -1e16, -1)), 0);
    assert.equal(kahanSum(Float64Array.of(Infinity, 1)), Infinity);
  });

  it('interpolates quantiles between ranks, NaN first', () => {
    assert.equal(quantileOf(0.5, [4, 1, 3, 2]), 2.5);
    assert.equal(quantileOf(-1, [1]), -Infinity);
    assert.ok(Number.isNaN(quantileOf(0, [NaN, 1])));
  });

  it('computes classic histogram quantiles and fractions', () => {
    const buckets = () => [
      { upperBound: 1, count: 10 },
      { upperBound: 2, count: 20 },
      { upperBound: Infinity, count: 20 },
    ];
    assert.equal(bucketQuantile(0.5, buckets()).value, 1);
    assert.equal(bucketQuantile(0.75, buckets()).value, 1.5);
    assert.equal(bucketQuantile(1, buckets()).value, 2);
    assert.equal(bucketFraction(0, 1.5, buckets()), 0.75);
    // A bucket count below its predecessor is evened out and reported.
    assert.equal(bucketQuantile(0.5, [{ upperBound: 1, count: 10 }, { upperBound: 2, count: 5 }, { upperBound: Infinity, count: 10 }]).forcedMonotonic, true);
  });
});
