/**
 * label_replace and label_join: rewrite one label of every series. They keep the metric name
 * (and may even set it, which cancels a pending name removal); series that end up identical
 * are merged when they never meet at a step, else the query fails as in Prometheus.
 */
import { isValidLabelName, METRIC_NAME } from '../../../model/labels.js';
import { compileAnchoredRe2WithGroups } from '../../../model/re2.js';
import { expandTemplate } from '../../../model/regexTemplate.js';
import { QueryError } from '../queryError.js';
import { mergeSameLabels } from '../seriesMerge.js';
import type { StepSeries, VectorValue } from '../values.js';

/** label_replace(v, dst, replacement, src, regex). */
export function labelReplace(series: readonly StepSeries[], dst: string, replacement: string, src: string, regex: string): VectorValue {
  let compiled: { regexp: RegExp; groupNames: readonly string[] };
  try {
    compiled = compileAnchoredRe2WithGroups(regex);
  } catch {
    throw new QueryError('execution', `invalid regular expression in label_replace(): ${regex}`);
  }
  if (!isValidLabelName(dst)) throw new QueryError('execution', `invalid destination label name in label_replace(): ${dst}`);
  const out = series.map((s) => {
    const match = compiled.regexp.exec(s.labels.get(src));
    if (match === null) return s;
    const value = expandTemplate(replacement, match, compiled.groupNames);
    return { ...s, labels: s.labels.with(dst, value), dropName: dst === METRIC_NAME ? false : s.dropName };
  });
  return { type: 'vector', series: mergeSameLabels(out) };
}

/** label_join(v, dst, separator, src...). */
export function labelJoin(series: readonly StepSeries[], dst: string, separator: string, sources: readonly string[]): VectorValue {
  if (!isValidLabelName(dst)) throw new QueryError('execution', `invalid destination label name in label_join(): ${dst}`);
  for (const src of sources) {
    if (!isValidLabelName(src)) throw new QueryError('execution', `invalid source label name in label_join(): ${src}`);
  }
  const out = series.map((s) => {
    const value = sources.map((src) => s.labels.get(src)).join(separator);
    return { ...s, labels: s.labels.with(dst, value), dropName: dst === METRIC_NAME ? false : s.dropName };
  });
  return { type: 'vector', series: mergeSameLabels(out) };
}
