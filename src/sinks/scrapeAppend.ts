/**
 * Appends one scrape to storage as Prometheus's scrape loop does: exposition series mapped to
 * refs through the target's cache, target labels attached, metric relabeling on cache misses,
 * staleness markers for vanished series, and the per-scrape report series.
 */
import { Labels, METRIC_NAME } from '../model/labels.js';
import { STALE_NAN } from '../model/staleness.js';
import type { Appender, SeriesRef } from '../model/storage.js';
import { AppendError } from '../storage/appendErrors.js';
import type { CachedSeries, ScrapeCache } from './scrapeCache.js';
import { Entry, type ExpositionParser } from '../lang/exposition/expositionParser.js';

/** How a target's samples are labelled and limited. */
export interface ScrapeAppendSettings {
  /** The target's labels without the `__` ones. */
  readonly targetLabels: Labels;
  readonly honorLabels: boolean;
  readonly honorTimestamps: boolean;
  /** Whether series with explicit timestamps get staleness markers too (track_timestamps_staleness). */
  readonly trackTimestampsStaleness: boolean;
  readonly metricRelabel: (labels: Labels) => Labels | null;
  /** 0 means no limit, for this and the label limits. */
  readonly sampleLimit: number;
  readonly labelLimit: number;
  readonly labelNameLengthLimit: number;
  readonly labelValueLengthLimit: number;
}

/** Counts of one scrape, as the report series give them. */
export interface ScrapeCounts {
  samplesScraped: number;
  samplesPostRelabeling: number;
  seriesAdded: number;
  outOfOrder: number;
  duplicates: number;
}

/** Thrown when a scrape exceeds a limit; the whole scrape fails, as in Prometheus. */
export class ScrapeLimitError extends Error {}

/** Appends the samples an exposition parser yields; throws on a malformed body or a limit. */
export function appendExposition(
  parser: ExpositionParser,
  appender: Appender,
  cache: ScrapeCache,
  settings: ScrapeAppendSettings,
  scrapeTimeMs: number,
): ScrapeCounts {
  const counts: ScrapeCounts = { samplesScraped: 0, samplesPostRelabeling: 0, seriesAdded: 0, outOfOrder: 0, duplicates: 0 };
  const { honorTimestamps, sampleLimit } = settings;
  const trackTimestamped = settings.trackTimestampsStaleness;
  cache.beginScrape(parser.format);
  for (;;) {
    parser.expectSeries(cache.expectedText());
    const entry = parser.next();
    if (entry === Entry.EOF) break;
    if (entry !== Entry.Series) {
      if (entry === Entry.Type) cache.setMetadata(parser.metricFamily(), 'type', parser.metricType());
      else if (entry === Entry.Help) cache.setMetadata(parser.metricFamily(), 'help', parser.helpText());
      else if (entry === Entry.Unit) cache.setMetadata(parser.metricFamily(), 'unit', parser.unit());
      continue;
    }
    counts.samplesScraped++;
    const text = parser.seriesKey();
    const cached = cache.find(text);
    let series: CachedSeries | null = null;
    let labels: Labels | null = null;
    if (cached !== undefined) {
      series = cached.series;
      if (series === null) continue; // dropped by metric relabeling
    } else {
      labels = settings.metricRelabel(mergeTargetLabels(parser.labels(), settings));
      if (!labels) {
        cache.addDropped(text);
        continue;
      }
      // Only new series are checked: a cached series passed these checks when it was added.
      const problem = labelLimitProblem(labels, settings);
      if (problem !== undefined) throw new ScrapeLimitError(problem);
    }
    counts.samplesPostRelabeling++;
    if (sampleLimit > 0 && counts.samplesPostRelabeling > sampleLimit) {
      throw new ScrapeLimitError('sample limit exceeded');
    }
    const explicit = honorTimestamps ? parser.timestamp() : undefined;
    try {
      // A series exposed twice in one body without timestamps has two samples at the scrape's
      // time: a duplicate, as Prometheus reports it. With explicit timestamps storage decides.
      if (explicit === undefined && series !== null && cache.appendedNow(series)) throw new AppendError('duplicate');
      const appended = appender.append(series === null ? 0 : series.ref, labels, explicit ?? scrapeTimeMs, parser.value());
      if (series === null || appended !== series.ref) {
        series = cached === undefined ? cache.add(text, appended) : cache.rebind(cached, appended);
        counts.seriesAdded++;
      }
      cache.markAppended(series, explicit === undefined || trackTimestamped);
    } catch (e) {
      if (!(e instanceof AppendError)) throw e;
      if (e.kind === 'out_of_order') counts.outOfOrder++;
      else if (e.kind === 'duplicate') counts.duplicates++;
      // Storage garbage-collected the cached series: the next scrape adds it again by labels.
      else if (e.kind === 'not_found' && cached !== undefined) cache.remove(cached);
    }
  }
  return counts;
}

