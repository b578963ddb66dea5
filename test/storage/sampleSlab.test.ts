import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SampleBuffer, SampleSlab } from '../../src/storage/chunks/sampleBuffer.js';

test('buffers carved from a slab never share samples, also past the slab\'s expected size and across its blocks', () => {
  const slab = new SampleSlab(1000);
  const buffers: SampleBuffer[] = [];
  // 700 series of 480 samples: far past the expected 1000, over several blocks.
  for (let s = 0; s < 700; s++) {
    const b = new SampleBuffer(480, slab);
    for (let i = 0; i < 480; i++) b.push(s * 1e6 + i, s + i / 1000);
    buffers.push(b);
  }
  buffers.forEach((b, s) => {
    const { timestamps, values, length } = b.trimmed();
    assert.equal(length, 480);
    assert.equal(timestamps[0], s * 1e6);
    assert.equal(timestamps[479], s * 1e6 + 479);
    assert.equal(values[479], s + 0.479);
  });
});

test('a buffer from a slab that outgrows its capacity moves out without touching its neighbours', () => {
  const slab = new SampleSlab(20);
  const a = new SampleBuffer(10, slab);
  const b = new SampleBuffer(10, slab);
  for (let i = 0; i < 10; i++) b.push(i, -i);
  for (let i = 0; i < 25; i++) a.push(i, i);
  assert.deepEqual([...b.trimmed().values], Array.from({ length: 10 }, (_, i) => -i));
  assert.deepEqual([...a.trimmed().timestamps], Array.from({ length: 25 }, (_, i) => i));
});
