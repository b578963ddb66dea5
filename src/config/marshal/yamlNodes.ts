/**
 * A small YAML document model for printing configs the way Prometheus's Go code does
 * (`yaml.Marshal` of go-yaml v2): ordered mappings built field by field in Go struct order, with
 * builders that drop zero values the way an `omitempty` tag does.
 */
import { formatDuration } from '../../model/duration.js';
import { formatBase2Bytes } from '../units.js';
import { compareGoMapKeys } from './goScalars.js';

/** One node of the document. */
export type YamlNode =
  /** A Go string: quoting is chosen when printed, as go-yaml would. */
  | { readonly kind: 'string'; readonly value: string }
  /** A number, boolean or null, printed as is and never quoted. */
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'map'; readonly entries: ReadonlyArray<readonly [string, YamlNode]> }
  | { readonly kind: 'seq'; readonly items: readonly YamlNode[]; readonly flow: boolean };

/** A struct field: undefined means "not printed" (an omitempty field at its zero value). */
export type Field = readonly [string, YamlNode | undefined];

/** YAML null, what Go prints for a nil pointer or a Marshaler that returns nil. */
export const NULL: YamlNode = { kind: 'literal', text: 'null' };

/** A string scalar. */
export function str(value: string): YamlNode {
  return { kind: 'string', value };
}

/** A boolean scalar. */
export function bool(value: boolean): YamlNode {
  return { kind: 'literal', text: String(value) };
}

/** An integer scalar. */
export function int(value: number | bigint): YamlNode {
  return { kind: 'literal', text: String(value) };
}

/** A float64 scalar, formatted like Go's strconv.FormatFloat(v, 'g', -1, 64). */
export function float(value: number): YamlNode {
  return { kind: 'literal', text: formatGoFloat(value) };
}

/** A model.Duration (`1m30s`), from milliseconds. */
export function duration(ms: number): YamlNode {
  return str(formatDuration(ms));
}

/** A units.Base2Bytes size (`15MiB`). */
export function bytes(value: number): YamlNode {
  return str(formatBase2Bytes(value));
}

/** A sequence; `flow` prints it inline (`[a, b]`), as a `,flow` tag asks. */
export function seq(items: readonly YamlNode[], flow = false): YamlNode {
  return { kind: 'seq', items, flow };
}

/** A sequence of strings. */
export function strings(values: readonly string[], flow = false): YamlNode {
  return seq(values.map(str), flow);
}

/** A struct: fields in the order given, undefined ones left out. */
export function struct(fields: readonly Field[]): YamlNode {
  const entries: Array<readonly [string, YamlNode]> = [];
  for (const [key, node] of fields) if (node !== undefined) entries.push([key, node]);
  return { kind: 'map', entries };
}

/** A Go map: go-yaml sorts the keys (numbers within keys compare by value). */
export function goMap<T>(record: Readonly<Record<string, T>>, valueNode: (value: T) => YamlNode): YamlNode {
  const keys = Object.keys(record).sort(compareGoMapKeys);
  return { kind: 'map', entries: keys.map((k) => [k, valueNode(record[k]!)] as const) };
}

/** A `map[string]string`. */
export function stringMap(record: Readonly<Record<string, string>>): YamlNode {
  return goMap(record, str);
}

// The `opt*` builders stand for `omitempty` fields: they return undefined at the zero value.

/** An omitempty string. */
export function optStr(value: string | undefined): YamlNode | undefined {
  return value === undefined || value === '' ? undefined : str(value);
}

/** An omitempty integer. */
export function optInt(value: number | bigint): YamlNode | undefined {
  return value === 0 || value === 0n ? undefined : int(value);
}

/** An omitempty boolean. */
export function optBool(value: boolean): YamlNode | undefined {
  return value ? bool(true) : undefined;
}

/** An omitempty float64. */
export function optFloat(value: number): YamlNode | undefined {
  return value === 0 ? undefined : float(value);
}

/** An omitempty model.Duration. */
export function optDuration(ms: number): YamlNode | undefined {
  return ms === 0 ? undefined : duration(ms);
}

/** An omitempty units.Base2Bytes. */
export function optBytes(value: number): YamlNode | undefined {
  return value === 0 ? undefined : bytes(value);
}

/** An omitempty string slice. */
export function optStrings(values: readonly string[] | undefined, flow = false): YamlNode | undefined {
  return values === undefined || values.length === 0 ? undefined : strings(values, flow);
}

/** An omitempty slice of structs. */
export function optSeq<T>(values: readonly T[], node: (value: T) => YamlNode): YamlNode | undefined {
  return values.length === 0 ? undefined : seq(values.map(node));
}

/** An omitempty `map[string]string`. */
export function optStringMap(record: Readonly<Record<string, string>> | undefined): YamlNode | undefined {
  return record === undefined || Object.keys(record).length === 0 ? undefined : stringMap(record);
}

/** Go's strconv.FormatFloat(v, 'g', -1, 64), with YAML's spellings of infinities and NaN. */
export function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (value === Infinity) return '.inf';
  if (value === -Infinity) return '-.inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  // Shortest 'g' formatting switches to an exponent below 1e-4 and from 1e6 (precision 6 rule).
  if (exponent < -4 || exponent >= 6) {
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${digits}`;
  }
  // Within that range JavaScript prints the same shortest digits without an exponent.
  return String(value);
}