/** Go's `%.50s`: at most the first 50 characters. */
function first50(text: string): string {
  return [...text].slice(0, 50).join('');
}

/** Checks a new series against the label limits; returns Prometheus's error text, or undefined. */
export function labelLimitProblem(labels: Labels, limits: Pick<ScrapeAppendSettings, 'labelLimit' | 'labelNameLengthLimit' | 'labelValueLengthLimit'>): string | undefined {
  if (limits.labelLimit === 0 && limits.labelNameLengthLimit === 0 && limits.labelValueLengthLimit === 0) return undefined;
  const metric = first50(labels.get(METRIC_NAME));
  if (limits.labelLimit > 0 && labels.size > limits.labelLimit) {
    return `label_limit exceeded (metric: ${metric}, number of labels: ${labels.size}, limit: ${limits.labelLimit})`;
  }
  for (let i = 0; i < labels.size; i++) {
    const name = labels.names[i]!;
    const value = labels.values[i]!;
    // Go measures strings in bytes.
    const nameLength = Buffer.byteLength(name);
    if (limits.labelNameLengthLimit > 0 && nameLength > limits.labelNameLengthLimit) {
      return `label_name_length_limit exceeded (metric: ${metric}, label name: ${first50(name)}, length: ${nameLength}, limit: ${limits.labelNameLengthLimit})`;
    }
    const valueLength = Buffer.byteLength(value);
    if (limits.labelValueLengthLimit > 0 && valueLength > limits.labelValueLengthLimit) {
      return `label_value_length_limit exceeded (metric: ${metric}, label name: ${first50(name)}, value: ${JSON.stringify(first50(value))}, length: ${valueLength}, limit: ${limits.labelValueLengthLimit})`;
    }
  }
  return undefined;
}

/**
 * Attaches the target's labels to an exposed series. With honor_labels the exposed labels win;
 * otherwise a clashing exposed label is kept as `exported_<name>`.
 */
export function mergeTargetLabels(exposed: Labels, settings: ScrapeAppendSettings): Labels {
  const record = exposed.toRecord();
  const target = settings.targetLabels;
  for (let i = 0; i < target.size; i++) {
    const name = target.names[i]!;
    const value = target.values[i]!;
    if (settings.honorLabels) {
      if (!record[name]) record[name] = value;
      continue;
    }
    const existing = record[name];
    if (existing) {
      let exportedName = `exported_${name}`;
      while (record[exportedName]) exportedName = `exported_${exportedName}`;
      record[exportedName] = existing;
    }
    record[name] = value;
  }
  return Labels.from(record);
}

/** Appends staleness markers for the series of the previous scrape that this one lacked. */
export function appendStalenessMarkers(appender: Appender, cache: ScrapeCache, t: number): number {
  let n = 0;
  for (const ref of cache.vanished()) {
    try {
      appender.append(ref, null, t, STALE_NAN);
      n++;
    } catch (e) {
      if (!(e instanceof AppendError)) throw e;
    }
  }
  return n;
}

/** The outcome of a scrape that the report series describe. */
export interface ScrapeReport {
  readonly up: boolean;
  readonly durationSeconds: number;
  readonly counts: ScrapeCounts;
}

const REPORT_NAMES = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added'] as const;

/** Appends Prometheus's report series for one scrape, caching their refs on the target. */
export function appendReportSeries(appender: Appender, reportRefs: Map<string, SeriesRef>, targetLabels: Labels, t: number, report: ScrapeReport): void {
  const values: Record<(typeof REPORT_NAMES)[number], number> = {
    up: report.up ? 1 : 0,
    scrape_duration_seconds: report.durationSeconds,
    scrape_samples_scraped: report.counts.samplesScraped,
    scrape_samples_post_metric_relabeling: report.counts.samplesPostRelabeling,
    scrape_series_added: report.counts.seriesAdded,
  };
  for (const name of REPORT_NAMES) {
    const ref = reportRefs.get(name) ?? 0;
    const labels = ref === 0 ? targetLabels.with(METRIC_NAME, name) : null;
    try {
      reportRefs.set(name, appender.append(ref, labels, t, values[name]));
    } catch (e) {
      if (!(e instanceof AppendError)) throw e;
      if (e.kind === 'not_found') reportRefs.delete(name);
    }
  }
}

/** Counts with every field zero: the report of a failed scrape. */
export function emptyCounts(): ScrapeCounts {
  return { samplesScraped: 0, samplesPostRelabeling: 0, seriesAdded: 0, outOfOrder: 0, duplicates: 0 };
}
