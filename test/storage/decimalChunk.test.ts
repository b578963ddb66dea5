import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STALE_NAN } from '../../src/model/staleness.js';
import { ChunkEncoding, decodeChunk, smallestEncoding } from '../../src/storage/chunks/chunkEncoding.js';
import { encodeDecimalChunk } from '../../src/storage/chunks/decimalChunk.js';
import { decodeDecimalChunk } from '../../src/storage/chunks/decimalChunkDecoder.js';
import { SampleBuffer } from '../../src/storage/chunks/sampleBuffer.js';
import { ChunkCorruptError } from '../../src/storage/chunks/xorChunkDecoder.js';
import { XorChunkEncoder } from '../../src/storage/chunks/xorChunkEncoder.js';
import { RandomSource } from './randomSource.js';

function series(rnd: RandomSource, n: number): { timestamps: number[]; values: number[] } {
  const timestamps: number[] = [];
  const values: number[] = [];
  let t = rnd.int(-1e12, 2e12);
  const decimals = rnd.int(0, 6);
  const scale = 10 ** decimals;
  let m = rnd.int(-1e9, 1e9);
  const kind = rnd.int(0, 4);
  for (let i = 0; i < n; i++) {
    timestamps.push(t);
    values.push(m / scale);
    t += kind === 0 ? 15_000 : kind === 1 ? 15_000 + rnd.int(-3, 3) : rnd.int(1, 3_000_000);
    if (kind === 2) m += rnd.int(0, 500);
    else if (kind === 3) m = rnd.next() < 0.1 ? rnd.int(-(2 ** 49), 2 ** 49) : m;
    else m += rnd.int(-5, 5) * 4096;
  }
  return { timestamps, values };
}

test('decimal chunks round-trip every short decimal exactly, with any timestamps and outliers', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const rnd = new RandomSource(seed);
    const n = rnd.int(1, 240);
    const { timestamps, values } = series(rnd, n);
    const bytes = encodeDecimalChunk(timestamps, values, 0, n);
    assert.ok(bytes, `seed ${seed}: not encodable`);
    const out = new SampleBuffer(n);
    assert.equal(decodeDecimalChunk(bytes, timestamps[0]!, n, out), n);
    assert.deepEqual([...out.trimmed().timestamps], timestamps, `seed ${seed}`);
    assert.deepEqual([...out.trimmed().values], values, `seed ${seed}`);
  }
});

test('residuals of every width round-trip, packed plain or flagged, around the widths the decoder reads from its bit cache', () => {
  // Mostly-constant values with rare jumps are packed flagged ('0' · '10' + W bits · '11'
  // escape); steady jumps every sample are packed plain. Jump sizes 2^12..2^34 give widths on
  // both sides of what the decoder's bit cache serves without reading by position.
  // Timestamp jitter of 0, 2 or 4 bits shifts where each value residual starts in its byte.
  for (let bits = 12; bits <= 34; bits++) {
    for (const [every, jitter] of [[1, 1], [1, 4], [1, 16], [3, 16], [7, 1], [7, 4], [7, 16]] as const) {
      const timestamps: number[] = [];
      const values: number[] = [];
      let m = 1_000_000;
      for (let i = 0; i < 120; i++) {
        timestamps.push(1_700_000_000_000 + i * 15_000 + ((i * 7) % jitter));
        values.push(m);
        if (i % every === 0) m += ((i * 5) % 3 === 0 ? -1 : 1) * (2 ** bits + i);
      }
      const bytes = encodeDecimalChunk(timestamps, values, 0, 120);
      assert.ok(bytes, `2^${bits} every ${every} jitter ${jitter}: not encodable`);
      const out = new SampleBuffer(120);
      assert.equal(decodeDecimalChunk(bytes, timestamps[0]!, 120, out), 120);
      assert.deepEqual([...out.trimmed().timestamps], timestamps, `2^${bits} every ${every} jitter ${jitter}`);
      assert.deepEqual([...out.trimmed().values], values, `2^${bits} every ${every} jitter ${jitter}`);
    }
  }
});

test('values that are not short decimals are left to the XOR encoding', () => {
  for (const odd of [NaN, STALE_NAN, Infinity, -0, Math.PI, 2 ** 60, 1e-9]) {
    assert.equal(encodeDecimalChunk([1, 2, 3], [1, odd, 2], 0, 3), undefined, String(odd));
  }
});

test('a float counter stored on disk takes a fraction of its XOR size, and decodes to the same samples', () => {
  const rnd = new RandomSource(3);
  const xor = new XorChunkEncoder();
  let v = 1234.56;
  for (let i = 0; i < 120; i++) {
    xor.append(1_700_000_000_000 + i * 15_000 + rnd.int(0, 3), v);
    v = Math.round((v + rnd.next() * 2) * 100) / 100;
  }
  const chunk = { minT: xor.minT, maxT: xor.maxT, count: xor.count, bytes: xor.snapshot() };
  const best = smallestEncoding(chunk);
  assert.equal(best.encoding, ChunkEncoding.Decimal);
  assert.ok(best.bytes.length * 3 < chunk.bytes.length, `${best.bytes.length} vs ${chunk.bytes.length} bytes`);
  const a = new SampleBuffer();
  const b = new SampleBuffer();
  decodeChunk(chunk, a);
  decodeChunk(best, b, -Infinity, Infinity);
  assert.deepEqual([...b.trimmed().timestamps], [...a.trimmed().timestamps]);
  assert.deepEqual([...b.trimmed().values], [...a.trimmed().values]);
  const part = new SampleBuffer();
  assert.equal(decodeChunk(best, part, chunk.minT + 15_000 * 10, chunk.minT + 15_000 * 20 - 1), 10);
});

test('a truncated decimal chunk is reported as corrupt', () => {
  const t = Array.from({ length: 100 }, (_, i) => i * 1000 + (i % 3));
  const v = t.map((_, i) => i * 1.5);
  const bytes = encodeDecimalChunk(t, v, 0, 100)!;
  assert.throws(() => decodeDecimalChunk(bytes.subarray(0, bytes.length - 8), 0, 100, new SampleBuffer()), ChunkCorruptError);
});
