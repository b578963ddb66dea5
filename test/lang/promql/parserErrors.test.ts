import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseError } from './parseHelpers.js';

/** [query, `line:col: parse error: detail`] pairs, the messages and positions Prometheus reports. */
function table(name: string, cases: readonly [string, string][]): void {
  describe(name, () => {
    for (const [query, message] of cases) {
      it(`${JSON.stringify(query)} → ${message}`, () => assert.equal(parseError(query).message, message));
    }
  });
}

table('PromQL parse errors: syntax', [
  ['1+', '1:3: parse error: unexpected end of input'],
  ['-=', '1:2: parse error: unexpected "="'],
  ['++-++-+-+-<', '1:11: parse error: unexpected <op:<>'],
  ['e-+=/(0)', '1:4: parse error: unexpected "="'],
  ['a - on(b) ignoring(c) d', '1:11: parse error: unexpected <ignoring>'],
  ['foo + group_left(baz) bar', '1:7: parse error: unexpected <group_left>'],
  ['sum some_metric by (test)', '1:5: parse error: unexpected identifier "some_metric"'],
  ['MIN keep_common (some_metric)', '1:5: parse error: unexpected identifier "keep_common"'],
  ['MIN (some_metric) keep_common', '1:19: parse error: unexpected identifier "keep_common"'],
  ['sum (some_metric) without (test) by (test)', '1:34: parse error: unexpected <by>'],
  ['sum without (test) (some_metric) by (test)', '1:34: parse error: unexpected <by>'],
  ['sum(', '1:5: parse error: unclosed left parenthesis'],
  ['sum(x 1)', '1:7: parse error: unexpected number "1" in aggregation'],
  ['sum by (a)', '1:11: parse error: unexpected end of input in aggregation'],
]);

table('PromQL parse errors: grouping, offset, @, brackets', [
  ['sum without(==)(some_metric)', '1:13: parse error: unexpected <op:==> in grouping opts, expected label'],
  ['sum without(,)(some_metric)', '1:13: parse error: unexpected "," in grouping opts, expected label'],
  ['sum without(foo,,)(some_metric)', '1:17: parse error: unexpected "," in grouping opts, expected label'],
  ['sum by (a b)(x)', '1:11: parse error: unexpected identifier "b" in grouping opts, expected "," or ")"'],
  ['sum (some_metric) by test', '1:22: parse error: unexpected identifier "test" in grouping opts, expected "("'],
  ['a + on b', '1:8: parse error: unexpected identifier "b" in grouping opts, expected "("'],
  ['sum by ("")(x)', '1:9: parse error: invalid label name for grouping: ""'],
  ['sum by ("\\xff")(x)', '1:9: parse error: invalid label name for grouping: "\\xff"'],
  ['some_metric[5m] OFFSET', '1:23: parse error: unexpected end of input in offset, expected number, duration, step(), or range()'],
  ['x offset foo', '1:10: parse error: unexpected identifier "foo" in offset, expected number, duration, step(), or range()'],
  ['some_metric[5m] @', '1:18: parse error: unexpected end of input in @, expected timestamp'],
  ['foo[]', '1:5: parse error: unexpected "]" in subquery or range selector, expected number, duration, step(), or range()'],
  ['foo[step]', '1:9: parse error: unexpected "]" in subquery or range selector, expected number, duration, step(), or range()'],
  ['foo[5m 1m]', '1:8: parse error: unexpected duration "1m" in subquery or range, expected ":" or "]"'],
  ['foo[5m:1m 1]', '1:11: parse error: unexpected number "1" in subquery selector, expected "]"'],
  ['foo[5s x 5s]', "1:8: parse error: unexpected character: 'x', expected ':'"],
  ['foo["5m"]', `1:5: parse error: unexpected character in duration expression: '"'`],
  ['foo{bar="baz"}[', '1:16: parse error: unexpected end of input in duration expression'],
  ['foo[5mm]', '1:5: parse error: bad number or duration syntax: "5mm"'],
  ['foo[5m:1m1]', '1:8: parse error: bad number or duration syntax: "1m1"'],
  ['foo[5y1hs]', '1:5: parse error: unknown unit "hs" in duration "5y1hs"'],
  ['foo[5m1h]', '1:5: parse error: not a valid duration string: "5m1h"'],
  ['some_metric[5m] OFFSET 1mm', '1:24: parse error: bad number or duration syntax: "1mm"'],
  ['"\\c"', "1:1: parse error: unknown escape sequence U+0063 'c'"],
  ['`\\``', '1:4: parse error: unterminated raw string'],
]);

