import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Labels } from '../../src/model/labels.js';
import { encodeLabels, formatFixedFloat, formatSampleValue, formatTimestamp } from '../../src/server/api/jsonEncoding.js';

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

test('label sets are written exactly as JSON.stringify writes their text, escapes included', () => {
  const texts = [
    'plain', 'host42:9100', 'a "quoted" \\ site', 'tab\there', 'line\nbreak', '\u0000\u001f', '\u007f del', 'ünïcödé ✓',
    '\u2028\u2029', 'emoji 😀', 'lone \ud800 high', 'lone \udc00 low', '</script>', 'back\\slash', 'slash/',
  ];
  for (const text of texts) {
    const labels = Labels.from({ __name__: 'x', [`k_${texts.indexOf(text)}`]: text, zone: text });
    const expected = `{${labels.names.map((n, i) => `${JSON.stringify(n)}:${JSON.stringify(labels.values[i])}`).join(',')}}`;
    assert.equal(encodeLabels(labels), expected, JSON.stringify(text));
    assert.deepEqual(JSON.parse(encodeLabels(labels)), labels.toRecord());
  }
});
