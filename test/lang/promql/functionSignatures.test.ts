import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AGGREGATIONS, FUNCTIONS, argTypeAt, functionSignature } from '../../../src/lang/promql/functionSignatures.js';

describe('PromQL function and aggregation signatures', () => {
  function arity(name: string): [number, number] {
    const sig = functionSignature(name);
    assert.ok(sig, `${name} exists`);
    return [sig.minArgs, sig.maxArgs];
  }

  it('derives the accepted argument counts from the variadic rules', () => {
    assert.deepEqual(arity('abs'), [1, 1]);
    assert.deepEqual(arity('time'), [0, 0]);
    assert.deepEqual(arity('round'), [1, 2]);
    assert.deepEqual(arity('year'), [0, 1]);
    assert.deepEqual(arity('info'), [1, 2]);
    assert.deepEqual(arity('label_join'), [3, Infinity]);
    assert.deepEqual(arity('sort_by_label'), [1, Infinity]);
    assert.deepEqual(arity('histogram_quantiles'), [3, 12]);
    assert.deepEqual(arity('clamp'), [3, 3]);
  });

  it('repeats the last argument type of variadic functions', () => {
    const join = functionSignature('label_join')!;
    assert.equal(argTypeAt(join, 0), 'vector');
    assert.equal(argTypeAt(join, 7), 'string');
    assert.equal(argTypeAt(functionSignature('abs')!, 1), undefined);
  });

  it('marks the experimental functions', () => {
    const experimental = [...FUNCTIONS.values()].filter((f) => f.experimental).map((f) => f.name).sort();
    assert.deepEqual(experimental, [
      'double_exponential_smoothing', 'end', 'first_over_time', 'histogram_quantiles', 'info', 'mad_over_time', 'max_of', 'min_of',
      'range', 'sort_by_label', 'sort_by_label_desc', 'start', 'start_timestamp', 'step', 'ts_of_first_over_time',
      'ts_of_last_over_time', 'ts_of_max_over_time', 'ts_of_min_over_time',
    ]);
    assert.equal(functionSignature('rate')?.experimental, false);
    assert.equal(functionSignature('no_such_function'), undefined);
  });

  it('gives aggregation parameters their types', () => {
    assert.equal(AGGREGATIONS.get('topk')?.paramType, 'scalar');
    assert.equal(AGGREGATIONS.get('count_values')?.paramType, 'string');
    assert.equal(AGGREGATIONS.get('sum')?.paramType, undefined);
    assert.deepEqual([...AGGREGATIONS.values()].filter((a) => a.experimental).map((a) => a.op), ['limitk', 'limit_ratio']);
  });
});