table('PromQL parse errors: modifiers, ranges and durations', [
  ['1 offset 1d', '1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery'],
  ['foo offset 1s offset 2s', '1:1: parse error: offset may not be set multiple times'],
  ['some_metric OFFSET 1m[5m]', '1:22: parse error: no offset modifiers allowed before range'],
  ['some_metric @ 1234 [5m]', '1:20: parse error: no @ modifiers allowed before range'],
  ['(foo + bar)[5m]', '1:12: parse error: ranges only allowed for vector selectors'],
  ['rate(food[1m])[1h] offset 1h', '1:15: parse error: ranges only allowed for vector selectors'],
  ['rate(some_metric[5m]) @ 1234', '1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery'],
  ['foo @ 1 @ 2', '1:1: parse error: @ <timestamp> may not be set multiple times'],
  ['foo @ +Inf', '1:1: parse error: timestamp out of bounds for @ modifier: +Inf'],
  ['foo @ NaN', '1:1: parse error: timestamp out of bounds for @ modifier: NaN'],
  ['foo @ 9223372036854775808', '1:1: parse error: timestamp out of bounds for @ modifier: 9223372036854775808.000000'],
  ['foo[0m]', '1:5: parse error: duration must be greater than 0'],
  ['foo[-1]', '1:5: parse error: duration must be greater than 0'],
  ['foo[5m:0s]', '1:8: parse error: duration must be greater than 0'],
  ['foo[step()/0d]', '1:11: parse error: division by zero'],
  ['foo[5s%0d]', '1:7: parse error: modulo by zero'],
  ['foo offset (4d/0)', '1:15: parse error: division by zero'],
  ['foo offset 9.5e10', '1:12: parse error: duration out of range'],
  ['foo[9.5e10]', '1:5: parse error: duration out of range'],
  ['test[5d] OFFSET 10s [10m:5s]', '1:1: parse error: subquery is only allowed on instant vector, got matrix instead'],
  ['(foo + bar{nm="val"})[5m:][10m:5s]', '1:1: parse error: subquery is only allowed on instant vector, got matrix instead'],
  ['foo[5m] anchored smoothed', '1:1: parse error: anchored and smoothed modifiers cannot be used together'],
  ['foo[5m:] anchored', '1:1: parse error: anchored modifier is not supported for subqueries'],
  ['rate(foo[5m]) smoothed', '1:1: parse error: smoothed modifier not implemented'],
]);

table('PromQL parse errors: types and operators', [
  ['1 and 1', '1:1: parse error: set operator "and" not allowed in binary scalar expression'],
  ['foo unless 1', '1:1: parse error: set operator "unless" not allowed in binary scalar expression'],
  ['1 == 1', '1:3: parse error: comparisons between scalars must use BOOL modifier'],
  ['1 or on(bar) foo', '1:1: parse error: vector matching only allowed between instant vectors'],
  ['foo == on(bar) 10', '1:1: parse error: vector matching only allowed between instant vectors'],
  ['foo and on(bar) group_left(baz) bar', '1:1: parse error: no grouping allowed for "and" operation'],
  ['foo or on(bar) group_right(baz) bar', '1:1: parse error: no grouping allowed for "or" operation'],
  [
    'http_requests{group="production"} + on(instance) group_left(job,instance) cpu_count{type="smp"}',
    '1:35: parse error: label "instance" must not occur in ON and GROUP clause at once',
  ],
  ['foo + bool bar', '1:5: parse error: bool modifier can only be used on comparison operators'],
  ['foo and bool 10', '1:5: parse error: bool modifier can only be used on comparison operators'],
  ['foo[5m] + 1', '1:1: parse error: binary expression must contain only scalar and instant vector types'],
  ['1 + "a"', '1:5: parse error: binary expression must contain only scalar and instant vector types'],
  ['1 + fill(0) 2', '1:1: parse error: filling in missing series only allowed between instant vectors'],
  ['a and fill(0) b', '1:1: parse error: filling in missing series not allowed for set operators'],
  ['-"string"', '1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "string"'],
  ['-test[5m]', '1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "range vector"'],
  ['sum(foo[5m])', '1:5: parse error: expected type instant vector in aggregation expression, got range vector'],
  ['sum () by (test)', '1:1: parse error: no arguments for aggregate expression provided'],
  ['sum(x, y)', '1:1: parse error: wrong number of arguments for aggregate expression provided, expected 1, got 2'],
  ['topk(some_metric)', '1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1'],
  ['topk(some_metric,)', '1:17: parse error: trailing commas not allowed in function call args'],
  ['topk(some_metric, other_metric)', '1:6: parse error: expected type scalar in aggregation parameter, got instant vector'],
  ['count_values(5, other_metric)', '1:14: parse error: expected type string in aggregation parameter, got scalar'],
]);

