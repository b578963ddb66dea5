/**
 * The pull-parser seam shared by the exposition formats (Prometheus text 0.0.4 and OpenMetrics
 * 1.0): the scrape loop drives any of them the same way, one entry at a time, without an object
 * per sample.
 */
import type { Labels } from '../../model/labels.js';

/**
 * What `next()` found. Numeric so the scrape hot path compares small integers, not strings, and
 * with `EOF` as 0 so that `while (parser.next())` loops to the end. Only OpenMetrics has `Unit`
 * lines, and only the Prometheus text format has free comments (`Comment`).
 */
export const Entry = {
  EOF: 0,
  Series: 1,
  Type: 2,
  Help: 3,
  Comment: 4,
  Unit: 5,
} as const;

/** One of the `Entry` constants. */
export type EntryType = (typeof Entry)[keyof typeof Entry];

/** The metric types a `# TYPE` line may name in the Prometheus text format. */
export type TextMetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

/** Every metric type an exposition format can declare (OpenMetrics adds the last four). */
export type MetricType = TextMetricType | 'gaugehistogram' | 'stateset' | 'info' | 'unknown';

/** An OpenMetrics exemplar: a labelled example observation attached to one sample. */
export interface Exemplar {
  /** The exemplar's labels, as written (Prometheus keeps their escapes undecoded). */
  readonly labels: Labels;
  readonly value: number;
  /** Milliseconds, when the exemplar carries a timestamp. */
  readonly timestamp?: number;
}

/** The exposition formats promstream parses. */
export type ExpositionFormat = 'text' | 'openmetrics';

/**
 * A pull parser over one scrape body. Accessors describe the entry returned by the latest `next()`
 * and are only meaningful for that entry type; errors are thrown as `ExpositionParseError`.
 */
export interface ExpositionParser {
  /** The format this parser reads: series texts of one format mean nothing to another's parser. */
  readonly format: ExpositionFormat;
  /**
   * Hints the series text the next series line most likely has: one that `seriesKey()` of a
   * parser of the same format returned for an earlier body (a scrape cache's guess). A parser
   * may then compare instead of scanning the label block; `seriesKey()` returns this very
   * string when the guess was right. Parsers are free to ignore the hint.
   */
  expectSeries(seriesText: string | undefined): void;
  /** Advances to the next entry; returns `Entry.EOF` at the end (and on every later call). */
  next(): EntryType;
  /** Whether the latest entry is a series (a sample line). */
  isSeries(): boolean;
  /** Series: the metric name and label block exactly as written, for use as a cache key. */
  seriesKey(): string;
  /** Series: the parsed label set including `__name__` (parsed on demand, so cache it). */
  labels(): Labels;
  /** Series: the sample value. */
  value(): number;
  /** Series: the sample timestamp in milliseconds, or undefined when the line has none. */
  timestamp(): number | undefined;
  /** Type/Help/Unit: the metric family the metadata line is about. */
  metricFamily(): string;
  /** Type: the declared metric type. */
  metricType(): MetricType;
  /** Help: the help text, unescaped. */
  helpText(): string;
  /** Comment: the whole comment line, starting at `#`. */
  comment(): string;
  /** Unit: the declared unit (OpenMetrics `# UNIT`; empty when the line gives none). */
  unit(): string;
  /** Series: the exemplar on the sample line, decoded now; undefined when there is none. */
  exemplar(): Exemplar | undefined;
  /**
   * Series: the created timestamp in milliseconds from the family's matching `_created` line
   * (OpenMetrics counters, summaries and histograms), found by looking ahead; undefined if none.
   */
  createdTimestamp(): number | undefined;
}
