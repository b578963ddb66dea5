/**
 * time.Time as templates see it (from toTime and humanizeTimestamp): printed in Go's default
 * form (`2015-06-23 13:19:44.128 +0000 UTC`), with the methods users call on it. Times are UTC,
 * as Prometheus makes them.
 */
import { FuncError } from './functions.js';
import { formatGoFloat } from './goFloat.js';
import { GoOpaque, type GoMethod, type GoValue } from './values.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** A UTC instant with nanosecond precision: `seconds` since the epoch plus `nanos` in [0, 1e9). */
export class GoTime extends GoOpaque {
  readonly goType = '*time.Time';

  constructor(
    readonly seconds: bigint,
    readonly nanos: number,
  ) {
    super();
  }

  /** From Unix milliseconds (Prometheus's model.Time). */
  static fromMillis(ms: bigint): GoTime {
    let s = ms / 1000n;
    let rem = Number(ms % 1000n);
    if (rem < 0) {
      s -= 1n;
      rem += 1000;
    }
    return new GoTime(s, rem * 1_000_000);
  }

  private date(): Date {
    return new Date(Number(this.seconds) * 1000);
  }

  /** Go's Time.Format with a reference-time layout. */
  format(layout: string): string {
    return formatLayout(this.date(), this.nanos, layout);
  }

  /** Go's Time.String(). */
  goString(): string {
    return this.format('2006-01-02 15:04:05.999999999 -0700 MST');
  }

  override method(name: string): GoMethod | undefined {
    const ns = this.seconds * 1_000_000_000n + BigInt(this.nanos);
    switch (name) {
      case 'Unix':
        return { params: [], call: () => this.seconds };
      case 'UnixMilli':
        return { params: [], call: () => ns / 1_000_000n - (ns < 0n && ns % 1_000_000n !== 0n ? 1n : 0n) };
      case 'UnixNano':
        return { params: [], call: () => ns };
      case 'UTC':
      case 'Local':
        return { params: [], call: () => this };
      case 'String':
        return { params: [], call: () => this.goString() };
      case 'Format':
        return { params: ['string'], call: (layout: GoValue) => this.format(layout as string) };
      case 'Year':
        return { params: [], call: () => BigInt(this.date().getUTCFullYear()) };
      case 'Day':
        return { params: [], call: () => BigInt(this.date().getUTCDate()) };
      case 'Hour':
        return { params: [], call: () => BigInt(this.date().getUTCHours()) };
      case 'Minute':
        return { params: [], call: () => BigInt(this.date().getUTCMinutes()) };
      case 'Second':
        return { params: [], call: () => BigInt(this.date().getUTCSeconds()) };
    }
    return undefined;
  }
}

// Layout elements, longest first so that "January" wins over "Jan" and "2006" over "2".
const ELEMENTS = [
  'January', 'Monday', '2006', '-07:00:00', 'Z07:00:00', '-0700', '-07:00', 'Z0700', 'Z07:00', '-07', 'Z07',
  'Jan', 'Mon', 'MST', '002', '__2', '_2', '01', '02', '03', '04', '05', '06', '15', 'PM', 'pm', '1', '2', '3', '4', '5',
];

function formatLayout(d: Date, nanos: number, layout: string): string {
  let out = '';
  let i = 0;
  while (i < layout.length) {
    const frac = /^[.,](0+|9+)(?![0-9])/.exec(layout.slice(i));
    if (frac) {
      const digits = String(nanos).padStart(9, '0').slice(0, frac[1]!.length);
      if (frac[1]![0] === '0') out += '.' + digits;
      else {
        const trimmed = digits.replace(/0+$/, '');
        if (trimmed !== '') out += '.' + trimmed;
      }
      i += frac[0].length;
      continue;
    }
    const element = ELEMENTS.find((e) => layout.startsWith(e, i));
    if (element === undefined) {
      out += layout[i];
      i++;
      continue;
    }
    out += formatElement(d, element);
    i += element.length;
  }
  return out;
}

function formatElement(d: Date, element: string): string {
  const hour = d.getUTCHours();
  switch (element) {
    case 'January': return MONTHS[d.getUTCMonth()]!;
    case 'Jan': return MONTHS[d.getUTCMonth()]!.slice(0, 3);
    case 'Monday': return DAYS[d.getUTCDay()]!;
    case 'Mon': return DAYS[d.getUTCDay()]!.slice(0, 3);
    case '2006': return pad(d.getUTCFullYear(), 4);
    case '06': return pad(d.getUTCFullYear() % 100, 2);
    case '01': return pad(d.getUTCMonth() + 1, 2);
    case '1': return String(d.getUTCMonth() + 1);
    case '02': return pad(d.getUTCDate(), 2);
    case '_2': return String(d.getUTCDate()).padStart(2, ' ');
    case '2': return String(d.getUTCDate());
    case '002': case '__2': {
      const start = Date.UTC(d.getUTCFullYear(), 0, 1);
      const yday = Math.floor((d.getTime() - start) / 86_400_000) + 1;
      return element === '002' ? pad(yday, 3) : String(yday).padStart(3, ' ');
    }
    case '15': return pad(hour, 2);
    case '03': return pad(hour % 12 === 0 ? 12 : hour % 12, 2);
    case '3': return String(hour % 12 === 0 ? 12 : hour % 12);
    case '04': return pad(d.getUTCMinutes(), 2);
    case '4': return String(d.getUTCMinutes());
    case '05': return pad(d.getUTCSeconds(), 2);
    case '5': return String(d.getUTCSeconds());
    case 'PM': return hour >= 12 ? 'PM' : 'AM';
    case 'pm': return hour >= 12 ? 'pm' : 'am';
    case 'MST': return 'UTC';
    case '-0700': return '+0000';
    case '-07:00': return '+00:00';
    case '-07': return '+00';
    case '-07:00:00': return '+00:00:00';
    default: return 'Z'; // the Z… forms print Z for UTC
  }
}

/** Converts float seconds to a GoTime with Prometheus's millisecond truncation (floatToTime). */
export function floatSecondsToTime(v: number): GoTime {
  const ns = v * 1e9;
  if (ns > 9223372036854775807 || ns < -9223372036854775808) {
    throw new FuncError(`${formatGoFloat(v, 'g', -1)} cannot be represented as a nanoseconds timestamp since it overflows int64`);
  }
  return GoTime.fromMillis(BigInt(Math.trunc(ns)) / 1_000_000n);
}
