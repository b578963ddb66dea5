/** The Go time forms promtool reads (`--time`, `start_timestamp`) and prints (`time: 1m0s`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePromtoolTime } from '../../src/promtool/queryTime.js';
import { goDurationText } from '../../src/promtool/testRulesText.js';

test('times are Unix seconds (with fractions) or RFC 3339 dates, in ms', () => {
  assert.equal(parsePromtoolTime('1609459200'), 1_609_459_200_000);
  assert.equal(parsePromtoolTime('1.5'), 1500);
  assert.equal(parsePromtoolTime('-2'), -2000);
  assert.equal(parsePromtoolTime('2024-01-01T00:00:00Z'), 1_704_067_200_000);
  assert.equal(parsePromtoolTime('2024-01-01T01:00:00.250+01:00'), 1_704_067_200_250);
  assert.throws(() => parsePromtoolTime('2024-01-01'), /^Error: cannot parse "2024-01-01" to a valid timestamp$/);
  assert.throws(() => parsePromtoolTime('now'), /cannot parse "now"/);
});

test("durations print like Go's time.Duration", () => {
  const cases: ReadonlyArray<readonly [number, string]> = [[0, '0s'], [500, '500ms'], [1000, '1s'], [60_000, '1m0s'], [179_999, '2m59.999s'], [3_600_000, '1h0m0s'], [90_061_000, '25h1m1s']];
  for (const [ms, text] of cases) assert.equal(goDurationText(ms), text);
});
