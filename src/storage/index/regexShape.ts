/**
 * Recognises the regex shapes that label matchers use most, so that the postings index can answer
 * them without running a regex over every label value (Prometheus's FastRegexMatcher does the
 * same): `.*`, `.+`, literal alternations `a|b|c`, and prefixes `foo.*`. Matchers compile with
 * `.` matching newlines, so `.*` really is "anything" and `.+` "anything non-empty". For any
 * other pattern, the literal text it starts with narrows the values to test (`host4.:9100` only
 * needs the values starting with `host4`).
 */

/** What a fully anchored pattern accepts, when it is one of the recognised shapes. */
export type RegexShape =
  | { readonly kind: 'any' }
  | { readonly kind: 'nonEmpty' }
  | { readonly kind: 'literals'; readonly values: readonly string[] }
  | { readonly kind: 'prefix'; readonly prefix: string }
  /** Any other pattern; every string it matches starts with `prefix` (maybe ''). */
  | { readonly kind: 'general'; readonly prefix: string };

const META = new Set([...'\\.+*?()|[]{}^$']);

/** Classifies an RE2 pattern (as written in a matcher, without anchors). */
export function regexShape(pattern: string): RegexShape {
  if (pattern === '.*' || pattern === '(?s:.*)') return { kind: 'any' };
  if (pattern === '.+' || pattern === '(?s:.+)') return { kind: 'nonEmpty' };
  if (pattern.endsWith('.*') && !pattern.endsWith('\\.*')) {
    const prefix = literalText(pattern.slice(0, -2));
    if (prefix !== undefined) return prefix === '' ? { kind: 'any' } : { kind: 'prefix', prefix };
  }
  const values: string[] = [];
  for (const alternative of splitAlternatives(pattern)) {
    const literal = literalText(alternative);
    if (literal === undefined) return { kind: 'general', prefix: literalPrefix(pattern) };
    values.push(literal);
  }
  return { kind: 'literals', values };
}

/** Splits on top-level `|` (none inside escapes); a group or class anywhere makes it general. */
function splitAlternatives(pattern: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') i++;
    else if (c === '|') {
      out.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  out.push(pattern.slice(start));
  return out;
}

/**
 * The literal string a pattern piece matches, or undefined when it has any regex operator.
 * An escaped punctuation character (`\.`, `\-`) is that character; escaped letters and digits
 * are classes or special escapes (`\d`, `\Q`) and make the piece non-literal.
 */
function literalText(piece: string): string | undefined {
  let out = '';
  for (let i = 0; i < piece.length; i++) {
    const c = piece[i]!;
    if (c === '\\') {
      const next = piece[i + 1];
      if (next === undefined || /[0-9A-Za-z]/.test(next)) return undefined;
      out += next;
      i++;
    } else if (META.has(c)) {
      return undefined;
    } else {
      out += c;
    }
  }
  return out;
}

const QUANTIFIERS = new Set(['*', '?', '{']);

/**
 * The literal text every match of a pattern starts with: the leading literal characters, up to
 * the first operator, less the last one when a quantifier may repeat it zero times. A top-level
 * alternation anywhere means there is none (any `|` is treated as one: cheap and safe).
 */
function literalPrefix(pattern: string): string {
  const chars: string[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = String.fromCodePoint(pattern.codePointAt(i)!);
    if (c === '\\') {
      const next = pattern.codePointAt(i + 1);
      if (next === undefined || /[0-9A-Za-z]/.test(String.fromCodePoint(next))) break;
      chars.push(String.fromCodePoint(next));
      i += 1 + chars.at(-1)!.length;
    } else if (META.has(c)) {
      break;
    } else {
      chars.push(c);
      i += c.length;
    }
  }
  if (chars.length === 0 || hasUnescapedBar(pattern)) return '';
  if (QUANTIFIERS.has(pattern[i] ?? '')) chars.pop();
  return chars.join('');
}

function hasUnescapedBar(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === '|') return true;
  }
  return false;
}
