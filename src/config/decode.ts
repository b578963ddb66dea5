/**
 * Strict decoding of YAML nodes into config structs, in the manner of Go's yaml.UnmarshalStrict
 * that Prometheus uses: unknown and repeated fields are errors, and every error names the file
 * and line it comes from.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { parseDuration } from '../model/duration.js';
import { scalarBool, scalarText, ScalarError } from './yamlScalar.js';

/** A user-facing config error; the message names the file and line where one is known. */
export class ConfigError extends Error {}

/** Where a node came from, so errors can say `file:line`. */
export interface SourceContext {
  readonly file: string;
  readonly lines: LineCounter;
}

/** Parses YAML text into its document root, keeping positions; syntax errors become ConfigErrors. */
export function parseYamlSource(text: string, file: string): { root: Node | null; source: SourceContext } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, merge: true });
  const first = doc.errors[0];
  if (first) {
    const pos = lines.linePos(first.pos[0]);
    throw new ConfigError(`parsing YAML file ${file}: yaml: line ${pos.line}: ${first.message.split('\n')[0]}`);
  }
  return { root: (doc.contents as Node | null) ?? null, source: { file, lines } };
}

/** `line N` of a node, for error messages. */
export function lineOf(node: Node | null | undefined, source: SourceContext): number {
  const offset = node?.range?.[0];
  return offset === undefined ? 0 : source.lines.linePos(offset).line;
}

/** Whether a node is absent or an explicit YAML null. */
export function isNull(node: Node | null | undefined): boolean {
  return node == null || (isScalar(node) && node.value === null);
}

/**
 * Reads the fields of one YAML mapping. Every read marks the field as known; `done()` rejects
 * the fields nobody read, with Go's wording `field X not found in type T`.
 */
export class Fields {
  private readonly pairs = new Map<string, Pair<Node, Node | null>>();
  private readonly known = new Set<string>();

  constructor(
    readonly node: Node | null,
    readonly typeName: string,
    readonly source: SourceContext,
  ) {
    if (isNull(node)) return;
    if (!isMap(node)) throw this.error(node, `cannot unmarshal ${describeNode(node as Node)} into ${typeName}`);
    for (const pair of (node as YAMLMap<Node, Node | null>).items) {
      const key = isScalar(pair.key) ? this.text(pair.key) : String(pair.key);
      if (this.pairs.has(key)) throw this.error(pair.key, `field ${key} already set in type ${typeName}`);
      this.pairs.set(key, pair);
    }
  }

  /** Builds an error that names the file and line of a node. */
  error(node: Node | null | undefined, message: string): ConfigError {
    const line = lineOf(node ?? this.node, this.source);
    return new ConfigError(line > 0 ? `${this.source.file}:${line}: ${message}` : `${this.source.file}: ${message}`);
  }

  /** Whether the field is present (even if null). */
  has(key: string): boolean {
    this.known.add(key);
    return this.pairs.has(key);
  }

  /** The raw node of a field, or undefined when absent. */
  node_(key: string): Node | null | undefined {
    this.known.add(key);
    const pair = this.pairs.get(key);
    return pair === undefined ? undefined : pair.value;
  }

  /** The plain JS value of a field (scalars, lists, maps), or undefined. */
  raw(key: string): unknown {
    const n = this.node_(key);
    return n == null ? undefined : n.toJSON();
  }

  private scalar(key: string): { node: Node; value: unknown } | undefined {
    const n = this.node_(key);
    if (isNull(n)) return undefined;
    if (!isScalar(n!)) throw this.error(n, `cannot unmarshal ${describeNode(n!)} into ${key} of type ${this.typeName}`);
    return { node: n!, value: n!.value };
  }

  /** A string field as Go reads it (a plain scalar's text as written; `!!binary` decoded); undefined when absent or null. */
  string(key: string): string | undefined {
    const s = this.scalar(key);
    return s === undefined ? undefined : this.text(s.node);
  }

  /** Go's string view of any scalar node, with `!!binary` errors located. */
  text(node: Node): string {
    if (!isScalar(node)) throw this.error(node, `cannot unmarshal ${describeNode(node)} into string`);
    try {
      return scalarText(node);
    } catch (e) {
      if (e instanceof ScalarError) throw this.error(node, e.message);
      throw e;
    }
  }

  /** A boolean field; YAML 1.1 words (`yes`, `off`) count, as in Go's yaml.v2. */
  bool(key: string): boolean | undefined {
    const s = this.scalar(key);
    if (s === undefined) return undefined;
    const b = scalarBool(s.node as Scalar);
    if (b === undefined) throw this.error(s.node, `cannot unmarshal ${describeNode(s.node)} into bool`);
    return b;
  }

