/**
 * Times as promtool reads them from flags and files (`--time`, `--start`, `start_timestamp`):
 * a Unix timestamp in seconds (fractions allowed) or an RFC 3339 date, in milliseconds.
 */

// What Go's strconv.ParseFloat accepts in decimal (hex floats and underscores are left out).
const GO_FLOAT = /^[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf(?:inity)?|nan)$/i;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** A time promtool cannot read; the message is promtool's. */
export class TimeParseError extends Error {}

/** promtool's parseTime: Unix seconds or RFC 3339 (with optional fraction), in ms. */
export function parsePromtoolTime(text: string): number {
  if (GO_FLOAT.test(text)) {
    const seconds = Number(text.replace(/^\+/, '').replace(/^(-?)inf(inity)?$/i, '$1Infinity').replace(/^nan$/i, 'NaN'));
    if (Number.isFinite(seconds)) return Math.round(seconds * 1000);
  }
  const m = RFC3339.exec(text);
  if (m !== null) {
    const [, y, mo, d, h, mi, s, frac, zone] = m;
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    const fractionMs = frac === undefined ? 0 : Math.floor(Number(`0${frac}`) * 1000);
    const offsetMs = zone!.toUpperCase() === 'Z' ? 0 : (zone![0] === '-' ? -1 : 1) * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6))) * 60_000;
    if (!Number.isNaN(utc) && Number(mo) >= 1 && Number(mo) <= 12 && Number(d) <= 31 && Number(h) < 24 && Number(mi) < 60 && Number(s) < 60) {
      return utc + fractionMs - offsetMs;
    }
  }
  throw new TimeParseError(`cannot parse ${JSON.stringify(text)} to a valid timestamp`);
}

/** A time as the Prometheus HTTP API client sends it: Unix seconds with the shortest fraction. */
export function formatApiTime(ms: number): string {
  return String(ms / 1000);
}
