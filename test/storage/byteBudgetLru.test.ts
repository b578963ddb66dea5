import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteBudgetLru, type LruEntry } from '../../src/storage/byteBudgetLru.js';
import { PartitionReadCache } from '../../src/storage/partitionReadCache.js';

test('the LRU keeps within its byte budget by evicting the least recently used entries, across home maps', () => {
  const lru = new ByteBudgetLru(100);
  const a = new Map<string, LruEntry<string, number>>();
  const b = new Map<number, LruEntry<number, string>>();
  lru.set(a, 'one', 1, 20);
  lru.set(b, 2, 'two', 20);
  lru.set(a, 'three', 3, 20);
  lru.set(b, 4, 'four', 20);
  assert.equal(lru.get(a, 'one'), 1); // now the most recently used
  lru.set(b, 5, 'five', 25);
  assert.equal(lru.bytes, 85);
  assert.equal(lru.get(b, 2), undefined, 'the oldest entry went first');
  assert.deepEqual([...a.keys()].sort(), ['one', 'three']);
  assert.deepEqual([...b.keys()].sort(), [4, 5]);
  lru.set(a, 'three', 33, 10);
  assert.equal(lru.get(a, 'three'), 33);
  assert.equal(lru.bytes, 75);
});

test('a value above a quarter of the budget is not kept; clearing a home map frees its bytes', () => {
  const lru = new ByteBudgetLru(100);
  const a = new Map<string, LruEntry<string, number>>();
  const b = new Map<string, LruEntry<string, number>>();
  lru.set(a, 'big', 1, 26);
  assert.equal(a.size, 0);
  lru.set(a, 'x', 1, 10);
  lru.set(b, 'y', 2, 10);
  lru.set(a, 'z', 3, 10);
  lru.clear(a);
  assert.equal(a.size, 0);
  assert.equal(lru.bytes, 10);
  assert.equal(lru.get(b, 'y'), 2);
  // The order survives the removal: filling up evicts y last.
  for (let i = 0; i < 9; i++) lru.set(a, String(i), i, 10);
  assert.equal(lru.get(b, 'y'), 2);
  lru.set(a, 'more', 0, 20);
  assert.equal(lru.bytes, 100);
  assert.equal(a.has('0') || a.has('1'), false);
});

test('the read cache keeps entries of live partitions only, and forgets a partition as it retires', () => {
  const cache = new PartitionReadCache(1024 * 1024);
  cache.keepOnly([1, 2]);
  cache.setPostings(1, 'job', 'api', Uint32Array.of(1, 5));
  cache.setPostings(2, 'job', 'api', Uint32Array.of(7));
  cache.setLabelValues(2, 'job', '', ['api', 'web']);
  // A reader still on a retired (or unknown) partition cannot put its data in.
  cache.setPostings(3, 'job', 'api', Uint32Array.of(9));
  assert.equal(cache.postings(3, 'job', 'api'), undefined);
  assert.deepEqual([...cache.postings(1, 'job', 'api')!], [1, 5]);
  const held = cache.bytes;
  cache.keepOnly([1, 4]);
  assert.equal(cache.postings(2, 'job', 'api'), undefined);
  assert.equal(cache.labelValues(2, 'job', ''), undefined);
  assert.ok(cache.bytes < held);
  cache.setPostings(2, 'job', 'api', Uint32Array.of(7));
  assert.equal(cache.postings(2, 'job', 'api'), undefined);
  cache.keepOnly([]);
  assert.equal(cache.bytes, 0);
});

test('the read cache stays within its budget', () => {
  const cache = new PartitionReadCache(64 * 1024);
  cache.keepOnly([1]);
  for (let v = 0; v < 1000; v++) cache.setPostings(1, 'i', String(v), new Uint32Array(100));
  assert.ok(cache.bytes <= 64 * 1024);
  assert.ok(cache.postings(1, 'i', '999') !== undefined);
  assert.equal(cache.postings(1, 'i', '0'), undefined);
});
