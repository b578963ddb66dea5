/**
 * The canonical OpenMetrics spelling of a float, and the label-value normalisation Prometheus 3
 * applies with it: a classic histogram's `le` and a summary's `quantile` are rewritten to that
 * spelling (`le="1"` becomes `le="1.0"`), so that the same bucket exposed as `1`, `1.0` or `1e0`
 * is one series.
 */
import type { MetricType } from './expositionParser.js';
import { formatGoFloat } from './expositionWriter.js';

/**
 * Prometheus's formatOpenMetricsFloat: Go's shortest form with `.0` appended when it has neither
 * a `.` nor an exponent, so integers read as floats (`1.0`, `-3.0`, `1e+06`); ±0 is `0.0`.
 */
export function formatOpenMetricsFloat(f: number): string {
  if (f === 0) return '0.0';
  const s = formatGoFloat(f);
  if (f !== f || f === Infinity || f === -Infinity) return s;
  return s.includes('.') || s.includes('e') ? s : s + '.0';
}

// What Go's strconv.ParseFloat accepts, minus hex floats (no exporter writes a bound in hex).
const GO_DECIMAL_FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?)$|^[nN][aA][nN]$/;

/** The label whose value Prometheus normalises for a family of this type, if any. */
export function normalizedLabelFor(type: MetricType): string | undefined {
  return type === 'histogram' ? 'le' : type === 'summary' ? 'quantile' : undefined;
}

/**
 * A label value rewritten as Prometheus's normalizeFloatsInLabelValues does for `le`/`quantile`:
 * a value that parses as a float gets its canonical spelling, anything else stays as written.
 */
export function normalizeFloatLabelValue(value: string): string {
  if (!GO_DECIMAL_FLOAT.test(value)) return value;
  const f = Number(/^[+-]?[iI]/.test(value) ? (value.charCodeAt(0) === 0x2d ? -Infinity : Infinity) : /^[nN]/.test(value) ? NaN : value);
  // Go reports a decimal that overflows a double as an error, so such a value stays as written.
  if ((f === Infinity || f === -Infinity) && !/[iI]/.test(value)) return value;
  return formatOpenMetricsFloat(f);
}
