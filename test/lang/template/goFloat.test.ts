/** Go's strconv float formatting: exact rounding (ties to even on exact values) and Go's exponent forms. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGoFloat, GoNumberError, parseGoFloat } from '../../../src/lang/template/goFloat.js';

test('%v (shortest %g) switches to exponent form at 1e21 and below 1e-4, as Go does', () => {
  assert.equal(formatGoFloat(123456, 'g', -1), '123456');
  assert.equal(formatGoFloat(1234567, 'g', -1), '1.234567e+06');
  assert.equal(formatGoFloat(1e6, 'g', -1), '1e+06');
  assert.equal(formatGoFloat(0.0001, 'g', -1), '0.0001');
  assert.equal(formatGoFloat(0.00001, 'g', -1), '1e-05');
  assert.equal(formatGoFloat(1e100, 'g', -1), '1e+100');
  assert.equal(formatGoFloat(5e-324, 'g', -1), '5e-324');
  assert.equal(formatGoFloat(0.1 + 0.2, 'g', -1), '0.30000000000000004');
});

test('special values print as Go prints them', () => {
  assert.equal(formatGoFloat(Infinity, 'f', 2), '+Inf');
  assert.equal(formatGoFloat(-Infinity, 'g', -1), '-Inf');
  assert.equal(formatGoFloat(NaN, 'e', 3), 'NaN');
  assert.equal(formatGoFloat(-0, 'g', -1), '-0');
  assert.equal(formatGoFloat(0, 'e', 2), '0.00e+00');
});

test('fixed precision rounds the exact binary value, ties to even', () => {
  assert.equal(formatGoFloat(0.5, 'f', 0), '0');
  assert.equal(formatGoFloat(1.5, 'f', 0), '2');
  assert.equal(formatGoFloat(2.5, 'f', 0), '2');
  assert.equal(formatGoFloat(0.125, 'f', 2), '0.12');
  assert.equal(formatGoFloat(0.375, 'f', 2), '0.38');
  // 1.005 is really 1.00499999999999989…, so it rounds down (JS toFixed agrees here).
  assert.equal(formatGoFloat(1.005, 'f', 2), '1.00');
  assert.equal(formatGoFloat(2.675, 'f', 2), '2.67');
  assert.equal(formatGoFloat(0.009, 'f', 2), '0.01');
  assert.equal(formatGoFloat(0.0001, 'f', 2), '0.00');
  assert.equal(formatGoFloat(1e20, 'f', -1), '100000000000000000000');
});

test('%.4g keeps 4 significant digits and drops trailing zeros', () => {
  assert.equal(formatGoFloat(1.234567, 'g', 4), '1.235');
  assert.equal(formatGoFloat(1234.5, 'g', 4), '1234');
  assert.equal(formatGoFloat(12345, 'g', 4), '1.234e+04');
  assert.equal(formatGoFloat(100000, 'g', 4), '1e+05');
  assert.equal(formatGoFloat(1000, 'g', 4), '1000');
  assert.equal(formatGoFloat(1.5, 'g', 4), '1.5');
  assert.equal(formatGoFloat(0, 'g', 4), '0');
  // 999.95 is really 999.950000000000045…, above the tie.
  assert.equal(formatGoFloat(999.95, 'g', 4), '1000');
  assert.equal(formatGoFloat(0.000012345, 'g', 4), '1.234e-05');
});

test('%e pads the exponent to two digits', () => {
  assert.equal(formatGoFloat(1234.5678, 'e', 6), '1.234568e+03');
  assert.equal(formatGoFloat(15.5, 'e', 0), '2e+01');
  assert.equal(formatGoFloat(1e-7, 'E', 6), '1.000000E-07');
  assert.equal(formatGoFloat(1e100, 'e', 1), '1.0e+100');
});

test('ParseFloat accepts what Go accepts and words failures like Go', () => {
  assert.equal(parseGoFloat('1_000.5'), 1000.5);
  assert.equal(parseGoFloat('0x1p4'), 16);
  assert.equal(parseGoFloat('+Inf'), Infinity);
  assert.equal(parseGoFloat('-infinity'), -Infinity);
  assert.ok(Number.isNaN(parseGoFloat('NaN')));
  assert.equal(parseGoFloat('.5e1'), 5);
  assert.throws(() => parseGoFloat('abc'), new GoNumberError('strconv.ParseFloat: parsing "abc": invalid syntax'));
  assert.throws(() => parseGoFloat(' 1'), /invalid syntax/);
  assert.throws(() => parseGoFloat(''), /parsing "": invalid syntax/);
  assert.throws(() => parseGoFloat('1e400'), new GoNumberError('strconv.ParseFloat: parsing "1e400": value out of range'));
});
