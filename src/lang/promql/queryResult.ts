/**
 * What a query returns, shaped like the `data` of Prometheus's query API: an instant vector, a
 * scalar, a string, or a matrix (range queries and range-vector instant queries), plus the
 * warning and info annotations that accompany it.
 */
import type { Labels } from '../../model/labels.js';

/** One sample of an instant vector; `t` is the evaluation time, not the stored sample's time. */
export interface VectorSample {
  readonly labels: Labels;
  readonly t: number;
  readonly v: number;
}

/** One series of a matrix, its points sorted by time. */
export interface MatrixSeries {
  readonly labels: Labels;
  readonly timestamps: readonly number[] | Float64Array;
  readonly values: readonly number[] | Float64Array;
}

/** Annotations Prometheus returns next to the data. */
export interface Annotations {
  readonly warnings: string[];
  readonly infos: string[];
}

/** The result of an instant or range query. */
export type QueryResult =
  | ({ readonly type: 'vector'; readonly samples: VectorSample[] } & Annotations)
  | ({ readonly type: 'scalar'; readonly t: number; readonly v: number } & Annotations)
  | ({ readonly type: 'string'; readonly t: number; readonly v: string } & Annotations)
  | ({ readonly type: 'matrix'; readonly series: MatrixSeries[] } & Annotations);
