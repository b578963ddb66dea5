/**
 * How aggregations partition series: `by (a, b)` keeps only those labels, `without (a, b)`
 * drops them and the metric name (with `__type__`/`__unit__`). Series labels are fixed over a
 * query, so each series' group is computed once, not per step.
 */
import { Labels, METRIC_NAME } from '../../model/labels.js';
import type { StepSeries } from './values.js';

/** Labels that go together with the metric name. */
export const METRIC_METADATA_LABELS = [METRIC_NAME, '__type__', '__unit__'];

/** The labels of the group a series falls into. */
export function groupLabels(labels: Labels, grouping: readonly string[], without: boolean): Labels {
  if (without) return labels.without(...grouping, ...METRIC_METADATA_LABELS);
  const record: Record<string, string> = {};
  for (const name of grouping) {
    const v = labels.get(name);
    if (v !== '') record[name] = v;
  }
  return Labels.from(record);
}

/** A group of series: its labels and the indexes of its members in the input. */
export interface SeriesGroup {
  readonly labels: Labels;
  readonly members: number[];
  /** Whether any member has its metric name marked for removal. */
  dropName: boolean;
}

/** Partitions series into groups, in order of each group's first member. */
export function groupSeries(series: readonly StepSeries[], grouping: readonly string[], without: boolean): SeriesGroup[] {
  const groups = new Map<string, SeriesGroup>();
  series.forEach((s, i) => {
    const labels = groupLabels(s.labels, grouping, without);
    let g = groups.get(labels.key);
    if (g === undefined) {
      g = { labels, members: [], dropName: false };
      groups.set(labels.key, g);
    }
    g.members.push(i);
    g.dropName ||= s.dropName;
  });
  return [...groups.values()];
}