  /** A numeric field (int or float). */
  number(key: string): number | undefined {
    const s = this.scalar(key);
    if (s === undefined) return undefined;
    const v = typeof s.value === 'number' ? s.value : Number(s.value);
    if (typeof s.value === 'boolean' || !Number.isFinite(v)) throw this.error(s.node, `cannot unmarshal !!str \`${String(s.value)}\` into number`);
    return v;
  }

  /** An integer field; rejects fractions and negative values when `unsigned`. */
  integer(key: string, unsigned = false): number | undefined {
    const v = this.number(key);
    if (v === undefined) return undefined;
    if (!Number.isInteger(v) || (unsigned && v < 0)) {
      throw this.error(this.node_(key), `cannot unmarshal !!${Number.isInteger(v) ? 'int' : 'float'} \`${v}\` into ${unsigned ? 'uint' : 'int'}`);
    }
    return v;
  }

  /** A Prometheus duration field, in milliseconds. */
  duration(key: string): number | undefined {
    const s = this.string(key);
    if (s === undefined) return undefined;
    try {
      return parseDuration(s);
    } catch (e) {
      throw this.error(this.node_(key), (e as Error).message);
    }
  }

  /** A list of strings. */
  stringList(key: string): string[] | undefined {
    return this.list(key)?.map((item) => {
      // A null item is Go's zero string.
      if (isNull(item)) return '';
      return this.text(item);
    });
  }

  /** A map of string to string (label sets, headers). */
  stringMap(key: string): Record<string, string> | undefined {
    const n = this.node_(key);
    if (isNull(n)) return undefined;
    if (!isMap(n!)) throw this.error(n, `cannot unmarshal ${describeNode(n!)} into map[string]string`);
    const out: Record<string, string> = {};
    for (const pair of (n as YAMLMap<Node, Node | null>).items) {
      const k = this.text(pair.key as Node);
      if (Object.prototype.hasOwnProperty.call(out, k)) throw this.error(pair.key as Node, `key ${JSON.stringify(k)} already set in map`);
      const v = pair.value;
      out[k] = isNull(v) ? '' : this.text(v!);
    }
    return out;
  }

  /** The entries of a mapping field, in document order, with their nodes (undefined when absent or null). */
  entries(key: string): Array<{ key: string; keyNode: Node; value: Node | null }> | undefined {
    const n = this.node_(key);
    if (isNull(n)) return undefined;
    if (!isMap(n!)) throw this.error(n, `cannot unmarshal ${describeNode(n!)} into ${key} of type ${this.typeName}`);
    return (n as YAMLMap<Node, Node | null>).items.map((pair) => ({ key: this.text(pair.key as Node), keyNode: pair.key as Node, value: pair.value ?? null }));
  }

  /** A string with Go's defaulting: absent gives `dflt`, null gives ''. */
  stringOr(key: string, dflt: string): string {
    return this.has(key) ? (this.string(key) ?? '') : dflt;
  }

  /** A boolean with Go's defaulting: absent gives `dflt`, null gives false. */
  boolOr(key: string, dflt: boolean): boolean {
    return this.has(key) ? (this.bool(key) ?? false) : dflt;
  }

  /** An integer with Go's defaulting: absent gives `dflt`, null gives 0. */
  integerOr(key: string, dflt: number, unsigned = false): number {
    return this.has(key) ? (this.integer(key, unsigned) ?? 0) : dflt;
  }

  /** A duration in ms with Go's defaulting: absent gives `dflt`, null gives 0. */
  durationOr(key: string, dflt: number): number {
    return this.has(key) ? (this.duration(key) ?? 0) : dflt;
  }

  /** The items of a list field (empty when absent or null). */
  list(key: string): Node[] | undefined {
    const n = this.node_(key);
    if (isNull(n)) return undefined;
    if (!isSeq(n!)) throw this.error(n, `cannot unmarshal ${describeNode(n!)} into ${key} of type ${this.typeName}`);
    return n.items as Node[];
  }

  /** A nested mapping field as its own Fields reader (undefined when absent or null). */
  sub(key: string, typeName: string): Fields | undefined {
    const n = this.node_(key);
    if (isNull(n)) return undefined;
    return new Fields(n!, typeName, this.source);
  }

  /** Rejects fields that no reader asked for. */
  done(): void {
    for (const [key, pair] of this.pairs) {
      if (!this.known.has(key)) throw this.error(pair.key, `field ${key} not found in type ${this.typeName}`);
    }
  }
}

/** Go-yaml style description of a node's kind, for "cannot unmarshal" messages. */
export function describeNode(node: Node): string {
  if (isMap(node)) return '!!map';
  if (isSeq(node)) return '!!seq';
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'number') return Number.isInteger(v) ? `!!int \`${v}\`` : `!!float \`${v}\``;
    if (typeof v === 'boolean') return `!!bool \`${v}\``;
    return `!!str \`${String(v)}\``;
  }
  return 'value';
}
