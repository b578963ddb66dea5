/**
 * info(v, {data selector}): enriches each series with the data labels of the info series
 * (`target_info` unless the selector names others) that share its identifying labels
 * (`instance`, `job`). The info series are read through a selector synthesised from the call,
 * evaluated with the base selector's `@` and offset; where several info series of one metric
 * match, the one with the newest sample wins.
 */
import { Labels, METRIC_NAME } from '../../../model/labels.js';
import { Matcher } from '../../../model/matcher.js';
import { childrenOf, type Call, type Expr, type VectorSelector } from '../ast.js';
import type { Evaluator } from '../evaluator.js';
import { QueryError } from '../queryError.js';
import { emptyStepSeries, type StepSeries, type VectorValue } from '../values.js';
import { evalVectorSelector } from '../vectorSelectors.js';

const TARGET_INFO = 'target_info';
const IDENTIFYING_LABELS = ['instance', 'job'];

const infoSelectors = new WeakMap<Call, VectorSelector>();

function dataMatchersOf(call: Call): readonly Matcher[] {
  const selector = call.args[1];
  return selector !== undefined && selector.kind === 'VectorSelector' ? selector.matchers : [];
}

/**
 * The matchers on the info metric's name: `target_info` when none are given; only names ending
 * in `_info` when all given ones are negative (an info metric is named `*_info`).
 */
function nameMatchersOf(call: Call): Matcher[] {
  const named = dataMatchersOf(call).filter((m) => m.name === METRIC_NAME);
  if (named.length === 0) return [new Matcher('=', METRIC_NAME, TARGET_INFO)];
  if (!named.some((m) => m.type === '=' || m.type === '=~')) return [...named, new Matcher('=~', METRIC_NAME, '.+_info')];
  return named;
}

/** When the base expression reads its samples: a fixed `@` time (ms) or none, and the offset, composed through subqueries. */
function baseReference(e: Expr): { at?: number; offsetMs: number } | undefined {
  switch (e.kind) {
    case 'VectorSelector':
      return e.at?.kind === 'timestamp' ? { at: e.at.ms, offsetMs: e.offsetMs } : { offsetMs: e.offsetMs };
    case 'MatrixSelector':
      return baseReference(e.selector);
    case 'SubqueryExpr': {
      const inner = baseReference(e.expr);
      if (inner === undefined || inner.at !== undefined) return inner;
      const offsetMs = inner.offsetMs + e.offsetMs;
      return e.at?.kind === 'timestamp' ? { at: e.at.ms, offsetMs } : { offsetMs };
    }
    default:
      for (const child of childrenOf(e)) {
        const found = baseReference(child);
        if (found !== undefined) return found;
      }
      return undefined;
  }
}

/**
 * The selector that reads the info series of an `info()` call (the same node every time, so
 * that prefetching and evaluation agree). It carries the name and data-label matchers, and
 * reads as of the same time as the base expression's selector (its `@` and offsets).
 */
export function infoSelectorFor(call: Call): VectorSelector {
  let vs = infoSelectors.get(call);
  if (vs !== undefined) return vs;
  const matchers = [...nameMatchersOf(call), ...dataMatchersOf(call).filter((m) => m.name !== METRIC_NAME)];
  const ref = baseReference(call.args[0]!) ?? { offsetMs: 0 };
  vs = { kind: 'VectorSelector', name: '', matchers, offsetMs: ref.offsetMs, pos: call.pos, ...(ref.at === undefined ? {} : { at: { kind: 'timestamp' as const, ms: ref.at } }) };
  infoSelectors.set(call, vs);
  return vs;
}

// The join key of a series for one info metric: that metric's name plus the identifying labels.
function signature(infoName: string, labels: Labels): string {
  let key = infoName;
  for (const l of IDENTIFYING_LABELS) key += `\xff${l}\xff${labels.get(l)}`;
  return key;
}

/** Evaluates `info(v, selector)`. */
export function evalInfo(ev: Evaluator, call: Call): VectorValue {
  const base = ev.evalVector(call.args[0]!);
  const allData = dataMatchersOf(call);
  const nameMatchers = nameMatchersOf(call);
  const dataMatchers = allData.filter((m) => m.name !== METRIC_NAME);
  const dataNames = new Set(dataMatchers.map((m) => m.name));
  const allMatchEmpty = dataMatchers.every((m) => m.matches(''));
  // A series that is itself one of the info series asked for is not enriched.
  const ignored = base.map((s) => nameMatchers.every((m) => m.matches(s.labels.get(METRIC_NAME))));
  // Only info series sharing identifying label values with some base series can join.
  const wanted = new Map<string, Set<string>>();
  base.forEach((s, i) => {
    if (ignored[i]) return;
    for (const l of IDENTIFYING_LABELS) {
      const v = s.labels.get(l);
      if (v === '') continue;
      if (!wanted.has(l)) wanted.set(l, new Set());
      wanted.get(l)!.add(v);
    }
  });
  const info = wanted.size === 0 ? [] : evalVectorSelector(ev, infoSelectorFor(call), 'timestamp').filter((s) => [...wanted].every(([l, values]) => values.has(s.labels.get(l))));
  const infoNames = [...new Set(info.map((s) => s.labels.get(METRIC_NAME)))];
  const infoSigs = info.map((s) => signature(s.labels.get(METRIC_NAME), s.labels));
  const out = new Map<string, StepSeries>();
  for (let k = 0; k < ev.stepCount; k++) {
    // The newest info sample per join key; equal sample times of two series are a conflict.
    const latest = new Map<string, StepSeries>();
    info.forEach((s, i) => {
      if (s.present[k] === 0) return;
      const existing = latest.get(infoSigs[i]!);
      if (existing === undefined || existing.values[k]! < s.values[k]!) latest.set(infoSigs[i]!, s);
      else if (existing.values[k] === s.values[k]) {
        throw new QueryError('execution', `found duplicate series for info metric: existing ${existing.labels.toString()} @ ${existing.values[k]! * 1000}, new ${s.labels.toString()} @ ${s.values[k]! * 1000}`);
      }
    });
    base.forEach((s, i) => {
      if (s.present[k] === 0) return;
      let labels = s.labels;
      if (!ignored[i]) {
        const added = new Map<string, string>();
        let matched = false;
        for (const name of infoNames) {
          const is = latest.get(signature(name, s.labels));
          if (is === undefined) continue;
          matched = true;
          for (let j = 0; j < is.labels.names.length; j++) {
            const ln = is.labels.names[j]!;
            const lv = is.labels.values[j]!;
            if (ln === METRIC_NAME || (dataNames.size > 0 && !dataNames.has(ln))) continue;
            const prior = added.get(ln);
            if (prior !== undefined && prior !== lv) throw new QueryError('execution', `conflicting label: ${ln}`);
            if (s.labels.has(ln)) continue;
            added.set(ln, lv);
          }
        }
        // Without a matching info series, a data matcher that needs a value drops the series.
        if (!matched && !allMatchEmpty) return;
        if (added.size > 0) labels = Labels.from({ ...s.labels.toRecord(), ...Object.fromEntries(added) });
      }
      let target = out.get(labels.key);
      if (target === undefined) {
        target = emptyStepSeries(labels, s.dropName, ev.stepCount);
        out.set(labels.key, target);
      } else if (target.present[k] === 1) {
        throw new QueryError('execution', 'vector cannot contain metrics with the same labelset');
      }
      target.values[k] = s.values[k]!;
      target.present[k] = 1;
    });
  }
  return { type: 'vector', series: [...out.values()] };
}
