/**
 * Prometheus durations (`5m`, `1h30m`, `2w`, `1y`, `0`), parsed to and printed from milliseconds
 * with the rules and messages of Prometheus's `model.ParseDuration`/`Duration.String`; used by
 * the config, the flags, the API parameters and PromQL alike.
 */

// Largest unit first: a duration must list its units in this order.
const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['y', 365 * 24 * 3600_000],
  ['w', 7 * 24 * 3600_000],
  ['d', 24 * 3600_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

// Go's time.Duration counts nanoseconds in an int64, which bounds every duration.
const MAX_MS = Math.floor((2 ** 63 - 1) / 1e6);

/** Parses a duration to milliseconds; throws with Prometheus's message when it is not valid. */
export function parseDuration(text: string): number {
  if (text === '0') return 0;
  if (text === '') throw new Error('empty duration string');
  const invalid = (): Error => new Error(`not a valid duration string: ${JSON.stringify(text)}`);
  let rest = text;
  let total = 0;
  let lastUnit = -1;
  while (rest !== '') {
    const digits = /^[0-9]+/.exec(rest)?.[0];
    if (digits === undefined) throw invalid();
    rest = rest.slice(digits.length);
    const unitText = /^[^0-9]*/.exec(rest)![0];
    if (unitText === '') throw invalid();
    rest = rest.slice(unitText.length);
    const unit = UNITS.findIndex(([name]) => name === unitText);
    if (unit < 0) throw new Error(`unknown unit ${JSON.stringify(unitText)} in duration ${JSON.stringify(text)}`);
    if (unit <= lastUnit) throw invalid();
    lastUnit = unit;
    total += Number(digits) * UNITS[unit]![1];
    if (total > MAX_MS) throw new Error('duration out of range');
  }
  return total;
}

/** Prints milliseconds like Prometheus (`1h30m`, `90d`, `0s`); years and weeks only when they divide evenly. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.trunc(ms);
  let out = '';
  for (const [unit, size] of UNITS) {
    if ((unit === 'y' || unit === 'w') && rest % size !== 0) continue;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
