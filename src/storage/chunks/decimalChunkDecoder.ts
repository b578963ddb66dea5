/**
 * Decodes decimal chunks (see decimalChunk.ts for the layout) straight into columnar buffers.
 * This is what a wide query spends its time on, and the loop is shaped for V8:
 *   - per-sample residuals are read through a bit cache held in the loop's locals: reading
 *     them through calls by bit position cost ~18 ns each, most of a wide query's decoding;
 *   - the header and the rare residuals (escapes, wide numbers) are read by pure functions of
 *     (bytes, bit position), a residual coming back through a typed-array slot, so that no
 *     object is allocated per chunk or per sample;
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
 * ('0' · '10' + W bits · '11' escape), starting at `pos`, into `read[0]`; returns the position
 * after it. The decoding loop reads the common cases itself from its bit cache and comes here for
 * the rest: escapes and widths its cache does not hold.
 */
function readResidual(b: Uint8Array, pos: number, plain: boolean, width: number, ones: number): number {
  if (width === 0) {
    read[0] = 0;
    return pos;
  }
  if (plain) {
    const z = wideAt(b, pos, width);
    if (z !== ones) {
      read[0] = z;
      return pos + width;
    }
    return readEscaped(b, pos + width);
  }
  if (bitsAt(b, pos, 1) === 0) {
    read[0] = 0;
    return pos + 1;
  }
  if (bitsAt(b, pos + 1, 1) === 0) {
    read[0] = wideAt(b, pos + 2, width);
    return pos + 2 + width;
  }
  return readEscaped(b, pos + 2);
}

/** The widest plain residual the loop's bit cache serves (it holds at least this many bits). */
const CACHED_WIDTH = 25;

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
  // Residuals are read through a bit cache in locals: `cache` holds the next `have` unread bits,
  // left-aligned in 32, topped up from `bytes[next]` on (zeros past the end). A field is then a
  // shift or two, with no call and no bounds arithmetic. `reloadAt` is a bit position to restart
  // the cache from (at first, and after a rare residual was read by position), or -1.
  const length = bytes.length;
  let next = 0;
  let cache = 0;
  let have = 0;
  let reloadAt = pos;
  for (let i = 0; ; ) {
    if (t > to) break;
    if (t >= from) {
      timestamps[at] = minT + t;
      values[at++] = m / scale;
    }
    if (++i >= count) break;
    // Delta-of-delta streams have no residual for sample 1 (its delta is in the header).
    const firstField = tGrid || i >= 2 ? 0 : 1;
    const lastField = !vDods || i >= 2 ? 1 : 0;
    let tResidual = 0;
    let vResidual = 0;
    for (let field = firstField; field <= lastField; field++) {
      const plain = field === 0 ? tPlain : vPlain;
      const width = field === 0 ? tWidth : vWidth;
      if (width === 0) continue;
      if (reloadAt >= 0) {
        const byte = reloadAt >>> 3 < length ? bytes[reloadAt >>> 3]! : 0;
        cache = byte << (24 + (reloadAt & 7));
        have = 8 - (reloadAt & 7);
        next = (reloadAt >>> 3) + 1;
        reloadAt = -1;
      }
      while (have <= 24) {
        cache |= (next < length ? bytes[next]! : 0) << (24 - have);
        next++;
        have += 8;
      }
      let z = -1;
      if (plain) {
        if (width <= CACHED_WIDTH) {
          z = cache >>> (32 - width);
          if (z === (1 << width) - 1) z = -1;
          else {
            cache <<= width;
            have -= width;
          }
        }
      } else if (cache >= 0) {
        // '0': a zero residual.
        z = 0;
        cache <<= 1;
        have -= 1;
      } else if ((cache & 0x40000000) === 0 && width <= CACHED_WIDTH - 2) {
        // '10' + W bits.
        z = (cache << 2) >>> (32 - width);
        cache <<= 2 + width;
        have -= 2 + width;
      }
      // The common residuals stay small integers all the way (no conversion to a double).
      let residual: number;
      if (z >= 0) residual = (z >>> 1) ^ -(z & 1);
      else {
        // An escape or a residual wider than the cache: read by position, reload after it.
        reloadAt = readResidual(bytes, next * 8 - have, plain, width, field === 0 ? tOnes : vOnes);
        residual = unzigzag(read[0]!);
      }
      if (field === 0) tResidual = residual;
      else vResidual = residual;
    }
    if (tGrid) t = i * tLead + tResidual;
    else {
      tDelta += tResidual;
      t += tDelta;
    }
    if (vDods) {
      vDelta += vResidual * unit;
      m += vDelta;
    } else m += vResidual * unit;
  }
  pos = reloadAt >= 0 ? reloadAt : next * 8 - have;
  if (pos > bytes.length * 8) throw new ChunkCorruptError(`chunk bits end before its ${count} samples`);
  out.length = at;
  return at - start;
}
