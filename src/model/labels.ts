/** A label name/value pair list, immutable and sorted by name, with a canonical string key. */
export type LabelSet = Readonly<Record<string, string>>;

export const METRIC_NAME = '__name__';

const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const LEGACY_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Whether a label name is valid under Prometheus's UTF-8 scheme (non-empty valid UTF-8). */
export function isValidLabelName(name: string): boolean {
  return name.length > 0 && isWellFormedUnicode(name);
}

/** Whether a label name follows the legacy `[a-zA-Z_][a-zA-Z0-9_]*` scheme. */
export function isLegacyLabelName(name: string): boolean {
  return LEGACY_LABEL_NAME.test(name);
}

/** Whether a metric name follows the legacy `[a-zA-Z_:][a-zA-Z0-9_:]*` scheme. */
export function isLegacyMetricName(name: string): boolean {
  return LEGACY_METRIC_NAME.test(name);
}

/** Whether a string has no lone surrogates (the JS view of "valid UTF-8"). */
export function isWellFormedUnicode(s: string): boolean {
  // String.prototype.isWellFormed arrived in Node 20; keep a fallback for typing.
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed();
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Quotes a label value like Go's strconv.Quote does for the common cases. */
export function quoteLabelValue(v: string): string {
  return JSON.stringify(v);
}

/**
 * An immutable, name-sorted set of labels. Empty values are dropped on construction, as in
 * Prometheus, where a label with an empty value is the same as no label.
 */
export class Labels {
  static readonly EMPTY = new Labels([], []);

  private cachedKey: string | undefined;

  private constructor(
    readonly names: readonly string[],
    readonly values: readonly string[],
  ) {}

  /** Builds labels from a plain record; empty values are dropped. */
  static from(record: LabelSet): Labels {
    const names = Object.keys(record).filter((n) => record[n] !== '').sort(compareStrings);
    return new Labels(names, names.map((n) => record[n]!));
  }

  /** Builds labels from parallel name and value arrays (any order; later duplicates win). */
  static fromPairs(names: readonly string[], values: readonly string[]): Labels {
    // Storage and the WAL hand over labels already sorted, distinct and non-empty: taken as they
    // are (copied, as callers may reuse their arrays) instead of re-sorted through a record.
    let canonical = true;
    for (let i = 0; i < names.length && canonical; i++) canonical = values[i] !== '' && (i === 0 || names[i - 1]! < names[i]!);
    if (canonical) return new Labels(names.slice(), values.slice());
    const record: Record<string, string> = {};
    for (let i = 0; i < names.length; i++) record[names[i]!] = values[i]!;
    return Labels.from(record);
  }

  get size(): number {
    return this.names.length;
  }

  /** The value of a label, or '' when absent (Prometheus's convention). */
  get(name: string): string {
    const i = this.indexOf(name);
    return i < 0 ? '' : this.values[i]!;
  }

  has(name: string): boolean {
    return this.indexOf(name) >= 0;
  }

  private indexOf(name: string): number {
    let lo = 0;
    let hi = this.names.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const n = this.names[mid]!;
      if (n === name) return mid;
      if (n < name) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** A copy with one label set (or removed, when value is ''). */
  with(name: string, value: string): Labels {
    const record = this.toRecord();
    record[name] = value;
    return Labels.from(record);
  }

  /** A copy without the given label names. */
  without(...drop: string[]): Labels {
    const record = this.toRecord();
    for (const n of drop) delete record[n];
    return Labels.from(record);
  }

  /** A mutable plain-object copy. */
  toRecord(): Record<string, string> {
    const record: Record<string, string> = {};
    for (let i = 0; i < this.names.length; i++) record[this.names[i]!] = this.values[i]!;
    return record;
  }

  /** A canonical string that is equal for equal label sets: usable as a Map key. */
  get key(): string {
    if (this.cachedKey === undefined) {
      let k = '';
      for (let i = 0; i < this.names.length; i++) k += this.names[i] + '\xff' + this.values[i] + '\xff';
      this.cachedKey = k;
    }
    return this.cachedKey;
  }

  equals(other: Labels): boolean {
    return this === other || this.key === other.key;
  }

  /** Prometheus's text form: `{__name__="up", job="x"}`. */
  toString(): string {
    const parts: string[] = [];
    for (let i = 0; i < this.names.length; i++) parts.push(`${this.names[i]}=${quoteLabelValue(this.values[i]!)}`);
    return `{${parts.join(', ')}}`;
  }

  /** Byte-wise ordering of label sets, name by name then value (Prometheus's labels.Compare). */
  static compare(a: Labels, b: Labels): number {
    const n = Math.min(a.names.length, b.names.length);
    for (let i = 0; i < n; i++) {
      const byName = compareStrings(a.names[i]!, b.names[i]!);
      if (byName !== 0) return byName;
      const byValue = compareStrings(a.values[i]!, b.values[i]!);
      if (byValue !== 0) return byValue;
    }
    return a.names.length - b.names.length;
  }
}
