/**
 * Prometheus's humanize* template functions, digit for digit: they format with Go's `%.4g`,
 * so `humanize 1234567` is `1.235M` and `humanizeDuration 90` is `1m 30s`.
 */
import { FuncError } from './functions.js';
import { formatGoFloat, GoNumberError, parseGoFloat } from './goFloat.js';
import { floatSecondsToTime } from './goTime.js';
import { goTypeOf, type GoValue } from './values.js';

const g4 = (v: number): string => formatGoFloat(v, 'g', 4);

/** Prometheus's convertToFloat: numbers and numeric strings; anything else fails. */
export function convertToFloat(i: GoValue): number {
  if (typeof i === 'number') return i;
  if (typeof i === 'bigint') return Number(i);
  if (typeof i === 'string') {
    try {
      return parseGoFloat(i);
    } catch (e) {
      if (e instanceof GoNumberError) throw new FuncError(e.message);
      throw e;
    }
  }
  throw new FuncError(`can't convert ${goTypeOf(i)} to float`);
}

const BIG_PREFIXES = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
const SMALL_PREFIXES = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];

/** Scales down by 1000 per SI prefix while |v| < 1 (Prometheus's loop, including its stop after 'y'). */
function smallPrefix(value: number): [number, string] {
  let v = value;
  let prefix = '';
  for (const p of SMALL_PREFIXES) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return [v, prefix];
}

/** `humanize`: SI prefixes, 4 significant digits. */
export function humanize(i: GoValue): string {
  let v = convertToFloat(i);
  if (v === 0 || !Number.isFinite(v)) return g4(v);
  if (Math.abs(v) >= 1) {
    let prefix = '';
    for (const p of BIG_PREFIXES) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return g4(v) + prefix;
  }
  const [scaled, prefix] = smallPrefix(v);
  return g4(scaled) + prefix;
}

/** `humanize1024`: binary prefixes (ki, Mi, …). */
export function humanize1024(i: GoValue): string {
  let v = convertToFloat(i);
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return g4(v);
  let prefix = '';
  for (const p of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
    if (Math.abs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return g4(v) + prefix;
}

/** `humanizeDuration`: seconds as `1d 2h 3m 4s`, or with SI prefixes below a second. */
export function humanizeDuration(i: GoValue): string {
  let v = convertToFloat(i);
  if (!Number.isFinite(v)) return g4(v);
  if (v === 0) return g4(v) + 's';
  if (Math.abs(v) >= 1) {
    let sign = '';
    if (v < 0) {
      sign = '-';
      v = -v;
    }
    // Go's int64(v) truncates, and on amd64 turns anything beyond the int64 range into its minimum.
    const duration = v >= 2 ** 63 ? -(2n ** 63n) : BigInt(Math.trunc(v));
    const seconds = duration % 60n;
    const minutes = (duration / 60n) % 60n;
    const hours = (duration / 3600n) % 24n;
    const days = duration / 86400n;
    if (days !== 0n) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0n) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0n) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${g4(v)}s`;
  }
  const [scaled, prefix] = smallPrefix(v);
  return `${g4(scaled)}${prefix}s`;
}

/** `humanizePercentage`: a ratio as a percentage, 4 significant digits. */
export function humanizePercentage(i: GoValue): string {
  return g4(convertToFloat(i) * 100) + '%';
}

/** `humanizeTimestamp`: Unix seconds as Go prints a UTC time (millisecond precision). */
export function humanizeTimestamp(i: GoValue): string {
  const v = convertToFloat(i);
  if (!Number.isFinite(v)) return g4(v);
  return floatSecondsToTime(v).goString();
}
