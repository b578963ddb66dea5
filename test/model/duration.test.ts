import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration } from '../../src/model/duration.js';

test('parses Prometheus durations, unit by unit and combined', () => {
  assert.equal(parseDuration('0'), 0);
  assert.equal(parseDuration('15s'), 15_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('2d'), 172_800_000);
  assert.equal(parseDuration('1w'), 604_800_000);
  assert.equal(parseDuration('1y'), 31_536_000_000);
  assert.equal(parseDuration('1y2w3d4h5m6s7ms'), 31_536_000_000 + 2 * 604_800_000 + 3 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000 + 6000 + 7);
});

test('rejects what Prometheus rejects, with its messages', () => {
  assert.throws(() => parseDuration('-1h'), { message: 'not a valid duration string: "-1h"' });
  // Prometheus 3's parser reads the digits, then the unit up to the next digit: a decimal point is an unknown unit.
  assert.throws(() => parseDuration('1.5h'), { message: 'unknown unit "." in duration "1.5h"' });
  assert.throws(() => parseDuration('5m1h'), { message: 'not a valid duration string: "5m1h"' });
  assert.throws(() => parseDuration('15'), { message: 'not a valid duration string: "15"' });
  assert.throws(() => parseDuration(''), { message: 'empty duration string' });
});

test('prints like model.Duration: weeks and years only when they divide the whole', () => {
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(5_400_000), '1h30m');
  assert.equal(formatDuration(1_209_600_000), '2w');
  assert.equal(formatDuration(691_200_000), '8d');
  assert.equal(formatDuration(1500), '1s500ms');
});
