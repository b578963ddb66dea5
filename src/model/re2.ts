/**
 * Translates the RE2 syntax Prometheus accepts (Go's regexp) into an equivalent JavaScript
 * RegExp source, so that user regexes in configs and queries mean the same thing here.
 */
export class RegexSyntaxError extends Error {}

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

/** Converts an RE2 pattern to JS source and flags; throws RegexSyntaxError like Go's `error parsing regexp`. */
export function translateRe2(pattern: string): { source: string; flags: string } {
  let flags = '';
  let body = pattern;
  // Go allows leading flag groups such as (?i) or (?s); JS (Node 20) only has them as RegExp flags.
  const leading = /^\(\?([imsU]+)\)/.exec(body);
  if (leading) {
    if (leading[1]!.includes('i')) flags += 'i';
    if (leading[1]!.includes('m')) flags += 'm';
    body = body.slice(leading[0].length);
  }
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') {
      const next = body[i + 1];
      if (next === undefined) throw new RegexSyntaxError(`error parsing regexp: trailing backslash at end of expression: \`\``);
      if (next === 'Q') {
        const end = body.indexOf('\\E', i + 2);
        const literal = end < 0 ? body.slice(i + 2) : body.slice(i + 2, end);
        out += literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
        i = end < 0 ? body.length : end + 1;
        continue;
      }
      if (next === 'z') { out += '$(?![\\s\\S])'; i++; continue; }
      if (next === 'A') { out += '^'; i++; continue; }
      out += c + next;
      i++;
      continue;
    }
    if (c === '(' && body.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    if (c === '[') {
      // Copy a character class, expanding POSIX classes like [[:alpha:]].
      let j = i + 1;
      let cls = '[';
      if (body[j] === '^') { cls += '^'; j++; }
      if (body[j] === ']') { cls += '\\]'; j++; }
      for (; j < body.length && body[j] !== ']'; j++) {
        const posix = /^\[:(\^?)([a-z]+):\]/.exec(body.slice(j));
        if (posix) {
          const set = POSIX_CLASSES[posix[2]!];
          if (set === undefined || posix[1]) throw new RegexSyntaxError(`error parsing regexp: invalid character class range: \`${posix[0]}\``);
          cls += set;
          j += posix[0].length - 1;
          continue;
        }
        if (body[j] === '\\') { cls += body[j]! + (body[j + 1] ?? ''); j++; continue; }
        if (body[j] === '[') { cls += '\\['; continue; }
        cls += body[j];
      }
      if (j >= body.length) throw new RegexSyntaxError(`error parsing regexp: missing closing ]: \`${body.slice(i)}\``);
      out += cls + ']';
      i = j;
      continue;
    }
    out += c;
  }
  return { source: out, flags };
}

/** Compiles an RE2 pattern anchored at both ends with `.` matching newlines, as Prometheus does. */
export function compileAnchoredRe2(pattern: string): RegExp {
  const { source, flags } = translateRe2(pattern);
  try {
    return new RegExp(`^(?:${source})$`, flags + 's');
  } catch (e) {
    throw new RegexSyntaxError(`error parsing regexp: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
}
