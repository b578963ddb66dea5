/** Writes samples in the Prometheus text format 0.0.4 the way Go's expfmt does (used by /federate). */
/** A float as Go's strconv.FormatFloat(v, 'g', -1, 64): exponent form below 1e-4 and from 1e6 on. */
export function formatGoFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa, exponentText] = v.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${digits}`;
  }
  return v.toString();
}

/** A label value escaped for the text format: backslash, double quote and newline. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** One sample line, `name{a="b"} value timestamp`, with the label pairs in the order given. */
export function sampleLine(name: string, pairs: ReadonlyArray<readonly [string, string]>, value: number, timestampMs?: number): string {
  const block = pairs.length > 0 ? `{${pairs.map(([n, v]) => `${n}="${escapeLabelValue(v)}"`).join(',')}}` : '';
  return `${name}${block} ${formatGoFloat(value)}${timestampMs === undefined ? '' : ` ${timestampMs}`}\n`;
}
