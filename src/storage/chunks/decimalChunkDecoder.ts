/**
 * Decodes decimal chunks (see decimalChunk.ts for the layout) straight into columnar buffers.
 * This is what a wide query spends its time on, and the loop is shaped for V8:
 *   - the bit stream is read by pure functions of (bytes, bit position), small enough to be
 *     inlined, with the rare cases (escapes, wide numbers) in functions of their own;
 *   - the position is a local number and a residual comes back through a typed-array slot, so
 *     that no object is allocated per chunk or per sample;
 *   - times are kept relative to the chunk's first timestamp: absolute epoch milliseconds do
 *     not fit V8's small integers, and a loop variable holding them was boxed on every sample
 *     (a heap number per sample: a third of a wide query's time went to collecting them).
 * Reading past the end yields zeros; the loop checks once, at the end, that it stayed in bounds.
 */
import { ALL_ONES, SCALES } from './decimalChunk.js';
import type { SampleBuffer } from './sampleBuffer.js';
import { ChunkCorruptError } from './xorChunkDecoder.js';

/** Widest read `bitsAt` serves: 32 bits minus the up to 7 bits a window starts into its byte. */
const WINDOW = 25;
const WINDOW_SCALE = 2 ** WINDOW;
const HEADER_BITS = 25;

/** Bits [pos, pos + n) of `b`, n in 1..25, as an unsigned number (zeros past the end). */
function bitsAt(b: Uint8Array, pos: number, n: number): number {
  const i = pos >>> 3;
  if (i + 3 < b.length) return (((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) << (pos & 7)) >>> (32 - n);
  return bitsNearEnd(b, pos, n);
}

function bitsNearEnd(b: Uint8Array, pos: number, n: number): number {
  let v = 0;
  for (let p = pos; p < pos + n; p++) {
    const byte = p >>> 3 < b.length ? b[p >>> 3]! : 0;
    v = v * 2 + ((byte >>> (7 - (p & 7))) & 1);
  }
  return v;
}

/** Bits [pos, pos + n) of `b`, n in 0..63 (exact up to 53). */
function wideAt(b: Uint8Array, pos: number, n: number): number {
  if (n <= WINDOW) return n === 0 ? 0 : bitsAt(b, pos, n);
  if (n <= 2 * WINDOW) return bitsAt(b, pos, n - WINDOW) * WINDOW_SCALE + bitsAt(b, pos + n - WINDOW, WINDOW);
  const top = n - 2 * WINDOW;
  return (bitsAt(b, pos, top) * WINDOW_SCALE + bitsAt(b, pos + top, WINDOW)) * WINDOW_SCALE + bitsAt(b, pos + top + WINDOW, WINDOW);
}

/** Undoes zigzag (integer operations for the common small numbers). */
function unzigzag(z: number): number {
  if (z < 2147483648) return (z >>> 1) ^ -(z & 1);
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

/** Where the reads below leave the number they read (a typed-array slot: never boxed). */
const read = new Float64Array(1);

/** Reads an escaped number (6-bit length, then its bits) into `read[0]`; returns the position after it. */
function readEscaped(b: Uint8Array, pos: number): number {
  const length = bitsAt(b, pos, 6);
  read[0] = wideAt(b, pos + 6, length);
  return pos + 6 + length;
}

/**
 * Reads one zigzagged residual of a stream packed `plain` (W bits, all ones = escape) or flagged
 * ('0' · '10' + W bits · '11' escape) into `read[0]`; returns the position after it. Only the
 * common cases are here, so that this inlines into the decoding loop.
 */
function readResidual(b: Uint8Array, pos: number, plain: boolean, width: number, ones: number): number {
  if (width === 0) {
    read[0] = 0;
    return pos;
  }
  if (plain) {
    if (width <= WINDOW) {
      const z = bitsAt(b, pos, width);
      if (z !== ones) {
        read[0] = z;
        return pos + width;
      }
    }
  } else if (bitsAt(b, pos, 1) === 0) {
    read[0] = 0;
    return pos + 1;
  }
  return readRareResidual(b, pos, plain, width, ones);
}

/** The cases `readResidual` leaves out: escapes, widths over 25 bits, flagged non-zero residuals. */
function readRareResidual(b: Uint8Array, pos: number, plain: boolean, width: number, ones: number): number {
  if (plain) {
    const z = wideAt(b, pos, width);
    if (z !== ones) {
      read[0] = z;
      return pos + width;
    }
    return readEscaped(b, pos + width);
  }
  if (bitsAt(b, pos + 1, 1) === 0) {
    read[0] = wideAt(b, pos + 2, width);
    return pos + 2 + width;
  }
  return readEscaped(b, pos + 2);
}

/** Decodes a decimal chunk starting at minT, pushing samples within [mint, maxt]; returns how many. */
export function decodeDecimalChunk(bytes: Uint8Array, minT: number, count: number, out: SampleBuffer, mint = -Infinity, maxt = Infinity): number {
  // d (3) · timestamp representation, packing, width (1 + 1 + 6) · value representation, packing, width (1 + 1 + 6) · shift (6)
  const header = bitsAt(bytes, 0, HEADER_BITS);
  const scale = SCALES[header >>> 22];
  const tGrid = ((header >>> 21) & 1) === 1;
  const tPlain = ((header >>> 20) & 1) === 1;
  const tWidth = (header >>> 14) & 63;
  const vDods = ((header >>> 13) & 1) === 1;
  const vPlain = ((header >>> 12) & 1) === 1;
  const vWidth = (header >>> 6) & 63;
  const unit = 2 ** (header & 63);
  const tOnes = ALL_ONES[tWidth]!;
  const vOnes = ALL_ONES[vWidth]!;
  let pos = readEscaped(bytes, HEADER_BITS);
  let m = unzigzag(read[0]!);
  let tLead = 0;
  let vDelta = 0;
  if (count >= 2) {
    pos = readEscaped(bytes, pos);
    tLead = read[0]!;
    if (vDods) {
      pos = readEscaped(bytes, pos);
      vDelta = unzigzag(read[0]!);
    }
  }
  if (scale === undefined || pos > bytes.length * 8) throw new ChunkCorruptError('decimal chunk header is corrupt');
  out.reserve(count);
  const timestamps = out.timestamps;
  const values = out.values;
  const start = out.length;
  let at = start;
  // Times relative to minT (see the file comment).
  const from = mint - minT;
  const to = maxt - minT;
  let t = 0;
  let tDelta = tLead;
  for (let i = 0; ; ) {
    if (t > to) break;
    if (t >= from) {
      timestamps[at] = minT + t;
      values[at++] = m / scale;
    }
    if (++i >= count) break;
    // Delta-of-delta streams have no residual for sample 1 (its delta is in the header).
    if (tGrid) {
      pos = readResidual(bytes, pos, tPlain, tWidth, tOnes);
      t = i * tLead + unzigzag(read[0]!);
    } else {
      if (i >= 2) {
        pos = readResidual(bytes, pos, tPlain, tWidth, tOnes);
        tDelta += unzigzag(read[0]!);
      }
      t += tDelta;
    }
    if (!vDods) {
      pos = readResidual(bytes, pos, vPlain, vWidth, vOnes);
      m += unzigzag(read[0]!) * unit;
    } else {
      if (i >= 2) {
        pos = readResidual(bytes, pos, vPlain, vWidth, vOnes);
        vDelta += unzigzag(read[0]!) * unit;
      }
      m += vDelta;
    }
  }
  if (pos > bytes.length * 8) throw new ChunkCorruptError(`chunk bits end before its ${count} samples`);
  out.length = at;
  return at - start;
}
