/**
 * Go's predefined template functions (text/template funcs.go): and, or, not, len, index, slice,
 * the comparisons, print/printf/println and the html/js/urlquery escapers, with Go's errors
 * (`incompatible types for comparison`, `index out of range: 5`).
 */
import { goStringFromBytes } from '../../model/goString.js';
import { FuncError, fn, variadicFn, type TemplateFunction } from './functions.js';
import { formatArg, goSprint, goSprintf, goSprintln } from './goFmt.js';
import { compareGoStrings, GoMap, GoSlice, GoStruct, goTypeOf, isTrue, type GoValue } from './values.js';

type Kind = 'bool' | 'int' | 'float' | 'string';

function basicKind(v: GoValue): Kind | undefined {
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
  }
  return undefined;
}

const BAD_TYPE = 'invalid type for comparison';
const INCOMPATIBLE = 'incompatible types for comparison';

/** Go's eq: arg1 equals any of the others. */
function eq(arg1: GoValue, ...others: GoValue[]): boolean {
  if (others.length === 0) throw new FuncError('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const arg of others) {
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if (arg1 !== undefined && arg !== undefined) throw new FuncError(INCOMPATIBLE);
    } else if (k1 !== undefined) {
      truth = arg1 === arg;
    } else {
      for (const v of [arg1, arg]) {
        if (v instanceof GoMap || v instanceof GoSlice) throw new FuncError(`non-comparable type ${formatArg(v, 'v')}: ${goTypeOf(v)}`);
      }
      truth = arg1 === arg || (arg1 instanceof GoStruct && arg instanceof GoStruct && !arg1.pointer && sameStruct(arg1, arg));
    }
    if (truth) return true;
  }
  return false;
}

function sameStruct(a: GoStruct, b: GoStruct): boolean {
  if (a.goType !== b.goType || a.pointer !== b.pointer) return false;
  for (const [k, v] of a.fields) if (!eq(v, b.fields.get(k))) return false;
  return true;
}

/** Go's lt: only basic values of the same kind, and not booleans. */
function lt(arg1: GoValue, arg2: GoValue): boolean {
  const k1 = basicKind(arg1);
  const k2 = basicKind(arg2);
  if (k1 === undefined || k2 === undefined) throw new FuncError(BAD_TYPE);
  if (k1 !== k2) throw new FuncError(INCOMPATIBLE);
  if (k1 === 'bool') throw new FuncError(BAD_TYPE);
  if (k1 === 'string') return compareGoStrings(arg1 as string, arg2 as string) < 0;
  return (arg1 as number | bigint) < (arg2 as number | bigint);
}

function le(arg1: GoValue, arg2: GoValue): boolean {
  return lt(arg1, arg2) || eq(arg1, arg2);
}

function indexArg(index: GoValue, cap: number): number {
  if (index === undefined) throw new FuncError('cannot index slice/array with nil');
  if (typeof index !== 'bigint') throw new FuncError(`cannot index slice/array with type ${goTypeOf(index)}`);
  if (index < 0n || index > BigInt(cap)) throw new FuncError(`index out of range: ${index}`);
  return Number(index);
}

function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** Go's index: item[i][j]…; a missing map key gives the zero value. */
function index(item: GoValue, ...indexes: GoValue[]): GoValue {
  if (item === undefined) throw new FuncError('index of untyped nil');
  let current: GoValue = item;
  for (const idx of indexes) {
    if (current instanceof GoSlice || typeof current === 'string') {
      const size: number = current instanceof GoSlice ? current.items.length : utf8(current).length;
      const x = indexArg(idx, size);
      if (x === size) throw new FuncError(`reflect: ${current instanceof GoSlice ? 'slice' : 'string'} index out of range`);
      current = current instanceof GoSlice ? current.items[x] : BigInt(utf8(current)[x]!);
    } else if (current instanceof GoMap) {
      if (idx !== undefined && typeof idx !== 'string') throw new FuncError(`value has type ${goTypeOf(idx)}; should be string`);
      current = current.lookup(idx ?? '');
    } else if (current === undefined) {
      throw new FuncError('index of nil pointer');
    } else {
      throw new FuncError(`can't index item of type ${goTypeOf(current)}`);
    }
  }
  return current;
}

