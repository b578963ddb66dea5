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

/**
 * The chunk index of one series entry, parsed into reused columns: a query reads thousands of
 * entries and needs no object per chunk, only where each chunk's bytes are and what it holds.
 */
export class ChunkIndex {
  /** The entry's bytes (chunk i is `bytes[start[i], end[i])`). */
  bytes: Uint8Array = new Uint8Array(0);
  length = 0;
  minT = new Float64Array(8);
  maxT = new Float64Array(8);
  count = new Uint32Array(8);
  encoding = new Uint8Array(8);
  start = new Uint32Array(8);
  end = new Uint32Array(8);

  /** Samples of the chunks overlapping [mint, maxt] (an upper bound of what decoding them yields). */
  samplesIn(mint: number, maxt: number): number {
    let n = 0;
    for (let i = 0; i < this.length; i++) if (this.maxT[i]! >= mint && this.minT[i]! <= maxt) n += this.count[i]!;
    return n;
  }

  /** Chunk i as an EncodedChunk (its bytes a view into the entry). */
  chunk(i: number): StoredChunk {
    return { minT: this.minT[i]!, maxT: this.maxT[i]!, count: this.count[i]!, encoding: this.encoding[i]! as ChunkEncoding, bytes: this.bytes.subarray(this.start[i], this.end[i]) };
  }

  /** Makes room for n chunks (contents are overwritten by the caller). */
  reserve(n: number): void {
    if (n <= this.minT.length) return;
    const size = Math.max(n, this.minT.length * 2);
    this.minT = new Float64Array(size);
    this.maxT = new Float64Array(size);
    this.count = new Uint32Array(size);
    this.encoding = new Uint8Array(size);
    this.start = new Uint32Array(size);
    this.end = new Uint32Array(size);
  }
}

/** Reads a series entry, verifying its checksum: returns its labels and fills `index` with its chunks. */
export function readSeriesEntry(value: Uint8Array, index: ChunkIndex): Labels {
  if (value.length < 4) throw new CorruptEntryError('series entry shorter than its checksum');
  // LevelDB hands out Buffers, whose subarray is several times slower than a Uint8Array's.
  const bytes = Object.getPrototypeOf(value) === Uint8Array.prototype ? value : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  const stored = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
  if ((crc32(bytes.subarray(4)) >>> 0) !== stored) throw new CorruptEntryError('series entry checksum mismatch');
  try {
    const r = new ByteReader(bytes, 4);
    const labelCount = r.uvarint();
    const names: string[] = [];
    const values: string[] = [];
    for (let i = 0; i < labelCount; i++) {
      names.push(r.string());
      values.push(r.string());
    }
    const chunkCount = r.uvarint();
    index.reserve(chunkCount);
    index.bytes = bytes;
    index.length = chunkCount;
    let prevMaxT = 0;
    for (let i = 0; i < chunkCount; i++) {
      const minT = prevMaxT + r.varint();
      const maxT = minT + r.uvarint();
      const countAndEncoding = r.uvarint();
      index.minT[i] = minT;
      index.maxT[i] = maxT;
      index.count[i] = Math.floor(countAndEncoding / 4);
      index.encoding[i] = countAndEncoding % 4;
      index.end[i] = r.uvarint();
      prevMaxT = maxT;
    }
    // The index held lengths; the bytes follow it in chunk order.
    let at = r.pos;
    for (let i = 0; i < chunkCount; i++) {
      index.start[i] = at;
      at += index.end[i]!;
      index.end[i] = at;
    }
    if (at > bytes.length) throw new Error(`chunks run ${at - bytes.length} bytes past the entry`);
    return Labels.fromPairs(names, values);
  } catch (e) {
    throw new CorruptEntryError(`series entry does not parse: ${(e as Error).message}`);
  }
}

/** Decodes a series entry, verifying its checksum. */
export function decodeSeriesEntry(value: Uint8Array): SeriesEntry {
  const index = new ChunkIndex();
  const labels = readSeriesEntry(value, index);
  return { labels, chunks: Array.from({ length: index.length }, (_, i) => index.chunk(i)) };
}
