/**
 * Bit streams for chunk codecs, most significant bit first: a reader that reports running past
 * its bytes (a truncated or corrupt chunk) instead of throwing on every read, and a growable
 * writer for codecs that encode whole chunks at once.
 */

/** Reads bits most significant first; reading past the end yields zeros and sets `overrun`. */
export class BitReader {
  private pos = 0;
  private readonly limit: number;
  overrun = false;

  constructor(private readonly bytes: Uint8Array) {
    this.limit = bytes.length * 8;
  }

  readBit(): number {
    const pos = this.pos++;
    if (pos >= this.limit) {
      this.overrun = true;
      return 0;
    }
    return (this.bytes[pos >>> 3]! >>> (7 - (pos & 7))) & 1;
  }

  /** Reads `n` (1..32) bits as an unsigned number. */
  readBits(n: number): number {
    const pos = this.pos;
    this.pos = pos + n;
    if (pos + 40 <= this.limit) {
      // Fast path: the 32 bits from `pos` out of five whole bytes, no loop.
      const b = this.bytes;
      const i = pos >>> 3;
      const off = pos & 7;
      let v = ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
      if (off !== 0) v = ((v << off) | (b[i + 4]! >>> (8 - off))) >>> 0;
      return n === 32 ? v : v >>> (32 - n);
    }
    if (pos + n > this.limit) {
      this.overrun = true;
      return 0;
    }
    return this.readBitsNearEnd(pos, n);
  }

  private readBitsNearEnd(pos: number, n: number): number {
    const bytes = this.bytes;
    let result = 0;
    while (n > 0) {
      const used = pos & 7;
      const avail = 8 - used;
      const take = n < avail ? n : avail;
      const part = (bytes[pos >>> 3]! >>> (avail - take)) & ((1 << take) - 1);
      result = (result << take) | part;
      pos += take;
      n -= take;
    }
    return result >>> 0;
  }

  /** Reads an unsigned number of `n` (0..53) bits. */
  readWide(n: number): number {
    if (n <= 32) return n === 0 ? 0 : this.readBits(n);
    const high = this.readBits(n - 32);
    return high * 4294967296 + this.readBits(32);
  }
}

/** Writes bits into a growable buffer. */
export class BitWriter {
  private bytes = new Uint8Array(64);
  private bitLength = 0;

  /** Writes the low `n` (1..32) bits of `value`. */
  write(value: number, n: number): void {
    const needed = (this.bitLength + n + 7) >>> 3;
    if (needed > this.bytes.length) {
      const bigger = new Uint8Array(Math.max(needed, this.bytes.length * 2));
      bigger.set(this.bytes);
      this.bytes = bigger;
    }
    let pos = this.bitLength;
    this.bitLength = pos + n;
    while (n > 0) {
      const free = 8 - (pos & 7);
      const take = n < free ? n : free;
      n -= take;
      this.bytes[pos >>> 3]! |= ((value >>> n) & ((1 << take) - 1)) << (free - take);
      pos += take;
    }
  }

  /** Writes an unsigned number of `n` (0..53) bits. */
  writeWide(value: number, n: number): void {
    if (n === 0) return;
    if (n <= 32) return this.write(value >>> 0, n);
    const high = Math.floor(value / 4294967296);
    this.write(high, n - 32);
    this.write((value - high * 4294967296) >>> 0, 32);
  }

  /** Bits written so far. */
  get length(): number {
    return this.bitLength;
  }

  /** A copy of the written bytes. */
  finish(): Uint8Array {
    return this.bytes.slice(0, (this.bitLength + 7) >>> 3);
  }
}
