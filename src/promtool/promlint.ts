/**
 * The metric linter promtool runs (client_golang's promlint): naming conventions for metric and
 * label names, units, type suffixes, help texts and duplicate series, with its exact problem
 * texts, sorted by metric and text as promlint reports them.
 */
import type { MetricFamily } from './metricFamilies.js';

/** One lint finding. */
export interface LintProblem {
  readonly metric: string;
  readonly text: string;
}

// A unit written in a metric name, and the base unit it should be expressed in.
const UNITS: Readonly<Record<string, string>> = {
  amperes: 'amperes', bytes: 'bytes', celsius: 'celsius', grams: 'grams', joules: 'joules', kelvin: 'kelvin',
  meters: 'meters', metres: 'metres', seconds: 'seconds', volts: 'volts',
  minutes: 'seconds', hours: 'seconds', days: 'seconds', weeks: 'seconds',
  kelvins: 'kelvin', fahrenheit: 'celsius', rankine: 'celsius',
  inches: 'meters', yards: 'meters', miles: 'meters',
  bits: 'bytes', calories: 'joules', pounds: 'grams', ounces: 'grams',
};
const UNIT_PREFIXES = ['pico', 'nano', 'micro', 'milli', 'centi', 'deci', 'deca', 'hecto', 'kilo', 'kibi', 'mega', 'mibi', 'giga', 'gibi', 'tera', 'tebi', 'peta', 'pebi'];
const UNIT_ABBREVIATIONS = ['s', 'ms', 'us', 'ns', 'sec', 'b', 'kb', 'mb', 'gb', 'tb', 'pb', 'm', 'h', 'd'];
const CAMEL_CASE = /[a-z][A-Z]/;

function metricUnit(name: string): { unit: string; base: string } | undefined {
  for (const part of name.split('_')) {
    if (UNITS[part] !== undefined) return { unit: part, base: UNITS[part] };
    for (const prefix of UNIT_PREFIXES) {
      const base = part.startsWith(prefix) ? UNITS[part.slice(prefix.length)] : undefined;
      if (base !== undefined) return { unit: part, base };
    }
  }
  return undefined;
}

function lintFamily(f: MetricFamily): string[] {
  const problems: string[] = [];
  const name = f.name;
  const lower = name.toLowerCase();
  const labelNames = f.metrics.flatMap((m) => m.labels.map(([n]) => n));
  if (f.help === undefined) problems.push('no help text');
  const unit = metricUnit(name);
  if (unit !== undefined && unit.unit !== unit.base) problems.push(`use base unit ${JSON.stringify(unit.base)} instead of ${JSON.stringify(unit.unit)}`);
  const total = name.endsWith('_total');
  if (f.type === 'counter' && !total) problems.push('counter metrics should have "_total" suffix');
  else if (f.type !== 'untyped' && f.type !== 'counter' && total) problems.push('non-counter metrics should not have "_total" suffix');
  if (f.type !== 'untyped') {
    const histogram = f.type === 'histogram';
    const summary = f.type === 'summary';
    if (!histogram && name.endsWith('_bucket')) problems.push('non-histogram metrics should not have "_bucket" suffix');
    if (!histogram && !summary && name.endsWith('_count')) problems.push('non-histogram and non-summary metrics should not have "_count" suffix');
    if (!histogram && !summary && name.endsWith('_sum')) problems.push('non-histogram and non-summary metrics should not have "_sum" suffix');
    for (const label of labelNames) {
      if (!histogram && label === 'le') problems.push('non-histogram metrics should not have "le" label');
      if (!summary && label === 'quantile') problems.push('non-summary metrics should not have "quantile" label');
    }
    if (lower.includes(`_${f.type}_`) || lower.endsWith(`_${f.type}`)) problems.push(`metric name should not include type '${f.type}'`);
  }
  if (name.includes(':')) problems.push("metric names should not contain ':'");
  if (CAMEL_CASE.test(name)) problems.push("metric names should be written in 'snake_case' not 'camelCase'");
  for (const label of labelNames) {
    if (CAMEL_CASE.test(label)) problems.push("label names should be written in 'snake_case' not 'camelCase'");
  }
  for (const abbreviation of UNIT_ABBREVIATIONS) {
    if (lower.includes(`_${abbreviation}_`) || lower.endsWith(`_${abbreviation}`)) problems.push('metric names should not contain abbreviated units');
  }
  const seen = new Set<string>();
  for (const m of f.metrics) {
    const key = JSON.stringify(m.labels);
    if (seen.has(key)) problems.push('metric not unique');
    seen.add(key);
  }
  return problems;
}

/** Lints families; the problems are sorted by metric name, then text. */
export function lintMetricFamilies(families: readonly MetricFamily[]): LintProblem[] {
  const problems = families.flatMap((f) => lintFamily(f).map((text) => ({ metric: f.name, text })));
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return problems.sort((a, b) => cmp(a.metric, b.metric) || cmp(a.text, b.text));
}
