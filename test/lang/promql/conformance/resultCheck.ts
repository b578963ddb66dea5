/**
 * Comparing a query result with a script's expectation (README §1.9): series identity by full
 * label set, values with Prometheus's float tolerance, matrices sorted by labels.
 */
import type { MatrixSeries, QueryResult } from '../../../../src/lang/promql/queryResult.js';
import { Labels } from '../../../../src/model/labels.js';
import { isStaleNaN } from '../../../../src/model/staleness.js';
import type { EvalCommand, Expectation } from './scriptParser.js';
import { slotValue, type SeriesLine } from '../../../../src/lang/seriesNotation.js';

const MIN_NORMAL = 2.2250738585072014e-308;
const EPSILON = 1e-6;

/** Float equality of the upstream harness: NaN equals NaN, stale equals stale, else relative 1e-6 (exact near zero). */
export function floatEquals(expected: number, actual: number): boolean {
  if (isStaleNaN(expected) || isStaleNaN(actual)) return isStaleNaN(expected) && isStaleNaN(actual);
  if (Number.isNaN(expected) && Number.isNaN(actual)) return true;
  if (expected === actual) return true;
  const diff = Math.abs(expected - actual);
  const sum = Math.abs(expected) + Math.abs(actual);
  if (expected === 0 || actual === 0 || sum < MIN_NORMAL) return diff < EPSILON * MIN_NORMAL;
  return diff / Math.min(sum, Number.MAX_VALUE) < EPSILON;
}

/** Evaluation times of a range. */
export interface Steps {
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
}

function expectedPoints(line: SeriesLine, steps: Steps): [number, number][] {
  const count = Math.floor((steps.endMs - steps.startMs) / steps.stepMs) + 1;
  if (line.values.length > count) throw new Error(`more values than steps for ${line.labels.toString()}`);
  const points: [number, number][] = [];
  line.values.forEach((slot, k) => {
    const v = slotValue(slot);
    if (v !== undefined) points.push([steps.startMs + k * steps.stepMs, v]);
  });
  return points;
}

/** Describes how a matrix differs from the expected lines, or undefined when it matches. */
export function checkMatrix(expected: readonly SeriesLine[], series: readonly MatrixSeries[], steps: Steps): string | undefined {
  for (let i = 1; i < series.length; i++) {
    if (Labels.compare(series[i - 1]!.labels, series[i]!.labels) >= 0) return `matrix not sorted by labels at ${series[i]!.labels.toString()}`;
  }
  const wanted = new Map(expected.map((line) => [line.labels.key, line]));
  for (const s of series) {
    const line = wanted.get(s.labels.key);
    if (line === undefined) return `unexpected series ${s.labels.toString()}`;
    wanted.delete(s.labels.key);
    const points = expectedPoints(line, steps);
    const got = Array.from(s.timestamps, (t, i) => `${t}:${s.values[i]}`).join(' ');
    const want = points.map(([t, v]) => `${t}:${v}`).join(' ');
    if (points.length !== s.timestamps.length) return `${s.labels.toString()}: expected points ${want}, got ${got}`;
    for (let i = 0; i < points.length; i++) {
      const [t, v] = points[i]!;
      if (s.timestamps[i] !== t || !floatEquals(v, s.values[i]!)) return `${s.labels.toString()}: expected points ${want}, got ${got}`;
    }
  }
  const missing = [...wanted.values()].filter((line) => line.values.some((v) => v.kind !== 'omitted'));
  return missing.length > 0 ? `missing series ${missing.map((l) => l.labels.toString()).join(', ')}` : undefined;
}

function checkVector(cmd: EvalCommand, result: QueryResult): string | undefined {
  if (result.type === 'matrix' && cmd.results.length === 0 && result.series.length === 0) return undefined;
  if (result.type !== 'vector') return `expected an instant vector, got a ${result.type}`;
  const wanted = new Map(cmd.results.map((line, i) => [line.labels.key, { line, i }]));
  if (result.samples.length !== cmd.results.length) {
    const got = result.samples.map((s) => `${s.labels.toString()} ${s.v}`).join('; ');
    return `expected ${cmd.results.length} series, got ${result.samples.length}: ${got}`;
  }
  for (const [position, sample] of result.samples.entries()) {
    const entry = wanted.get(sample.labels.key);
    if (entry === undefined) return `unexpected series ${sample.labels.toString()} ${sample.v}`;
    const expected = slotValue(entry.line.values[0] ?? { kind: 'omitted' });
    if (expected === undefined || !floatEquals(expected, sample.v)) return `${sample.labels.toString()}: expected ${expected}, got ${sample.v}`;
    if (cmd.ordered && entry.i !== position) return `${sample.labels.toString()} at position ${position}, expected ${entry.i}`;
  }
  return undefined;
}

/** Describes how an instant or range result differs from the eval's expectation. */
export function checkResult(cmd: EvalCommand, result: QueryResult): string | undefined {
  if (cmd.string !== undefined) {
    return result.type === 'string' && result.v === cmd.string ? undefined : `expected string ${JSON.stringify(cmd.string)}, got ${JSON.stringify(result)}`;
  }
  if (cmd.scalar !== undefined) {
    if (result.type !== 'scalar') return `expected scalar ${cmd.scalar}, got a ${result.type}`;
    return floatEquals(cmd.scalar, result.v) ? undefined : `expected scalar ${cmd.scalar}, got ${result.v}`;
  }
  const steps = cmd.range ?? cmd.rangeVector;
  if (steps !== undefined) {
    if (result.type !== 'matrix') return `expected a matrix, got a ${result.type}`;
    return checkMatrix(cmd.results, result.series, steps);
  }
  return checkVector(cmd, result);
}

function matches(text: string, e: Expectation): boolean {
  if (e.msg !== undefined) return text === e.msg;
  if (e.regex !== undefined) return e.regex.test(text);
  return true;
}

/** Checks `expect fail` against an error message. */
export function checkFailure(expected: Expectation, message: string): string | undefined {
  return matches(message, expected) ? undefined : `error ${JSON.stringify(message)} does not match ${expected.msg ?? String(expected.regex)}`;
}

/** Checks warn/info/no_warn/no_info expectations against returned annotations. */
export function checkAnnotations(kind: string, expected: readonly Expectation[], none: boolean, got: readonly string[]): string | undefined {
  if (none && got.length > 0) return `expected no ${kind}, got ${got.join('; ')}`;
  if (expected.length === 0) return undefined;
  if (got.length === 0) return `expected a ${kind} annotation, got none`;
  for (const e of expected) if (!got.some((a) => matches(a, e))) return `no ${kind} matches ${e.msg ?? String(e.regex)}`;
  for (const a of got) if (!expected.some((e) => matches(a, e))) return `unexpected ${kind}: ${a}`;
  return undefined;
}
