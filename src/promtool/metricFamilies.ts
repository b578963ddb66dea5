/**
 * Groups an exposition body into metric families the way Go's expfmt.TextParser does for
 * promtool: `_bucket`/`_sum`/`_count` lines join a declared histogram or summary, one "metric"
 * per label set (without `le`/`quantile`), every other line its own metric. Lines are read by
 * the project's text-format parser; only the grouping is done here.
 */
import { Entry, PrometheusTextParser } from '../lang/exposition/index.js';

/** A family's declared type (untyped when there is no TYPE line). */
export type FamilyType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

/** One metric of a family: its labels as the family holds them. */
export interface FamilyMetric {
  /** Name/value pairs, without `__name__` (and without `le`/`quantile` for histograms/summaries). */
  readonly labels: ReadonlyArray<readonly [string, string]>;
  /** Histograms: distinct `le` bounds; summaries: distinct quantiles. */
  readonly points: Set<string>;
}

/** A metric family. */
export interface MetricFamily {
  readonly name: string;
  type: FamilyType;
  help: string | undefined;
  readonly metrics: FamilyMetric[];
}

/** A body that is not valid text format; the message is expfmt-like. */
export class MetricFamilyError extends Error {}

function baseName(name: string, suffixes: readonly string[]): string | undefined {
  for (const s of suffixes) if (name.endsWith(s)) return name.slice(0, -s.length);
  return undefined;
}

/** Parses a text-format body into families, in the order they first appear; empty families are dropped. */
export function parseMetricFamilies(body: string): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  const familyOf = (name: string): MetricFamily => {
    let f = byName.get(name);
    if (f === undefined) {
      f = { name, type: 'untyped', help: undefined, metrics: [] };
      byName.set(name, f);
    }
    return f;
  };
  const parser = new PrometheusTextParser(body);
  const grouped = new Map<MetricFamily, Map<string, FamilyMetric>>();
  try {
    for (let entry = parser.next(); entry !== Entry.EOF; entry = parser.next()) {
      if (entry === Entry.Help) {
        const f = familyOf(parser.metricFamily());
        if (f.help !== undefined) throw new MetricFamilyError(`second HELP line for metric name ${JSON.stringify(f.name)}`);
        f.help = parser.helpText();
      } else if (entry === Entry.Type) {
        const f = familyOf(parser.metricFamily());
        if (f.type !== 'untyped' || f.metrics.length > 0) {
          throw new MetricFamilyError(`second TYPE line for metric name ${JSON.stringify(f.name)}, or TYPE reported after samples`);
        }
        const t = parser.metricType();
        f.type = t === 'counter' || t === 'gauge' || t === 'histogram' || t === 'summary' ? t : 'untyped';
      } else if (entry === Entry.Series) {
        addSample(parser.labels().toRecord(), byName, familyOf, grouped);
      }
    }
  } catch (e) {
    if (e instanceof MetricFamilyError) throw e;
    throw new MetricFamilyError((e as Error).message);
  }
  return [...byName.values()].filter((f) => f.metrics.length > 0);
}

function addSample(
  record: Record<string, string>,
  byName: Map<string, MetricFamily>,
  familyOf: (name: string) => MetricFamily,
  grouped: Map<MetricFamily, Map<string, FamilyMetric>>,
): void {
  const name = record['__name__'] ?? '';
  let family = byName.get(name);
  let point: string | undefined;
  if (family === undefined) {
    const summary = byName.get(baseName(name, ['_sum', '_count']) ?? '\0');
    const histogram = byName.get(baseName(name, ['_sum', '_count', '_bucket']) ?? '\0');
    if (summary?.type === 'summary') family = summary;
    else if (histogram?.type === 'histogram') {
      family = histogram;
      if (name.endsWith('_bucket')) point = record['le'] ?? '';
    } else family = familyOf(name);
  } else if (family.type === 'summary' && name === family.name) {
    point = record['quantile'] ?? '';
  }
  const aggregated = family.type === 'histogram' || family.type === 'summary';
  const labels = Object.entries(record)
    .filter(([k]) => k !== '__name__' && !(aggregated && (k === 'le' || k === 'quantile')))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!aggregated) {
    family.metrics.push({ labels, points: new Set() });
    return;
  }
  // Histograms and summaries gather their lines into one metric per label set.
  let metrics = grouped.get(family);
  if (metrics === undefined) grouped.set(family, (metrics = new Map()));
  const key = JSON.stringify(labels);
  let metric = metrics.get(key);
  if (metric === undefined) {
    metric = { labels, points: new Set() };
    metrics.set(key, metric);
    family.metrics.push(metric);
  }
  if (point !== undefined) metric.points.add(point);
}

/** promtool's cardinality of a family: its series count (histograms and summaries add `_sum` and `_count`). */
export function familyCardinality(f: MetricFamily): number {
  if (f.type === 'histogram' || f.type === 'summary') return f.metrics.length * (2 + (f.metrics[0]?.points.size ?? 0));
  return f.metrics.length;
}
