/**
 * The fast path for the series part of the OpenMetrics line nearly every exporter writes:
 * `name` or `name{a="v",b="w"}` with plain label names and values free of backslashes, NULs and
 * newlines. It scans with charCodeAt and a class table instead of the lexer's per-token dispatch.
 * For anything else it reports failure, and the caller parses the line from its start with the
 * general path, which therefore alone decides what is accepted and how errors read.
 */
import { isLabelStart, isMetricStart } from './openMetricsLexer.js';

/** Where a plain series part ended; reused across lines so that scanning allocates nothing. */
export interface PlainSeriesScan {
  /** Offsets used in `offsets` (2 + 4 per label), as in LabelOffsets. */
  count: number;
  /** Index of the closing `}`, or -1 when the name had no label block. */
  close: number;
  /** Index one past the series part (the name, or the `}`). */
  end: number;
  /**
   * The next backslash, newline and NUL at or after the last label value scanned (the body's
   * length when there is none); -1 to start. Each is searched for only when the scan has passed
   * it, so over a whole body they cost one pass each.
   */
  backslash: number;
  newline: number;
  nul: number;
}

function indexOrEnd(body: string, ch: string, from: number): number {
  const i = body.indexOf(ch, from);
  return i < 0 ? body.length : i;
}

/**
 * Scans the series part at `start` into `offsets` (metric name, then label pairs) and `scan`.
 * `labelsAllowed` is false for bodies with lone surrogates, whose label values need the general
 * path's UTF-8 check. Returns false, with `scan` unchanged, when the line is not plain.
 */
export function scanPlainSeries(body: string, start: number, labelsAllowed: boolean, offsets: number[], scan: PlainSeriesScan): boolean {
  const b = body;
  let c = b.charCodeAt(start);
  if (!isMetricStart(c)) return false;
  let i = start + 1;
  // Range tests written out: this loop and the label-name loop below are the hottest of a scrape.
  for (c = b.charCodeAt(i); (c >= 0x61 && c <= 0x7a) || c === 0x5f || (c >= 0x30 && c <= 0x3a) || (c >= 0x41 && c <= 0x5a); c = b.charCodeAt(++i));
  const nameEnd = i;
  if (c !== 0x7b) {
    offsets[0] = start;
    offsets[1] = nameEnd;
    scan.count = 2;
    scan.close = -1;
    scan.end = nameEnd;
    return true;
  }
  if (!labelsAllowed) return false;
  const o = offsets;
  let n = 2;
  c = b.charCodeAt(++i);
  while (c !== 0x7d) {
    const pairStart = i;
    if (!isLabelStart(c)) return false;
    for (c = b.charCodeAt(++i); (c >= 0x61 && c <= 0x7a) || c === 0x5f || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a); c = b.charCodeAt(++i));
    if (c !== 0x3d || b.charCodeAt(i + 1) !== 0x22) return false;
    // indexOf finds the closing quote natively; the value must not hold a backslash (escapes need
    // the general path), a newline (not allowed) or a NUL (which Go's lexer steps over).
    const from = i + 2;
    const j = b.indexOf('"', from);
    if (j < 0) return false;
    if (scan.newline < from) scan.newline = indexOrEnd(b, '\n', from);
    if (scan.backslash < from) scan.backslash = indexOrEnd(b, '\\', from);
    if (scan.nul < from) scan.nul = indexOrEnd(b, '\u0000', from);
    if (scan.newline < j || scan.backslash < j || scan.nul < j) return false;
    o[n] = pairStart;
    o[n + 1] = i;
    o[n + 2] = i + 2;
    o[n + 3] = j;
    n += 4;
    c = b.charCodeAt(j + 1);
    if (c === 0x2c) c = b.charCodeAt((i = j + 2));
    else if (c === 0x7d) i = j + 1;
    else return false; // includes a NUL after the quote, which the general path steps over
  }
  o[0] = start;
  o[1] = nameEnd;
  scan.count = n;
  scan.close = i;
  scan.end = i + 1;
  return true;
}
