/**
 * Translates the RE2 syntax Prometheus accepts (Go's regexp) into an equivalent JavaScript
 * `u`-mode RegExp, so that user regexes in configs and queries mean the same thing here: `.`
 * matches one rune, `\s` is Go's ASCII set, inline flags `(?i)`, `(?m)`, `(?s)`, `(?U)` work in
 * any group, and syntax Go rejects (lookarounds, backreferences) is rejected with Go's wording.
 */
import { classBody, complement, foldOrbit, foldRanges, PERL_CLASSES, POSIX_CLASSES, type Range } from './re2Classes.js';

export class RegexSyntaxError extends Error {}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

/** A translated pattern: JS source and flags, and the name of each capture group by number (Go's SubexpNames). */
export interface TranslatedRe2 {
  readonly source: string;
  readonly flags: string;
  readonly groupNames: readonly string[];
}

const MAX_REPEAT = 1000;
// Go's unicode.Categories; every other \p name is a script.
const GENERAL_CATEGORIES = new Set([
  'C', 'Cc', 'Cf', 'Co', 'Cs', 'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn', 'N', 'Nd', 'Nl', 'No',
  'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs',
]);
const LITERAL_SPECIAL = new Set([...'^$\\.*+?()[]{}|/']);
const REPEAT = /^\{(\d+)(,(\d*))?\}/;

function fail(code: string, expr: string): never {
  throw new RegexSyntaxError(`error parsing regexp: ${code}: \`${expr}\``);
}

class Translator {
  private pos = 0;
  readonly groupNames: string[] = [''];

  constructor(
    private readonly src: string,
    // When case-insensitivity covers the whole pattern, the JS `i` flag does the folding.
    private readonly foldByFlag: boolean,
  ) {}

  translate(flags: Flags): string {
    const out = this.sequence({ ...flags });
    if (this.pos < this.src.length) fail('unexpected )', this.src);
    return out;
  }