/** Go's slice: item[i:j] (strings by byte). */
function slice(item: GoValue, ...indexes: GoValue[]): GoValue {
  if (item === undefined) throw new FuncError('slice of untyped nil');
  if (indexes.length > 3) throw new FuncError(`too many slice indexes: ${indexes.length}`);
  let length: number;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new FuncError('cannot 3-index slice a string');
    length = utf8(item).length;
  } else if (item instanceof GoSlice) {
    length = item.items.length;
  } else {
    throw new FuncError(`can't slice item of type ${goTypeOf(item)}`);
  }
  const idx = [0, length, length];
  indexes.forEach((x, i) => (idx[i] = indexArg(x, length)));
  if (idx[0]! > idx[1]!) throw new FuncError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1]! > idx[2]!) throw new FuncError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof item === 'string') return goStringFromBytes(utf8(item).slice(idx[0], idx[1]));
  return new GoSlice(item.items.slice(idx[0], idx[1]), item.goType);
}

function length(item: GoValue): bigint {
  if (typeof item === 'string') return BigInt(utf8(item).length);
  if (item instanceof GoSlice) return BigInt(item.items.length);
  if (item instanceof GoMap) return BigInt(item.entries.size);
  // "No value" here is almost always a nil interface{} (a missing key of an args map).
  if (item === undefined) throw new FuncError('len of nil pointer');
  throw new FuncError(`len of type ${goTypeOf(item)}`);
}

/** The text the escapers work on: a lone string as is, anything else as fmt.Sprint prints it. */
function escaperText(args: readonly GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  let text = '';
  args.forEach((a, i) => {
    const printable = a === undefined ? '<no value>' : a instanceof GoStruct && a.pointer ? new GoStruct(a.goType, a.fields) : a;
    if (i > 0 && typeof printable !== 'string' && typeof args[i - 1] !== 'string') text += ' ';
    text += typeof printable === 'string' ? printable : goSprint([printable]);
  });
  return text;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;', '\0': '\ufffd' };

/** Go's template.HTMLEscapeString. */
export function htmlEscape(s: string): string {
  return s.replace(/["'&<>\0]/g, (c) => HTML_ESCAPES[c]!);
}

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\' || ch === "'" || ch === '"') out += '\\' + ch;
    else if ('<>&='.includes(ch) || cp < 0x20) out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
    else out += ch;
  }
  return out;
}

/** Go's url.QueryEscape: everything but letters, digits and `-_.~` is %XX, spaces are `+`. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Go's builtin template functions. */
export const BUILTINS: ReadonlyMap<string, TemplateFunction> = new Map<string, TemplateFunction>([
  ['and', { params: ['value'], variadic: 'value', shortCircuit: true, call: () => undefined }],
  ['or', { params: ['value'], variadic: 'value', shortCircuit: true, call: () => undefined }],
  ['not', fn(['value'], (v) => !isTrue(v))],
  ['len', fn(['value'], length)],
  ['index', variadicFn(['value'], 'value', index)],
  ['slice', variadicFn(['value'], 'value', slice)],
  ['eq', variadicFn(['value'], 'value', eq)],
  ['ne', fn(['value', 'value'], (a, b) => !eq(a, b))],
  ['lt', fn(['value', 'value'], lt)],
  ['le', fn(['value', 'value'], le)],
  ['gt', fn(['value', 'value'], (a, b) => !le(a, b))],
  ['ge', fn(['value', 'value'], (a, b) => !lt(a, b))],
  ['print', variadicFn([], 'any', (...args) => goSprint(args))],
  ['printf', variadicFn(['string'], 'any', (format, ...args) => goSprintf(format as string, args))],
  ['println', variadicFn([], 'any', (...args) => goSprintln(args))],
  ['html', variadicFn([], 'any', (...args) => htmlEscape(escaperText(args)))],
  ['js', variadicFn([], 'any', (...args) => jsEscape(escaperText(args)))],
  ['urlquery', variadicFn([], 'any', (...args) => queryEscape(escaperText(args)))],
  [
    'call',
    variadicFn(['value'], 'value', (f) => {
      if (f === undefined) throw new FuncError('call of nil');
      throw new FuncError(`non-function of type ${goTypeOf(f)}`);
    }),
  ],
]);
