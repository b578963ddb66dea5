/** A persisted postings list: sorted refs as varint deltas (a few bytes a ref, usually one or two). */
import { ByteReader, ByteWriter } from '../encoding/byteCodec.js';

/** Encodes sorted refs. */
export function encodePostings(refs: ArrayLike<number>): Uint8Array {
  const w = new ByteWriter(8 + refs.length * 2);
  w.uvarint(refs.length);
  let prev = 0;
  for (let i = 0; i < refs.length; i++) {
    w.uvarint(refs[i]! - prev);
    prev = refs[i]!;
  }
  return w.view();
}

/** Decodes refs encoded by `encodePostings`. */
export function decodePostings(bytes: Uint8Array): Uint32Array {
  const r = new ByteReader(bytes);
  const n = r.uvarint();
  if (n > bytes.length) throw new RangeError(`postings list claims ${n} refs in ${bytes.length} bytes`);
  const out = new Uint32Array(n);
  let prev = 0;
  for (let i = 0; i < n; i++) out[i] = prev += r.uvarint();
  return out;
}
