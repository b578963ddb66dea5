/** Prometheus's staleness marker: a NaN with the bit pattern 0x7ff0000000000002. */
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

// Little-endian word order: low word first.
words[0] = 0x00000002;
words[1] = 0x7ff00000;
export const STALE_NAN: number = bits[0]!;

/** Whether a value carries the exact staleness-marker bit pattern. */
export function isStaleNaN(v: number): boolean {
  if (v === v) return false;
  bits[0] = v;
  return words[0] === 0x00000002 && words[1] === 0x7ff00000;
}
