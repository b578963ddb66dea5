/**
 * WAL records: how they are framed (type, length, CRC32 over both and the payload) and the
 * payloads of series records (ref and labels) and sample records (columnar: ref deltas,
 * timestamp deltas from the first, then the values' raw bits, so NaN payloads survive).
 */
import { crc32 } from 'node:zlib';
import { Labels } from '../../model/labels.js';
import { ByteReader, ByteWriter } from '../encoding/byteCodec.js';

/** Record types. */
export const RecordType = {
  Series: 1,
  Samples: 2,
  Tombstones: 3,
} as const;
export type RecordType = (typeof RecordType)[keyof typeof RecordType];

/** Bytes of a record header: type (1), payload length (4), CRC32 (4). */
export const RECORD_HEADER_BYTES = 9;

/** Largest payload accepted on read; anything bigger is a corrupt length. */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

/** Reserves a record header; returns where the record starts, for `endRecord`. */
export function beginRecord(w: ByteWriter, type: RecordType): number {
  const start = w.length;
  w.ensure(RECORD_HEADER_BYTES);
  w.bytes[start] = type;
  w.length += RECORD_HEADER_BYTES;
  return start;
}

/** Fills in the length and CRC of the record begun at `start`. */
export function endRecord(w: ByteWriter, start: number): void {
  const length = w.length - start - RECORD_HEADER_BYTES;
  const b = w.bytes;
  b[start + 1] = length;
  b[start + 2] = length >>> 8;
  b[start + 3] = length >>> 16;
  b[start + 4] = length >>> 24;
  const crc = recordCrc(b.subarray(start, start + 5), b.subarray(start + RECORD_HEADER_BYTES, w.length));
  b[start + 5] = crc;
  b[start + 6] = crc >>> 8;
  b[start + 7] = crc >>> 16;
  b[start + 8] = crc >>> 24;
}

/** The CRC32 of a record's type and length bytes and its payload. */
export function recordCrc(typeAndLength: Uint8Array, payload: Uint8Array): number {
  return crc32(payload, crc32(typeAndLength)) >>> 0;
}

/** A series for a series record. */
export interface SeriesEntry {
  readonly ref: number;
  readonly labels: Labels;
}

/** Appends a series record. */
export function writeSeriesRecord(w: ByteWriter, series: readonly SeriesEntry[]): void {
  const start = beginRecord(w, RecordType.Series);
  w.uvarint(series.length);
  for (const { ref, labels } of series) {
    w.uvarint(ref);
    w.uvarint(labels.size);
    for (let i = 0; i < labels.size; i++) {
      w.string(labels.names[i]!);
      w.string(labels.values[i]!);
    }
  }
  endRecord(w, start);
}

/** Decodes a series record's payload. */
export function readSeriesRecord(payload: Uint8Array): SeriesEntry[] {
  const r = new ByteReader(payload);
  const n = r.uvarint();
  const out: SeriesEntry[] = [];
  for (let i = 0; i < n; i++) {
    const ref = r.uvarint();
    const count = r.uvarint();
    const names: string[] = [];
    const values: string[] = [];
    for (let j = 0; j < count; j++) {
      names.push(r.string());
      values.push(r.string());
    }
    out.push({ ref, labels: Labels.fromPairs(names, values) });
  }
  return out;
}

/** Columns of samples: refs, timestamps, and values as bit words (low word first). */
export class SampleColumns {
  refs: Float64Array;
  timestamps: Float64Array;
  words: Uint32Array;
  length = 0;

  constructor(capacity = 64) {
    this.refs = new Float64Array(capacity);
    this.timestamps = new Float64Array(capacity);
    this.words = new Uint32Array(capacity * 2);
  }

  /** Empties the columns, making room for n samples. */
  reset(n: number): void {
    this.length = 0;
    if (n > this.refs.length) {
      this.refs = new Float64Array(n);
      this.timestamps = new Float64Array(n);
      this.words = new Uint32Array(n * 2);
    }
  }
}

/**
 * Appends a samples record for n samples given as parallel columns (refs, timestamps, value
 * words); refs and timestamps are stored as zigzag varint deltas, values as 8 raw bytes.
 */
export function writeSamplesRecord(w: ByteWriter, n: number, refAt: (i: number) => number, timestamps: Float64Array, words: Uint32Array): void {
  const start = beginRecord(w, RecordType.Samples);
  w.uvarint(n);
  const baseT = timestamps[0]!;
  w.varint(baseT);
  let prevRef = 0;
  for (let i = 0; i < n; i++) {
    const ref = refAt(i);
    w.varint(ref - prevRef);
    prevRef = ref;
  }
  for (let i = 0; i < n; i++) w.varint(timestamps[i]! - baseT);
  w.ensure(n * 8);
  const bytes = w.bytes;
  let at = w.length;
  for (let i = 0; i < 2 * n; i++) {
    const v = words[i]!;
    bytes[at] = v;
    bytes[at + 1] = v >>> 8;
    bytes[at + 2] = v >>> 16;
    bytes[at + 3] = v >>> 24;
    at += 4;
  }
  w.length = at;
  endRecord(w, start);
}

/** Decodes a samples record's payload into reusable columns. */
export function readSamplesRecord(payload: Uint8Array, out: SampleColumns): void {
  const r = new ByteReader(payload);
  const n = r.uvarint();
  // Each sample takes at least 10 bytes; a larger count is a corrupt record, not a huge allocation.
  if (n * 10 > payload.length) throw new RangeError(`samples record claims ${n} samples in ${payload.length} bytes`);
  out.reset(n);
  const baseT = r.varint();
  let ref = 0;
  for (let i = 0; i < n; i++) out.refs[i] = ref += r.varint();
  for (let i = 0; i < n; i++) out.timestamps[i] = baseT + r.varint();
  const raw = r.raw(n * 8);
  for (let i = 0; i < 2 * n; i++) {
    const at = i * 4;
    out.words[i] = (raw[at]! | (raw[at + 1]! << 8) | (raw[at + 2]! << 16) | (raw[at + 3]! << 24)) >>> 0;
  }
  out.length = n;
}
