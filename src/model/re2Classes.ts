/**
 * Character sets for the RE2 translator: Go's POSIX and Perl classes as code point ranges, simple
 * case folding, and how to write ranges inside a JavaScript `u`-mode character class.
 */

/** An inclusive code point range. */
export type Range = readonly [number, number];

const MAX_RUNE = 0x10ffff;

/** Go's `[[:name:]]` classes (ASCII only, as in RE2). */
export const POSIX_CLASSES: Readonly<Record<string, readonly Range[]>> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

/** Go's Perl classes; `\s` is narrower than JavaScript's (no \v, no Unicode spaces). */
export const PERL_CLASSES: Readonly<Record<string, readonly Range[]>> = {
  d: [[0x30, 0x39]],
  s: [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]],
  w: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
};

/** The complement of sorted, non-overlapping ranges within all of Unicode. */
export function complement(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

// Members of case-folding orbits that toLowerCase/toUpperCase alone do not reach.
const EXTRA_FOLDS: ReadonlyArray<readonly number[]> = [
  [0x4b, 0x6b, 0x212a], [0x53, 0x73, 0x17f], [0xc5, 0xe5, 0x212b], [0x3a9, 0x3c9, 0x2126],
  [0x392, 0x3b2, 0x3d0], [0x395, 0x3b5, 0x3f5], [0x398, 0x3b8, 0x3d1, 0x3f4], [0x399, 0x3b9, 0x345, 0x1fbe],
  [0x39a, 0x3ba, 0x3f0], [0x39c, 0x3bc, 0xb5], [0x3a0, 0x3c0, 0x3d6], [0x3a1, 0x3c1, 0x3f1],
  [0x3a3, 0x3c3, 0x3c2], [0x3a6, 0x3c6, 0x3d5], [0xdf, 0x1e9e],
];
const EXTRA_BY_RUNE = new Map<number, readonly number[]>();
for (const orbit of EXTRA_FOLDS) for (const r of orbit) EXTRA_BY_RUNE.set(r, orbit);

/** Every rune that matches `cp` case-insensitively (Go's simple folding orbit), including cp. */
export function foldOrbit(cp: number): number[] {
  const seen = new Set<number>([cp]);
  const queue = [cp];
  while (queue.length > 0) {
    const r = queue.pop()!;
    const ch = String.fromCodePoint(r);
    const candidates = [singleRune(ch.toLowerCase()), singleRune(ch.toUpperCase()), ...(EXTRA_BY_RUNE.get(r) ?? [])];
    for (const c of candidates) {
      if (c !== undefined && !seen.has(c)) {
        seen.add(c);
        queue.push(c);
      }
    }
  }
  return [...seen].sort((a, b) => a - b);
}

function singleRune(s: string): number | undefined {
  const cp = s.codePointAt(0);
  return cp !== undefined && String.fromCodePoint(cp).length === s.length ? cp : undefined;
}

// Folding every rune of a huge range would build enormous classes; ranges that large are
// almost always "everything but a few" and fold onto themselves anyway.
const MAX_FOLDED_RANGE = 0x3000;

/** Adds the case-folded counterparts of each range (Go's appendFoldedRange). */
export function foldRanges(ranges: readonly Range[]): Range[] {
  const out: Range[] = [...ranges];
  for (const [lo, hi] of ranges) {
    if (hi - lo > MAX_FOLDED_RANGE) continue;
    for (let r = lo; r <= hi; r++) {
      for (const f of foldOrbit(r)) if (f < lo || f > hi) out.push([f, f]);
    }
  }
  return out;
}

const CLASS_SPECIAL = new Set(['\\', ']', '[', '^', '-']);

/** One code point written for use inside a `u`-mode character class. */
export function classRune(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if (CLASS_SPECIAL.has(ch)) return '\\' + ch;
  if (cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) return `\\u{${cp.toString(16)}}`;
  return ch;
}

/** Ranges written as the inside of a `u`-mode character class. */
export function classBody(ranges: readonly Range[]): string {
  let out = '';
  for (const [lo, hi] of ranges) out += lo === hi ? classRune(lo) : `${classRune(lo)}-${classRune(hi)}`;
  return out;
}
