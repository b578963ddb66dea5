/**
 * Turning the label offsets a parser recorded for one line into a Labels value. Parsers only
 * record `[start, end)` pairs while scanning (no strings, no objects); this runs when a caller
 * asks for the labels, which a scrape cache keyed by the raw series text avoids in steady state.
 */
import { isWellFormedUnicode, Labels, METRIC_NAME } from '../../model/labels.js';
import { unescapeLabelValue } from './escapes.js';
import { normalizeFloatLabelValue } from './openMetricsFloat.js';
import { goQuote } from './parseError.js';

/**
 * Offsets into a body: `[0]`/`[1]` bound the metric name (-1 when absent), then each label is
 * four numbers (name start, name end, value start, value end), quotes excluded, escapes in place.
 */
export interface LabelOffsets {
  readonly offsets: readonly number[];
  /** How many entries of `offsets` belong to the current line (2 + 4 per label). */
  readonly count: number;
}

/**
 * The labels of a series line with `__name__`, escapes decoded. `normalize` names the label
 * (`le` or `quantile`) whose float value gets its canonical spelling. Throws what `fail` makes of
 * the problems Prometheus rejects when it appends the sample: an empty metric name, a repeated
 * label name, an empty label name, and (`checkNames`, for bodies with lone surrogates) a name
 * that is not valid UTF-8.
 */
export function decodeSeriesLabels(
  body: string,
  where: LabelOffsets,
  seriesKey: string,
  normalize: string | undefined,
  checkNames: boolean,
  fail: (detail: string) => Error,
): Labels {
  const o = where.offsets;
  const metricName = unescapeLabelValue(body.slice(o[0]!, o[1]!));
  if (metricName === '') throw fail(`metric name must not be empty in ${goQuote(seriesKey)}`);
  if (checkNames && !isWellFormedUnicode(metricName)) throw fail(`invalid metric name in ${goQuote(seriesKey)}`);
  const names: string[] = [METRIC_NAME];
  const values: string[] = [metricName];
  for (let k = 2; k < where.count; k += 4) {
    const name = unescapeLabelValue(body.slice(o[k]!, o[k + 1]!));
    let value = unescapeLabelValue(body.slice(o[k + 2]!, o[k + 3]!));
    if (names.includes(name)) throw fail(`label name ${goQuote(name)} is not unique in ${goQuote(seriesKey)}`);
    if (name === '' && value !== '') throw fail(`empty label name in ${goQuote(seriesKey)}`);
    if (checkNames && !isWellFormedUnicode(name)) throw fail(`invalid label name ${goQuote(name)} in ${goQuote(seriesKey)}`);
    if (name === normalize) value = normalizeFloatLabelValue(value);
    names.push(name);
    values.push(value);
  }
  return Labels.fromPairs(names, values);
}

/**
 * An exemplar's labels from offsets laid out as above but without a metric name (label pairs
 * from index 0). Prometheus keeps exemplar label text as written, escapes and all, and so does
 * this: decoding here would store different exemplars than Prometheus for the same body.
 */
export function decodeExemplarLabels(body: string, where: LabelOffsets): Labels {
  const o = where.offsets;
  const names: string[] = [];
  const values: string[] = [];
  for (let k = 0; k < where.count; k += 4) {
    names.push(body.slice(o[k]!, o[k + 1]!));
    values.push(body.slice(o[k + 2]!, o[k + 3]!));
  }
  return Labels.fromPairs(names, values);
}
