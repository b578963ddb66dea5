/**
 * Label matching over any postings index (the head's in memory, or postings a query prefetched
 * from a persisted partition): intersect what positive matchers include, then subtract what
 * negative ones exclude, starting from the smallest list.
 */
import type { Matcher } from '../../model/matcher.js';
import { planMatcher, type MatcherPlan } from './matcherPlan.js';
import { intersect, subtract, unionAll } from './refList.js';

/** Read access to a postings index. */
export interface PostingsReader {
  /** The sorted refs of series with `name="value"`, or undefined when there are none. */
  get(name: string, value: string): Uint32Array | undefined;
  /** The values of a label that start with `prefix` (every value for ''). */
  valuesWithPrefix(name: string, prefix: string): Iterable<string>;
  /** The sorted refs of every series. */
  all(): Uint32Array;
}

function listsOf(plan: Extract<MatcherPlan, { name: string }>, reader: PostingsReader): Uint32Array[] {
  const lists: Uint32Array[] = [];
  if (plan.op === 'include' || plan.op === 'exclude') {
    for (const v of plan.values) {
      const l = reader.get(plan.name, v);
      if (l && l.length > 0) lists.push(l);
    }
  } else {
    for (const v of reader.valuesWithPrefix(plan.name, plan.prefix)) {
      if (!plan.accept(v)) continue;
      const l = reader.get(plan.name, v);
      if (l && l.length > 0) lists.push(l);
    }
  }
  return lists;
}

/** Sorted refs of the series matching every matcher. */
export function selectPostings(matchers: readonly Matcher[], reader: PostingsReader): Uint32Array {
  return selectPlanned(matchers.map(planMatcher), reader);
}

/** `selectPostings` for matchers already planned. */
export function selectPlanned(plans: readonly MatcherPlan[], reader: PostingsReader): Uint32Array {
  if (plans.some((p) => p.op === 'none')) return new Uint32Array(0);
  // Intersect the smallest inclusions first: each step gallops the (short) result through the
  // next list. Exclusions apply last, to the fewest refs.
  const included: Uint32Array[] = [];
  for (const plan of plans) if (plan.op === 'include' || plan.op === 'includeWhere') included.push(unionAll(listsOf(plan, reader)));
  included.sort((a, b) => a.length - b.length);
  let result: Uint32Array | undefined;
  for (const refs of included) {
    result = result === undefined ? refs : intersect(result, refs);
    if (result.length === 0) return result;
  }
  for (const plan of plans) {
    if (plan.op === 'exclude' || plan.op === 'excludeWhere') result = subtract(result ?? reader.all(), unionAll(listsOf(plan, reader)));
  }
  return result ?? reader.all();
}
