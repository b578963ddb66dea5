import type { Labels } from './labels.js';
import type { Matcher } from './matcher.js';

/** A storage-assigned series reference; 0 means "not known yet, use the labels". */
export type SeriesRef = number;

/**
 * Collects samples for one atomic commit. `append` returns the series ref, which the caller
 * caches so that later appends of the same series skip label handling.
 */
export interface Appender {
  append(ref: SeriesRef, labels: Labels | null, t: number, v: number): SeriesRef;
  /** Makes the batch durable (WAL) and queryable; resolves once acknowledged. */
  commit(): Promise<void>;
  /** Drops everything appended since the last commit. */
  rollback(): void;
}

/** Something that hands out appenders: the TSDB, or a fan-out of storages. */
export interface Appendable {
  appender(): Appender;
}

/** The samples of one series within a selected time range, sorted by time. */
export interface SeriesSamples {
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  readonly length: number;
  /**
   * Per-sample start timestamps (ms; NaN or 0 where unknown), when the storage keeps them
   * (Prometheus's `st-storage`). rate/increase/irate/resets use them to see counter restarts.
   */
  readonly startTimestamps?: Float64Array;
}

/** One selected series. */
export interface Series {
  readonly labels: Labels;
  samples(): SeriesSamples;
}

/** Hints a query engine gives a Queryable about what it will do with the selection. */
export interface SelectHints {
  readonly start: number;
  readonly end: number;
  readonly step?: number;
  readonly func?: string;
}

/**
 * Read access to stored series. Selection is async (the data may live on disk); the result is
 * materialised so that evaluation over it is synchronous and fast.
 */
export interface Queryable {
  /** Series matching every matcher with samples in [mint, maxt] (ms), sorted by labels. */
  select(matchers: readonly Matcher[], mint: number, maxt: number, hints?: SelectHints): Promise<Series[]>;
  /** Sorted label names of series matching the matchers (all series when none are given). */
  labelNames(mint: number, maxt: number, matchers?: readonly Matcher[]): Promise<string[]>;
  /** Sorted values of a label among series matching the matchers. */
  labelValues(name: string, mint: number, maxt: number, matchers?: readonly Matcher[]): Promise<string[]>;
}
