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

/** Columns of one chunk in a ChunkIndex's array. */
const MIN_T = 0;
const MAX_T = 1;
const COUNT = 2;
const ENCODING = 3;
const START = 4;
const END = 5;
const STRIDE = 6;

/**
 * The chunk index of one series entry: where each chunk's bytes are in the entry and what they
 * hold, in a single array (one allocation per series; entries are cached across queries, and a
 * query may read thousands of them). A plain array of numbers, not a Float64Array: a typed array
 * of a few chunks gets its own off-heap buffer, which costs several times more to allocate and
 * to collect, and a cold query allocates ten thousand of them.
 */
export class ChunkIndex {
  constructor(
    /** The entry's bytes (chunk i is `bytes[start(i), end(i))`). */
    readonly bytes: Uint8Array,
    private readonly columns: readonly number[],
  ) {}

  get length(): number {
    return this.columns.length / STRIDE;
  }

  minT(i: number): number {
    return this.columns[i * STRIDE + MIN_T]!;
  }

  maxT(i: number): number {
    return this.columns[i * STRIDE + MAX_T]!;
  }

  count(i: number): number {
    return this.columns[i * STRIDE + COUNT]!;
  }

  encoding(i: number): ChunkEncoding {
    return this.columns[i * STRIDE + ENCODING]! as ChunkEncoding;
  }

  /** The bytes of chunk i (a view into the entry). */
  chunkBytes(i: number): Uint8Array {
    return this.bytes.subarray(this.columns[i * STRIDE + START]!, this.columns[i * STRIDE + END]!);
  }

  /** Samples of the chunks overlapping [mint, maxt] (an upper bound of what decoding them yields). */
  samplesIn(mint: number, maxt: number): number {
    let n = 0;
    for (let i = 0; i < this.length; i++) if (this.maxT(i) >= mint && this.minT(i) <= maxt) n += this.count(i);
    return n;
  }

  /** Chunk i as an EncodedChunk (its bytes a view into the entry). */
  chunk(i: number): StoredChunk {
    return { minT: this.minT(i), maxT: this.maxT(i), count: this.count(i), encoding: this.encoding(i), bytes: this.chunkBytes(i) };
  }

  /** Memory the index keeps alive: the entry's bytes and its columns. */
  get retainedBytes(): number {
    return this.bytes.byteLength + this.columns.length * 8;
  }
}

/** A series entry as a query uses it: labels and chunk index. */
export interface StoredSeries {
  readonly labels: Labels;
  readonly chunks: ChunkIndex;
}

/** Reads a series entry, verifying its checksum. */
export function readSeriesEntry(value: Uint8Array): StoredSeries {
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
    if (chunkCount > bytes.length) throw new Error(`${chunkCount} chunks claimed in ${bytes.length} bytes`);
    const columns: number[] = new Array<number>(chunkCount * STRIDE).fill(0);
    let prevMaxT = 0;
    for (let i = 0, at = 0; i < chunkCount; i++, at += STRIDE) {
      const minT = prevMaxT + r.varint();
      const maxT = minT + r.uvarint();
      const countAndEncoding = r.uvarint();
      columns[at + MIN_T] = minT;
      columns[at + MAX_T] = maxT;
      columns[at + COUNT] = Math.floor(countAndEncoding / 4);
      columns[at + ENCODING] = countAndEncoding % 4;
      columns[at + END] = r.uvarint();
      prevMaxT = maxT;
    }
    // The index held lengths; the bytes follow it in chunk order.
    let end = r.pos;
    for (let at = 0; at < columns.length; at += STRIDE) {
      columns[at + START] = end;
      end += columns[at + END]!;
      columns[at + END] = end;
    }
    if (end > bytes.length) throw new Error(`chunks run ${end - bytes.length} bytes past the entry`);
    return { labels: Labels.fromPairs(names, values), chunks: new ChunkIndex(bytes, columns) };
  } catch (e) {
    throw new CorruptEntryError(`series entry does not parse: ${(e as Error).message}`);
  }
}

/** Decodes a series entry, verifying its checksum. */
export function decodeSeriesEntry(value: Uint8Array): SeriesEntry {
  const { labels, chunks } = readSeriesEntry(value);
  return { labels, chunks: Array.from({ length: chunks.length }, (_, i) => chunks.chunk(i)) };
}
