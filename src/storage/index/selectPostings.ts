/**
 * Label matching over any postings index (the head's in memory, or postings a query prefetched
 * from a persisted partition): intersect what positive matchers include, then subtract what
 * negative ones exclude, starting from the most selective lookup.
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
  const plans = matchers.map(planMatcher);
  if (plans.some((p) => p.op === 'none')) return new Uint32Array(0);
  // Direct lookups first (cheap, usually selective), scans after, subtractions last.
  const order = { include: 0, includeWhere: 1, exclude: 2, excludeWhere: 3, skip: 4, none: 5 } as const;
  plans.sort((a, b) => order[a.op] - order[b.op]);
  let result: Uint32Array | undefined;
  for (const plan of plans) {
    if (plan.op === 'skip' || plan.op === 'none') continue;
    if (result !== undefined && result.length === 0) break;
    const lists = listsOf(plan, reader);
    if (plan.op === 'include' || plan.op === 'includeWhere') {
      const union = unionAll(lists);
      result = result === undefined ? union : intersect(result, union);
    } else {
      result = subtract(result ?? reader.all(), unionAll(lists));
    }
  }
  return result ?? reader.all();
}
