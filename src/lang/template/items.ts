/**
 * The tokens of Go's text/template lexer and how Go prints them in messages (`<if>`,
 * `"abcdefghij"...`, `U+002D '-'`).
 */
import { quoteGoString } from '../../model/goString.js';

/** Token kinds, named as in Go's lexer. */
export type ItemType =
  | 'error' | 'bool' | 'char' | 'charConstant' | 'comment' | 'complex' | 'assign' | 'declare' | 'EOF'
  | 'field' | 'identifier' | 'leftDelim' | 'leftParen' | 'number' | 'pipe' | 'rawString' | 'rightDelim'
  | 'rightParen' | 'space' | 'string' | 'text' | 'variable'
  // Keywords.
  | 'block' | 'break' | 'continue' | 'dot' | 'define' | 'else' | 'end' | 'if' | 'nil' | 'range' | 'template' | 'with';

/** Words that are keywords inside actions. */
export const KEYWORDS: ReadonlyMap<string, ItemType> = new Map<string, ItemType>([
  ['.', 'dot'], ['block', 'block'], ['break', 'break'], ['continue', 'continue'], ['define', 'define'],
  ['else', 'else'], ['end', 'end'], ['if', 'if'], ['range', 'range'], ['nil', 'nil'], ['template', 'template'], ['with', 'with'],
]);

/** Whether a token type is a keyword (Go prints those as `<if>`). */
export function isKeyword(t: ItemType): boolean {
  return t === 'dot' || [...KEYWORDS.values()].includes(t);
}

/** A token: its type, text, position (UTF-16 offset) and the line it starts on. */
export interface Item {
  readonly type: ItemType;
  readonly pos: number;
  readonly val: string;
  readonly line: number;
}

/** Go's item.String(), used in "unexpected X in Y" messages. */
export function describeItem(item: Item): string {
  if (item.type === 'EOF') return 'EOF';
  if (item.type === 'error') return item.val;
  if (isKeyword(item.type)) return `<${item.val}>`;
  const runes = [...item.val];
  if (runes.length > 10) return quoteGoString(runes.slice(0, 10).join('')) + '...';
  return quoteGoString(item.val);
}

/** Go's `%#U` of a rune: `U+002D '-'`, or just `U+000A` when not printable. */
export function formatRune(r: string | undefined): string {
  if (r === undefined) return 'U+FFFFFFFFFFFFFFFF';
  const cp = r.codePointAt(0)!;
  const code = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(r) ? `${code} '${r}'` : code;
}
