/**
 * The value stored for one series in one partition: its labels, an index of its chunks (time
 * range, sample count, size) and the chunk bytes, behind a CRC32 of everything. One value per
 * series and partition rather than one per chunk: LevelDB costs a few microseconds per entry
 * read, so a 2 h selection of 10k series reads 10k values instead of 40k; the index lets a query
 * decode only the chunks overlapping its range.
 */
import { crc32 } from 'node:zlib';
import { Labels } from '../../model/labels.js';
import type { ChunkEncoding, EncodedChunk } from '../chunks/chunkEncoding.js';
import { ByteReader, ByteWriter } from '../encoding/byteCodec.js';

/** One chunk of a series entry. */
export type StoredChunk = EncodedChunk;

/** A decoded series entry (chunk bytes are views into the value). */
export interface SeriesEntry {
  readonly labels: Labels;
  readonly chunks: StoredChunk[];
}

/** Thrown when a stored value fails its checksum or does not parse. */
export class CorruptEntryError extends Error {}

/** Encodes a series entry; chunks must be sorted by time. */
export function encodeSeriesEntry(labels: Labels, chunks: readonly StoredChunk[]): Uint8Array {
  let chunkBytes = 0;
  for (const c of chunks) chunkBytes += c.bytes.length;
  const w = new ByteWriter(64 + labels.size * 24 + chunks.length * 12 + chunkBytes);
  w.u32(0);
  w.uvarint(labels.size);
  for (let i = 0; i < labels.size; i++) {
    w.string(labels.names[i]!);
    w.string(labels.values[i]!);
  }
  w.uvarint(chunks.length);
  let prevMaxT = 0;
  for (const c of chunks) {
    w.varint(c.minT - prevMaxT);
    w.uvarint(c.maxT - c.minT);
    // The encoding rides in the low bits of the count (one byte for up to 63 samples, else two).
    w.uvarint(c.count * 4 + (c.encoding ?? 0));
    w.uvarint(c.bytes.length);
    prevMaxT = c.maxT;
  }
  for (const c of chunks) w.raw(c.bytes);
  const out = w.view();
  const crc = crc32(out.subarray(4)) >>> 0;
  out[0] = crc;
  out[1] = crc >>> 8;
  out[2] = crc >>> 16;
  out[3] = crc >>> 24;
  return out;
}

/** Decodes a series entry, verifying its checksum. */
export function decodeSeriesEntry(value: Uint8Array): SeriesEntry {
  if (value.length < 4) throw new CorruptEntryError('series entry shorter than its checksum');
  const stored = (value[0]! | (value[1]! << 8) | (value[2]! << 16) | (value[3]! << 24)) >>> 0;
  if ((crc32(value.subarray(4)) >>> 0) !== stored) throw new CorruptEntryError('series entry checksum mismatch');
  try {
    const r = new ByteReader(value, 4);
    const labelCount = r.uvarint();
    const names: string[] = [];
    const values: string[] = [];
    for (let i = 0; i < labelCount; i++) {
      names.push(r.string());
      values.push(r.string());
    }
    const chunkCount = r.uvarint();
    const index: Array<[number, number, number, number]> = [];
    let prevMaxT = 0;
    for (let i = 0; i < chunkCount; i++) {
      const minT = prevMaxT + r.varint();
      const maxT = minT + r.uvarint();
      index.push([minT, maxT, r.uvarint(), r.uvarint()]);
      prevMaxT = maxT;
    }
    const chunks: StoredChunk[] = index.map(([minT, maxT, countAndEncoding, length]) => ({
      minT,
      maxT,
      count: Math.floor(countAndEncoding / 4),
      encoding: (countAndEncoding % 4) as ChunkEncoding,
      bytes: r.raw(length),
    }));
    return { labels: Labels.fromPairs(names, values), chunks };
  } catch (e) {
    throw new CorruptEntryError(`series entry does not parse: ${(e as Error).message}`);
  }
}