  /** Alternatives up to an unconsumed `)` or the end. */
  private sequence(flags: Flags): string {
    let out = '';
    let canRepeat = false;
    let lastRepeat = '';
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (c === ')') break;
      if (c === '|') {
        out += '|';
        this.pos++;
        canRepeat = false;
        lastRepeat = '';
        continue;
      }
      const repeat = this.repeatOperator();
      if (repeat !== null) {
        if (lastRepeat) fail('invalid nested repetition operator', lastRepeat + repeat.text);
        if (!canRepeat) fail('missing argument to repetition operator', repeat.text);
        out += repeat.op + (repeat.lazy !== flags.U ? '?' : '');
        lastRepeat = repeat.text;
        continue;
      }
      const atom = this.atom(flags);
      // A bare flag group `(?i)` adds nothing: Go applies a following repetition to what came before.
      if (atom.text === '' && !atom.repeatable) continue;
      lastRepeat = '';
      out += atom.text;
      canRepeat = atom.repeatable;
    }
    return out;
  }

  /** A repetition operator at the cursor (consumed), or null. */
  private repeatOperator(): { op: string; text: string; lazy: boolean } | null {
    const c = this.src[this.pos]!;
    let op: string;
    if (c === '*' || c === '+' || c === '?') {
      op = c;
    } else if (c === '{') {
      const m = REPEAT.exec(this.src.slice(this.pos));
      if (!m) return null;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
      if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) fail('invalid repeat count', m[0]);
      op = m[0];
    } else {
      return null;
    }
    this.pos += op.length;
    const lazy = this.src[this.pos] === '?';
    if (lazy) this.pos++;
    return { op, text: op + (lazy ? '?' : ''), lazy };
  }

  private atom(flags: Flags): { text: string; repeatable: boolean } {
    const c = this.src[this.pos]!;
    switch (c) {
      case '(':
        return this.group(flags);
      case '[':
        return { text: this.charClass(flags), repeatable: true };
      case '.':
        this.pos++;
        return { text: flags.s ? '[\\s\\S]' : '[^\\n]', repeatable: true };
      case '^':
        this.pos++;
        return { text: flags.m ? '(?:(?<![^\\n]))' : '(?:(?<![\\s\\S]))', repeatable: true };
      case '$':
        this.pos++;
        return { text: flags.m ? '(?:(?![^\\n]))' : '(?:(?![\\s\\S]))', repeatable: true };
      case '\\':
        return { text: this.escape(flags), repeatable: true };
      default: {
        const cp = this.src.codePointAt(this.pos)!;
        this.pos += cp > 0xffff ? 2 : 1;
        return { text: this.literal(cp, flags), repeatable: true };
      }
    }
  }

  private literal(cp: number, flags: Flags): string {
    if (flags.i && !this.foldByFlag) {
      const orbit = foldOrbit(cp);
      if (orbit.length > 1) return `[${classBody(orbit.map((r) => [r, r] as const))}]`;
    }
    const ch = String.fromCodePoint(cp);
    if (LITERAL_SPECIAL.has(ch)) return '\\' + ch;
    return cp < 0x20 || cp === 0x7f ? `\\u{${cp.toString(16)}}` : ch;
  }

  private group(flags: Flags): { text: string; repeatable: boolean } {
    const start = this.pos;
    this.pos++;
    if (this.src[this.pos] !== '?') return { text: `(${this.groupBody({ ...flags }, start)})`, repeatable: true };
    const rest = this.src.slice(this.pos);
    if (rest.startsWith('?P<') || rest.startsWith('?<')) {
      const named = /^\?P?<([^>]*)>/.exec(rest);
      if (!named || !/^[A-Za-z0-9_]+$/.test(named[1]!)) fail('invalid named capture', this.src.slice(start, named ? this.pos + named[0].length : undefined));
      this.pos += named[0].length;
      return { text: `(${this.groupBody({ ...flags }, start, named[1])})`, repeatable: true };
    }
    // Flag group: (?flags) or (?flags:re), flags from imsU with at most one '-'.
    this.pos++;
    const next = { ...flags };
    let negated = false;
    let sawFlag = false;
    for (;;) {
      const f = this.src[this.pos];
      if (f === undefined) fail('missing closing )', this.src);
      if (f === 'i' || f === 'm' || f === 's' || f === 'U') {
        next[f] = !negated;
        sawFlag = true;
      } else if (f === '-' && !negated) {
        negated = true;
        sawFlag = false;
      } else if ((f === ':' || f === ')') && (sawFlag || !negated)) {
        this.pos++;
        if (f === ')') {
          // (?flags) changes the flags for the rest of the enclosing group.
          Object.assign(flags, next);
          return { text: '', repeatable: false };
        }
        return { text: `(?:${this.groupBody(next, start)})`, repeatable: true };
      } else {
        fail('invalid or unsupported Perl syntax', this.src.slice(start, this.pos + 1));
      }
      this.pos++;
    }
  }

  private groupBody(flags: Flags, start: number, name?: string): string {
    const capturing = this.src[start + 1] !== '?' || name !== undefined;
    if (capturing) this.groupNames.push(name ?? '');
    const body = this.sequence(flags);
    if (this.src[this.pos] !== ')') fail('missing closing )', this.src);
    this.pos++;
    return body;
  }

  /** An escape outside a class. */
  private escape(flags: Flags): string {
    const start = this.pos;
    const c = this.src[this.pos + 1];
    if (c === undefined) fail('trailing backslash at end of expression', '');
    switch (c) {
      // Assertions are wrapped so that a quantifier after them stays legal, as in Go.
      case 'A': this.pos += 2; return '(?:(?<![\\s\\S]))';
      case 'z': this.pos += 2; return '(?:(?![\\s\\S]))';
      case 'b': this.pos += 2; return '(?:\\b)';
      case 'B': this.pos += 2; return '(?:\\B)';
      case 'Q': {
        const end = this.src.indexOf('\\E', this.pos + 2);
        const text = end < 0 ? this.src.slice(this.pos + 2) : this.src.slice(this.pos + 2, end);
        this.pos = end < 0 ? this.src.length : end + 2;
        let out = '';
        for (const ch of text) out += this.literal(ch.codePointAt(0)!, flags);
        return text === '' ? '(?:)' : out;
      }
    }
    const set = this.classEscape(flags);
    if (set !== null) {
      if (set.property !== undefined) return `\\${set.negated ? 'P' : 'p'}{${set.property}}`;
      return `[${set.negated ? '^' : ''}${classBody(set.ranges!)}]`;
    }
    this.pos = start;
    return this.literal(this.escapedRune(), flags);
  }

  /** `\d`, `\pL`, `\P{Greek}` and friends at the cursor (consumed): Perl classes as ranges, Unicode ones as a JS property. */
  private classEscape(flags: Flags): { ranges?: readonly Range[]; property?: string; negated: boolean } | null {
    const c = this.src[this.pos + 1];
    if (c === undefined) return null;
    if ('dswDSW'.includes(c)) {
      this.pos += 2;
      const perl = PERL_CLASSES[c.toLowerCase()]!;
      return { ranges: flags.i && !this.foldByFlag ? foldRanges(perl) : perl, negated: c !== c.toLowerCase() };
    }
    if (c !== 'p' && c !== 'P') return null;
    const start = this.pos;
    let name: string;
    if (this.src[this.pos + 2] === '{') {
      const end = this.src.indexOf('}', this.pos + 3);
      if (end < 0) fail('invalid character class range', this.src.slice(start));
      name = this.src.slice(this.pos + 3, end);
      this.pos = end + 1;
    } else {
      const cp = this.src.codePointAt(this.pos + 2);
      if (cp === undefined) fail('invalid character class range', this.src.slice(start));
      name = String.fromCodePoint(cp);
      this.pos += 2 + name.length;
    }
    let negated = c === 'P';
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    if (!/^[A-Za-z_]+$/.test(name)) fail('invalid character class range', this.src.slice(start, this.pos));
    // Go names general categories (L, Lu) and scripts (Greek) alike; JavaScript wants Script= for scripts.
    const property = name === 'Any' || GENERAL_CATEGORIES.has(name) ? name : `Script=${name}`;
    return { property, negated };
  }

  /** One escaped rune (`\n`, `\x41`, `\x{263a}`, `\101`, `\.`) at the cursor, consumed. */
  private escapedRune(): number {
    const start = this.pos;
    const c = this.src[this.pos + 1]!;
    this.pos += 2;
    const code = c.charCodeAt(0);
    if (code < 0x80 && !/[0-9A-Za-z]/.test(c)) return code;
    const simple: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (simple[c] !== undefined) return simple[c]!;
    if (c >= '0' && c <= '7') {
      // A lone non-zero digit would be a backreference, which RE2 does not have.
      if (c !== '0' && !/[0-7]/.test(this.src[this.pos] ?? '')) fail('invalid escape sequence', this.src.slice(start, this.pos));
      let digits = c;
      while (digits.length < 3 && /[0-7]/.test(this.src[this.pos] ?? '')) digits += this.src[this.pos++];
      return parseInt(digits, 8);
    }
    if (c === 'x') {
      if (this.src[this.pos] === '{') {
        const end = this.src.indexOf('}', this.pos);
        const hex = end < 0 ? '' : this.src.slice(this.pos + 1, end);
        if (!/^[0-9A-Fa-f]+$/.test(hex) || parseInt(hex, 16) > 0x10ffff) fail('invalid escape sequence', this.src.slice(start, end < 0 ? undefined : end + 1));
        this.pos = end + 1;
        return parseInt(hex, 16);
      }
      const hex = this.src.slice(this.pos, this.pos + 2);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) fail('invalid escape sequence', this.src.slice(start, this.pos + hex.length));
      this.pos += 2;
      return parseInt(hex, 16);
    }
    const cp = this.src.codePointAt(start + 1)!;
    fail('invalid escape sequence', this.src.slice(start, start + 1 + String.fromCodePoint(cp).length));
  }

  /** A bracketed class `[...]` at the cursor (consumed). */
  private charClass(flags: Flags): string {
    const start = this.pos;
    this.pos++;
    let negated = false;
    if (this.src[this.pos] === '^') {
      negated = true;
      this.pos++;
    }
    const ranges: Range[] = [];
    const escapes: string[] = [];
    let first = true;
    while (first || this.src[this.pos] !== ']') {
      if (this.pos >= this.src.length) fail('missing closing ]', this.src.slice(start));
      first = false;
      const posix = /^\[:(\^?)([A-Za-z]+):\]/.exec(this.src.slice(this.pos));
      if (posix) {
        const set = POSIX_CLASSES[posix[2]!];
        if (!set) fail('invalid character class range', posix[0]);
        ranges.push(...(posix[1] ? complement(set) : set));
        this.pos += posix[0].length;
        continue;
      }
      if (this.src[this.pos] === '\\') {
        const set = this.classEscape(flags);
        if (set !== null) {
          // JS classes cannot nest, so a negated Perl class inside brackets is spelled out as its complement.
          if (set.property !== undefined) escapes.push(`\\${set.negated ? 'P' : 'p'}{${set.property}}`);
          else ranges.push(...(set.negated ? complement(set.ranges!) : set.ranges!));
          continue;
        }
      }
      const rangeStart = this.pos;
      const lo = this.classChar(start);
      let hi = lo;
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']' && this.pos + 1 < this.src.length) {
        this.pos++;
        hi = this.classChar(start);
        if (hi < lo) fail('invalid character class range', this.src.slice(rangeStart, this.pos));
      }
      ranges.push([lo, hi]);
    }
    this.pos++;
    const folded = flags.i && !this.foldByFlag ? foldRanges(ranges) : ranges;
    return `[${negated ? '^' : ''}${classBody(folded)}${escapes.join('')}]`;
  }

  private classChar(classStart: number): number {
    if (this.pos >= this.src.length) fail('missing closing ]', this.src.slice(classStart));
    if (this.src[this.pos] === '\\') return this.escapedRune();
    const cp = this.src.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }
}

