/**
 * The encoder of an open XOR chunk (Gorilla-style): timestamps as delta-of-delta in
 * variable-width buckets, values as the XOR of their float64 bits with the previous value's.
 *
 * The chunk's first timestamp and its sample count live outside the bits (in the chunk's index
 * entry, which needs them anyway), so the bit stream holds:
 *   sample 0: the value's 64 raw bits
 *   sample n: the timestamp delta-of-delta (first delta: against 0), then the value XOR.
 *
 * Delta-of-delta buckets are tuned for scrapes, whose timestamps jitter by a few milliseconds:
 *   '0' → 0 · '10'+4 bits · '110'+9 bits · '1110'+16 bits · '11110'+26 bits · '11111'+64 bits
 * (Prometheus spends 16 bits on a 1 ms jitter; this spends 6).
 *
 * Values: '0' when equal; '10'+bits when the XOR fits the previous window of meaningful bits;
 * '11'+5 bits leading zeros+6 bits length+bits for a new window. Unlike plain Gorilla the window
 * is reused only when that is no longer than opening a tighter one.
 */
import { highWord, lowWord } from './floatBits.js';

/** Samples per chunk before a new one is cut, as in Prometheus. */
export const SAMPLES_PER_CHUNK = 120;

/** No window of meaningful bits yet. */
const NO_WINDOW = 0xff;

/** Bucket widths of the timestamp delta-of-delta, after their 1..5-bit prefixes. */
export const DOD_BUCKETS = [4, 9, 16, 26] as const;

const EMPTY = new Uint8Array(0);

/**
 * An open chunk. It writes into `buf[base, base + cap)`; `grow` supplies more room (a standalone
 * buffer here; the head overrides it to move between slots of a shared slab).
 */
export class XorChunkEncoder {
  /** The buffer holding the bits from `base`; bytes beyond the written bits are zero. */
  buf: Uint8Array = EMPTY;
  base = 0;
  cap = 0;
  /** Bits written so far. */
  bitLength = 0;
  count = 0;
  minT = 0;
  /** The newest sample's time; kept across `reset` (appends compare against it). */
  maxT = -Infinity;
  /**
   * The newest sample's value bits as int32 (`| 0`); kept across `reset` (duplicate detection
   * uses them). Int32 fields stay inline in the object, where uint32 words above 2^31 would be
   * boxed doubles: one more cache miss per append.
   */
  prevHigh = 0;
  prevLow = 0;
  private delta = 0;
  private leading = NO_WINDOW;
  private trailing = 0;

  /** Bytes holding the bits written so far. */
  get byteLength(): number {
    return (this.bitLength + 7) >>> 3;
  }

  /** The encoded bytes (a view, valid until the next append or reset). */
  get bytes(): Uint8Array {
    return this.buf.subarray(this.base, this.base + this.byteLength);
  }

  /** Starts an empty chunk, keeping the buffer (zeroed, as the bit writer requires) and the newest sample. */
  reset(): void {
    this.buf.fill(0, this.base, this.base + this.byteLength);
    this.bitLength = 0;
    this.count = 0;
    this.delta = 0;
    this.leading = NO_WINDOW;
  }

  /** Appends a sample; the caller guarantees t > maxT (or the chunk is empty) and t is an integer. */
  append(t: number, v: number): void {
    this.appendBits(t, highWord(v), lowWord(v));
  }

  /** Appends a sample whose value is given as its float64 bit words (exact NaN payloads). */
  appendBits(t: number, high: number, low: number): void {
    if (this.count === 0) {
      this.minT = t;
      this.writeBits(high, 32);
      this.writeBits(low, 32);
    } else {
      const delta = t - this.maxT;
      this.writeDod(delta - this.delta);
      this.delta = delta;
      this.writeXor((high ^ this.prevHigh) >>> 0, (low ^ this.prevLow) >>> 0);
    }
    this.maxT = t;
    this.prevHigh = high | 0;
    this.prevLow = low | 0;
    this.count++;
  }

  /** A copy of the encoded bytes, trimmed to size. */
  snapshot(): Uint8Array {
    return this.buf.slice(this.base, this.base + this.byteLength);
  }

