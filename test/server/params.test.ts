import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../src/server/api/apiResponse.js';
import { parseDurationParam, parseTimeParam } from '../../src/server/api/params.js';

test('times are unix seconds with fractions or RFC 3339', () => {
  assert.equal(parseTimeParam('time', '1435781451.781'), 1435781451781);
  assert.equal(parseTimeParam('time', '1'), 1000);
  assert.equal(parseTimeParam('time', '2015-07-01T20:10:51.781Z'), 1435781451781);
  assert.equal(parseTimeParam('time', '2015-07-01T22:10:51+02:00'), 1435781451000);
  assert.throws(() => parseTimeParam('time', 'yesterday'), (e: unknown) =>
    e instanceof ApiError && e.type === 'bad_data' && e.message === 'invalid parameter "time": Invalid time value for \'time\': cannot parse "yesterday" to a valid timestamp');
});

test('query_range start/end errors have no "Invalid time value" part, as in Prometheus', () => {
  assert.throws(() => parseTimeParam('start', 'x', true), { message: 'invalid parameter "start": cannot parse "x" to a valid timestamp' });
});

test('durations are float seconds or Prometheus durations', () => {
  assert.equal(parseDurationParam('step', '15'), 15_000);
  assert.equal(parseDurationParam('step', '0.5'), 500);
  assert.equal(parseDurationParam('step', '1m30s'), 90_000);
  assert.throws(() => parseDurationParam('step', 'fast'), /invalid parameter "step": cannot parse "fast" to a valid duration/);
});