/** Whether `(?i)` at the very start covers the whole pattern and is never switched off. */
function caseInsensitiveThroughout(pattern: string): boolean {
  const lead = /^\(\?([imsU]*)\)/.exec(pattern);
  return lead !== null && lead[1]!.includes('i') && !/\(\?[imsU]*-[imsU]*i/.test(pattern);
}

/** Converts an RE2 pattern to JS `u`-mode source and flags; throws RegexSyntaxError with Go's `error parsing regexp` wording. */
export function translateRe2(pattern: string, options: { dotAll?: boolean } = {}): TranslatedRe2 {
  if (!(pattern as unknown as { isWellFormed(): boolean }).isWellFormed()) fail('invalid UTF-8', pattern);
  const foldByFlag = caseInsensitiveThroughout(pattern);
  const translator = new Translator(pattern, foldByFlag);
  const source = translator.translate({ i: false, m: false, s: options.dotAll ?? false, U: false });
  return { source, flags: foldByFlag ? 'ui' : 'u', groupNames: translator.groupNames };
}

/** Compiles an RE2 pattern anchored at both ends with `.` matching newlines (`^(?s:…)$`), with its group names. */
export function compileAnchoredRe2WithGroups(pattern: string): { regexp: RegExp; groupNames: readonly string[] } {
  const { source, flags, groupNames } = translateRe2(pattern, { dotAll: true });
  try {
    return { regexp: new RegExp(`^(?:${source})$`, flags), groupNames };
  } catch (e) {
    throw new RegexSyntaxError(`error parsing regexp: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
}

/** Compiles an RE2 pattern anchored at both ends with `.` matching newlines, as Prometheus does. */
export function compileAnchoredRe2(pattern: string): RegExp {
  return compileAnchoredRe2WithGroups(pattern).regexp;
}
