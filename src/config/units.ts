/**
 * Byte sizes such as `512MB` or `1GiB`, parsed like Prometheus's units.Base2Bytes
 * (alecthomas/units): KB and KiB are both 1024 bytes, a bare number needs a `B`, and errors use
 * that library's words (`units: unknown unit  in 100`).
 */

const PREFIXES = ['K', 'M', 'G', 'T', 'P', 'E'];

function unitMap(suffix: string): Map<string, number> {
  const map = new Map<string, number>([['B', 1]]);
  PREFIXES.forEach((p, i) => map.set(p + suffix, 1024 ** (i + 1)));
  return map;
}

// Base2Bytes tries the IEC suffixes first, then the legacy ones that mean the same powers of two.
const IEC_UNITS = unitMap('iB');
const LEGACY_UNITS = unitMap('B');

/** Parses a Base2Bytes size to bytes (may be negative, as in Go); throws with the units library's message. */
export function parseBase2Bytes(text: string): number {
  try {
    return parseUnits(text, IEC_UNITS);
  } catch {
    return parseUnits(text, LEGACY_UNITS);
  }
}

function parseUnits(orig: string, units: Map<string, number>): number {
  let s = orig;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new Error(`units: invalid ${orig}`);
  let total = 0;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const whole = m[1]!;
    const fraction = m[2];
    if (whole === '' && (fraction === undefined || fraction === '')) throw new Error(`units: invalid ${orig}`);
    const value = Number(whole || '0') + (fraction ? Number(`0.${fraction}`) : 0);
    s = s.slice(m[0].length);
    const unitEnd = s.search(/[.0-9]/);
    const unit = unitEnd < 0 ? s : s.slice(0, unitEnd);
    s = unitEnd < 0 ? '' : s.slice(unitEnd);
    const scale = units.get(unit);
    if (scale === undefined) throw new Error(`units: unknown unit ${unit} in ${orig}`);
    total += value * scale;
  }
  if (total > 2 ** 63 - 1) throw new Error('units: overflow parsing unit');
  return Math.trunc(negative ? -total : total);
}

/** Prints bytes the way Base2Bytes.String does (`15MiB`, `1GiB512MiB`, `0B`). */
export function formatBase2Bytes(bytes: number): string {
  if (bytes === 0) return '0B';
  let rest = Math.abs(bytes);
  let out = bytes < 0 ? '-' : '';
  for (let i = PREFIXES.length - 1; i >= 0; i--) {
    const size = 1024 ** (i + 1);
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${PREFIXES[i]}iB`;
      rest %= size;
    }
  }
  return rest > 0 ? `${out}${rest}B` : out;
}
