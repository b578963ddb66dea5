/**
 * The key layout of the persisted data in LevelDB. Every key of a partition starts with a
 * one-byte kind and the partition id, so one partition's series (or postings) are a contiguous
 * key range, and dropping a partition (retention, compaction) is deleting whole ranges:
 *
 *   M name                         → metadata (JSON)
 *   P pid                          → partition meta (JSON)
 *   S pid ref                      → one series' data in the partition: labels, chunk index, chunks
 *   X pid name 0xFF value          → postings: the partition's refs carrying name=value
 *   X pid 0xFF                     → postings of every series in the partition
 *   T pid ref                      → tombstones: deleted time intervals of a series
 *
 * pid and ref are 4-byte big-endian, so byte order is numeric order. 0xFF never occurs in UTF-8,
 * which makes it a safe separator and an upper bound for "every value of a label".
 */

const encoder = new TextEncoder();

/** Key kind of store metadata. */
export const KIND_META = 0x4d;
/** Key kind of partition metas. */
export const KIND_PARTITION = 0x50;
/** Key kind of series data. */
export const KIND_SERIES = 0x53;
/** Key kind of postings. */
export const KIND_POSTINGS = 0x58;
/** Key kind of tombstones. */
export const KIND_TOMBSTONES = 0x54;

/** Kinds whose keys are scoped by partition. */
export const PARTITION_SCOPED_KINDS = [KIND_SERIES, KIND_POSTINGS, KIND_TOMBSTONES] as const;

function writeU32(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = v >>> 16;
  out[at + 2] = v >>> 8;
  out[at + 3] = v;
}

/** Reads a big-endian u32 at an offset. */
export function readU32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

/** `M name`. */
export function metaKey(name: string): Uint8Array {
  const n = encoder.encode(name);
  const out = new Uint8Array(1 + n.length);
  out[0] = KIND_META;
  out.set(n, 1);
  return out;
}

/** `kind pid` — with `pidKeyEnd`, the range of a partition's keys of that kind. */
export function pidKey(kind: number, pid: number): Uint8Array {
  const out = new Uint8Array(5);
  out[0] = kind;
  writeU32(out, 1, pid);
  return out;
}

/** The exclusive end of `pidKey(kind, pid)`'s range. */
export function pidKeyEnd(kind: number, pid: number): Uint8Array {
  return pid === 0xffffffff ? new Uint8Array([kind + 1]) : pidKey(kind, pid + 1);
}

/** `kind pid ref` (series data or tombstones). */
export function seriesKey(kind: number, pid: number, ref: number): Uint8Array {
  const out = new Uint8Array(9);
  out[0] = kind;
  writeU32(out, 1, pid);
  writeU32(out, 5, ref);
  return out;
}

/** `X pid name 0xFF value`; the empty name stands for "every series" (`X pid 0xFF`). */
export function postingsKey(pid: number, name: string, value: string): Uint8Array {
  if (name === '') {
    const all = new Uint8Array(6);
    all.set(pidKey(KIND_POSTINGS, pid));
    all[5] = 0xff;
    return all;
  }
  const n = encoder.encode(name);
  const v = encoder.encode(value);
  const out = new Uint8Array(6 + n.length + v.length);
  out.set(pidKey(KIND_POSTINGS, pid));
  out.set(n, 5);
  out[5 + n.length] = 0xff;
  out.set(v, 6 + n.length);
  return out;
}

/** The range of postings keys of one label whose values start with `prefix`. */
export function postingsRange(pid: number, name: string, prefix: string): { gte: Uint8Array; lt: Uint8Array } {
  const gte = postingsKey(pid, name, prefix);
  const lt = new Uint8Array(gte.length + 1);
  lt.set(gte);
  lt[gte.length] = 0xff;
  return { gte, lt };
}

const decoder = new TextDecoder();

/** UTF-8 text of bytes[from, to): short ASCII (most label values) without the decoder's call cost. */
export function decodeKeyText(bytes: Uint8Array, from: number, to: number): string {
  if (to - from > 32) return decoder.decode(bytes.subarray(from, to));
  let text = '';
  for (let i = from; i < to; i++) {
    const c = bytes[i]!;
    if (c >= 0x80) return decoder.decode(bytes.subarray(from, to));
    text += String.fromCharCode(c);
  }
  return text;
}

/** The label name and value of a postings key of partition pid. */
export function parsePostingsKey(key: Uint8Array): { name: string; value: string } {
  const sep = key.indexOf(0xff, 5);
  return { name: decodeKeyText(key, 5, sep), value: decodeKeyText(key, sep + 1, key.length) };
}
