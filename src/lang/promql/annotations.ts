/**
 * Warnings and infos a query returns next to its data, worded as Prometheus 3 words them and
 * located like its HTTP API shows them: the message, then ` (<line>:<column>)` of the
 * sub-expression the annotation is about (1-based line, 1-based byte column).
 */
import { goQuote } from './quoting.js';
import type { PositionRange } from './ast.js';

const encoder = new TextEncoder();

/** Collects a query's annotations; identical messages are reported once, in first-seen order. */
export class Annotations {
  // Created, and the query encoded, on the first annotation: most queries have none, and doing it
  // for every query showed in a cheap query's profile.
  private warningSet: Set<string> | undefined;
  private infoSet: Set<string> | undefined;
  private queryBytes: Uint8Array | undefined;

  /** `query` is the query text, used to turn byte offsets into line:column (single line assumed without it). */
  constructor(private readonly query?: string) {}

  /** `line:column` of a byte offset in the query. */
  location(pos: PositionRange): string {
    if (this.query === undefined) return `1:${pos.start + 1}`;
    this.queryBytes ??= encoder.encode(this.query);
    const bytes = this.queryBytes;
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < pos.start && i < bytes.length; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    return `${line}:${pos.start - lineStart + 1}`;
  }

  /** Adds `PromQL warning: <text> (<position>)`. */
  warn(text: string, pos: PositionRange): void {
    (this.warningSet ??= new Set()).add(`PromQL warning: ${text} (${this.location(pos)})`);
  }

  /** Adds `PromQL info: <text> (<position>)`. */
  info(text: string, pos: PositionRange): void {
    (this.infoSet ??= new Set()).add(`PromQL info: ${text} (${this.location(pos)})`);
  }

  get warnings(): string[] {
    return this.warningSet === undefined ? [] : [...this.warningSet];
  }

  get infos(): string[] {
    return this.infoSet === undefined ? [] : [...this.infoSet];
  }
}

/** Prometheus's annotation texts (without the `PromQL warning:`/`PromQL info:` prefix). */
export const annotationText = {
  possibleNonCounter: (metric: string): string =>
    `metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${goQuote(metric)}`,
  invalidQuantile: (q: number): string => `quantile value should be between 0 and 1, got ${formatGoFloat(q)}`,
  invalidRatio: (r: number, capped: number): string =>
    `ratio value should be between -1 and 1, got ${formatGoFloat(r)}, capping to ${formatGoFloat(capped)}`,
  badBucketLabel: (le: string, metric: string): string =>
    `bucket label "le" is missing or has a malformed value of ${goQuote(le)} for metric name ${goQuote(metric)}`,
  histogramQuantileForcedMonotonicity: (metric: string): string =>
    `input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name ${goQuote(metric)}`,
  // The same text for sort, sort_desc and sort_by_label(_desc).
  sortInRangeQuery: 'sort is ineffective for range queries since results are always ordered by labels',
  startTimeOverlap: (metric: string): string => `sample has start time that overlaps with previous sample timestamp for metric ${goQuote(metric)}`,
};

/** Formats a float like Go's `%g` (shortest digits; exponent form below 1e-4 and from 1e6 on), as annotations print values. */
export function formatGoFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa, e] = v.toExponential().split('e') as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(v);
}