table('PromQL parse errors: function calls', [
  ['floor()', '1:1: parse error: expected 1 argument(s) in call to "floor", got 0'],
  ['floor(some_metric, other_metric)', '1:1: parse error: expected 1 argument(s) in call to "floor", got 2'],
  ['abs(a, b)', '1:1: parse error: expected 1 argument(s) in call to "abs", got 2'],
  ['floor(1)', '1:7: parse error: expected type instant vector in call to function "floor", got scalar'],
  ['hour(some_metric, some_metric, some_metric)', '1:1: parse error: expected at most 1 argument(s) in call to "hour", got 3'],
  ['label_join(x, "a")', '1:1: parse error: expected at least 3 argument(s) in call to "label_join", got 2'],
  ['label_join(x, "a", ",", 1)', '1:25: parse error: expected type string in call to function "label_join", got scalar'],
  ['histogram_quantiles(x, "q", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)', '1:1: parse error: expected at most 12 argument(s) in call to "histogram_quantiles", got 13'],
  ['time(some_metric)', '1:1: parse error: expected 0 argument(s) in call to "time", got 1'],
  ['non_existent_function_far_bar()', '1:1: parse error: unknown function with name "non_existent_function_far_bar"'],
  ['a>b()', '1:3: parse error: unknown function with name "b"'],
  ['rate(some_metric)', '1:6: parse error: expected type range vector in call to function "rate", got instant vector'],
  ['rate(avg)', '1:6: parse error: expected type range vector in call to function "rate", got instant vector'],
  ['rate(x[5m],)', '1:11: parse error: trailing commas not allowed in function call args'],
  ['info(rate(http_request_counter_total{}[5m]), target_info{foo="bar"})', '1:46: parse error: expected label selectors only, got vector selector instead'],
  ['info(http_request_counter_total{namespace="zzz"}, {foo="bar"} == 1)', '1:51: parse error: expected label selectors only'],
]);

describe('PromQL parse errors: opt-in syntax is refused unless enabled', () => {
  const off = {};
  const cases: [string, string][] = [
    ['mad_over_time(x[5m])', '1:1: parse error: function "mad_over_time" is not enabled'],
    ['sort_by_label(x, "a")', '1:1: parse error: function "sort_by_label" is not enabled'],
    ['x + step()', '1:5: parse error: function "step" is not enabled'],
    ['min_of(1, 2)', '1:1: parse error: function "min_of" is not enabled'],
    ['limitk(2, x)', '1:1: parse error: limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions'],
    ['limit_ratio(0.5, x)', '1:1: parse error: limit_ratio() is experimental and must be enabled with --enable-feature=promql-experimental-functions'],
    ['rate(x[5m] anchored)', '1:6: parse error: anchored modifier is experimental and not enabled'],
    ['x smoothed', '1:1: parse error: smoothed modifier is experimental and not enabled'],
    ['a + fill(0) b', '1:1: parse error: binop fill modifiers are experimental and not enabled'],
  ];
  for (const [query, message] of cases) {
    it(`${query} → ${message}`, () => assert.equal(parseError(query, off).message, message));
  }

  it('accepts duration expressions by default (always on in Prometheus 3.14) and refuses them when disabled', () => {
    assert.doesNotThrow(() => parseError('x[5m] +', {}));
    assert.equal(parseError('x[5m * 2]', { durationExpressions: false }).message, '1:3: parse error: experimental duration expression is not enabled');
    assert.equal(parseError('x[step()]', { durationExpressions: false }).message, '1:3: parse error: experimental duration expression is not enabled');
  });
});
