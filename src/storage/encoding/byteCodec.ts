/**
 * Growable byte writing and bounded byte reading with the encodings the WAL and the persisted
 * partitions use: unsigned and zigzag varints safe up to 2^53, fixed-width little-endian words,
 * and length-prefixed UTF-8 strings.
 */

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: false });

/** Thrown when a reader runs past its bytes: the data is truncated or corrupt. */
export class ByteRangeError extends Error {}

/** Appends encoded numbers and strings to a growing byte buffer. */
export class ByteWriter {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 256) {
    this.bytes = new Uint8Array(capacity);
  }

  /** Makes room for n more bytes. */
  ensure(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.length + n, this.bytes.length * 2));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  }

  u8(v: number): void {
    this.ensure(1);
    this.bytes[this.length++] = v;
  }

  u32(v: number): void {
    this.ensure(4);
    const b = this.bytes;
    const at = this.length;
    b[at] = v;
    b[at + 1] = v >>> 8;
    b[at + 2] = v >>> 16;
    b[at + 3] = v >>> 24;
    this.length = at + 4;
  }

  /** An unsigned integer up to 2^53, 7 bits a byte. */
  uvarint(v: number): void {
    this.ensure(8);
    const b = this.bytes;
    let at = this.length;
    while (v >= 0x80) {
      b[at++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    b[at++] = v;
    this.length = at;
  }

  /** A signed safe integer, zigzag-encoded (small magnitudes take few bytes). */
  varint(v: number): void {
    this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** A length-prefixed UTF-8 string. */
  string(s: string): void {
    const encoded = textEncoder.encode(s);
    this.uvarint(encoded.length);
    this.raw(encoded);
  }

  /** The bytes written (a view). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/** Reads what ByteWriter wrote, throwing ByteRangeError past the end. */
export class ByteReader {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new ByteRangeError(`read past the end (${n} bytes at ${this.pos} of ${this.end})`);
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }

  u32(): number {
    this.need(4);
    const b = this.bytes;
    const at = this.pos;
    this.pos = at + 4;
    return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
  }

  uvarint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      this.need(1);
      const byte = this.bytes[this.pos++]!;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 0x80;
    }
    throw new ByteRangeError(`varint too long at ${this.pos}`);
  }

  varint(): number {
    const z = this.uvarint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  raw(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  string(): string {
    const n = this.uvarint();
    this.need(n);
    const bytes = this.bytes;
    const start = this.pos;
    const end = start + n;
    this.pos = end;
    // Label names and most values are short ASCII. Built in place, char by char, they cost less
    // than a TextDecoder call or Buffer's latin1/utf8 slicing, and less than the subarray either
    // needs (measured on 100k label strings of 10k series, cold and warm); anything else is UTF-8
    // decoded, invalid sequences becoming U+FFFD.
    if (n <= 64) {
      let s = '';
      for (let i = start; i < end; i++) {
        const c = bytes[i]!;
        if (c >= 0x80) return textDecoder.decode(bytes.subarray(start, end));
        s += String.fromCharCode(c);
      }
      return s;
    }
    return textDecoder.decode(bytes.subarray(start, end));
  }
}
