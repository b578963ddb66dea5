/**
 * The Go values a template works on. Go's text/template is defined over reflection, so its
 * behaviour (what prints as what, which comparisons fail, which argument types are accepted)
 * depends on Go types; these classes carry just enough of the type to reproduce that.
 *
 * Mapping: Go `string` is a JS string, `float64` a number, `int` a bigint, `bool` a boolean, an
 * invalid value (a nil interface, "no value") is `undefined`; maps, slices and structs are the
 * classes below, and anything with methods (time.Time, time.Duration) is a GoOpaque.
 */

/** A value inside the template engine. */
export type GoValue = string | number | bigint | boolean | undefined | GoMap | GoSlice | GoStruct | GoOpaque;

/** A map with string keys; `elemType` decides what a missing key reads as (missingkey=zero). */
export class GoMap {
  constructor(
    readonly entries: ReadonlyMap<string, GoValue>,
    readonly elemType: 'string' | 'interface {}' = 'string',
  ) {}

  /** Go's type name, for messages and `%T`. */
  get goType(): string {
    return `map[string]${this.elemType}`;
  }

  /** The value of a key, or the element type's zero value when absent. */
  lookup(key: string): GoValue {
    return this.entries.has(key) ? this.entries.get(key) : this.elemType === 'string' ? '' : undefined;
  }

  /** Keys in Go's printing and ranging order (sorted). */
  sortedKeys(): string[] {
    return [...this.entries.keys()].sort(compareGoStrings);
  }

  /** A `map[string]string` from a plain record. */
  static ofStrings(record: Readonly<Record<string, string>> | undefined): GoMap {
    return new GoMap(new Map(Object.entries(record ?? {})), 'string');
  }
}

/** A slice; `goType` is its Go type name (`template.queryResult`, `[]interface {}`). */
export class GoSlice {
  constructor(
    readonly items: readonly GoValue[],
    readonly goType: string,
  ) {}
}

/** A struct value or a pointer to one (`pointer`: prints `&{…}`, and reads through nil-checks). */
export class GoStruct {
  constructor(
    readonly goType: string,
    readonly fields: ReadonlyMap<string, GoValue>,
    readonly pointer = false,
  ) {}
}

/** A Go method callable from a template (`{{ $t.Unix }}`). */
export interface GoMethod {
  readonly params: readonly ParamType[];
  readonly call: (...args: GoValue[]) => GoValue;
}

/** A value with methods and a String() form, such as time.Time. */
export abstract class GoOpaque {
  /** Go's type name. */
  abstract readonly goType: string;
  /** What fmt prints for it (its String method). */
  abstract goString(): string;
  /** A method by name, or undefined. */
  method(_name: string): GoMethod | undefined {
    return undefined;
  }
}

/** A Go type a function parameter declares; named types check membership themselves. */
export type ParamType = 'any' | 'value' | 'string' | 'float64' | 'int' | 'bool' | NamedType;

/** A non-basic Go type (a slice, a pointer) a function accepts. */
export interface NamedType {
  readonly name: string;
  readonly accepts: (v: GoValue) => boolean;
  /** Whether nil is assignable (pointers, slices, maps); nil then reads as undefined. */
  readonly nilable: boolean;
}

/** Go's type name of a value (`%T`, error messages). */
export function goTypeOf(v: GoValue): string {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
    case 'undefined':
      return '<nil>';
  }
  if (v instanceof GoStruct) return v.pointer ? `*${v.goType}` : v.goType;
  return v.goType;
}

/** The name of a parameter type, as Go prints it in messages. */
export function paramTypeName(t: ParamType): string {
  if (typeof t !== 'string') return t.name;
  if (t === 'any') return 'interface {}';
  if (t === 'value') return 'reflect.Value';
  return t;
}

/** Go's truth of a value for if/with/and/or/not: empty and zero values are false. */
export function isTrue(v: GoValue): boolean {
  switch (typeof v) {
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
    case 'boolean':
      return v;
    case 'undefined':
      return false;
  }
  if (v instanceof GoMap) return v.entries.size > 0;
  if (v instanceof GoSlice) return v.items.length > 0;
  // Structs and non-nil pointers are always true.
  return true;
}

/** Orders strings as Go does (by UTF-8 bytes, which is code point order), not by UTF-16 units. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // Surrogates (astral code points) sort after every BMP character in code point order.
    const sa = ca >= 0xd800 && ca <= 0xdfff;
    const sb = cb >= 0xd800 && cb <= 0xdfff;
    if (sa !== sb) return sa ? 1 : -1;
    return ca < cb ? -1 : 1;
  }
  return a.length - b.length;
}

/** The length of a string in UTF-8 bytes, as Go's len counts. */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
