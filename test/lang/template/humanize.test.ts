/** Prometheus's humanize family, digit for digit. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanize, humanize1024, humanizeDuration, humanizePercentage, humanizeTimestamp } from '../../../src/lang/template/index.js';

test('humanize uses SI prefixes and 4 significant digits', () => {
  assert.equal(humanize(1234567), '1.235M');
  assert.equal(humanize(0), '0');
  assert.equal(humanize(1), '1');
  assert.equal(humanize(999), '999');
  assert.equal(humanize(1000), '1k');
  assert.equal(humanize(-1234), '-1.234k');
  assert.equal(humanize(0.00012345), '123.4u');
  assert.equal(humanize(1e30), '1e+06Y');
  assert.equal(humanize(Infinity), '+Inf');
  assert.equal(humanize(NaN), 'NaN');
  assert.equal(humanize('1234'), '1.234k');
  assert.equal(humanize(12n), '12');
});

test('humanize1024 uses binary prefixes above 1', () => {
  assert.equal(humanize1024(1024), '1ki');
  assert.equal(humanize1024(1048576), '1Mi');
  assert.equal(humanize1024(1536), '1.5ki');
  assert.equal(humanize1024(0.5), '0.5');
  assert.equal(humanize1024(-2048), '-2ki');
});

test('humanizeDuration shows days, hours, minutes and seconds', () => {
  assert.equal(humanizeDuration(90), '1m 30s');
  assert.equal(humanizeDuration(0), '0s');
  assert.equal(humanizeDuration(0.1), '100ms');
  assert.equal(humanizeDuration(0.0001), '100us');
  assert.equal(humanizeDuration(1.5), '1.5s');
  assert.equal(humanizeDuration(3600), '1h 0m 0s');
  assert.equal(humanizeDuration(86400 + 3661), '1d 1h 1m 1s');
  assert.equal(humanizeDuration(-90), '-1m 30s');
  assert.equal(humanizeDuration(1e21), '-106751991167300d -15h -30m -8s');
});

test('humanizePercentage and humanizeTimestamp', () => {
  assert.equal(humanizePercentage(0.1234), '12.34%');
  assert.equal(humanizePercentage(1), '100%');
  assert.equal(humanizeTimestamp(1435065584.128), '2015-06-23 13:19:44.128 +0000 UTC');
  assert.equal(humanizeTimestamp(0), '1970-01-01 00:00:00 +0000 UTC');
  assert.equal(humanizeTimestamp(-1.5), '1969-12-31 23:59:58.5 +0000 UTC');
  assert.equal(humanizeTimestamp(NaN), 'NaN');
});

test('values that are not numbers fail with Prometheus\'s message', () => {
  assert.throws(() => humanize(true), { message: "can't convert bool to float" });
  assert.throws(() => humanize('x'), { message: 'strconv.ParseFloat: parsing "x": invalid syntax' });
});
