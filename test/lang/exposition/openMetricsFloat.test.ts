import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatGoFloat } from '../../../src/lang/exposition/expositionWriter.js';
import { formatOpenMetricsFloat, normalizeFloatLabelValue } from '../../../src/lang/exposition/openMetricsFloat.js';

describe('formatGoFloat', () => {
  it('lays out the shortest digits as Go\'s strconv.FormatFloat(f, \'g\', -1, 64) does', () => {
    const cases: Array<[number, string]> = [
      [1, '1'], [-2.5, '-2.5'], [0.0001, '0.0001'], [0.00001, '1e-05'], [123456, '123456'], [1234567, '1.234567e+06'],
      [1e21, '1e+21'], [1.5e-300, '1.5e-300'], [1e100, '1e+100'], [0.1 + 0.2, '0.30000000000000004'], [-0, '-0'],
      [Number.MAX_VALUE, '1.7976931348623157e+308'], [5e-324, '5e-324'], [NaN, 'NaN'], [Infinity, '+Inf'], [-Infinity, '-Inf'],
    ];
    for (const [f, s] of cases) assert.equal(formatGoFloat(f), s, String(f));
  });
});

describe('formatOpenMetricsFloat', () => {
  it('adds .0 to integral spellings and writes zero as 0.0', () => {
    const cases: Array<[number, string]> = [[1, '1.0'], [-1, '-1.0'], [0, '0.0'], [-0, '0.0'], [10, '10.0'], [2.5, '2.5'], [1e6, '1e+06'], [NaN, 'NaN'], [-Infinity, '-Inf']];
    for (const [f, s] of cases) assert.equal(formatOpenMetricsFloat(f), s, String(f));
  });
});

describe('normalizeFloatLabelValue', () => {
  it('rewrites what Go parses as a float and keeps everything else', () => {
    const cases: Array<[string, string]> = [
      ['1', '1.0'], ['0.5', '0.5'], ['.5', '0.5'], ['5.', '5.0'], ['+Inf', '+Inf'], ['inf', '+Inf'], ['-Infinity', '-Inf'], ['NaN', 'NaN'],
      ['nan', 'NaN'], ['1E3', '1000.0'], ['1e-400', '0.0'], ['1e400', '1e400'], ['+NaN', '+NaN'], ['1_000', '1_000'], ['abc', 'abc'],
      ['', ''], [' 1', ' 1'], ['Infinit', 'Infinit'],
    ];
    for (const [v, want] of cases) assert.equal(normalizeFloatLabelValue(v), want, v);
  });
});
