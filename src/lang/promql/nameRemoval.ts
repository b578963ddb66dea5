/**
 * Removing the metric name (with `__type__` and `__unit__`) from series that functions and
 * operators marked. With delayed name removal this happens once, when the query ends;
 * without it, after every expression. Series left with equal label sets then merge (when
 * they never meet at a step) or make the query fail, as in Prometheus.
 */
import type { Labels } from '../../model/labels.js';
import { METRIC_METADATA_LABELS } from './grouping.js';
import { duplicateLabelsetError, mergeSameLabels } from './seriesMerge.js';
import type { EvalValue, RangeSeries, StepSeries } from './values.js';

/** The labels without the metric name and the labels that go with it. */
export function withoutMetricName(labels: Labels): Labels {
  return METRIC_METADATA_LABELS.some((n) => labels.has(n)) ? labels.without(...METRIC_METADATA_LABELS) : labels;
}

/** Drops the names marked for removal; equal label sets then merge or fail. */
export function dropMarkedNames(value: EvalValue): EvalValue {
  if (value.type === 'vector') {
    if (!value.series.some((s) => s.dropName)) return value;
    const series = value.series.map((s): StepSeries => (s.dropName ? { ...s, labels: withoutMetricName(s.labels), dropName: false } : s));
    return { type: 'vector', series: mergeSameLabels(series) };
  }
  if (value.type === 'matrix') {
    if (!value.series.some((s) => s.dropName)) return value;
    const series = value.series.map((s): RangeSeries => (s.dropName ? { ...s, labels: withoutMetricName(s.labels), dropName: false } : s));
    const keys = new Set(series.map((s) => s.labels.key));
    if (keys.size !== series.length) throw duplicateLabelsetError();
    return { type: 'matrix', series };
  }
  return value;
}
