import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFixedFloat, formatSampleValue, formatTimestamp } from '../../src/server/api/jsonEncoding.js';

test('sample values are formatted like Prometheus (Go strconv, f or e by magnitude)', () => {
  const cases: Array<[number, string]> = [
    [1, '1'], [0.1, '0.1'], [-2.5, '-2.5'], [1e-6, '0.000001'], [1e-7, '1e-07'], [1.5e-10, '1.5e-10'],
    [1e20, '100000000000000000000'], [1e21, '1e+21'], [1.7976931348623157e308, '1.7976931348623157e+308'],
    [NaN, 'NaN'], [Infinity, '+Inf'], [-Infinity, '-Inf'], [0, '0'], [123456789.123, '123456789.123'],
  ];
  for (const [v, text] of cases) assert.equal(formatSampleValue(v), text, `value ${v}`);
});

test('timestamps are seconds with the milliseconds written out', () => {
  assert.equal(formatTimestamp(1435781451781), '1435781451.781');
  assert.equal(formatTimestamp(1500), '1.500');
  assert.equal(formatTimestamp(1005), '1.005');
  assert.equal(formatTimestamp(2000), '2');
  assert.equal(formatTimestamp(-1500), '-1.500');
});

test('numbers in fixed notation like Go\'s FormatFloat(v, \'f\', -1), as parse_query writes literals', () => {
  const cases: Array<[number, string]> = [
    [1, '1'], [-2.5, '-2.5'], [1e-7, '0.0000001'], [-1.25e-9, '-0.00000000125'], [1e21, '1000000000000000000000'],
    [1.5e22, '15000000000000000000000'], [123.456, '123.456'], [0, '0'], [-0, '-0'], [NaN, 'NaN'], [Infinity, '+Inf'], [-Infinity, '-Inf'],
  ];
  for (const [v, text] of cases) assert.equal(formatFixedFloat(v), text, `value ${v}`);
});
