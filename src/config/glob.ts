/**
 * File globbing with the semantics of Go's filepath.Glob, which Prometheus uses for rule_files
 * and scrape_config_files: `*`, `?`, `[a-z]`, `[^a]` and `\` escapes within one path segment,
 * matches sorted per directory, unreadable or missing directories silently match nothing.
 */
import { readdir, lstat, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A malformed pattern (Go's filepath.ErrBadPattern). */
export class GlobPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
  }
}

// Prometheus only allows a `*` in the last path segment of rule and scrape config file patterns.
const RULE_PATH = /^[^*]*(\*[^/]*)?$/;

/** Whether Prometheus accepts the pattern in rule_files / scrape_config_files. */
export function isAllowedFilePattern(pattern: string): boolean {
  return RULE_PATH.test(pattern);
}

function hasMeta(path: string): boolean {
  return /[*?[\\]/.test(path);
}

/** Compiles one path segment pattern into an anchored RegExp; throws GlobPatternError when malformed. */
export function compileSegmentPattern(pattern: string): RegExp {
  let out = '';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\') {
      const next = chars[++i];
      if (next === undefined) throw new GlobPatternError();
      out += escapeLiteral(next);
    } else if (c === '[') {
      let cls = '[';
      i++;
      if (chars[i] === '^') {
        cls += '^';
        i++;
      }
      let ranges = 0;
      for (;;) {
        if (chars[i] === ']' && ranges > 0) break;
        const lo = classChar(chars, i);
        i = lo.next;
        let item = escapeClassChar(lo.char);
        if (chars[i] === '-') {
          const hi = classChar(chars, i + 1);
          i = hi.next;
          // Go does not reject a reversed range; it just matches nothing.
          item = lo.char <= hi.char ? `${escapeClassChar(lo.char)}-${escapeClassChar(hi.char)}` : '(?!)';
        }
        cls += item === '(?!)' ? '' : item;
        ranges++;
      }
      out += cls === '[' || cls === '[^' ? (cls === '[' ? '(?!)' : '[\\s\\S]') : cls + ']';
    } else {
      out += escapeLiteral(c);
    }
  }
  return new RegExp(`^${out}$`, 'u');
}

function classChar(chars: readonly string[], i: number): { char: string; next: number } {
  let c = chars[i];
  if (c === undefined || c === '-' || c === ']') throw new GlobPatternError();
  if (c === '\\') {
    c = chars[i + 1];
    if (c === undefined) throw new GlobPatternError();
    return { char: c, next: i + 2 };
  }
  return { char: c, next: i + 1 };
}

// In `u` mode only syntax characters may be escaped, and `-` only inside a class.
function escapeLiteral(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? '\\' + c : c;
}

function escapeClassChar(c: string): string {
  return /[\\\]\[^-]/.test(c) ? '\\' + c : c;
}

/** Checks a whole pattern for syntax errors, as Go's Glob does before touching the file system. */
export function validateGlobPattern(pattern: string): void {
  for (const segment of pattern.split('/')) compileSegmentPattern(segment);
}

/** The paths matching a pattern, like Go's filepath.Glob. */
export async function globFiles(pattern: string): Promise<string[]> {
  validateGlobPattern(pattern);
  if (!hasMeta(pattern)) {
    try {
      await lstat(pattern);
      return [pattern];
    } catch {
      return [];
    }
  }
  const cut = pattern.lastIndexOf('/') + 1;
  const dir = cleanDir(pattern.slice(0, cut));
  const file = pattern.slice(cut);
  const dirs = hasMeta(dir) ? await globFiles(dir) : [dir];
  const matches: string[] = [];
  for (const d of dirs) matches.push(...(await matchInDir(d, file)));
  return matches;
}

function cleanDir(dir: string): string {
  if (dir === '') return '.';
  return dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir;
}

async function matchInDir(dir: string, pattern: string): Promise<string[]> {
  try {
    if (!(await stat(dir)).isDirectory()) return [];
    const names = (await readdir(dir)).sort(compareBytes);
    const re = compileSegmentPattern(pattern);
    return names.filter((n) => re.test(n)).map((n) => join(dir, n));
  } catch (e) {
    if (e instanceof GlobPatternError) throw e;
    return [];
  }
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
