/**
 * Access to the raw IEEE-754 bits of a float64 as two unsigned 32-bit words. Chunks, the WAL and
 * the query buffers move values as bits, never through a JS number stored in a plain array: V8
 * canonicalises NaNs there, which would erase the staleness marker's payload.
 */
import { endianness } from 'node:os';

// Every word-order assumption below (low word first) holds on little-endian hosts only.
if (endianness() !== 'LE') throw new Error('promstream storage requires a little-endian host');

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/** The high (sign, exponent, top of mantissa) word of a float64's bits. */
export function highWord(v: number): number {
  scratch[0] = v;
  return scratchWords[1]!;
}

/** The low word of a float64's bits; call right after `highWord` with the same value is not needed. */
export function lowWord(v: number): number {
  scratch[0] = v;
  return scratchWords[0]!;
}

/** Rebuilds the float64 whose bits are the given words. */
export function fromWords(high: number, low: number): number {
  scratchWords[0] = low;
  scratchWords[1] = high;
  return scratch[0]!;
}

/** Whether two numbers have identical bits (so two different NaNs differ, and 0 differs from -0). */
export function sameBits(a: number, b: number): boolean {
  return highWord(a) === highWord(b) && lowWord(a) === lowWord(b);
}
