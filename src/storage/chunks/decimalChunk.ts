/**
 * The decimal chunk encoding, used on disk when a chunk's values are all decimals with few
 * fractional digits (counters, CPU seconds, byte gauges, temperatures: most scraped data). Such
 * values XOR badly (1234.56 and 1234.78 share few bits) but are small integers once scaled by
 * 10^d. The chunk stores two residual streams, each in the representation and bit packing that
 * code it smallest for this chunk:
 *
 *   timestamps: delta-of-deltas, or offsets from a regular grid (jittered scrapes: a few bits)
 *   values:     deltas (gauges), or delta-of-deltas (steady counters), scaled integers
 *   packing:    flagged ('0' zero · '10' + W bits · '11' escape), good for mostly-zero streams;
 *               or plain (W bits, all ones = escape), good for dense small numbers
 *   escape:     6-bit length + the number's bits (an outlier)
 *
 *   header: d (3) · timestamp representation (1) · packing (1) · width (6)
 *           · value representation (1) · packing (1) · width (6) · shift (6)
 *   m0 escaped; with two samples or more: t1 - t0 (or the grid interval), and m1 - m0 for
 *   delta-of-deltas; then per sample its timestamp residual and value residual (if it has them)
 *
 * Decoding (decimalChunkDecoder.ts) computes m / 10^d, which is exactly the original double:
 * the encoder checked that.
 */
import { BitWriter } from './bitStream.js';

const MAX_DECIMALS = 6;
/** Scaled values stay below 2^50, so that zigzagged delta-of-deltas remain safe integers. */
const MAX_SCALED = 2 ** 50;
/** 10^d by number of decimals d. */
export const SCALES = [1, 10, 100, 1000, 10000, 100000, 1000000];
/** 2^w - 1 by width: the escape code of plain packing (`2 ** w` per sample was a third of decoding). */
export const ALL_ONES = Float64Array.from({ length: 56 }, (_, w) => 2 ** w - 1);

function zigzag(x: number): number {
  return x >= 0 ? x * 2 : -x * 2 - 1;
}

function bitLength(z: number): number {
  return z === 0 ? 0 : z < 4294967296 ? 32 - Math.clz32(z) : 64 - Math.clz32(Math.floor(z / 4294967296));
}

/** Trailing zero bits of a non-zero safe integer. */
function trailingZeros(x: number): number {
  let n = 0;
  x = Math.abs(x);
  while (n < 52 && x % 2 === 0) {
    x /= 2;
    n++;
  }
  return n;
}

/** The number of decimals d (and scaled integers) representing every value exactly, if any. */
function scaledIntegers(values: ArrayLike<number>, from: number, to: number): { d: number; m: Float64Array } | undefined {
  const m = new Float64Array(to - from);
  next: for (let d = 0; d <= MAX_DECIMALS; d++) {
    const scale = SCALES[d]!;
    for (let i = from; i < to; i++) {
      const v = values[i]!;
      const scaled = Math.round(v * scale);
      // NaN, ±Inf, -0 and anything the division would not give back exactly are excluded.
      if (!(Math.abs(scaled) < MAX_SCALED) || scaled / scale !== v || Object.is(v, -0)) continue next;
      m[i - from] = scaled;
    }
    return { d, m };
  }
  return undefined;
}

/** How a residual stream is packed. */
interface Packing {
  readonly plain: boolean;
  readonly width: number;
  readonly bits: number;
}

/** The cheapest packing of zigzagged residuals. */
function bestPacking(z: Float64Array): Packing {
  const histogram = new Array<number>(56).fill(0);
  // Numbers that are all ones (2^l - 1), by length: in plain packing of width l they escape.
  const allOnes = new Array<number>(56).fill(0);
  for (const v of z) {
    const l = bitLength(v);
    histogram[l]!++;
    if (l > 0 && v === ALL_ONES[l]) allOnes[l]!++;
  }
  if (histogram[0] === z.length) return { plain: false, width: 0, bits: 0 };
  let best: Packing = { plain: false, width: 1, bits: Infinity };
  for (let w = 1; w <= 54; w++) {
    let flagged = histogram[0]!;
    let plain = histogram[0]! * w;
    for (let l = 1; l <= 55; l++) {
      const count = histogram[l]!;
      if (count === 0) continue;
      flagged += count * (l <= w ? 2 + w : 8 + l);
      plain += count * (l <= w ? w : w + 6 + l);
    }
    // Plain packing reserves the all-ones value: numbers of exactly w bits that are all ones escape.
    plain += allOnes[w]! * (6 + w);
    if (flagged < best.bits) best = { plain: false, width: w, bits: flagged };
    if (plain < best.bits) best = { plain: true, width: w, bits: plain };
  }
  return best;
}

