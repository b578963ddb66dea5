/**
 * Chunk encodings and the choice between them. The head writes XOR chunks (append-friendly,
 * any value); a chunk going to disk is stored in the decimal encoding instead when that is
 * smaller, which it is for most scraped data.
 */
import { encodeDecimalChunk } from './decimalChunk.js';
import { decodeDecimalChunk } from './decimalChunkDecoder.js';
import { SampleBuffer } from './sampleBuffer.js';
import { decodeXorChunk } from './xorChunkDecoder.js';

/** How a chunk's bytes are encoded. */
export const ChunkEncoding = {
  Xor: 0,
  Decimal: 1,
} as const;
export type ChunkEncoding = (typeof ChunkEncoding)[keyof typeof ChunkEncoding];

/** A chunk with its time range, sample count and encoding (XOR when absent). */
export interface EncodedChunk {
  readonly minT: number;
  readonly maxT: number;
  readonly count: number;
  readonly bytes: Uint8Array;
  readonly encoding?: ChunkEncoding;
}

/** Decodes any chunk, pushing its samples within [mint, maxt] into `out`; returns how many. */
export function decodeChunk(chunk: EncodedChunk, out: SampleBuffer, mint = -Infinity, maxt = Infinity): number {
  return decodeChunkBytes(chunk.encoding ?? ChunkEncoding.Xor, chunk.bytes, chunk.minT, chunk.count, out, mint, maxt);
}

/** `decodeChunk` for a chunk given by its parts (as a chunk index holds them). */
export function decodeChunkBytes(encoding: number, bytes: Uint8Array, minT: number, count: number, out: SampleBuffer, mint: number, maxt: number): number {
  if (encoding === ChunkEncoding.Decimal) return decodeDecimalChunk(bytes, minT, count, out, mint, maxt);
  return decodeXorChunk(bytes, minT, count, out, mint, maxt);
}

/** The chunk in its smallest encoding (re-encoded when the decimal form is smaller). */
export function smallestEncoding(chunk: EncodedChunk): EncodedChunk {
  if (chunk.encoding === ChunkEncoding.Decimal) return chunk;
  const samples = new SampleBuffer(chunk.count);
  decodeChunk(chunk, samples);
  const decimal = encodeDecimalChunk(samples.timestamps, samples.values, 0, samples.length);
  if (decimal === undefined || decimal.length >= chunk.bytes.length) return chunk;
  return { minT: chunk.minT, maxT: chunk.maxT, count: chunk.count, bytes: decimal, encoding: ChunkEncoding.Decimal };
}
