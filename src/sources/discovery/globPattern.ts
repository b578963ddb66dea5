/**
 * Go's filepath.Match patterns (`*`, `?`, `[a-z]`, `[^x]`, `\` escapes), which file_sd uses for
 * the last element of its paths. Compiled to a RegExp after validating the syntax the way Go
 * does, so a pattern Prometheus rejects ("syntax error in pattern") is rejected here too.
 */

/** Go's filepath.ErrBadPattern message. */
export const BAD_PATTERN = 'syntax error in pattern';

/** Whether a path has glob meta characters (Go's hasMeta on Unix). */
export function hasGlobMeta(path: string): boolean {
  return /[*?[\\]/.test(path);
}

/** Compiles one path element pattern to an anchored RegExp; throws BAD_PATTERN on bad syntax. */
export function compileGlobElement(pattern: string): RegExp {
  const chars = [...pattern];
  let i = 0;
  let source = '';
  while (i < chars.length) {
    const c = chars[i++]!;
    if (c === '*') {
      source += '[^/]*';
    } else if (c === '?') {
      source += '[^/]';
    } else if (c === '[') {
      const parsed = parseClass(chars, i);
      source += parsed.source;
      i = parsed.next;
    } else if (c === '\\') {
      if (i >= chars.length) throw new Error(BAD_PATTERN);
      source += escapeLiteral(chars[i++]!);
    } else {
      source += escapeLiteral(c);
    }
  }
  return new RegExp(`^${source}$`, 'u');
}

/** Parses a character class starting after its `[`; Go rejects empty and unclosed classes. */
function parseClass(chars: readonly string[], start: number): { source: string; next: number } {
  let i = start;
  let negated = false;
  if (chars[i] === '^') {
    negated = true;
    i++;
  }
  const ranges: string[] = [];
  let count = 0;
  for (;;) {
    if (chars[i] === ']' && count > 0) {
      i++;
      break;
    }
    const lo = classChar(chars, i);
    i = lo.next;
    let hi = lo;
    if (chars[i] === '-') {
      hi = classChar(chars, i + 1);
      i = hi.next;
    }
    // Go simply never matches a reversed range; a RegExp would refuse to compile it.
    if (lo.char === hi.char) ranges.push(escapeClassChar(lo.char));
    else if (lo.char.codePointAt(0)! < hi.char.codePointAt(0)!) ranges.push(`${escapeClassChar(lo.char)}-${escapeClassChar(hi.char)}`);
    count++;
  }
  if (ranges.length === 0) return { source: negated ? '[^/]' : '(?!)', next: i };
  return { source: `[${negated ? '^/' : ''}${ranges.join('')}]`, next: i };
}

/** One (possibly escaped) character of a class; like Go, `-` and `]` must be escaped and the class must go on. */
function classChar(chars: readonly string[], start: number): { char: string; next: number } {
  let i = start;
  let c = chars[i];
  if (c === undefined || c === '-' || c === ']') throw new Error(BAD_PATTERN);
  if (c === '\\') {
    c = chars[++i];
    if (c === undefined) throw new Error(BAD_PATTERN);
  }
  i++;
  if (i >= chars.length) throw new Error(BAD_PATTERN);
  return { char: c, next: i };
}

// Unicode-mode RegExps allow escaping only syntax characters, and `-` only inside a class.
function escapeLiteral(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

function escapeClassChar(c: string): string {
  return /[\\^[\]-]/.test(c) ? `\\${c}` : c;
}
