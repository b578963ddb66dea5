import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBase2Bytes, parseBase2Bytes } from '../../src/config/units.js';

test('byte sizes are powers of 1024 whether written KB or KiB', () => {
  assert.equal(parseBase2Bytes('15MB'), 15 * 1024 ** 2);
  assert.equal(parseBase2Bytes('15MiB'), 15 * 1024 ** 2);
  assert.equal(parseBase2Bytes('1GB'), 1024 ** 3);
  assert.equal(parseBase2Bytes('512B'), 512);
  assert.equal(parseBase2Bytes('1.5KB'), 1536);
  assert.equal(parseBase2Bytes('1GB512MB'), 1024 ** 3 + 512 * 1024 ** 2);
  assert.equal(parseBase2Bytes('0'), 0);
  assert.equal(parseBase2Bytes('-1GB'), -(1024 ** 3));
});

test('errors use the units library wording', () => {
  assert.throws(() => parseBase2Bytes('100'), { message: 'units: unknown unit  in 100' });
  assert.throws(() => parseBase2Bytes('10XB'), { message: 'units: unknown unit XB in 10XB' });
  assert.throws(() => parseBase2Bytes('MB'), { message: 'units: invalid MB' });
  assert.throws(() => parseBase2Bytes(''), { message: 'units: invalid ' });
});

test('prints like Base2Bytes.String', () => {
  assert.equal(formatBase2Bytes(15 * 1024 ** 2), '15MiB');
  assert.equal(formatBase2Bytes(1024 ** 3 + 512 * 1024 ** 2), '1GiB512MiB');
  assert.equal(formatBase2Bytes(0), '0B');
  assert.equal(formatBase2Bytes(1025), '1KiB1B');
});
