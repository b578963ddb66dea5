/**
 * The text of `promtool test rules` failures, as promtool prints them: Go's labels.Labels and
 * time.Duration forms, the `exp:`/`got:` alert lists (indexed, indented) and sample lists with
 * values in `%E` form.
 */
import { formatGoFloat } from '../lang/template/index.js';
import { isLegacyMetricName, Labels } from '../model/labels.js';
import { quoteGoString } from '../model/goString.js';

/** Go's labels.Labels.String(): `{__name__="up", job="x"}`, names quoted when not legacy names. */
export function goLabelsText(labels: Labels): string {
  const parts: string[] = [];
  for (let i = 0; i < labels.names.length; i++) {
    const name = labels.names[i]!;
    parts.push(`${isLegacyMetricName(name) ? name : quoteGoString(name)}=${quoteGoString(labels.values[i]!)}`);
  }
  return `{${parts.join(', ')}}`;
}

/** Go's time.Duration String() for a whole number of milliseconds (`0s`, `500ms`, `1m0s`, `2m59.999s`, `1h0m0s`). */
export function goDurationText(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${rest}ms`;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  return `${sign}${hours > 0 ? `${hours}h` : ''}${hours > 0 || minutes > 0 ? `${minutes}m` : ''}${rest / 1000}s`;
}

/** promtool's indentLines: every line but the first gets the indent. */
export function indentLines(text: string, indent: string): string {
  return text.split('\n').join('\n' + indent);
}

/** An alert as a unit test compares it: its labels and annotations. */
export interface LabelsAndAnnotations {
  readonly labels: Labels;
  readonly annotations: Labels;
}

/** Orders alerts by labels, then annotations (promtool sorts both lists before comparing). */
export function compareAlerts(a: LabelsAndAnnotations, b: LabelsAndAnnotations): number {
  return Labels.compare(a.labels, b.labels) || Labels.compare(a.annotations, b.annotations);
}

/** An alert list as promtool prints it: `[]`, or `[\n0:\n  Labels:{…}\n  Annotations:{…}\n]`. */
export function alertListText(alerts: readonly LabelsAndAnnotations[]): string {
  if (alerts.length === 0) return '[]';
  const entries = alerts.map((a, i) => `${i}:` + indentLines(`\nLabels:${goLabelsText(a.labels)}\nAnnotations:${goLabelsText(a.annotations)}`, '  '));
  return `[\n${entries.join(',\n')}\n]`;
}

/** A sample as a unit test compares it. */
export interface TestSample {
  readonly labels: Labels;
  readonly value: number;
}

/** A sample list as promtool prints it: `{__name__="x"} 1E+00, …`, or `nil` when empty. */
export function sampleListText(samples: readonly TestSample[]): string {
  if (samples.length === 0) return 'nil';
  return samples.map((s) => `${goLabelsText(s.labels)} ${formatGoFloat(s.value, 'E', -1)}`).join(', ');
}

/** One series of a promql.Matrix as Go prints it: `{labels} =>\n1 @[60000]\n…`. */
export function matrixSeriesText(labels: Labels, timestamps: ArrayLike<number>, values: ArrayLike<number>): string {
  const points: string[] = [];
  for (let i = 0; i < timestamps.length; i++) points.push(`${formatGoFloat(values[i]!, 'f', -1)} @[${timestamps[i]}]`);
  return `${goLabelsText(labels)} =>\n${points.join('\n')}`;
}
