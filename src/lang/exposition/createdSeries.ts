/**
 * OpenMetrics `_created` lines: which families have them, and how Prometheus decides that a
 * `foo_created{…}` line belongs to the sample at hand, so that its value (the time the series
 * started counting) becomes that sample's created timestamp.
 */
import type { MetricType } from './expositionParser.js';
import type { LabelOffsets } from './seriesLabels.js';

const CREATED = '_created';

/** Whether samples of this type have a created timestamp (Prometheus's typeRequiresCT). */
export function typeHasCreated(type: MetricType): boolean {
  return type === 'counter' || type === 'summary' || type === 'histogram';
}

/** Whether a raw metric name is a `_created` series name (longer than the suffix alone is not required). */
export function isCreatedSeriesName(name: string): boolean {
  return name.endsWith(CREATED);
}

/**
 * What a sample and its `_created` line have in common: the raw label names and values (minus a
 * histogram's `le` and a summary's `quantile`) and the family name. It concatenates them without
 * separators, exactly as Prometheus feeds its hash, so the same pairs match (and, in contrived
 * bodies, collide) as they do in Prometheus.
 */
export function createdSeriesIdentity(body: string, where: LabelOffsets, type: MetricType, familyName: string): string {
  const skipped = type === 'summary' ? 'quantile' : type === 'histogram' ? 'le' : undefined;
  const o = where.offsets;
  let identity = '';
  for (let k = 2; k < where.count; k += 4) {
    const name = body.slice(o[k]!, o[k + 1]!);
    if (name === skipped) continue;
    identity += name + body.slice(o[k + 2]!, o[k + 3]!);
  }
  return identity + familyName;
}