function writeEscaped(w: BitWriter, z: number): void {
  const l = bitLength(z);
  w.write(l, 6);
  w.writeWide(z, l);
}

function writeResidual(w: BitWriter, z: number, p: Packing): void {
  if (p.width === 0) return;
  if (p.plain) {
    const ones = ALL_ONES[p.width]!;
    if (z < ones) w.writeWide(z, p.width);
    else {
      w.writeWide(ones, p.width);
      writeEscaped(w, z);
    }
  } else if (z === 0) w.write(0, 1);
  else if (bitLength(z) <= p.width) {
    w.write(0b10, 2);
    w.writeWide(z, p.width);
  } else {
    w.write(0b11, 2);
    writeEscaped(w, z);
  }
}

function writePacking(w: BitWriter, p: Packing): void {
  w.write(p.plain ? 1 : 0, 1);
  w.write(p.width, 6);
}

/** One residual stream in a chosen representation: a leading number and the residuals. */
interface Stream {
  readonly repr: number;
  readonly lead: number;
  readonly z: Float64Array;
  readonly shift: number;
  readonly packing: Packing;
  /** Index of the first sample with a residual. */
  readonly first: number;
}

function stream(repr: number, lead: number, raw: Float64Array, first: number, allowShift: boolean): Stream {
  let shift = 0;
  if (allowShift) {
    shift = 52;
    for (const x of raw) if (x !== 0) shift = Math.min(shift, trailingZeros(x));
    if (shift === 52) shift = 0;
  }
  const z = raw.map((x) => zigzag(x / 2 ** shift));
  return { repr, lead, z, shift, packing: bestPacking(z), first };
}

function cheaper(a: Stream, b: Stream): Stream {
  return b.packing.bits < a.packing.bits ? b : a;
}

/**
 * Encodes samples [from, to) (timestamps strictly increasing) as a decimal chunk, or returns
 * undefined when some value is not a short decimal (NaN, the staleness marker, ±Inf, -0, …).
 */
export function encodeDecimalChunk(timestamps: ArrayLike<number>, values: ArrayLike<number>, from: number, to: number): Uint8Array | undefined {
  const n = to - from;
  const scaled = n === 0 ? undefined : scaledIntegers(values, from, to);
  if (scaled === undefined) return undefined;
  const { d, m } = scaled;
  const t = (i: number): number => timestamps[from + i]!;
  let times: Stream | undefined;
  let vals: Stream | undefined;
  if (n >= 2) {
    const dods = new Float64Array(n - 2).map((_, k) => t(k + 2) - 2 * t(k + 1) + t(k));
    const interval = Math.round((t(n - 1) - t(0)) / (n - 1));
    const offsets = new Float64Array(n - 1).map((_, k) => t(k + 1) - t(0) - (k + 1) * interval);
    times = cheaper(stream(0, t(1) - t(0), dods, 2, false), stream(1, interval, offsets, 1, false));
    const deltas = new Float64Array(n - 1).map((_, k) => m[k + 1]! - m[k]!);
    const valueDods = new Float64Array(n - 2).map((_, k) => deltas[k + 1]! - deltas[k]!);
    vals = cheaper(stream(0, 0, deltas, 1, true), stream(1, zigzag(deltas[0]!), valueDods, 2, true));
  }
  const w = new BitWriter();
  w.write(d, 3);
  w.write(times?.repr ?? 0, 1);
  writePacking(w, times?.packing ?? { plain: false, width: 0, bits: 0 });
  w.write(vals?.repr ?? 0, 1);
  writePacking(w, vals?.packing ?? { plain: false, width: 0, bits: 0 });
  w.write(vals?.shift ?? 0, 6);
  writeEscaped(w, zigzag(m[0]!));
  if (times !== undefined && vals !== undefined) {
    writeEscaped(w, times.lead);
    if (vals.repr === 1) writeEscaped(w, vals.lead);
    for (let i = 1; i < n; i++) {
      if (i >= times.first) writeResidual(w, times.z[i - times.first]!, times.packing);
      if (i >= vals.first) writeResidual(w, vals.z[i - vals.first]!, vals.packing);
    }
  }
  return w.finish();
}