  /** Makes room for at least `bytes` bytes from `base`, keeping the bytes written. */
  protected grow(bytes: number): void {
    const bigger = new Uint8Array(Math.max(bytes, 32, this.cap * 2));
    bigger.set(this.buf.subarray(this.base, this.base + this.byteLength));
    this.buf = bigger;
    this.base = 0;
    this.cap = bigger.length;
  }

  private writeDod(dod: number): void {
    if (dod === 0) {
      this.writeBits(0, 1);
    } else if (dod >= -8 && dod <= 7) {
      this.writeBits(0b10, 2);
      this.writeBits(dod & 0xf, 4);
    } else if (dod >= -256 && dod <= 255) {
      this.writeBits(0b110, 3);
      this.writeBits(dod & 0x1ff, 9);
    } else if (dod >= -32768 && dod <= 32767) {
      this.writeBits(0b1110, 4);
      this.writeBits(dod & 0xffff, 16);
    } else if (dod >= -33554432 && dod <= 33554431) {
      this.writeBits(0b11110, 5);
      this.writeBits(dod & 0x3ffffff, 26);
    } else {
      this.writeBits(0b11111, 5);
      // Two's complement over 64 bits, from a safe integer.
      const high = Math.floor(dod / 4294967296);
      this.writeBits(high >>> 0, 32);
      this.writeBits((dod - high * 4294967296) >>> 0, 32);
    }
  }

  private writeXor(xHigh: number, xLow: number): void {
    if (xHigh === 0 && xLow === 0) {
      this.writeBits(0, 1);
      return;
    }
    let leading = xHigh !== 0 ? Math.clz32(xHigh) : 32 + Math.clz32(xLow);
    const trailing = xLow !== 0 ? 31 - Math.clz32(xLow & -xLow) : 32 + 31 - Math.clz32(xHigh & -xHigh);
    // Five bits hold the leading-zero count; more zeros are written as meaningful bits.
    if (leading > 31) leading = 31;
    const significant = 64 - leading - trailing;
    if (this.leading !== NO_WINDOW && leading >= this.leading && trailing >= this.trailing) {
      const windowBits = 64 - this.leading - this.trailing;
      if (windowBits <= significant + 11) {
        this.writeBits(0b10, 2);
        this.writeShifted(xHigh, xLow, this.trailing, windowBits);
        return;
      }
    }
    this.leading = leading;
    this.trailing = trailing;
    this.writeBits(0b11, 2);
    this.writeBits(leading, 5);
    // 64 meaningful bits are written as 0: six bits hold 0..63.
    this.writeBits(significant & 63, 6);
    this.writeShifted(xHigh, xLow, trailing, significant);
  }

  /** Writes the `n` bits of (high:low) >> shift. */
  private writeShifted(high: number, low: number, shift: number, n: number): void {
    let sHigh: number;
    let sLow: number;
    if (shift >= 32) {
      sHigh = 0;
      sLow = high >>> (shift - 32);
    } else if (shift > 0) {
      sHigh = high >>> shift;
      sLow = ((low >>> shift) | (high << (32 - shift))) >>> 0;
    } else {
      sHigh = high;
      sLow = low;
    }
    if (n > 32) {
      this.writeBits(sHigh, n - 32);
      this.writeBits(sLow, 32);
    } else {
      this.writeBits(sLow, n);
    }
  }

  /** Writes the low `n` (1..32) bits of `value`, most significant first. */
  private writeBits(value: number, n: number): void {
    const pos = this.bitLength;
    if (((pos + n + 7) >>> 3) > this.cap) this.grow((pos + n + 7) >>> 3);
    this.bitLength = pos + n;
    const buf = this.buf;
    let i = this.base + (pos >>> 3);
    const free = 8 - (pos & 7);
    // Most writes are a few bits that fit in the current byte.
    if (n <= free) {
      buf[i] |= (value & ((1 << n) - 1)) << (free - n);
      return;
    }
    n -= free;
    buf[i++] |= (value >>> n) & ((1 << free) - 1);
    // Bytes past the written bits are zero, so whole bytes are plain stores.
    while (n >= 8) {
      n -= 8;
      buf[i++] = value >>> n;
    }
    if (n > 0) buf[i] = value << (8 - n);
  }
}
