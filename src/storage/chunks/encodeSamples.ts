/** Re-encodes decoded samples into XOR chunks of at most 120 samples (compaction, backfill). */
import type { SeriesSamples } from '../../model/storage.js';
import { SAMPLES_PER_CHUNK, XorChunkEncoder } from './xorChunkEncoder.js';

import type { EncodedChunk } from './chunkEncoding.js';

/** Encodes samples (sorted, distinct timestamps) into chunks; values are taken as bit words. */
export function encodeSamples(samples: SeriesSamples, samplesPerChunk = SAMPLES_PER_CHUNK): EncodedChunk[] {
  const words = new Uint32Array(samples.values.buffer, samples.values.byteOffset, samples.length * 2);
  const out: EncodedChunk[] = [];
  let encoder = new XorChunkEncoder();
  for (let i = 0; i < samples.length; i++) {
    if (encoder.count === samplesPerChunk) {
      out.push({ minT: encoder.minT, maxT: encoder.maxT, count: encoder.count, bytes: encoder.snapshot() });
      encoder = new XorChunkEncoder();
    }
    encoder.appendBits(samples.timestamps[i]!, words[2 * i + 1]!, words[2 * i]!);
  }
  if (encoder.count > 0) out.push({ minT: encoder.minT, maxT: encoder.maxT, count: encoder.count, bytes: encoder.snapshot() });
  return out;
}
