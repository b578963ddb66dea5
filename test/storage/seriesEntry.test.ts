import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Labels } from '../../src/model/labels.js';
import { ChunkEncoding } from '../../src/storage/chunks/chunkEncoding.js';
import { CorruptEntryError, decodeSeriesEntry, encodeSeriesEntry, readSeriesEntry, type StoredChunk } from '../../src/storage/persist/seriesEntry.js';

const labels = Labels.from({ __name__: 'node_cpu_seconds_total', instance: '10.0.0.7:9100', mode: 'idle' });

function chunks(n: number, from = 1_700_000_000_000): StoredChunk[] {
  return Array.from({ length: n }, (_, i) => ({
    minT: from + i * 1_800_000,
    maxT: from + i * 1_800_000 + 1_785_000,
    count: 120,
    encoding: i % 2 === 0 ? ChunkEncoding.Decimal : ChunkEncoding.Xor,
    bytes: Uint8Array.from({ length: 10 + i }, (_, k) => (i * 31 + k) & 0xff),
  }));
}

test('a series entry reads back into a chunk index: labels, time ranges, counts, encodings and bytes', () => {
  const stored = chunks(4);
  // A Buffer, as LevelDB returns values.
  const { labels: labelsRead, chunks: index } = readSeriesEntry(Buffer.from(encodeSeriesEntry(labels, stored)));
  assert.ok(labelsRead.equals(labels));
  assert.equal(index.length, 4);
  for (let i = 0; i < 4; i++) assert.deepEqual({ ...index.chunk(i), bytes: [...index.chunk(i).bytes] }, { ...stored[i]!, bytes: [...stored[i]!.bytes] });
  assert.deepEqual(decodeSeriesEntry(encodeSeriesEntry(labels, stored)).chunks.map((c) => c.minT), stored.map((c) => c.minT));
});

test('a chunk index counts only the samples of chunks overlapping a time range', () => {
  const stored = chunks(4);
  const index = readSeriesEntry(encodeSeriesEntry(labels, stored)).chunks;
  assert.equal(index.samplesIn(-Infinity, Infinity), 480);
  assert.equal(index.samplesIn(stored[1]!.minT, stored[2]!.minT), 240);
  assert.equal(index.samplesIn(stored[3]!.maxT + 1, Infinity), 0);
});

test('entries of any size read into exactly sized chunk indexes', () => {
  for (const n of [2, 40, 1, 0, 17]) {
    const value = encodeSeriesEntry(labels, chunks(n));
    const index = readSeriesEntry(value).chunks;
    assert.equal(index.retainedBytes, value.byteLength + n * 6 * 8);
    assert.equal(index.length, n);
    assert.equal(index.samplesIn(-Infinity, Infinity), 120 * n);
    if (n > 0) assert.deepEqual([...index.chunk(n - 1).bytes], [...chunks(n)[n - 1]!.bytes]);
  }
});

test('a damaged series entry is reported as corrupt, never read as data', () => {
  const value = encodeSeriesEntry(labels, chunks(3));
  const flipped = value.slice();
  flipped[value.length - 2]! ^= 0x10;
  assert.throws(() => readSeriesEntry(flipped), CorruptEntryError);
  assert.throws(() => readSeriesEntry(value.subarray(0, value.length - 5)), CorruptEntryError);
  assert.throws(() => readSeriesEntry(value.subarray(0, 3)), CorruptEntryError);
});
