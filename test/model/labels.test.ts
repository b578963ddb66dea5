import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Labels } from '../../src/model/labels.js';

test('fromPairs gives the same labels for sorted and unsorted input, later duplicates winning and empty values dropped', () => {
  const sorted = Labels.fromPairs(['__name__', 'job', 'zone'], ['up', 'node', 'eu']);
  assert.deepEqual(sorted.toRecord(), { __name__: 'up', job: 'node', zone: 'eu' });
  assert.equal(sorted.toString(), Labels.fromPairs(['zone', '__name__', 'job'], ['eu', 'up', 'node']).toString());
  assert.deepEqual(Labels.fromPairs(['a', 'b', 'a'], ['1', '2', '3']).toRecord(), { a: '3', b: '2' });
  assert.deepEqual(Labels.fromPairs(['a', 'b'], ['1', '']).toRecord(), { a: '1' });
  assert.deepEqual(Labels.fromPairs(['a', 'a'], ['1', '2']).toRecord(), { a: '2' });
  assert.deepEqual([...Labels.fromPairs(['b', 'a'], ['2', '1']).names], ['a', 'b']);
});

test('fromPairs copies the arrays it is given, so a caller may reuse them', () => {
  const names = ['a', 'b'];
  const values = ['1', '2'];
  const labels = Labels.fromPairs(names, values);
  names[1] = 'c';
  values[0] = 'changed';
  assert.deepEqual(labels.toRecord(), { a: '1', b: '2' });
});
