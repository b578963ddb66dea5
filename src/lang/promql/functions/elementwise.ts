/**
 * Functions applied to each sample of an instant vector on its own: the math and trigonometric
 * functions, clamping, rounding and the calendar functions (`hour(v)`, `month()`, …). They all
 * mark the metric name for removal, since the value no longer measures the metric.
 */
import { Labels } from '../../../model/labels.js';
import type { Evaluator } from '../evaluator.js';
import { emptyStepSeries, type StepSeries, type VectorValue } from '../values.js';

/** The one-argument math functions, by name. */
export const MATH_FUNCTIONS: Readonly<Record<string, (v: number) => number>> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  sqrt: Math.sqrt,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sgn: (v) => (v > 0 ? 1 : v < 0 ? -1 : v),
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  deg: (v) => (v * 180) / Math.PI,
  rad: (v) => (v * Math.PI) / 180,
};

/** Applies `f(value, step)` to every point; the result marks the metric name for removal. */
export function mapVector(series: readonly StepSeries[], f: (v: number, k: number) => number): VectorValue {
  return {
    type: 'vector',
    series: series.map((s) => {
      const values = new Float64Array(s.values.length);
      for (let k = 0; k < values.length; k++) if (s.present[k] === 1) values[k] = f(s.values[k]!, k);
      return { labels: s.labels, dropName: true, values, present: s.present };
    }),
  };
}

/** clamp(v, min, max): no output at steps where max < min. */
export function clamp(series: readonly StepSeries[], min: Float64Array, max: Float64Array): VectorValue {
  return {
    type: 'vector',
    series: series
      .map((s) => {
        const out = emptyStepSeries(s.labels, true, s.values.length);
        for (let k = 0; k < out.values.length; k++) {
          if (s.present[k] === 0 || max[k]! < min[k]!) continue;
          out.values[k] = Math.max(min[k]!, Math.min(max[k]!, s.values[k]!));
          out.present[k] = 1;
        }
        return out;
      })
      .filter((s) => s.present.includes(1)),
  };
}

/** round(v, to_nearest): ties round up; the inverse is used as Prometheus does, for fewer rounding artefacts. */
export function round(v: number, toNearest: number): number {
  const inverse = 1 / toNearest;
  return Math.floor(v * inverse + 0.5) / inverse;
}

const DATE_PARTS: Readonly<Record<string, (d: Date) => number>> = {
  day_of_month: (d) => d.getUTCDate(),
  day_of_week: (d) => d.getUTCDay(),
  day_of_year: (d) => {
    const startOfYear = Date.UTC(d.getUTCFullYear(), 0, 1);
    return Math.floor((d.getTime() - startOfYear) / 86_400_000) + 1;
  },
  days_in_month: (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate(),
  hour: (d) => d.getUTCHours(),
  minute: (d) => d.getUTCMinutes(),
  month: (d) => d.getUTCMonth() + 1,
  year: (d) => d.getUTCFullYear(),
};

/** Whether a name is one of the calendar functions. */
export function isDateFunction(name: string): boolean {
  return name in DATE_PARTS;
}

// Seconds since the epoch as a date; like Go's time.Unix(int64(v), 0), fractions are dropped.
function dateOf(seconds: number): Date {
  return new Date(Math.trunc(seconds) * 1000);
}

/** A calendar function of each sample's value, or of the evaluation time when called without arguments. */
export function dateFunction(ev: Evaluator, name: string, series: readonly StepSeries[] | undefined): VectorValue {
  const part = DATE_PARTS[name]!;
  if (series === undefined) {
    const out = emptyStepSeries(Labels.EMPTY, false, ev.stepCount);
    for (let k = 0; k < ev.stepCount; k++) {
      out.values[k] = part(dateOf(Math.trunc(ev.stepTime(k) / 1000)));
      out.present[k] = 1;
    }
    return { type: 'vector', series: [out] };
  }
  return mapVector(series, (v) => part(dateOf(v)));
}
