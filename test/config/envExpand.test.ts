import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandEnv } from '../../src/config/envExpand.js';

const env: Record<string, string> = { TEST: 'v', A_1: 'x', '1': 'one' };
const expand = (s: string): string => expandEnv(s, (name) => (name === '$' ? '$' : (env[name] ?? '')));

test('expands like Go os.Expand', () => {
  assert.equal(expand('${TEST}'), 'v');
  assert.equal(expand('$TEST-$A_1'), 'v-x');
  assert.equal(expand('foo$${TEST}'), 'foo${TEST}');
  assert.equal(expand('foo$$bar'), 'foo$bar');
  assert.equal(expand('$1$2'), 'one');
  assert.equal(expand('a${}b'), 'ab');
  assert.equal(expand('a${b'), 'ab');
  assert.equal(expand('cost: $'), 'cost: $');
  assert.equal(expand('$-x'), 'x');
  assert.equal(expand('no dollars'), 'no dollars');
});
