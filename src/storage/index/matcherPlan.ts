/**
 * Turns a label matcher into a plan over a postings index: which label values' postings to
 * intersect with, or to subtract, and whether those values are named up front (a direct lookup)
 * or found by scanning the label's values (optionally only those with a prefix).
 */
import type { Matcher } from '../../model/matcher.js';
import { regexShape } from './regexShape.js';

/** How one matcher narrows a set of series. */
export type MatcherPlan =
  /** Accepts every series, with or without the label. */
  | { readonly op: 'skip' }
  /** Accepts no series. */
  | { readonly op: 'none' }
  /** Keeps series carrying one of the listed values. */
  | { readonly op: 'include'; readonly name: string; readonly values: readonly string[] }
  /** Keeps series carrying a value (among those with the prefix) that `accept` takes. */
  | { readonly op: 'includeWhere'; readonly name: string; readonly prefix: string; readonly accept: (v: string) => boolean }
  /** Drops series carrying one of the listed values. */
  | { readonly op: 'exclude'; readonly name: string; readonly values: readonly string[] }
  /** Drops series carrying a value (among those with the prefix) that `accept` takes. */
  | { readonly op: 'excludeWhere'; readonly name: string; readonly prefix: string; readonly accept: (v: string) => boolean };

const anyValue = (): boolean => true;

/** The plan of one matcher, using regex fast paths where the pattern allows. */
export function planMatcher(m: Matcher): MatcherPlan {
  const name = m.name;
  switch (m.type) {
    case '=':
      // `x=""` means "no x label": drop every series that has one.
      return m.value === '' ? { op: 'excludeWhere', name, prefix: '', accept: anyValue } : { op: 'include', name, values: [m.value] };
    case '!=':
      return m.value === '' ? { op: 'includeWhere', name, prefix: '', accept: anyValue } : { op: 'exclude', name, values: [m.value] };
    case '=~':
    case '!~': {
      const positive = m.type === '=~';
      const shape = regexShape(m.value);
      switch (shape.kind) {
        case 'any':
          return positive ? { op: 'skip' } : { op: 'none' };
        case 'nonEmpty':
          // Stored values are never empty, so "non-empty" is "has the label".
          return positive ? { op: 'includeWhere', name, prefix: '', accept: anyValue } : { op: 'excludeWhere', name, prefix: '', accept: anyValue };
        case 'literals': {
          const set = new Set(shape.values);
          if (!set.has('')) return positive ? { op: 'include', name, values: [...set] } : { op: 'exclude', name, values: [...set] };
          return positive
            ? { op: 'excludeWhere', name, prefix: '', accept: (v) => !set.has(v) }
            : { op: 'includeWhere', name, prefix: '', accept: (v) => !set.has(v) };
        }
        case 'prefix': {
          const p = shape.prefix;
          const accept = (v: string): boolean => v.startsWith(p);
          return positive ? { op: 'includeWhere', name, prefix: p, accept } : { op: 'excludeWhere', name, prefix: p, accept };
        }
        case 'general': {
          // Every value the regex matches starts with the prefix: the plan can look at those
          // values only when it tests for the regex matching (`=~` that rejects "", `!~` that takes it).
          const prefix = positive === m.matchesEmpty ? '' : shape.prefix;
          return m.matchesEmpty
            ? { op: 'excludeWhere', name, prefix, accept: (v) => !m.matches(v) }
            : { op: 'includeWhere', name, prefix, accept: (v) => m.matches(v) };
        }
      }
    }
  }
}
