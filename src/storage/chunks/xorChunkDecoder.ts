/**
 * Decodes XOR chunks (see xorChunkEncoder.ts for the layout) straight into columnar buffers:
 * timestamps as numbers, values as their two bit words, so that NaN payloads survive exactly.
 */
import { BitReader } from './bitStream.js';
import type { SampleBuffer } from './sampleBuffer.js';

/** Thrown when a chunk's bits end before its declared sample count. */
export class ChunkCorruptError extends Error {}

/**
 * Decodes the `count` samples of a chunk that starts at `minT`, pushing those with timestamps in
 * [mint, maxt] into `out`. Returns the number of samples pushed.
 */
export function decodeXorChunk(bytes: Uint8Array, minT: number, count: number, out: SampleBuffer, mint = -Infinity, maxt = Infinity): number {
  const reader = new BitReader(bytes);
  // Loop state V8 keeps unboxed: the time relative to minT (epoch milliseconds are no small
  // integers) and the value's bit words as int32 (uint32 words above 2^31 are not either);
  // boxed, they cost a heap number per sample.
  const from = mint - minT;
  const to = maxt - minT;
  let t = 0;
  let delta = 0;
  let high = reader.readBits(32) | 0;
  let low = reader.readBits(32) | 0;
  let leading = 0;
  let trailing = 0;
  let pushed = 0;
  for (let i = 0; ; ) {
    if (t > to) break;
    if (t >= from) {
      out.pushBits(minT + t, high >>> 0, low >>> 0);
      pushed++;
    }
    if (++i >= count) break;
    delta += readDod(reader);
    t += delta;
    if (reader.readBit() === 1) {
      if (reader.readBit() === 1) {
        leading = reader.readBits(5);
        const significant = reader.readBits(6) || 64;
        trailing = 64 - leading - significant;
      }
      const n = 64 - leading - trailing;
      // The meaningful bits, read as up to two words and shifted back into place.
      let xHigh: number;
      let xLow: number;
      if (n > 32) {
        xHigh = reader.readBits(n - 32);
        xLow = reader.readBits(32);
      } else {
        xHigh = 0;
        xLow = reader.readBits(n);
      }
      if (trailing >= 32) {
        xHigh = (xLow << (trailing - 32)) >>> 0;
        xLow = 0;
      } else if (trailing > 0) {
        xHigh = ((xHigh << trailing) | (xLow >>> (32 - trailing))) >>> 0;
        xLow = (xLow << trailing) >>> 0;
      }
      high ^= xHigh;
      low ^= xLow;
    }
    if (reader.overrun) throw new ChunkCorruptError(`chunk bits end before its ${count} samples`);
  }
  return pushed;
}

function readDod(reader: BitReader): number {
  if (reader.readBit() === 0) return 0;
  if (reader.readBit() === 0) return signExtend(reader.readBits(4), 4);
  if (reader.readBit() === 0) return signExtend(reader.readBits(9), 9);
  if (reader.readBit() === 0) return signExtend(reader.readBits(16), 16);
  if (reader.readBit() === 0) return signExtend(reader.readBits(26), 26);
  const high = reader.readBits(32) | 0;
  return high * 4294967296 + reader.readBits(32);
}

function signExtend(v: number, bits: number): number {
  const shift = 32 - bits;
  return (v << shift) >> shift;
}
